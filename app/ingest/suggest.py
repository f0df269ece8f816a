"""Candidate claims for an imported article: sentences that attribute an assertion to someone.

`suggest_claims(body, actors)` reads the stored body and proposes, in text order, each
attributed sentence ("X said …", "according to X", "…,” X said", "X denied …") with its kind,
its claimant (matched to a known actor where possible), the figures it states, its anchor in the
body and likely links to the other suggestions (a denial rebuts the allegation it answers).

It is rule-based and runs offline: pysbd splits sentences, text2num (through app.ingest.figures)
reads spelled-out numbers, and the rest is English reporting grammar: attribution verbs, the
subject before them, pronouns and descriptions ("the Britain-based monitoring group") resolved to
the actor named before. Nothing here knows any particular article, actor or conflict.
"""

import bisect
import math
import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

with warnings.catch_warnings():
    # pysbd 0.3.4 has regex strings with invalid escapes; compiling them warns once.
    warnings.simplefilter("ignore", DeprecationWarning)
    warnings.simplefilter("ignore", SyntaxWarning)
    import pysbd

from app.ingest.figures import FigureSuggestion, parse_figures
from app.paths import SEEDS_DIR
from app.services.anchors import Anchor, anchor_at
from app.vocabulary import ActorKind, ClaimKind, LinkKind


def _words(text: str) -> list[str]:
    return text.split()


# ---------------------------------------------------------------------------------------------
# Actors


@dataclass(frozen=True, slots=True)
class KnownActor:
    id: int | None
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    parent_id: int | None = None


ActorRow = (
    tuple[int | None, str, str, Iterable[str]]
    | tuple[int | None, str, str, Iterable[str], int | None]
)


def normalise_name(text: str) -> str:
    """The form names are compared in: case, curly apostrophes, periods ("U.S."), possessive
    endings, parentheticals ("(unnamed)", "(MSF)") and a leading article do not count."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    text = re.sub(r"\([^)]*\)", " ", text)
    text = text.casefold().replace(".", "")
    text = re.sub(r"'s\b|(?<=s)'(?!\w)", "", text)
    text = re.sub(r"[^\w'&-]+", " ", text).strip()
    text = re.sub(r"^(?:the|a|an)\s+", "", text)
    return " ".join(text.split())


def _is_descriptive(alias: str) -> bool:
    # "the ministry", "a monitoring group": a description, not a name; it identifies the actor
    # only when a speaker is described in exactly those words.
    return not re.search(r"[A-Z0-9]", alias)


class ActorDirectory:
    """The actors Gainsay knows, looked up by name or alias. Build it from rows
    (id, name, kind, aliases[, parent_id]) loaded from the database, or from the seed annotations
    with `from_seed_annotations` for evaluation."""

    def __init__(self, rows: Iterable[ActorRow] = ()) -> None:
        self.actors: list[KnownActor] = []
        self._by_id: dict[int, KnownActor] = {}
        self._by_key: dict[str, KnownActor] = {}
        for row in rows:
            actor_id, name, kind, aliases = row[0], row[1], row[2], row[3]
            parent_id = row[4] if len(row) > 4 else None  # type: ignore[misc]
            self.add(KnownActor(actor_id, name, str(kind), tuple(aliases), parent_id))

    def add(self, actor: KnownActor) -> KnownActor:
        self.actors.append(actor)
        if actor.id is not None:
            self._by_id[actor.id] = actor
        for form in (actor.name, *actor.aliases):
            key = normalise_name(form)
            if key:
                self._by_key.setdefault(key, actor)
        self.__dict__.pop("_mention_pattern", None)
        return actor

    @classmethod
    def from_seed_annotations(cls, seeds_dir: Path = SEEDS_DIR) -> "ActorDirectory":
        """The seed data set's actors, numbered in file order (there is no database here)."""
        from app.ingest.seeds import read_seed_set

        seeds = read_seed_set(seeds_dir).actors
        ids = {seed.name: number for number, seed in enumerate(seeds, start=1)}
        return cls(
            (ids[s.name], s.name, s.kind, s.aliases, ids.get(s.parent) if s.parent else None)
            for s in seeds
        )

    def extended(self, rows: Iterable[ActorRow]) -> "ActorDirectory":
        """A copy with more actors; rows without an id get fresh ones, and a parent may be
        given by name in place of an id."""
        merged = ActorDirectory()
        for actor in self.actors:
            merged.add(actor)
        next_id = max((a.id for a in self.actors if a.id is not None), default=0) + 1
        pending: list[tuple[KnownActor, object]] = []
        for row in rows:
            actor_id, name, kind, aliases = row[0], row[1], row[2], row[3]
            parent = row[4] if len(row) > 4 else None  # type: ignore[misc]
            if merged.lookup(name) is not None and normalise_name(name) == normalise_name(
                merged.lookup(name).name  # type: ignore[union-attr]
            ):
                continue
            if actor_id is None:
                actor_id, next_id = next_id, next_id + 1
            pending.append((KnownActor(actor_id, name, str(kind), tuple(aliases)), parent))
        for actor, parent in pending:
            parent_actor = (
                merged.get(parent) if isinstance(parent, int) else merged.lookup(str(parent or ""))
            ) or next((a for a, _ in pending if parent and a.name == parent), None)
            merged.add(
                KnownActor(
                    actor.id,
                    actor.name,
                    actor.kind,
                    actor.aliases,
                    parent_actor.id if parent_actor else None,
                )
            )
        return merged

    def get(self, actor_id: int | None) -> KnownActor | None:
        return None if actor_id is None else self._by_id.get(actor_id)

    def lookup(self, words: str) -> KnownActor | None:
        return self._by_key.get(normalise_name(words))

    def root(self, actor: KnownActor) -> KnownActor:
        """The top of the actor's parent chain (a spokesman → his ministry → its government)."""
        seen = {id(actor)}
        while actor.parent_id is not None:
            parent = self._by_id.get(actor.parent_id)
            if parent is None or id(parent) in seen:
                break
            seen.add(id(parent))
            actor = parent
        return actor

    @cached_property
    def _mention_pattern(self) -> tuple[re.Pattern[str] | None, dict[str, KnownActor]]:
        # Names and proper aliases as written (case matters: "US" is not "us"); a leading
        # article may be capitalised at the start of a sentence.
        forms: dict[str, KnownActor] = {}
        for actor in self.actors:
            for form in (actor.name, *actor.aliases):
                if not form or _is_descriptive(form) or len(form) < 2:
                    continue
                forms.setdefault(_fold(form), actor)
        if not forms:
            return None, forms
        alternatives = sorted(forms, key=len, reverse=True)
        body = "|".join(_form_regex(f) for f in alternatives)
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])"), forms

    def mentions(self, text: str) -> list[tuple[int, int, KnownActor]]:
        """Every known actor named in `text`, with offsets, longest names first at a place."""
        pattern, forms = self._mention_pattern
        if pattern is None:
            return []
        found = []
        for match in pattern.finditer(text):
            actor = forms.get(_fold(match.group(0)))
            if actor is None:
                actor = forms.get(_fold(re.sub(r"^The\b", "the", match.group(0))))
            if actor is not None:
                found.append((match.start(), match.end(), actor))
        return found


def _fold(form: str) -> str:
    return form.replace("’", "'").replace("‘", "'")


def _form_regex(form: str) -> str:
    escaped = re.escape(form).replace("'", "['’]")
    if form.startswith("the "):
        escaped = "[Tt]he" + escaped[3:]
    return escaped


# ---------------------------------------------------------------------------------------------
# Suggestions


@dataclass(frozen=True, slots=True)
class SuggestedLink:
    kind: str  # a LinkKind value
    target: int  # index of the target in the list of suggestions


@dataclass(frozen=True, slots=True)
class Suggestion:
    kind: str  # a ClaimKind value
    quote: str
    anchor: Anchor
    # The speaker as the text names them ("the Britain-based monitoring group", "he").
    claimant_text: str
    # The actor that speaker resolves to: its name and id when known, else a name the text gives.
    claimant_name: str
    claimant_id: int | None
    # The words that attribute the claim ("said", "according to", "denied").
    cue: str
    figures: tuple[FigureSuggestion, ...] = ()
    links: tuple[SuggestedLink, ...] = ()
    # Outlets the claim was relayed through ("according to German broadcaster Deutsche Welle").
    reported_via: tuple[str, ...] = ()


