"""A learned reading of the kinds stage's signals: a multinomial logistic regression over
structural features of each claim (the rules' kinds and why, its side's role, its speaker, what
the other sides said before and after it, where it stands) and over the claim's own words,
trained on the development files' gold kinds (`app.ingest.kind_training`).

The words are the claim's lower-cased tokens, their endings stripped ("word=deni"), and the word
after a negation ("neg=involv"), without the cue and the speaker's name. They are safe to learn
from because training keeps only the words seen in several different gold files
(`kind_training.WORD_MIN_FILES`, counted inside each fold when a file is left out): a name or a
topic of one article never becomes a feature, while the words annotators read ("never",
"lies", "responsibility", "investigation", "not involved") do. Out of file, each file left out,
they raise the kinds right from 2,559 to 2,727 of 4,022 (docs/import.md, fifty-first round).

Its weights are `kind_weights.json`, read once; inference tokenises each claim once and is a
sparse dot product."""

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Protocol

from app.ingest.suggest.cues import (
    ACCUSE_WORDS,
    ANSWER_BACK,
    ANSWER_PHRASE,
    BACKED,
    CALL_FOR,
    CUE_WORDS,
    DENY_WORDS,
    LABEL_WORDS,
    PUT_TO,
    PUT_TOLL,
    STOOD_BY,
)
from app.ingest.suggest.kinds import claim_signals
from app.ingest.suggest.link_model import LINK_MODEL, LinkScorer
from app.ingest.suggest.links import Pairing, answer_link_kind, pairing_for
from app.ingest.suggest.model import Context, Dispute, Unit
from app.vocabulary import ClaimKind, LinkKind

WEIGHTS_PATH = Path(__file__).with_name("kind_weights.json")
CLASSES: tuple[str, ...] = tuple(kind.value for kind in ClaimKind)

# Each feature is "template=value"; the weights file names the templates it was trained with,
# and a file whose templates differ from these is refused (a stale file would read features
# that no longer mean what they meant).
TEMPLATES: tuple[str, ...] = (
    "bias",
    "rule",  # the rules' kind, after the sides
    "first",  # the first kind, from the claim's own words (kinds.classify_kind)
    "changed",  # what the rules by side made of it: first kind > kind
    "strong",  # denied in so many words
    "cue",  # the class of the cue: a verb of denial, of accusation, of saying, none …
    "verb",  # the verb of saying itself, one of the closed list of cues.py
    "signal",  # what the words carry: a negation, harm, a correction, a hedge, a figure …
    "role",  # the side's role: accuser, accused, neither
    "actor",  # the speaker's actor kind (known, guessed or unknown), and whether the publisher
    "voice",  # how the words are the speaker's: a cue, a printed text, a printed answer …
    "where",  # the first paragraph, the article's first claim, the side's first claim
    "before",  # the kind and role of the nearest claim of another side before it
    "after",  # the kind and role of the nearest claim of another side after it
    "same",  # the kind of the side's claim just before it
    "article",  # whether the article has an accusing side and an accused one
    "third",  # which third of the article's claims it is in (a lede accuses, answers follow)
    "rule*role",  # the rules' kind with the side's role
    "speaker",  # what the speaker's words say it is to the event: a witness, a carer, a monitor …
    "speaker*role",  # that with the side's role
    "word",  # a word of the claim, its ending stripped (the cue and the speaker's name left out)
    "neg",  # the word after a negation ("not", "no", "never", "n't" …), its ending stripped
    "answers",  # how well it answers an earlier claim of another side, by a first link pass
    "answered",  # how well a claim of another side answers it, by the same pass
    "answers*rule",  # the first with the rules' kind and the side's role
    "answers_what",  # the rules' kind of the claim it answers best, when near the threshold
)
# The templates of the article's words: training keeps one only if it was seen in several
# different files (kind_training), so that the names and topics of one article stay out.
WORD_TEMPLATES: tuple[str, ...] = ("word", "neg")