# Attribution verbs, by what they tell about the claim.
_SAY = (
    "said says say saying told tells telling added adds adding stated states explained noted "
    "notes argued argues wrote writes reported reports announced announces insisted insists "
    "maintained maintains estimated estimates warned warns warning suggested suggests "
    "acknowledged acknowledges conceded confirmed confirms confirming claimed claims claiming "
    "countered asserted asserts declared declares described describes documented found finds "
    "concluded concludes stressed emphasised emphasized testified tweeted posted recalled "
    "admitted believes contends contended cautioned pointed"
)
_DENY = (
    "denied denies deny denying rejected rejects rejecting dismissed dismisses dismissing "
    "refuted refutes disputed disputes rebuffed repudiated contested"
)
_ACCUSE = (
    "accused accuses accusing blamed blames blaming alleged alleges alleging charged charges "
    "condemned condemns"
)
_CUE_WORDS = set(f"{_SAY} {_DENY} {_ACCUSE} called calls".split())
_DENY_WORDS = set(_DENY.split())
_ACCUSE_WORDS = set(_ACCUSE.split())
_GERUNDS = {w for w in _CUE_WORDS if w.endswith("ing")}
_CUE = re.compile(r"\b(" + "|".join(sorted(_CUE_WORDS, key=len, reverse=True)) + r")\b")
_STOOD_BY = re.compile(r"\bstood by (?:its|his|her|their|the) (?:figures?|account|claims?)\b")

# A denial verb denies a claim only with a claim for its object ("denied medical care" is harm).
_DENY_OBJECT = re.compile(
    r"\s*(?:that\b|any\b|all\b|such\b|this\b|these\b|those\b|it\b|them\b|the\s+\w*\s*"
    r"(?:claims?|allegations?|accusations?|reports?|charges?|account|story|findings|criticism|"
    r"involvement|responsibility|assertions?)|(?:claims?|allegations?|accusations?|reports?|"
    r"charges?|criticism|involvement|responsibility|wrongdoing|knowledge|having|being)\b|"
    r"[^\w\s]|$|"
    r"[\w’']+['’]s\s+(?:claims?|allegations?|accusations?|reports?|account))",
    re.IGNORECASE,
)
_CLAIM_NOUN = (
    r"(?:claims?|allegations?|accusations?|reports?|charges?|account|story|stories|findings|"
    r"criticism|assertions?)"
)
# "called the Russian claim “a fabrication”", "described reports to the contrary as …"
_PEJORATIVE = re.compile(
    rf"\b(?:called|calls|described|describes|dismissed|dismissing|branded|labelled|labeled|"
    rf"termed)\s+(?:[\w’'-]+\s+){{0,3}}?{_CLAIM_NOUN}\b",
    re.IGNORECASE,
)
_DENIAL_WORDS = re.compile(
    r"\b(?:false|falsely|untrue|fake|fabricat\w*|baseless|groundless|unfounded|lies|lying|"
    r"misleading|misinformation|disinformation|propaganda|nonsense|absurd|slander\w*|smear\w*|"
    r"charlatans?|categorically|no\s+(?:\w+\s+)?evidence|not\s+(?:\w+\s+){0,3}evidence|"
    r"nothing\s+to\s+do\s+with|nothing\s+to\s+hide|no\s+basis|not\s+supported|"
    r"not\s+been\s+confirmed|insult|invented|not\s+(?:be\s+)?regarded)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"(?<!\bbut )\b(?:no|not|never|none|nobody|nothing|neither|nor)\b|n['’]t\b", re.IGNORECASE
)
# "only targeted fighters": a restriction that denies the rest.
_ONLY = re.compile(r"\b(?:only|exclusively|solely)\s+(?:\w+\s+)?(?=\w)", re.IGNORECASE)
# "the attack", "these deaths": naming the event under discussion is not asserting harm.
_DETERMINED = re.compile(r"\b(?:the|this|these|those)\s+(?:[\w’'-]+\s+)?$", re.IGNORECASE)
_CONFIRM = re.compile(
    r"\b(?:confirmed|confirms|corroborated|corroborates|verified|consistent\s+with|backed\s+up|"
    r"bears?\s+out|in\s+line\s+with)\b",
    re.IGNORECASE,
)
# Harm and wrongdoing: what an allegation says someone did.
_HARM = re.compile(
    r"\b(?:kill\w*|dead|died|deaths?|death\s+toll|toll|bodies|casualt\w+|massacre\w*|wound\w*|"
    r"injur\w*|bomb\w*|shell(?:s|ed|ing)|airstrikes?|air\s+strikes?|strikes?|struck|raids?|"
    r"attack\w*|target\w*|destroy\w*|destruction|beat(?:en|ing|ings)?|tortur\w*|abus\w*|"
    r"ill-treat\w*|rap(?:e|ed|es)|loot\w*|execut(?:ed|ions?|ing)|ethnic(?:ally)?\s+cleans\w*|"
    r"genocide|war\s+crimes?|crimes?|violations?|forced|forcibly|use\s+of\s+force|starv\w*|"
    r"siege|besieg\w*|"
    r"indiscriminate|brutal\w*|mortars?|artillery|rockets?|missiles?|chained|locked|"
    r"contaminat\w*|pollut\w*|poison\w*|spill\w*|leak\w*|seepage|withh[eo]ld\w*|cover[- ]?up|"
    r"fraud\w*|brib\w*|corrupt\w*|embezzl\w*|negligen\w*|overcrowd\w*|endanger\w*|"
    r"hostile\s+act|cyberattacks?|hack\w*|intru\w*|breach\w*|provocations?|responsib\w+|"
    r"escalat\w*|cleanse|hit|exceed\w*|ruptur\w*|firearms?|weapons?|guns?|gunfire|gunshots?|"
    r"live\s+ammunition|shot|shooting|(?<!non-)lethal)\b",
    re.IGNORECASE,
)

_PRONOUNS = {"he", "she", "it", "they", "we", "i"}
_ROLE_NOUNS = set(
    _words(
        "spokesman spokeswoman spokesperson official officials officer source sources "
        "director minister secretary adviser advisor envoy representative ambassador diplomat "
        "chief head executive president chairman chairwoman commander general colonel member "
        "members worker workers resident residents witness witnesses fighter fighters man "
        "woman people activist activists analyst analysts expert experts leader leaders "
        "lawyer doctor doctors relatives detainees inspectors investigators staff"
    )
)
# Descriptions of organisations and the actor kinds they fit.
_ORG = (ActorKind.ngo, ActorKind.monitor, ActorKind.rescue_group, ActorKind.other)
_DESCRIPTION_KINDS: dict[str, tuple[str, ...]] = {
    "group": (*_ORG, ActorKind.armed_group),
    "monitor": (ActorKind.monitor, ActorKind.ngo),
    "observatory": (ActorKind.monitor,),
    "watchdog": (ActorKind.monitor, ActorKind.ngo, ActorKind.other),
    "organisation": (*_ORG, ActorKind.un_body),
    "organization": (*_ORG, ActorKind.un_body),
    "charity": (ActorKind.ngo,),
    "ngo": (ActorKind.ngo,),
    "ministry": (ActorKind.ministry,),
    "department": (ActorKind.ministry,),
    "directorate": (ActorKind.ministry, ActorKind.other),
    "office": (ActorKind.ministry, ActorKind.un_body, ActorKind.other),
    "agency": (ActorKind.ministry, ActorKind.un_body, ActorKind.other),
    "authority": (ActorKind.ministry, ActorKind.government, ActorKind.other),
    "authorities": (ActorKind.government, ActorKind.ministry),
    "government": (ActorKind.government,),
    "centre": (ActorKind.ministry, ActorKind.other),
    "center": (ActorKind.ministry, ActorKind.other),
    "company": (ActorKind.other,),
    "firm": (ActorKind.other,),
    "operator": (ActorKind.other,),
    "contractor": (ActorKind.other,),
    "miner": (ActorKind.other,),
    "manufacturer": (ActorKind.other,),
    "utility": (ActorKind.other,),
    "union": (ActorKind.other, ActorKind.ngo),
    "federation": (ActorKind.other, ActorKind.ngo),
    "army": (ActorKind.military,),
    "military": (ActorKind.military,),
    "forces": (ActorKind.military,),
    "staff": (ActorKind.military,),
    "coalition": (ActorKind.coalition,),
    "front": (ActorKind.armed_group,),
    "rebels": (ActorKind.armed_group,),
    "militia": (ActorKind.armed_group,),
    "broadcaster": (ActorKind.media,),
    "newspaper": (ActorKind.media,),
    "paper": (ActorKind.media,),
    "report": (ActorKind.ngo, ActorKind.monitor, ActorKind.un_body, ActorKind.other),
    "body": (ActorKind.un_body, ActorKind.ministry, ActorKind.other),
    "committee": (ActorKind.other, ActorKind.un_body, ActorKind.ngo),
    "commission": (ActorKind.other, ActorKind.un_body),
    "council": (ActorKind.other, ActorKind.un_body, ActorKind.government),
}
_ORG_WORDS = set(_DESCRIPTION_KINDS) | set(
    _words(
        "institute foundation association alliance forum league network laboratories "
        "laboratory security electric textiles minerals energy services group plc inc ltd "
        "corp corporation holdings bank fund court parliament police service"
    )
)
# Between a subject and its verb: auxiliaries, adverbs and time phrases ("has", "on Monday",
# "last week", "late on Friday", "in a written statement"). The trailing run of them is cut by
# a right-to-left parse of the words (`_strip_pre_verb`): the regex it replaces,
# `(?:\s+(?:has|…|on\s+TIME|TIME|…))+\s*$`, was tried at every space and took 43 s on a
# crafted 6 KB sentence (a long run of spaces before "x said").
_PRE_VERB_WORD = re.compile(
    r"has|have|had|also|then|later|again|repeatedly|swiftly|quickly|previously|earlier|"
    r"already|further|separately|publicly|strongly|categorically|flatly|firmly|immediately|"
    r"itself|himself|herself|themselves",
    re.IGNORECASE,
)
_TIME_WORD = re.compile(
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|earlier|later",
    re.IGNORECASE,
)
_WORD_ONLY = re.compile(r"\w+")
# Only the last words before a verb can be auxiliaries and time phrases; more are not read.
_PRE_VERB_MAX_WORDS = 16


def _is(pattern: re.Pattern[str], words: Sequence[str], i: int) -> bool:
    return i < len(words) and pattern.fullmatch(words[i]) is not None


def _word_is(words: Sequence[str], i: int, *choices: str) -> bool:
    return i < len(words) and words[i].casefold() in choices


def _time_phrase(words: Sequence[str], i: int) -> list[int]:
    """Lengths (in words) of the time phrases at words[i]: "Monday", "last week"."""
    found = [1] if _is(_TIME_WORD, words, i) else []
    if _word_is(words, i, "last", "this") and _is(_WORD_ONLY, words, i + 1):
        found.append(2)
    return found


def _pre_verb_items(words: Sequence[str], i: int) -> list[int]:
    """Lengths of the auxiliaries, adverbs and time phrases that can start at words[i]."""
    found = [1] if _is(_PRE_VERB_WORD, words, i) else []
    found += _time_phrase(words, i)
    if _word_is(words, i, "on"):
        found += [1 + n for n in _time_phrase(words, i + 1)]
    if (
        _word_is(words, i, "late", "early")
        and _word_is(words, i + 1, "on")
        and _is(_WORD_ONLY, words, i + 2)
    ):
        found.append(3)
    if _word_is(words, i, "in") and _word_is(words, i + 1, "a"):
        if _word_is(words, i + 2, "statement"):
            found.append(3)
        elif _word_is(words, i + 2, "written") and _word_is(words, i + 3, "statement"):
            found.append(4)
    return found


def _strip_pre_verb(region: str) -> str:
    """The region before a verb without its trailing auxiliaries, adverbs and time phrases
    ("The ministry on Monday also" → "The ministry"), in time linear in the region."""
    tail = region.rstrip()
    # The last words, each with where it starts; rsplit stops after that many words.
    parts = tail.rsplit(None, _PRE_VERB_MAX_WORDS)
    if len(parts) > _PRE_VERB_MAX_WORDS:
        parts = parts[1:]
    words = [w for w in parts if w]
    starts = []
    at = len(tail)
    for word in reversed(words):
        at = tail.rfind(word, 0, at)
        starts.append(at)
    starts.reverse()
    # complete[i]: words[i:] is a sequence of such items, up to the verb.
    complete = [False] * len(words) + [True]
    for i in range(len(words) - 1, -1, -1):
        complete[i] = any(complete[i + n] for n in _pre_verb_items(words, i))
    for i, start in enumerate(starts):
        # The first word of the run must follow a space, as in "The ministry has".
        if complete[i] and start > 0 and tail[start - 1].isspace():
            return tail[:start].rstrip()
    return region


_FINITE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|will|would|could|should|can|may|might|must|did|does|"
    r"do|has|have|had)\b",
    re.IGNORECASE,
)
_PAST_VERB = re.compile(
    r"^(?:[a-z]+ed|gave|went|made|took|put|stood|held|kept|left|came|got|began|sent|brought|"
    r"saw|thought|spoke|wrote|told|said|says|was|were|is|are|has|have|had)$"
)
_LEADING_LINK = re.compile(
    r"^(?:and|but|while|whereas|although|though|because|as|so|yet|which|who|whom|that|"
    r"however|meanwhile)\s+",
    re.IGNORECASE,
)
_ADVERBIAL_OPENER = re.compile(
    r"^(?:on|in|at|after|before|during|since|by|with|without|for|from|over|under|speaking|"
    r"asked|writing|responding|following|according|earlier|later|meanwhile|however|separately|"
    r"overall|facing|despite|amid|when|while|as|if|once|until|last|this|yesterday|today)\b",
    re.IGNORECASE,
)
# The place is bounded: "[A-Z .'’-]+" before "\s+" was tried at every split of a long run of
# spaces (quadratic); no dateline's place is longer than 60 characters.
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'’-]{1,60}(?:,[^—–\n]{1,40}?)?\s+(?:\([^)]{1,40}\)\s+)?[—–-]+\s+"
)
_ACCORDING = re.compile(r"\baccording to\s+", re.IGNORECASE)
_AS_REPORTED = re.compile(
    r"\bas\s+(?:reported|characteri[sz]ed|quoted|cited)\s+by\s+|\bas\s+(?=[A-Z]\w+\s+"
    r"(?:reported|characteri[sz]ed|quoted))",
)
_INVERTED = re.compile(
    r"(?:[”\"’\u2591]\s*|,\s+)(?P<verb>said|says|added|countered|charged|claimed|insisted|"
    r"asked|warned|wrote|explained|noted|continued|recalled|stated|argued|replied|alleged)"
    r"\s+(?!(?:that|it|they|he|she|we|in|on|at|to|by|from|with|for|during|after|before|last|"
    r"this|earlier|later|yesterday|today|\w+day|its|his|her|their|our|there)\b)(?P<np>[^,.;:!?”\"\u2591]{2,140})"
)
# "(?<!\s)": tried only where a run of spaces starts (tried at each of its spaces, a long run
# was quadratic); the leftmost match is the same.
_NOUN_CUT = re.compile(
    r"(?<!\s)\s+(?:(?:for|of|from|at|in|with|on|by|representing|who|which|that|based)\s+(?=[a-z“\"])|"
    r"(?:who|which|that|representing|speaking|according)\b)"
)
_QUOTE_PAIRS = re.compile(r"“[^“”]*”|\"[^\"]*\"")
_STOPWORDS = set(
    _words(
        "the a an and or but of to in on at for from by with about into over after before "
        "since than that this these those there their they them its it his her he she we our "
        "you your was were is are be been being have has had will would could should may "
        "might must can did does do not no said says told also which who whom what when where "
        "while as if so such only more most some any all other its said according statement "
        "spokesman spokeswoman spokesperson official officials"
    )
)

_SEGMENTER: pysbd.Segmenter | None = None


def _segmenter() -> pysbd.Segmenter:
    global _SEGMENTER
    if _SEGMENTER is None:
        _SEGMENTER = pysbd.Segmenter(language="en", clean=False)
    return _SEGMENTER


@dataclass(slots=True)
class _Speaker:
    text: str  # the words naming the speaker
    start: int  # absolute offset of those words
    relative: bool = False  # named through "which"/"who": the claim is the relative clause
    name: str = ""
    actor: KnownActor | None = None
    kind: str = ""  # guessed actor kind when the actor is unknown

    @property
    def camp(self) -> str:
        return self.name.casefold()