def _cue_class(unit: Unit) -> str:
    cue = unit.cue
    if not cue:
        return "none"
    if cue in DENY_WORDS:
        return "deny"
    if cue in ACCUSE_WORDS:
        return "accuse"
    if cue in LABEL_WORDS:
        return "label"
    if cue in ("declined", "refused"):
        return "decline"
    if cue in ("claimed", "claims", "claiming"):
        return "claim"
    if cue in ("according to", "as reported by"):
        return "according"
    for name, pattern in (
        ("answer", ANSWER_PHRASE),
        ("back", ANSWER_BACK),
        ("stood_by", STOOD_BY),
        ("backed", BACKED),
        ("toll", PUT_TOLL),
        ("put_to", PUT_TO),
        ("call", CALL_FOR),
    ):
        if pattern.fullmatch(cue):
            return name
    if cue == "called for":
        return "call"
    if cue in ("confirmed", "confirms", "confirming", "acknowledged", "admitted", "conceded"):
        return "grant"
    return "say"


def _voice(unit: Unit, context: Context) -> str:
    if unit.continuation:
        return "continuation"
    if unit.label:
        return "turn"
    if unit.cue:
        return "cue"
    at = unit.start
    for name, spans in (("answer", context.answers), ("printed", context.printed)):
        if any(start <= at < end for start, end, _, _ in spans):
            return name
    if any(start <= at < end for start, end in context.quoted_blocks):
        return "block"
    if context.author[0] and at > context.author[1]:
        return "author"
    return "issuer"