@dataclass(slots=True)
class _Unit:
    start: int
    end: int
    text: str
    paragraph: int
    speaker: _Speaker | None = None
    cue: str = ""
    cue_at: int = -1  # offset of the cue inside the unit
    via: list[str] = field(default_factory=list)
    kind: str = ClaimKind.statement
    continuation: bool = False
    strong: bool = False  # denied in so many words, not only by negating harm


@dataclass(slots=True)
class _Context:
    body: str
    actors: ActorDirectory
    local: ActorDirectory
    mentions: list[tuple[int, int, KnownActor]]
    publisher: KnownActor | None
    speakers: list[_Speaker] = field(default_factory=list)
    # (how many mentions it was built from, the names of the actors mentioned)
    names_seen: tuple[int, set[str]] = (-1, set())


def suggest_claims(
    body: str, actors: ActorDirectory, *, publisher: str | None = None
) -> list["Suggestion"]:
    """Candidate claims in `body`, in text order. `publisher` names who issued the text (the
    article's outlet): when it is a known actor other than a news outlet, as for a ministry's or
    a company's statement, its unattributed assertions are its own claims."""
    local = _local_definitions(body, actors)
    context = _Context(
        body=body,
        actors=actors,
        local=local,
        mentions=sorted(actors.mentions(body) + local.mentions(body), key=lambda m: m[0]),
        publisher=_publisher(publisher, actors),
    )
    units = _units(body)
    claims: list[_Unit] = []
    previous: _Unit | None = None
    for unit in units:
        # A quotation standing alone continues the claim just before it, if any.
        previous = unit if _attribute(unit, context, previous) else None
        if previous is not None:
            claims.append(unit)
    claims = [piece for unit in claims for piece in _split(unit, context)]
    for unit in claims:
        unit.kind = _classify(unit)
    _counter_claims(claims, actors)
    links = _links(claims, actors)
    suggestions = []
    for index, unit in enumerate(claims):
        speaker = unit.speaker
        assert speaker is not None
        start, end = _trim(body, unit.start, unit.end)
        quote = body[start:end]
        suggestions.append(
            Suggestion(
                kind=unit.kind,
                quote=quote,
                anchor=anchor_at(body, start, end),
                claimant_text=speaker.text,
                claimant_name=speaker.name or speaker.text,
                claimant_id=speaker.actor.id if speaker.actor else None,
                cue=unit.cue,
                figures=tuple(parse_figures(quote, offset=start)),
                links=tuple(links.get(index, ())),
                reported_via=tuple(unit.via),
            )
        )
    return suggestions


# ---------------------------------------------------------------------------------------------
# Sentences


def _units(body: str) -> list[_Unit]:
    """Sentences with their offsets, paragraph by paragraph; a quotation that runs over several
    sentences stays one unit with its attribution."""
    units: list[_Unit] = []
    for paragraph, (p_start, p_text) in enumerate(_paragraphs(body)):
        cursor = 0
        pending: _Unit | None = None
        for sentence in _sentences(p_text):
            stripped = sentence.strip()
            if not stripped:
                continue
            at = p_text.find(stripped, cursor)
            if at < 0:
                continue
            cursor = at + len(stripped)
            start, end = p_start + at, p_start + cursor
            if pending is not None:
                pending.end = end
                pending.text = body[pending.start : end]
            else:
                pending = _Unit(start, end, stripped, paragraph)
            if not _open_quote(pending.text) or len(pending.text) > 1200:
                units.append(pending)
                pending = None
        if pending is not None:
            units.append(pending)
    return units


# pysbd's abbreviation pass is quadratic in a paragraph's length (4 s for 36,000 characters of
# "The ministry said …"). News paragraphs are far shorter; a longer one is given to it in
# pieces of at most this many characters, each cut after a sentence's end where there is one.
_SEGMENT_CHARS = 2_000


def _sentences(text: str) -> Iterator[str]:
    start = 0
    while len(text) - start > _SEGMENT_CHARS:
        limit = start + _SEGMENT_CHARS
        end = max(text.rfind(mark, start, limit) for mark in (". ", "? ", "! ", "” "))
        if end > start:
            cut = end + 2
        else:
            space = text.rfind(" ", start + 1, limit)
            cut = space + 1 if space > start else limit
        yield from _segmenter().segment(text[start:cut])
        start = cut
    yield from _segmenter().segment(text[start:])


def _paragraphs(body: str) -> Iterable[tuple[int, str]]:
    for match in re.finditer(r"[^\n]+", body):
        if match.group(0).strip():
            yield match.start(), match.group(0)


def _open_quote(text: str) -> bool:
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def _is_quotation_only(text: str) -> bool:
    text = text.strip()
    return bool(text) and text[0] in '“"' and not _mask_quotes(text).strip(' .,;:!?”"\u2591')


def _mask_quotes(text: str) -> str:
    """The text with quoted words blanked out, offsets kept: attribution lives outside quotes."""
    return _QUOTE_PAIRS.sub(lambda m: "\u2591" * len(m.group(0)), text)


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    dateline = _DATELINE.match(body, start, end)
    if dateline:
        start = dateline.end()
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end


# ---------------------------------------------------------------------------------------------
# Attribution


def _attribute(unit: _Unit, context: _Context, previous: _Unit | None) -> bool:
    """Find who the unit is attributed to. True when it is a claim."""
    text = unit.text
    masked = _mask_quotes(text)
    dateline = _DATELINE.match(masked)
    if dateline:
        # "OSLEN, Jan 22 (Northern Courier) - Norland accused …": the dateline is no speaker.
        masked = " " * dateline.end() + masked[dateline.end() :]
    candidates = [
        c
        for c in _candidates(unit, masked, context)
        # "The Ministry states the following." says nothing yet.
        if c[1] in _DENY_WORDS | _ACCUSE_WORDS or _content_words(unit, c[2]) >= 3
    ]
    if candidates:
        candidates.sort(key=lambda c: c[0])
        primary = candidates[0]
        relative = next(
            (c for c in candidates if c[2].relative and c[1] in _ACCUSE_WORDS | _DENY_WORDS), None
        )
        if relative is not None and primary[1] not in _ACCUSE_WORDS | _DENY_WORDS:
            # "X notes the report by Y, which alleges that …": the claim is Y's.
            primary = relative
        # A news outlet relaying someone else's words is the reporter, not the claimant:
        # "The Guardian reports that a spokesman … denied", "…, according to Deutsche Welle".
        if _is_reporter(primary, context) and len(candidates) > 1:
            primary = candidates[1]
        unit.via.extend(
            c[2].text for c in candidates if c is not primary and _is_reporter(c, context)
        )
        unit.cue_at, unit.cue, speaker = primary
        unit.speaker = _resolve(speaker, context)
        context.speakers.append(unit.speaker)
        return True
    # A quotation standing alone goes on the previous speaker's words.
    if previous is not None and _is_quotation_only(text) and previous.speaker is not None:
        unit.speaker = previous.speaker
        unit.cue = previous.cue
        unit.continuation = True
        return True
    # A statement's own voice: the issuer's assertions need no "said".
    if context.publisher is not None and _claim_signal(text):
        unit.speaker = _Speaker(
            text=context.publisher.name,
            start=unit.start,
            name=context.publisher.name,
            actor=context.publisher,
        )
        unit.cue = ""
        return True
    return False


def _content_words(unit: _Unit, speaker: _Speaker) -> int:
    return len(unit.text.split()) - len(speaker.text.split()) - 1


def _is_reporter(candidate: tuple[int, str, _Speaker], context: _Context) -> bool:
    _, cue, speaker = candidate
    if cue == "as reported by":
        return True
    end = speaker.start + len(speaker.text)
    actor = _lookup(speaker.text, context) or next(
        (a for s, e, a in _mentions_from(context, speaker.start, end) if e <= end),
        None,
    )
    return actor is not None and actor.kind == ActorKind.media


def _candidates(unit: _Unit, masked: str, context: _Context) -> list[tuple[int, str, _Speaker]]:
    found: list[tuple[int, str, _Speaker]] = []
    taken: list[tuple[int, int]] = []
    for match in _INVERTED.finditer(masked):
        np = _clean_np(match["np"])
        if not np or not _looks_like_speaker(np):
            continue
        at = match.start("np")
        found.append((match.start("verb"), match["verb"], _Speaker(np, unit.start + at)))
        taken.append((match.start("verb"), match.end("verb")))
    for match in _ACCORDING.finditer(masked):
        rest = masked[match.end() : _until(_ACCORDING_END, masked, match.end())]
        np = _clean_np(rest)
        named = _named_after(masked, match.end() + len(np))
        if np and named and not _looks_like_name(np):
            np = f"{np}, {named.group(1).strip()}"  # "the grid operator, Norlink"
        if np and _looks_like_speaker(np):
            found.append((match.start(), "according to", _Speaker(np, unit.start + match.end())))
    for match in _AS_REPORTED.finditer(masked):
        np = _clean_np(masked[match.end() : _until(_AS_REPORTED_END, masked, match.end())])
        if np:
            found.append((match.start(), "as reported by", _Speaker(np, unit.start + match.end())))
    for match in _CUE.finditer(masked):
        verb = match.group(1)
        if any(a <= match.start() < b for a, b in taken):
            continue
        if not _cue_applies(masked, match, verb):
            continue
        speaker = _subject(unit, masked, match.start(), verb)
        if speaker is None:
            continue
        found.append((match.start(), verb, speaker))
    stood = _STOOD_BY.search(masked)
    if stood:
        speaker = _subject(unit, masked, stood.start(), "stood by")
        if speaker is not None:
            found.append((stood.start(), "stood by", speaker))
    return found


# What the text just before and after a cue may hold, matched in place (never on a copy of
# the rest of the sentence, which made a sentence of many cues quadratic).
_PASSIVE_BEFORE = re.compile(r"\b(?:to|was|were|been|being|be|is|are)\s+(?:\w+ly\s+)?$")
_NOUN_BEFORE = re.compile(r"\b(?:the|these|those|such|its|their|his|her|of|and)\s+$", re.I)
_CALLED_CLAIM = re.compile(rf"\s+(?:[\w’'-]+\s+){{0,3}}?{_CLAIM_NOUN}\b")
_PRONOUN_OBJECT = re.compile(r"\s+(?:him|her|them|it|his|its)\b")
_SPACES = re.compile(r"\s*")
# The words before a cue that decide it are within this many characters of it.
_CUE_WINDOW = 200


# Where the words after "according to" and "as reported by" end. "(?<!\s)": a run of spaces
# is tried from its start only (from each of its spaces, a long run was quadratic).
_ACCORDING_END = re.compile(r"[,.;:!?\u2591]|(?<!\s)\s+(?:who|which|that|and\s+(?=\w+\s+said))\b")
_AS_REPORTED_END = re.compile(r"[,.;:!?\u2591]|(?<!\s)\s+(?:reported|characteri[sz]ed|quoted)\b")
# "according to the grid operator, Norlink": a name of one to five capitalised words. The
# words are possessive ("*+"): split in every way, a long capitalised word took minutes.
_NAMED_AFTER = re.compile(r",\s*((?:[A-Z][\w’'&.-]*+\s*){1,5})(?=[.,;]|$)")
_NAME_WINDOW = 400


# The words naming a speaker end within this many characters (a name is a few words).
_NP_WINDOW = 1000


def _named_after(masked: str, at: int) -> re.Match[str] | None:
    window = masked[at : at + _NAME_WINDOW].lstrip(" ")
    named = _NAMED_AFTER.match(window)
    if named and named.end() == len(window) and at + _NAME_WINDOW < len(masked):
        return None  # cut by the window: no name is that long
    return named


def _until(pattern: re.Pattern[str], text: str, start: int, limit: int = _NP_WINDOW) -> int:
    """Where `pattern` first matches in `text` from `start`, looking no further than `limit`
    characters: `re.split(pattern, text[start:])[0]` without splitting (and copying) all the
    rest of the text, once for every "according to" in it."""
    end = min(len(text), start + limit)
    found = pattern.search(text, start, end)
    return found.start() if found else end


def _cue_applies(masked: str, match: re.Match[str], verb: str) -> bool:
    start, end = match.start(), match.end()
    window = max(0, start - _CUE_WINDOW)
    # Infinitives and passives are not someone saying something ("declined to say",
    # "was dismissed", "has been accused").
    if _PASSIVE_BEFORE.search(masked, window, start):
        return False
    if verb in _DENY_WORDS and not _DENY_OBJECT.match(masked, end):
        return False
    if verb in ("called", "calls"):
        return bool(_CALLED_CLAIM.match(masked, end))
    if verb in ("found", "finds", "described", "describes", "pointed"):
        # "found that", "described … as", "pointed out": not "found him under a stall".
        if verb == "pointed":
            return masked.startswith(" out", end)
        return not _PRONOUN_OBJECT.match(masked, end)
    if verb in ("charges", "claims", "reports", "states", "notes", "finds", "warns"):
        # Plural nouns as often as verbs: "the charges", "claims that …" after a noun.
        if _NOUN_BEFORE.search(masked, window, start):
            return False
        if verb == "claims" and _SPACES.match(masked).end() >= start:
            return False
    return True


_SUBJECT_WINDOW = 1000


def _subject(unit: _Unit, masked: str, verb_at: int, verb: str) -> _Speaker | None:
    """The speaker named before an attribution verb: "The Russian Defence Ministry on Thursday
    denied", "Kovania's interior minister, Daro Velić, has repeatedly rejected"."""
    # The subject is read from a window before the verb: reading all the sentence before each
    # cue made a sentence of many cues quadratic.
    low = max(0, verb_at - _SUBJECT_WINDOW)
    left = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), masked[low:verb_at])
    if verb in _GERUNDS and re.search(r",\s*$", left):
        # ", saying …", ", accusing …": the subject of the sentence's main verb.
        left = _main_subject_region(left)
        if left is None:
            return None
    # A quotation or a clause before the subject ends where the subject starts, unless the
    # verb is coordinated with an earlier one ("X expressed “sorrow” … and said").
    coordinated = re.search(r"\s(?:and|but)\s+(?:also\s+)?$", left)
    marks = (";", ":") if coordinated else ("\u2591", ";", ":")
    cut = max(left.rfind(mark) for mark in marks)
    offset = cut + 1
    region = left[offset:]
    region = _strip_pre_verb(region).rstrip()
    if not region:
        return None
    appositive = ""
    pieces = [p for p in re.split(r",", region)]
    if region.endswith(","):
        pieces = pieces[:-1]
        # "A, B, said": B is an appositive or a relative clause about A.
        if len(pieces) >= 2:
            appositive = pieces[-1].strip()
            pieces = pieces[:-1]
        else:
            return None
    subject = pieces[-1].strip()
    if re.fullmatch(r"(?:which|who)", subject, re.IGNORECASE) and len(pieces) >= 2:
        # "… the report published by the campaign group RiverWatch, which alleges that …":
        # the relative pronoun stands for the actor just named.
        antecedent = re.split(r"\b(?:by|from)\s+", pieces[-2])[-1].strip()
        if _looks_like_speaker(antecedent) and not _FINITE.search(antecedent):
            return _Speaker(antecedent, unit.start + masked.rfind(antecedent, 0, verb_at), True)
        return None
    subject = _LEADING_LINK.sub("", subject)
    subject = _LEADING_LINK.sub("", subject)
    # (r"^(.*?)\s+(?:and|but)\s*$" was quadratic on a long run of spaces; this is the same test.)
    coordinated = re.search(r"\s(?:and|but)\s*$", subject)
    if coordinated or re.search(r"\s(?:and|but)$", subject):
        # "The company expressed … and said": the subject of the first verb.
        subject = _leading_noun_phrase(subject) or ""
    if not subject:
        return None
    if _ADVERBIAL_OPENER.match(subject) and not re.match(r"^(?:the|a|an)\b", subject, re.I):
        return None
    if re.search(r"\u2591", subject):
        subject = _leading_noun_phrase(subject) or ""
        if not subject or "\u2591" in subject:
            return None
    if len(subject.split()) > 12 or _FINITE.search(subject) or not _looks_like_speaker(subject):
        tail = re.split(r"\b(?:by|from|to|with|that|when|as|who|which)\s+", subject)[-1]
        if tail == subject or not _looks_like_speaker(tail) or _FINITE.search(tail):
            return None
        subject = tail
    named = re.search(
        r"\b(?:gave (?:his|her|their) (?:first )?name (?:only )?as|identified (?:only )?as|"
        r"named)\s+((?:[A-Z][\w’'-]*\s*){1,3})",
        appositive,
    )
    if named:
        # "A spokesman for the group, who gave his name only as Ardan, said"
        appositive = named.group(1).strip()
    elif re.match(r"^(?:who|which|that|whose|where)\b", appositive):
        appositive = ""
    words = subject
    at = masked.find(subject, low + offset)
    if appositive and re.match(r"^(?:the|a|an)\s", appositive) is None:
        # "Kovania's interior minister, Daro Velić,": the appositive is the name.
        if _looks_like_name(appositive) and not _looks_like_name(subject):
            words = f"{subject}, {appositive}"
    elif appositive:
        words = f"{subject}, {appositive}"
    return _Speaker(words, unit.start + max(at, 0))