# What a speaker's own description says it is to the event, whichever camp the sides stage put
# it in: one who saw or suffered it, one who treated, rescued or counted its harmed, one who
# watches, investigates or judges it from outside. The gold reads their accounts of the harm
# as statements or corroborations more often than a party's (docs/import.md, forty-fifth round).
_SPEAKER_IS = (
    (
        "witness",
        re.compile(
            r"\b(?:witness\w*|eyewitness\w*|residents?|villagers?|survivors?|relatives?|"
            r"famil(?:y|ies)|neighbou?rs?|locals|bystanders?|passers-?by|mother|father|wife|"
            r"husband|son|daughter|brother|sister|widow(?:er)?)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "carer",
        re.compile(
            r"\b(?:hospitals?|doctors?|medics?|medical|nurses?|paramedics?|rescu\w*|emergency|"
            r"civil\s++(?:defen[cs]e|protection)|red\s++(?:cross|crescent)|health|ambulances?|"
            r"fire\s++(?:brigade|service|department)|firefighters?|coastguard|coast\s++guard|"
            r"morgue|mortuary)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "monitor",
        re.compile(
            r"\b(?:monitor\w*|observers?|observation|mission|United\s++Nations|(?-i:UN)|"
            r"human\s++rights|watchdog|ombuds\w*|inspectors?|inspectorate|investigators?|"
            r"inquiry|commission|auditors?|regulators?|experts?|analysts?|researchers?|"
            r"laborator(?:y|ies)|court|judges?|prosecutors?|coroner|tribunal)\b",
            re.IGNORECASE,
        ),
    ),
)


def _speaker_is(unit: Unit) -> str:
    """What the speaker's description (or its actor's name) says it is to the event, or
    "party" when it says none of these."""
    speaker = unit.speaker
    if speaker is None:
        return "none"
    words = " ".join(
        (speaker.text, speaker.name, speaker.actor.name if speaker.actor is not None else "")
    )
    return next((name for name, pattern in _SPEAKER_IS if pattern.search(words)), "party")


_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")
_NEGATIONS = frozenset(("not", "no", "never", "nothing", "none", "nor", "neither", "without"))
# Endings stripped from a word, longest first, leaving a stem of three letters or more: "denied",
# "denies", "denying" read alike, and so do "allegation" and "allegations".
_ENDINGS = ("ing", "ed", "es", "s", "ly")


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def claim_words(unit: Unit) -> list[str]:
    """The word features of a claim: its stemmed tokens and the token after each negation, the
    cue and the speaker's name left out (the cue is a feature of its own; a name is no kind)."""
    text = unit.text
    cuts = []
    if unit.cue and unit.cue_at >= 0:
        cuts.append((unit.cue_at, unit.cue_at + len(unit.cue)))
    speaker = unit.speaker
    if speaker is not None and unit.start <= speaker.start < unit.end:
        at = speaker.start - unit.start
        cuts.append((at, at + len(speaker.text)))
    for start, end in sorted(cuts, reverse=True):
        text = f"{text[:start]} {text[end:]}"
    tokens: list[str] = []
    for match in _TOKEN.finditer(text.lower().replace("\u2019", "'")):
        token = match.group()
        if token.endswith("n't"):
            tokens.extend((token[:-3], "not"))
        else:
            tokens.append(token)
    stems = [_stem(token) for token in tokens]
    found = dict.fromkeys(f"word={stem}" for stem in stems if stem)
    for token, following in zip(tokens, stems[1:], strict=False):
        if token in _NEGATIONS:
            found[f"neg={following}"] = None
    return list(found)


_ROLE: dict[str, str] = {ClaimKind.allegation: "accuser", ClaimKind.denial: "accused"}

# The margins over the link scorer's first threshold that bound the buckets of `answer_reach`.
_REACH_BOUNDS: tuple[tuple[float, str], ...] = (
    (-2.0, "far"),
    (-0.5, "below"),
    (0.5, "near"),
    (2.0, "over"),
)


def _bucket(margin: float) -> str:
    if margin == -math.inf:
        return "none"
    return next((name for bound, name in _REACH_BOUNDS if margin < bound), "well")


@dataclass(slots=True)
class FirstPass:
    """What the first link pass reads of one article, before any scorer weighs it: each pair
    an answer makes, `(i, j, whether the rules read i as an answer, the pair's features)`, in
    the order the pass meets them, and the rules' kind of each claim. Scored by `reach_of`,
    with any scorer (kind_training scores the pairs of its files once per fold)."""

    kinds: list[str]
    pairs: list[tuple[int, int, bool, dict[str, float]]]


def shared_pairing(units: Sequence[Unit], context: Context) -> Pairing:
    """The article's pairing of these claims: the one the pipeline read for the link stage,
    reindexed by the claims' kinds now, or one read anew (the claims are others)."""
    return pairing_for(units, context.actors, context.pairing)


def first_pass(units: Sequence[Unit], pairing: Pairing) -> FirstPass:
    """The pairs of the first link pass over the rules' kinds: every claim's candidates, a
    claim the rules read as no answer scored as if it were a rebuttal (its kind restored
    after)."""
    pairs: list[tuple[int, int, bool, dict[str, float]]] = []
    for i, unit in enumerate(units):
        link_kind = answer_link_kind(unit)
        kept, answer = unit.kind, link_kind is not None
        if link_kind is None:
            unit.kind, link_kind = ClaimKind.denial, LinkKind.rebuts
        try:
            options = pairing.options(i)
            nearest = pairing.nearest(i, options, link_kind)
            for j in options:
                pairs.append((i, j, answer, pairing.pair_features(i, j, nearest, link_kind)))
        finally:
            unit.kind = kept
    return FirstPass([unit.kind for unit in units], pairs)


def reach_of(first: FirstPass, model: LinkScorer) -> list[tuple[str, str, str]]:
    """`answer_reach` of the pairs a first pass read, by this scorer."""
    units = len(first.kinds)
    # No pair: -inf, read as "none".
    answers = [-math.inf] * units
    answered = [-math.inf] * units
    what = ["none"] * units
    pairs = first.pairs
    at = 0
    while at < len(pairs):
        i, answer = pairs[at][0], pairs[at][2]
        scored = []
        while at < len(pairs) and pairs[at][0] == i:
            _, j, _, values = pairs[at]
            scored.append((model.score(values), j))
            at += 1
        for score, j in sorted(scored, reverse=True):
            margin = score - model.first
            if j < i:
                if margin > answers[i] and margin >= -0.5:
                    what[i] = first.kinds[j]
                answers[i] = max(answers[i], margin)
                if answer:
                    answered[j] = max(answered[j], margin)
    return [(_bucket(a), _bucket(b), w) for a, b, w in zip(answers, answered, what, strict=True)]


def answer_reach(
    units: Sequence[Unit], context: Context, model: LinkScorer | None = LINK_MODEL
) -> list[tuple[str, str, str]]:
    """For each unit, by a first pass of the link scorer over the rules' kinds: how well it
    answers a claim of another side before it (its best pair's margin over the scorer's first
    threshold, bucketed; a claim the rules read as no answer is scored as a rebuttal), and how
    well a later claim of another side answers it (the best margin of the pairs it is the
    answered claim of, among the claims the rules read as answers); third, the rules' kind of
    the claim it answers best, when that pair's margin is -0.5 or more. What a claim answers
    tells a side's answer from its own account of a step or a fact beside the matter
    (docs/import.md, seventy-eighth and seventy-ninth rounds). Without a model, all "none".
    The pass reads the claims through the pairing the link stage reads them through after the
    kinds (`shared_pairing`), not a second one."""
    if model is None or not units:
        return [("none", "none", "none")] * len(units)
    return reach_of(first_pass(units, shared_pairing(units, context)), model)


def reach_features(reach: tuple[str, str, str], rule: str, role: str) -> list[str]:
    """The features of what a claim answers (`answer_reach`), with its rules' kind and its
    side's role."""
    answers, answered, what = reach
    return [
        f"answers={answers}",
        f"answered={answered}",
        f"answers*rule={answers}|{rule}|{role}",
        f"answers_what={what}|{role}",
    ]


def _neighbours(
    sides: Sequence[str],
) -> tuple[list[int | None], list[int | None], list[int | None]]:
    """For each claim, the index of the nearest claim of another side before it and after it, and
    of the nearest claim of its own side before it, in one pass each way: a text of many claims of
    one side would cost the square of its length if each claim searched back on its own."""
    count = len(sides)
    other_before: list[int | None] = [None] * count
    other_after: list[int | None] = [None] * count
    same_before: list[int | None] = [None] * count
    last_of: dict[str, int] = {}
    for i in range(count):
        if i:
            # the claim before is of another side, or of this one: then its nearest other is ours
            other_before[i] = i - 1 if sides[i - 1] != sides[i] else other_before[i - 1]
        same_before[i] = last_of.get(sides[i])
        last_of[sides[i]] = i
    for i in range(count - 2, -1, -1):
        other_after[i] = i + 1 if sides[i + 1] != sides[i] else other_after[i + 1]
    return other_before, other_after, same_before


def features(
    units: Sequence[Unit],
    context: Context,
    dispute: Dispute,
    *,
    reach_model: LinkScorer | None = LINK_MODEL,
    reach: Sequence[tuple[str, str, str]] | None = None,
) -> list[list[str]]:
    """Each unit's features, from what the stages decided (read before the model changes any
    kind: the kinds of the claims around a unit are the rules' kinds). What a claim answers is
    read by a first pass of `reach_model` (the packaged link scorer), unless `reach` gives it."""
    sides, roles = dispute.sides, dispute.roles
    role_of = [_ROLE.get(roles.get(side, ""), "neither") for side in sides]
    has = {_ROLE[kind] for kind in roles.values() if kind in _ROLE}
    article = "+".join(sorted(has)) or "no_roles"
    if reach is None:
        reach = answer_reach(units, context, reach_model)
    other_before, other_after, same_before = _neighbours(sides)
    rows = []
    for index, unit in enumerate(units):
        first = unit.first_kind
        rule, role = unit.kind, role_of[index]
        cue = _cue_class(unit)
        speaker = unit.speaker
        if speaker is not None and speaker.actor is not None:
            actor = str(speaker.actor.kind)
        elif speaker is not None and speaker.kind:
            actor = f"guess_{speaker.kind}"
        else:
            actor = "unknown"
        if speaker is not None and context.publisher is not None and speaker.actor is not None:
            actor += "_publisher" if speaker.actor.id == context.publisher.id else ""
        j = other_before[index]
        before = f"{units[j].kind}_{role_of[j]}" if j is not None else "none"
        j = other_after[index]
        after = f"{units[j].kind}_{role_of[j]}" if j is not None else "none"
        j = same_before[index]
        same = units[j].kind if j is not None else "none"
        where = []
        if unit.paragraph == 0:
            where.append("first_paragraph")
        if index == 0:
            where.append("first_claim")
        if same_before[index] is None:
            where.append("side_first")
        signals = claim_signals(unit)
        speaker_is = _speaker_is(unit)
        row = [
            "bias",
            f"rule={rule}",
            f"first={first}",
            f"changed={first}>{rule}",
            f"strong={unit.first_strong}",
            f"cue={cue}",
            f"verb={unit.cue if unit.cue in CUE_WORDS else cue}",
            *(f"signal={s}" for s in signals),
            f"role={role}",
            f"actor={actor}",
            f"voice={_voice(unit, context)}",
            *(f"where={w}" for w in where),
            f"before={before}",
            f"after={after}",
            f"same={same}",
            f"article={article}",
            f"third={3 * index // len(units)}",
            f"rule*role={rule}|{role}",
            f"speaker={speaker_is}",
            f"speaker*role={speaker_is}|{role}",
            *reach_features(reach[index], rule, role),
            *claim_words(unit),
        ]
        rows.append(row)
    return rows


class KindDecider(Protocol):
    def decide(self, units: list[Unit], context: Context, dispute: Dispute) -> None:
        """Set each unit's kind, once the rules have given theirs."""


class WeightsError(ValueError):
    """A weights file that does not fit this feature set or these kinds."""


@dataclass(frozen=True, slots=True)
class KindModel:
    """Weights per feature, one per kind (in the order of `CLASSES`)."""

    weights: dict[str, tuple[float, ...]]
    # How much more likely than the rules' kind another kind must be to replace it.
    margin: float = 0.0
    # How much more likely than the rules' denial a statement must be to replace it when the
    # claim is denied in so many words ("No. The report is false."): a wider margin, since such
    # a denial alone, with no other side in the text, has no structure that outweighs its words
    # (docs/import.md, fifty-fourth round). Below `margin` it changes nothing.
    strong_margin: float = 0.0
    # A margin of its own for some changes of kind, "rule>kind" (the rules' kind, the model's):
    # where the rules' kind is right out of file more often than the model that overturns it
    # (fitted on the out-of-file kinds, kind_training.fit_change_margins). Others: `margin`.
    change_margins: dict[str, float] = field(default_factory=dict)

    def scores(self, row: Iterable[str]) -> list[float]:
        """The probability of each kind (in the order of `CLASSES`) for one unit's features;
        features the model never saw count for nothing."""
        totals = [0.0] * len(CLASSES)
        for feature in row:
            weights = self.weights.get(feature)
            if weights is not None:
                for k, w in enumerate(weights):
                    totals[k] += w
        top = max(totals)
        exps = [math.exp(t - top) for t in totals]
        whole = sum(exps)
        return [e / whole for e in exps]

    def predict(self, row: Iterable[str], rule: str, strong: bool = False) -> str:
        """The most likely kind, if it is more likely than the rules' kind by more than the
        margin (the strong margin for a statement over a denial in so many words); else the
        rules' kind."""
        scores = self.scores(row)
        best = max(range(len(CLASSES)), key=scores.__getitem__)
        margin = self.change_margins.get(f"{rule}>{CLASSES[best]}", self.margin)
        if strong and rule == ClaimKind.denial and CLASSES[best] == ClaimKind.statement:
            margin = max(margin, self.strong_margin)
        if scores[best] - scores[CLASSES.index(rule)] > margin:
            return ClaimKind(CLASSES[best])
        return rule

    def decide(
        self,
        units: list[Unit],
        context: Context,
        dispute: Dispute,
        reach_model: LinkScorer | None = LINK_MODEL,
    ) -> None:
        """Each unit's kind, from the rules' kinds and the other stages' signals; what a claim
        answers read by a first pass of `reach_model` (the packaged link scorer)."""
        rows = features(units, context, dispute, reach_model=reach_model)
        for unit, row in zip(units, rows, strict=True):
            unit.kind = self.predict(row, unit.kind, unit.strong)

    def to_json(self) -> dict[str, object]:
        return {
            "classes": list(CLASSES),
            "templates": list(TEMPLATES),
            "margin": self.margin,
            "strong_margin": self.strong_margin,
            "change_margins": dict(sorted(self.change_margins.items())),
            "weights": {f: [round(w, 5) for w in ws] for f, ws in sorted(self.weights.items())},
        }

    @classmethod
    def from_json(cls, data: object) -> "KindModel":
        """A model from its JSON form; a file for other kinds or other templates is refused."""
        if not isinstance(data, dict):
            raise WeightsError("the weights file is not a JSON object")
        if data.get("classes") != list(CLASSES):
            raise WeightsError(f"the weights are for the kinds {data.get('classes')!r}")
        if data.get("templates") != list(TEMPLATES):
            raise WeightsError("the weights were trained on another feature set")
        weights = data.get("weights")
        if not isinstance(weights, dict):
            raise WeightsError("'weights' is not an object")
        read: dict[str, tuple[float, ...]] = {}
        for feature, values in weights.items():
            template = feature.partition("=")[0]
            if template not in TEMPLATES:
                raise WeightsError(f"the feature {feature!r} is of no known template")
            if (
                not isinstance(values, list)
                or len(values) != len(CLASSES)
                or not all(isinstance(v, int | float) and math.isfinite(v) for v in values)
            ):
                raise WeightsError(f"the feature {feature!r} needs {len(CLASSES)} finite weights")
            read[feature] = tuple(float(v) for v in values)
        margins: list[float] = []
        for key in ("margin", "strong_margin"):
            margin = data.get(key, 0.0)
            if not isinstance(margin, int | float) or not 0 <= margin < 1:
                raise WeightsError(f"the {key} {margin!r} is not a number from 0 to 1")
            margins.append(float(margin))
        changes = data.get("change_margins", {})
        if not isinstance(changes, dict):
            raise WeightsError("'change_margins' is not an object")
        for change, margin in changes.items():
            rule, _, kind = str(change).partition(">")
            if rule not in CLASSES or kind not in CLASSES or rule == kind:
                raise WeightsError(f"the change {change!r} is not of one kind to another")
            if not isinstance(margin, int | float) or not 0 <= margin <= 1:
                raise WeightsError(f"the margin of {change!r} is not a number from 0 to 1")
        margin, strong_margin = margins
        return cls(read, margin, strong_margin, {c: float(m) for c, m in changes.items()})

    @classmethod
    def load(cls, path: Path = WEIGHTS_PATH) -> "KindModel":
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


@cache
def packaged_model() -> KindModel:
    """The packaged weights, read once (on first use: a stale weights file must not keep the
    training command that replaces it from running)."""
    return KindModel.load()


class _Packaged:
    def decide(self, units: list[Unit], context: Context, dispute: Dispute) -> None:
        packaged_model().decide(units, context, dispute)


# The model the pipeline uses by default.
KIND_MODEL: KindDecider = _Packaged()