def _main_subject_region(left: str) -> str | None:
    """For ", saying …": the sentence's subject, up to its first verb."""
    region = left.rstrip().rstrip(",")
    cut = region.rfind("\u2591")
    region = region[cut + 1 :]
    pieces = region.split(",")
    # Skip an opening adverbial: "In a statement, the company …".
    while len(pieces) > 1 and _ADVERBIAL_OPENER.match(pieces[0].strip()):
        pieces = pieces[1:]
    words = ",".join(pieces).split()
    kept: list[str] = []
    for word in words:
        bare = word.strip(",")
        if kept and _PAST_VERB.match(bare):
            return " ".join(kept) + " "
        kept.append(word)
    return None


def _leading_noun_phrase(clause: str) -> str | None:
    words = clause.split()
    kept: list[str] = []
    for word in words:
        if kept and _PAST_VERB.match(word):
            return " ".join(kept)
        kept.append(word)
    return None


_NP_END = re.compile(
    r"(?<!\s)\s+(?:according to|as reported|on condition|in an? |who |which |adding|"
    r"saying|by telephone|on (?:monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday))",
    re.IGNORECASE,
)


def _clean_np(np: str) -> str:
    np = np.strip().strip("\u2591").strip()
    np = np[: _until(_NP_END, np, 0)]
    return np.strip(" ,")


def _looks_like_speaker(np: str) -> bool:
    words = np.split()
    if not words or len(words) > 14:
        return False
    lower = np.lower()
    if lower in _PRONOUNS:
        return True
    if not re.search(r"[A-Za-z]", np):
        return False
    head = normalise_name(np).split()
    if not head:
        return False
    # A named actor, a role ("a senior fire officer") or an organisation description.
    return (
        any(w[:1].isupper() for w in words)
        or bool(set(head) & (_ROLE_NOUNS | set(_DESCRIPTION_KINDS) | _ORG_WORDS))
        or head[-1].endswith("s")
    )


def _looks_like_name(np: str) -> bool:
    words = [w for w in re.split(r"\s+", np.strip()) if w]
    return 1 <= len(words) <= 5 and all(w[:1].isupper() for w in words if len(w) > 3)


# ---------------------------------------------------------------------------------------------
# Resolving speakers to actors


def _lookup(words: str, context: _Context) -> KnownActor | None:
    """An actor named by exactly these words. A descriptive alias ("the ministry") counts only
    for an actor this article names, so that it cannot pull in an actor from elsewhere."""
    actor = context.local.lookup(words) or context.actors.lookup(words)
    if actor is None:
        return None
    key = normalise_name(words)
    by_description = normalise_name(actor.name) != key and any(
        normalise_name(a) == key and _is_descriptive(a) for a in actor.aliases
    )
    if by_description and actor.name not in _mentioned_names(context):
        return None
    return actor


# The mentions are sorted by where they start and only ever grow (an ad hoc actor adds its
# own): looked up by position and by name without reading them all for every speaker, which
# made a long text's suggestions quadratic in its number of speakers.
def _mentions_from(context: _Context, start: int, before: int) -> list[tuple[int, int, KnownActor]]:
    """The mentions that start at or after `start` and before `before`, in order."""
    mentions = context.mentions
    low = bisect.bisect_left(mentions, start, key=lambda m: m[0])
    high = bisect.bisect_left(mentions, before, lo=low, key=lambda m: m[0])
    return mentions[low:high]


def _mentioned_names(context: _Context) -> set[str]:
    if context.names_seen[0] != len(context.mentions):
        context.names_seen = (len(context.mentions), {m[2].name for m in context.mentions})
    return context.names_seen[1]


_QUANTIFIERS = re.compile(
    r"^(?:several|some|many|most|two|three|four|five|other|various|a\s+number\s+of|"
    r"a\s+group\s+of|a\s+few)\s+",
    re.IGNORECASE,
)


def _resolve(speaker: _Speaker, context: _Context) -> _Speaker:
    text = speaker.text
    name_part, _, appositive = text.partition(", ")
    # 1. The words as a whole, or the appositive, name a known actor.
    for words in (text, name_part, appositive):
        if words:
            actor = _lookup(words, context)
            if actor is not None:
                return _with_actor(speaker, actor)
    head = _NOUN_CUT.split(name_part, maxsplit=1)[0]
    head_end = speaker.start + len(head)
    part_end = speaker.start + len(name_part)
    inside = [
        m for m in _mentions_from(context, speaker.start, part_end + 1) if m[1] <= part_end + 1
    ]
    # 2. A known actor named at the end of the words ("… spokesman Igor Konashenkov") or in a
    # name-like appositive ("Kovania's interior minister, Daro Velić").
    if appositive and _looks_like_name(appositive):
        named = _trailing_name(appositive)
        known = _lookup(named, context) if named else None
        if known is not None:
            return _with_actor(speaker, known)
        if named and not set(normalise_name(named).split()) & _ORG_WORDS:
            return _adhoc(speaker, named, ActorKind.person, context)
    for _, end, actor in reversed(inside):
        if abs(end - head_end) <= 3:
            return _with_actor(speaker, actor)
    lower = normalise_name(head)
    words = lower.split()
    # 3. Pronouns and descriptions point back to an actor named before.
    if lower in _PRONOUNS:
        resolved = _antecedent(lower, speaker.start, context)
        return _with_actor(speaker, resolved) if resolved else speaker
    if words and words[-1] in _DESCRIPTION_KINDS and not _trailing_name(head):
        resolved = _description(words[-1], head, speaker.start, context)
        if resolved is not None:
            return _with_actor(speaker, resolved)
    # 4. A person's name ending the words: "NCSC director Lena Fosse".
    name = _trailing_name(head)
    if name and not set(normalise_name(name).split()) & _ORG_WORDS:
        known = _lookup(name, context)
        if known is not None:
            return _with_actor(speaker, known)
        if not (words and words[-1] in _ROLE_NOUNS):
            return _adhoc(speaker, name, ActorKind.person, context)
    # 5. An unnamed role or group of people stays as written ("a U.S. State Department
    # official", "several former detainees").
    is_role = bool(words) and words[-1] in _ROLE_NOUNS
    if is_role or (words and not inside and not _looks_like_name(head)):
        speaker.name = _QUANTIFIERS.sub("", _strip_article(name_part))
        speaker.kind = ActorKind.person if is_role else ""
        return speaker
    # 6. Any known actor inside the words ("tests commissioned … from Kestrel Laboratories").
    if inside:
        return _with_actor(speaker, inside[-1][2])
    if _looks_like_name(head) and head.strip():
        return _adhoc(speaker, _strip_article(head), _guess_kind(head), context)
    speaker.name = _strip_article(text)
    return speaker


def _with_actor(speaker: _Speaker, actor: KnownActor) -> _Speaker:
    speaker.actor = actor if actor.id is not None else None
    speaker.name = actor.name
    speaker.kind = actor.kind
    return speaker


def _adhoc(speaker: _Speaker, name: str, kind: str, context: _Context) -> _Speaker:
    """An actor the directory does not know: remembered for this article so that "he" and a
    later surname find it."""
    aliases = (name.split()[-1],) if kind == ActorKind.person and len(name.split()) > 1 else ()
    if context.local.lookup(name) is None:
        actor = context.local.add(KnownActor(None, name, kind, aliases))
        context.mentions.extend(
            (m.start(), m.end(), actor)
            for form in (name, *aliases)
            for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", context.body)
        )
        context.mentions.sort(key=lambda m: m[0])
    speaker.name = name
    speaker.kind = kind
    speaker.actor = None
    return speaker


def _trailing_name(words: str) -> str:
    """The capitalised name that ends `words`, without titles: "NCSC director Lena Fosse" →
    "Lena Fosse", "U.S. Army Col. Steve Warren" → "Steve Warren"."""
    tokens = words.strip().split()
    name: list[str] = []
    for token in reversed(tokens):
        bare = token.strip(",")
        if (
            bare[:1].isupper()
            and not re.search(r"['’]s$", bare)
            and bare.lower()
            not in (
                "the",
                "a",
                "an",
            )
        ) or (name and bare.lower() in ("al", "abu", "bin", "de", "van", "von", "da", "el", "la")):
            name.insert(0, bare)
        else:
            break
    while name and name[0].rstrip(".").lower() in _TITLES:
        name.pop(0)
    if not name or any(w.lower() in _DESCRIPTION_KINDS for w in name):
        return ""
    if len(name) == 1 and len(tokens) > 1:
        return ""  # one capitalised word after others is an adjective or a place, not a name
    return " ".join(name)


_TITLES = set(
    _words(
        "mr mrs ms dr prof col colonel gen general maj major lt capt captain sgt adm admiral "
        "president prime minister deputy foreign interior defence defense chief executive "
        "secretary ambassador spokesman spokeswoman spokesperson director commander judge "
        "senator governor mayor sheikh"
    )
)


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)


def _guess_kind(words: str) -> str:
    lower = normalise_name(words).split()
    for word in reversed(lower):
        kinds = _DESCRIPTION_KINDS.get(word)
        if kinds:
            return kinds[0]
    if any(w in _ORG_WORDS for w in lower):
        return ActorKind.other
    return ActorKind.person


def _antecedent(pronoun: str, position: int, context: _Context) -> KnownActor | None:
    """He/she: the last person who spoke (or was named); it/they: the last organisation;
    we (outside quotes): the issuer of a statement, else the last organisation."""
    if pronoun == "we" and context.publisher is not None:
        return context.publisher
    want_person = pronoun in ("he", "she", "i")
    for speaker in reversed(context.speakers):
        if speaker.start >= position or not speaker.name:
            continue
        kind = speaker.kind or _guess_kind(speaker.name)
        if want_person and (kind != ActorKind.person or _is_plural(speaker.name)):
            continue
        if not want_person and kind == ActorKind.person and not _is_plural(speaker.name):
            continue
        if pronoun == "they" and speaker.kind == ActorKind.person:
            continue
        return speaker.actor or KnownActor(None, speaker.name, kind)
    for start, _, actor in reversed(context.mentions):
        if start < position and (actor.kind == ActorKind.person) == want_person:
            return actor
    return None


def _is_plural(name: str) -> bool:
    """ "residents", "former detainees": people in the plural, not "he" or "she"."""
    head = normalise_name(_NOUN_CUT.split(name, maxsplit=1)[0]).split()
    if not head:
        return False
    proper = all(w[:1].isupper() for w in name.split()) and len(name.split()) > 1
    return not proper and head[-1].endswith("s") and not head[-1].endswith(("ss", "us"))


# Descriptions that name a document: the actor is whoever issued the document mentioned before.
_DOCUMENTS = {"report": r"\breports?\b", "study": r"\bstud(?:y|ies)\b", "statement": r"\bstatement"}


def _description(noun: str, words: str, position: int, context: _Context) -> KnownActor | None:
    """ "the group", "the Britain-based monitoring group": the nearest actor before it that
    the description fits, by a word of its name or by kind; failing that, the first one named
    just after it ("a monitoring group has said … The UK-based Syrian Observatory …")."""
    kinds = _DESCRIPTION_KINDS.get(noun, ())
    publisher = context.publisher
    # A capitalised defined term in a statement ("the Company", "the Ministry") is its issuer.
    defined_term = re.search(rf"\b{noun[:1].upper()}{noun[1:]}\b", words)
    if (
        publisher is not None
        and defined_term
        and (noun in normalise_name(publisher.name).split() or publisher.kind in kinds)
    ):
        return publisher
    if noun in _DOCUMENTS:
        return _document_issuer(_DOCUMENTS[noun], position, context)
    known = [
        (s.start, s.actor or KnownActor(None, s.name, s.kind))
        for s in context.speakers
        if s.start < position and s.kind and s.kind != ActorKind.person
    ]
    before = sorted(
        [(start, actor) for start, _, actor in context.mentions if start < position] + known,
        key=lambda c: c[0],
        reverse=True,
    )
    for _, actor in before:
        if noun in normalise_name(actor.name).split():
            return actor
    for _, actor in before:
        if actor.kind in kinds:
            return actor
    after = [
        actor
        for start, _, actor in context.mentions
        if position < start < position + 400 and actor.kind != ActorKind.person
    ]
    for actor in after:
        if noun in normalise_name(actor.name).split() or actor.kind in kinds:
            return actor
    return None


def _document_issuer(pattern: str, position: int, context: _Context) -> KnownActor | None:
    """Who issued the report (study, statement) the text mentioned before: the actor after
    "by" ("the report published on 3 June by …"), else the one named nearest to it."""
    body = context.body
    for match in re.finditer(pattern, body[:position], re.IGNORECASE):
        by = re.match(r"[^.;:]{0,80}?\bby\s+", body[match.end() :])
        if by:
            at = match.end() + by.end()
            for start, _, actor in context.mentions:
                if at <= start < at + 60 and actor.kind != ActorKind.person:
                    return actor
    for match in reversed(list(re.finditer(pattern, body[:position], re.IGNORECASE))):
        start = body.rfind("\n", 0, match.start()) + 1
        end = body.find("\n", match.end())
        end = len(body) if end < 0 else end
        named = [
            (abs(s - match.start()), a)
            for s, _, a in context.mentions
            if start <= s < end and a.kind != ActorKind.person and s != position
        ]
        if named:
            return min(named, key=lambda n: n[0])[1]
    return None


# A name of up to seven capitalised words before a parenthesis: "Doctors Without Borders (MSF)".
# Tried only where a word starts, skipping its lowercase head ("al-" of "al-Nusra"): from every
# capital letter of a word, as "((?:[A-Z][\w’'&.-]*\s+){0,6}[A-Z][\w’'&.-]*)\s+\(" did, a
# 16,000-letter word took 34 s. A match from a later capital of the same word is the same match.
_DEFINITION = re.compile(
    r"(?<![\w’'&.-])(?:(?![A-Z])[\w’'&.-])*+"
    r"((?:[A-Z][\w’'&.-]*+\s+){0,6}[A-Z][\w’'&.-]*+)\s+\(([^()]{2,80})\)"
)


def _local_definitions(body: str, actors: ActorDirectory) -> ActorDirectory:
    """Names an article defines for itself: "Doctors Without Borders (MSF)",
    'Corvane Minerals plc ("Corvane" or "the Company")'."""
    local = ActorDirectory()
    for match in _DEFINITION.finditer(body):
        name, inner = match.group(1), match.group(2)
        aliases = re.findall(r"[“\"]([^”\"]+)[”\"]", inner) or (
            [inner] if re.fullmatch(r"[A-Z][A-Za-z]{1,8}", inner) else []
        )
        if not aliases:
            continue
        known = actors.lookup(name) or _longest_known_suffix(name, actors)
        if known is not None:
            local.add(KnownActor(known.id, known.name, known.kind, tuple(aliases), known.parent_id))
        else:
            local.add(KnownActor(None, name, _guess_kind(name), tuple(aliases)))
    return local


def _longest_known_suffix(name: str, actors: ActorDirectory) -> KnownActor | None:
    words = name.split()
    for i in range(len(words)):
        actor = actors.lookup(" ".join(words[i:]))
        if actor is not None:
            return actor
    return None


def _publisher(name: str | None, actors: ActorDirectory) -> KnownActor | None:
    if not name:
        return None
    actor = actors.lookup(name)
    if actor is None or actor.kind == ActorKind.media:
        return None
    return actor


# ---------------------------------------------------------------------------------------------
# Kinds


def _claim_signal(text: str) -> bool:
    """An unattributed sentence in a statement is a claim when it denies, accuses or
    reports harm."""
    return bool(
        _DENIAL_WORDS.search(text)
        or re.search(r"\b(?:" + "|".join(_DENY_WORDS | _ACCUSE_WORDS) + r")\b", text)
        or _HARM.search(text)
    )


def _harm(text: str) -> list[re.Match[str]]:
    # "the attack": the determiner is within a few words before (a window, not all the text
    # before each harm word, which was quadratic).
    return [
        m
        for m in _HARM.finditer(text)
        if not _DETERMINED.search(text, max(0, m.start() - _CUE_WINDOW), m.start())
    ]


_CLAUSE_END = re.compile(r"[,;.:!?]|\s(?:but|although|though)\s")
_TWELVE_WORDS = re.compile(r"(?:\s*+\S++){0,12}")


def _negated_harm(text: str) -> bool:
    """Harm under a negation in the same clause: "no Russian planes were within 12 miles …
    when it was bombed", "do not strike residential districts", "only targeted fighters"."""
    for negation in [*_NEGATION.finditer(text), *_ONLY.finditer(text)]:
        # The clause's first twelve words, read no further than them: splitting all the rest
        # of the text at every negation was quadratic.
        start = negation.end()
        twelve = _TWELVE_WORDS.match(text, start).end()
        clause = text[start : _until(_CLAUSE_END, text, start, twelve + 1 - start)]
        window = " ".join(clause.split()[:12])
        if negation.re is _ONLY:
            window = " ".join(clause.split()[:1])
        if _harm(window):
            return True
    return False


def _classify(unit: _Unit) -> str:
    text, cue = unit.text, unit.cue
    unit.strong = True
    if cue in _DENY_WORDS or cue == "stood by" or _PEJORATIVE.search(text):
        return ClaimKind.denial
    if cue in _ACCUSE_WORDS:
        return ClaimKind.allegation
    if _DENIAL_WORDS.search(text):
        return ClaimKind.denial
    unit.strong = False
    if _negated_harm(text):
        return ClaimKind.denial
    if cue in ("claimed", "claims", "claiming"):
        return ClaimKind.allegation
    confirm = _CONFIRM.search(text)
    if confirm and not _NEGATION.search(" ".join(text[: confirm.start()].split()[-3:])):
        return ClaimKind.corroboration
    if _harm(text) or re.search(r"\b(?:accus\w+|alleg\w+|blam\w+)\b", text, re.IGNORECASE):
        return ClaimKind.allegation
    return ClaimKind.statement


def _split(unit: _Unit, context: _Context) -> list[_Unit]:
    """One sentence, two claims: "X called the claim “a fabrication” and said the incident
    was …" (a denial, then a counter-claim), or "…, an allegation Y dismissed as “baseless”"."""
    masked = _mask_quotes(unit.text)
    trailing = re.search(
        r",\s+(?:an?|the)\s+(?:allegation|accusation|charge|claim)s?\s+(?:that\s+)?"
        r"(?P<who>(?:[A-Z][\w’'-]*\s+){1,4}?)(?:\w+ly\s+)?(?:also\s+)?"
        r"(?P<verb>denied|dismissed|rejected|disputed|refuted|denies|dismisses|rejects)\b",
        masked,
    )
    if trailing and trailing.start() > unit.cue_at >= 0:
        first = _Unit(
            unit.start,
            unit.start + trailing.start(),
            unit.text[: trailing.start()],
            unit.paragraph,
            unit.speaker,
            unit.cue,
            unit.cue_at,
            list(unit.via),
        )
        at = trailing.start() + 2
        who = trailing["who"].strip()
        second = _Unit(
            unit.start + at,
            unit.end,
            unit.text[at:],
            unit.paragraph,
            _resolve(_Speaker(who, unit.start + trailing.start("who")), context),
            trailing["verb"],
            0,
        )
        return [first, second]
    joined = re.search(
        r"(?<!\s)\s+and\s+(?:also\s+)?(?P<verb>said|added|accused|insisted|claimed|blamed|warned)\b",
        masked,
    )
    if joined and joined.start() > unit.cue_at >= 0:
        first_text = unit.text[: joined.start()]
        second_at = joined.start() + 1
        first = _Unit(
            unit.start,
            unit.start + joined.start(),
            first_text,
            unit.paragraph,
            unit.speaker,
            unit.cue,
            unit.cue_at,
            list(unit.via),
        )
        second = _Unit(
            unit.start + second_at,
            unit.end,
            unit.text[second_at:],
            unit.paragraph,
            unit.speaker,
            joined["verb"],
            0,
            list(unit.via),
        )
        first.kind, second.kind = _classify(first), _classify(second)
        if first.kind != second.kind and ClaimKind.statement not in (first.kind, second.kind):
            return [first, second]
    return [unit]


def _camp(speaker: _Speaker | None, actors: ActorDirectory) -> str:
    if speaker is None:
        return ""
    if speaker.actor is not None:
        return actors.root(speaker.actor).name.casefold()
    return speaker.camp


def _counter_claims(units: list[_Unit], actors: ActorDirectory) -> None:
    """An accusation from a side that firmly denies another's is a counter-claim: it shifts
    the blame."""
    deniers = {_camp(u.speaker, actors) for u in units if u.kind == ClaimKind.denial and u.strong}
    deniers.discard("")
    accusers = {_camp(u.speaker, actors) for u in units if u.kind == ClaimKind.allegation}
    for unit in units:
        camp = _camp(unit.speaker, actors)
        if unit.kind == ClaimKind.allegation and camp in deniers and accusers - {camp}:
            unit.kind = ClaimKind.counter_claim


# ---------------------------------------------------------------------------------------------
# Links


_ANAPHORA = re.compile(
    rf"(?:\b(?:such|these|those|the|that|this|its|their|his|her)|(?<![\w’'])[\w’']+['’]s)\s+"
    rf"(?:\w+\s+)?"
    rf"(?:{_CLAIM_NOUN}|figures?|toll)\b|^(?:this|that|it)\s+is\b|"
    r"\b(?:denie[sd]|rejects?|rejected|dismisse[sd])\s+(?:this|that|it)\b",
    re.IGNORECASE,
)


def _keywords(text: str) -> set[str]:
    words = set()
    for word in re.findall(r"[A-Za-z][\w’'-]+|\d[\d,.]*", text):
        lower = word.lower().strip("’'")
        if lower in _STOPWORDS or (len(lower) < 4 and not lower[0].isdigit()):
            continue
        words.add(re.sub(r"(?:ies|es|s|ed|ing)$", "", lower) or lower)
    return words


def _links(units: Sequence[_Unit], actors: ActorDirectory) -> dict[int, list[SuggestedLink]]:
    """A denial rebuts the allegations it answers: the one it refers to ("such accusations",
    "denies this"), those that share its places, figures and events, and, when it answers in
    general ("denied any involvement"), the article's lead allegation. A counter-claim
    counter-accuses and a corroboration corroborates in the same way."""
    camps = [_camp(u.speaker, actors) for u in units]
    keys = []
    for unit in units:
        own = _keywords(unit.speaker.name if unit.speaker else "")
        keys.append(_keywords(unit.text) - own)
    links: dict[int, list[SuggestedLink]] = {}
    for i, unit in enumerate(units):
        if unit.kind not in _LINK_TARGETS:
            continue
        link_kind, target_kinds = _LINK_TARGETS[unit.kind]
        options = [
            j
            for j, other in enumerate(units)
            if j != i and other.kind in target_kinds and camps[j] != camps[i]
        ]
        if unit.kind == ClaimKind.corroboration:
            options = [j for j in options if j < i]
        if not options:
            continue
        lead = options[0]
        earlier = [j for j in options if j < i]
        nearest = earlier[-1] if earlier else None
        refers = bool(_ANAPHORA.search(unit.text))
        scored = []
        for j in options:
            shared = keys[i] & keys[j]
            score = len(shared) / math.sqrt(max(1, len(keys[i])) * max(1, len(keys[j])))
            if refers and j == nearest:
                score += 0.6
            if j == lead and unit.kind == ClaimKind.denial:
                score += 0.3
            if j < i and i - j <= 3:
                score += 0.1
            scored.append((score, j))
        scored.sort(reverse=True)
        chosen = [j for score, j in scored[:2] if score >= 0.3]
        if chosen:
            links[i] = [SuggestedLink(link_kind, j) for j in sorted(chosen)]
    return links


_LINK_TARGETS: dict[str, tuple[str, tuple[str, ...]]] = {
    ClaimKind.denial: (LinkKind.rebuts, (ClaimKind.allegation, ClaimKind.counter_claim)),
    ClaimKind.counter_claim: (LinkKind.counter_accuses, (ClaimKind.allegation,)),
    ClaimKind.corroboration: (LinkKind.corroborates, (ClaimKind.allegation,)),
}
