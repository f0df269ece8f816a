"""Links between the claims of one article: what each answer answers, and how.

Each answer (a denial, a counter-claim, a corroboration) is scored against the claims of other
sides it could answer, by a few general features of the pair (link_features.py): whether the
claim it answers names the answering side (the accused answers its accuser), whether the answer
names the side it answers ("rejected the ministry's account"), the content words and figures
they share (weighed by how telling each is in the article), whether the answer points back
("rejected that account") at the nearest claim that accuses it, whether the claim is the first
its side made, whether the answer names the claim's side and a thing it spoke of ("questioned
the Clean Rivers Alliance samples"), whether the answer is about a figure the claim states,
whether the claim came after the answering side's previous answer, and how far apart they
are. The best-scored claim is linked, and a second one reported before the answer when it
scores nearly as well (one denial answering two allegations). The link kind follows
from the answer: its kind, and its denial type when it attacks the messenger; a learned model
may choose it from the pair's features instead (`LinkModel.link_kind`). A learned scorer
(link_model.py, trained on more features of the pair: `Pairing.pair_features`) may be given in
place of the hand-set weights; measured leaving one gold file out it finds more links, and the
engine links by it (pipeline.py); the hand-set weights stay for comparison and crafted tests."""

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from app.ingest.suggest.actors import ActorDirectory
from app.ingest.suggest.link_features import (
    about_messenger,
    contradicts,
    gloss_overlap,
    names_and_shares,
    names_side,
    profile,
    rarest_shared,
    related_words,
    shared_content,
    side_words,
    speaks_for,
    word_weights,
)
from app.ingest.suggest.link_model import LinkScorer, further_links
from app.ingest.suggest.model import SuggestedLink, Unit
from app.vocabulary import ClaimKind, DenialType, LinkKind

# How much each feature of a pair counts: set by a coarse search (steps of 0.15) for the best
# link precision and recall over the gold files of tests/data/gold, seed actors only. Nearby
# values change a link or two; what matters is the order of the features, not the decimals.
WEIGHTS: dict[str, float] = {
    "accuses_answerer": 0.55,  # the answered claim names the answering side
    "names_answered": 0.8,  # the answer names the side it answers
    "shared_content": 3.3,  # the cosine of their content words
    "refers_to_nearest": 0.6,  # "rejected that account" and the nearest claim it could answer
    "first_of_side": 0.3,  # the first claim of its side the answer could answer
    "lead": 0.15,  # the article's first allegation
    "near": 0.56,  # divided by the number of claims between them
    "later": -0.5,  # the answered claim comes after the answer
    # The two claims' sides are of opposite camps (kinds.py): the accused answers an accuser,
    # a corroboration bears an accuser out. A tie-breaker: more weight proposed more links
    # than it found (0.3: 177 of 600 right over the seven dev files, against 173 of 520).
    "opposed_camps": 0.05,
    # The answer names the claim's side and a thing the claim spoke of ("questioned the Clean
    # Rivers Alliance samples"): what it answers, in its own words.
    "names_what_it_answers": 0.4,
    # The answer is about a figure ("disputed both figures") and the claim states one.
    "figure_answered": 0.6,
    # The claim came after the answering side's previous answer: in an exchange each answer
    # takes up what was said since its side last answered (an allegation, a denial, a second
    # allegation, a second denial).
    "since_last_answer": 0.15,
}
# How likely each kind of claim is to be the one an answer answers.
TARGET_KIND: dict[str, float] = {
    ClaimKind.allegation: 0.5,
    ClaimKind.counter_claim: 0.3,
    ClaimKind.corroboration: 0.05,
    ClaimKind.statement: 0.3,
    ClaimKind.denial: -0.4,
}
# A denial only by what it says, not in so many words (the accused side's own account: "the
# target was a training camp", "our logs show an average of 29 degrees"), is an account that
# an answer about the same thing answers, as it would an allegation; a denial in so many words
# is itself an answer.
ACCOUNT_TARGET = 0.4
# A link needs at least this score; a second link nearly the first one's.
MIN_SCORE = 1.1
SECOND_SHARE = 0.85


def pairing_for(
    units: Sequence[Unit], actors: ActorDirectory, pairing: "Pairing | None"
) -> "Pairing":
    """`pairing` reindexed by the claims' kinds now, when it was read from these very claims (an
    earlier pass's, the pipeline's); else the claims read anew."""
    if pairing is not None and pairing.serves(units):
        pairing.follow_kinds()
        return pairing
    return Pairing(units, actors)


def propose_links(
    units: Sequence[Unit],
    actors: ActorDirectory,
    model: LinkScorer | None = None,
    pairing: "Pairing | None" = None,
) -> dict[int, list[SuggestedLink]]:
    """The links proposed for each answer, by its index in `units`: scored by the hand-set
    weights below, or by a learned `model` (link_model.py: the one the engine passes).
    `pairing`, when it was read from these units (an earlier pass's, the pipeline's), is used
    after reindexing it by their kinds now; else the units are read anew."""
    pairing = pairing_for(units, actors, pairing)
    links: dict[int, list[SuggestedLink]] = {}
    for i, unit in enumerate(units):
        link_kind = answer_link_kind(unit)
        if link_kind is None:
            continue
        if model is None:
            chosen = _chosen_by_hand(i, pairing.scored(i, link_kind))
        else:
            chosen = _chosen_by_model(i, pairing.learned(i, link_kind, model), model)
        if chosen:
            links[i] = [
                SuggestedLink(pairing.link_kind(i, j, link_kind, model), j) for j in sorted(chosen)
            ]
    return links


def _chosen_by_hand(i: int, scored: list[tuple[float, int]]) -> list[int]:
    """The claims the answer at index i answers by the hand-set scores: the best one above
    the threshold, and a second reported before the answer when it scores nearly as well (one
    denial answering two allegations; over the gold files, one second link in 23 to a claim
    after the answer was right)."""
    if not scored or scored[0][0] < MIN_SCORE:
        return []
    best, first = scored[0]
    return [first] + [j for score, j in scored[1:2] if score >= best * SECOND_SHARE and j < i]


def _chosen_by_model(i: int, scored: list[tuple[float, int]], model: LinkScorer) -> list[int]:
    """The claims the answer at index i answers by the model's margins over not linking: the
    best one above the model's threshold, the second best above the second threshold when
    it was reported before the answer, and then the third best above the third threshold
    (a model's own, when it has one) when it too was reported before the answer: a rebuttal
    that takes up the claims before it point by point."""
    if not scored or scored[0][0] < model.first:
        return []
    linked = 1 + further_links((model.second, model.third), scored, i)
    return [j for _, j in scored[:linked]]


class Pairing:
    """The claims of one article, read once, and the scores of the pairs an answer makes."""

    def __init__(self, units: Sequence[Unit], actors: ActorDirectory) -> None:
        self.units = units
        self.profiles = profiles = [profile(unit, actors) for unit in units]
        # A speaker once described as speaking for another side ("the prison service's
        # spokesman, Piet Olander") is on that side, wherever else the text names them.
        names_of = {claim.side: side_words(claim.side) for claim in profiles if claim.side}
        joins: dict[str, str] = {}
        for claim in profiles:
            joined = speaks_for(claim.side, claim.described_as, claim.owner_is_a_name, names_of)
            if joined is not None:
                joins.setdefault(claim.side, joined)
        for claim in profiles:
            claim.side = joins.get(claim.side, claim.side)
        # A side is named by every name its speakers were given ("the army's spokesman", "he").
        side_names: dict[str, set[str]] = {}
        for claim in profiles:
            side_names.setdefault(claim.side, set()).update(claim.side_names)
        for claim in profiles:
            claim.side_names = side_names[claim.side]
            claim.words -= claim.side_names
        self.weights = word_weights(profiles)
        # The turn of each claim: the claims a side makes in a row are one turn.
        self.turn: list[int] = []
        for j in range(len(units)):
            same = j > 0 and self.profiles[j].side == self.profiles[j - 1].side
            self.turn.append(self.turn[-1] + (not same) if j else 0)
        self.side_claims: dict[str, int] = {}
        self.first_of_any_kind: dict[str, int] = {}
        for j, claim in enumerate(self.profiles):
            self.side_claims[claim.side] = self.side_claims.get(claim.side, 0) + 1
            self.first_of_any_kind.setdefault(claim.side, j)
        # What follows from the claims' kinds, indexed by `follow_kinds`; all above is read
        # from their speakers and words alone, which no stage after the speakers changes.
        self.kinds: list[str] | None = None
        self.by_kind: dict[str, list[int]] = {}
        self.first_of_side: dict[tuple[str, str], int] = {}
        self.lead: int | None = None
        self.previous_answer: list[int] = []
        # What an answer's candidates show together (`_among`), by the answer, its kind and
        # link kind, and the kinds' indexing it was read under (`generation`).
        self.generation = 0
        self._among: dict[tuple[int, str, str, int], _Among] = {}
        self.follow_kinds()

    def follow_kinds(self) -> None:
        """Index the claims by their kinds as they are now, unless they are the kinds indexed
        last: a pairing read before the kind model decides serves the link stage after it."""
        kinds = [unit.kind for unit in self.units]
        if kinds == self.kinds:
            return
        self.kinds = kinds
        self.generation += 1
        self._among = {}
        self.by_kind = {}
        self.first_of_side = {}
        for j, kind in enumerate(kinds):
            self.by_kind.setdefault(kind, []).append(j)
            self.first_of_side.setdefault((self.profiles[j].side, kind), j)
        allegations = self.by_kind.get(ClaimKind.allegation, [])
        self.lead = allegations[0] if allegations else None
        # The index of the previous answer of each answer's side (-1 for its first).
        self.previous_answer = []
        last_answer: dict[str, int] = {}
        for j, kind in enumerate(kinds):
            side = self.profiles[j].side
            self.previous_answer.append(last_answer.get(side, -1))
            if kind in _TARGETS:
                last_answer[side] = j

    def serves(self, units: Sequence[Unit]) -> bool:
        """Whether this pairing was read from these very claims, in this order."""
        return len(units) == len(self.units) and all(
            a is b for a, b in zip(units, self.units, strict=True)
        )

    def options(self, i: int) -> list[int]:
        """The claims of other sides the answer at index i may answer, within the cap."""
        unit = self.units[i]
        later = unit.kind != ClaimKind.corroboration
        side = self.profiles[i].side
        return sorted(
            {
                j
                for kind in _TARGETS[unit.kind]
                for j in _options(self.by_kind.get(kind, []), i, later)
                if self.profiles[j].side != side
            }
        )

    def nearest(self, i: int, options: list[int], link_kind: str) -> int | None:
        """The claim an answer that points back ("rejected that account") points at: the
        nearest before it that names the answering side, else the nearest before it."""
        earlier = [j for j in options if j < i]
        if link_kind != LinkKind.corroborates:
            answer = self.profiles[i]
            naming = [j for j in earlier if names_side(self.profiles[j], answer)]
            earlier = naming or earlier
        return earlier[-1] if earlier else None

    def features(self, i: int, j: int, nearest: int | None, link_kind: str) -> dict[str, float]:
        answer, answered = self.profiles[i], self.profiles[j]
        return {
            # A corroboration supports its side's claim: it is not accused by it.
            "accuses_answerer": link_kind != LinkKind.corroborates and names_side(answered, answer),
            "names_answered": names_side(answer, answered),
            "shared_content": shared_content(answer, answered, self.weights),
            "refers_to_nearest": answer.refers_back and j == nearest,
            "first_of_side": self.first_of_side[(answered.side, self.units[j].kind)] == j,
            "lead": j == self.lead,
            "near": 1 / (i - j) if j < i else 0.0,
            "later": j > i,
            "opposed_camps": _opposed_camps(self.units[i].role, self.units[j].role, link_kind),
            "names_what_it_answers": names_and_shares(answer, answered),
            "figure_answered": answer.speaks_of_figure and answered.states_number,
            "since_last_answer": self.previous_answer[i] < j < i,
        }

    def pair_features(
        self,
        i: int,
        j: int,
        nearest: int | None,
        link_kind: str,
        hand: dict[str, float] | None = None,
    ) -> dict[str, float]:
        """The features the link model reads (link_model.py), each between 0 and 1: those the
        hand-set weights score, and more that the pair shows in its structure (the kind and
        role of the claim answered, the answer's link kind, nearness in turns and
        paragraphs, figures and words shared, the side's share of the article's claims, what the
        answer negates of the claim, the rarest word they share)."""
        if hand is None:
            hand = self.features(i, j, nearest, link_kind)
        answer, answered = self.profiles[i], self.profiles[j]
        unit, target = self.units[i], self.units[j]
        shared = answer.words & answered.words
        turns = abs(self.turn[i] - self.turn[j])
        near_turns = 1 / turns if turns else 1.0
        values: dict[str, float] = {name: float(value) for name, value in hand.items()}
        values.update(
            {
                "target_weight": _target_weight(target, hand["shared_content"] > 0) + 0.5,
                "target_allegation": target.kind == ClaimKind.allegation,
                "target_counter_claim": target.kind == ClaimKind.counter_claim,
                "target_corroboration": target.kind == ClaimKind.corroboration,
                "target_statement": target.kind == ClaimKind.statement,
                "target_denial_strong": target.kind == ClaimKind.denial and target.strong,
                "target_account": target.kind == ClaimKind.denial and not target.strong,
                "target_role_accusing": target.role == ClaimKind.allegation,
                "target_role_accused": target.role == ClaimKind.denial,
                # A corroboration of the other side's account, not of an accusation.
                "corroborates_account": unit.kind == ClaimKind.corroboration
                and target.kind == ClaimKind.denial,
                "answer_rebuts": link_kind == LinkKind.rebuts,
                "answer_counter_accuses": link_kind == LinkKind.counter_accuses,
                "answer_discredits": link_kind == LinkKind.discredits_source,
                "answer_corroborates": link_kind == LinkKind.corroborates,
                "answer_strong": unit.strong,
                "answer_refers_back": answer.refers_back,
                "answer_first_of_side": self.previous_answer[i] < 0,
                "near_turns": near_turns,
                # A denial or counter-claim answers in the turn after the claim it answers; a
                # corroboration (a witness, a finding) backs a claim wherever it was told.
                "corroborates_near_turns": near_turns
                if link_kind == LinkKind.corroborates
                else 0.0,
                "next_turn": turns == 1 and j < i,
                "adjacent": abs(i - j) == 1,
                "same_paragraph": unit.paragraph == target.paragraph,
                "later_near": 1 / (j - i) if j > i else 0.0,
                # An answer in the opening ("X denied … , after a report said …") answers a
                # claim reported after it.
                "opening_answers_later": j > i and (i == 0 or unit.paragraph == 0),
                "first_claim_of_side": self.first_of_any_kind[answered.side] == j,
                "shares_figure": any(word[:1].isdigit() for word in shared),
                "shared_words": min(len(shared), 5) / 5,
                "both_state_numbers": answer.states_number and answered.states_number,
                "about_messenger": about_messenger(answer, answered),
                # The answer speaks of a messenger ("a mouthpiece funded from abroad"), and the
                # claim's speaker is one (a monitor, an outlet): what tells that an answer
                # discredits the source rather than rebuts the report.
                "messenger_words": answer.messenger_words,
                "target_messenger": answered.messenger,
                "side_share": self.side_claims[answered.side] / len(self.units),
                "transcript": bool(unit.label) and bool(target.label),
                # The answer negates a word the claim asserts ("did not shell the market").
                "negates_target": contradicts(answer, answered),
                "rarest_shared": rarest_shared(answer, answered, self.weights, len(self.units)),
                # Words alike in meaning, not in stem ("died" and "death", "hospital" and "clinic").
                "related_words": related_words(answer, answered),
                # Words of one defining the other's in WordNet ("ambulance": a vehicle taking
                # people to and from hospitals).
                "gloss_overlap": gloss_overlap(answer, answered),
            }
        )
        values.update(self._relative(i, j, link_kind, values))
        return {name: float(value) for name, value in values.items()}

    def _relative(
        self, i: int, j: int, link_kind: str, values: dict[str, float]
    ) -> dict[str, float]:
        """How the claim at index j compares with the answer's other candidates: whether it
        shares the most content with the answer (and how near the best it comes), whether it
        shares the answer's rarest word, its rank by distance among the candidates before the
        answer, whether it alone is named by the answer's words and shares a thing with it,
        how far back it lies in paragraphs, and whether it is the article's first allegation
        when the answer is general (shares little with any candidate)."""
        among = self._among_for(i, link_kind)
        shared = values["shared_content"]
        paragraphs = abs(self.units[i].paragraph - self.units[j].paragraph)
        rank = among.earlier.index(j) if j in among.earlier else None
        return {
            "best_shared": shared > 0 and shared >= among.best_shared,
            "to_best_shared": shared / among.best_shared if among.best_shared else 0.0,
            "best_rarest": values["rarest_shared"] > 0
            and values["rarest_shared"] >= among.best_rarest,
            "earlier_rank": 1 / (1 + rank) if rank is not None else 0.0,
            "named_alone": bool(values["names_what_it_answers"]) and among.named == 1,
            "near_paragraphs": 1 / (1 + paragraphs),
            "far_shared_content": shared if paragraphs >= _FAR_PARAGRAPHS else 0.0,
            # A general answer ("rejected it point by point", "stands by its work"), telling no
            # candidate by its words, and the article's first allegation.
            "general_to_lead": among.best_shared < _GENERAL_SHARED and j == self.lead,
        }

    def _among_for(self, i: int, link_kind: str) -> "_Among":
        key = (i, self.units[i].kind, link_kind, self.generation)
        among = self._among.get(key)
        if among is None:
            answer = self.profiles[i]
            options = self.options(i)
            shared = [shared_content(answer, self.profiles[j], self.weights) for j in options]
            rarest = [
                rarest_shared(answer, self.profiles[j], self.weights, len(self.units))
                for j in options
            ]
            named = sum(names_and_shares(answer, self.profiles[j]) for j in options)
            among = _Among(
                best_shared=max(shared, default=0.0),
                best_rarest=max(rarest, default=0.0),
                earlier=sorted((j for j in options if j < i), reverse=True),
                named=named,
            )
            self._among[key] = among
        return among

    def link_kind(self, i: int, j: int, link_kind: str, model: LinkScorer | None) -> str:
        """The kind of the link from the answer at index i to the claim at index j: chosen by
        the model's kind choice when it has one (`LinkModel.link_kind`, from the pair's
        features: out of file it gets the right kind more often than the rule, docs/import.md,
        "Links, forty-third round"), else by the rule (`kind_towards`). A scorer that has no
        choice of kinds (its `link_kind` gives None) leaves it to the rule."""
        if model is not None:
            nearest = self.nearest(i, self.options(i), link_kind)
            kind = model.link_kind(link_kind, self.pair_features(i, j, nearest, link_kind))
            if kind is not None:
                return kind
        return self.kind_towards(i, j, link_kind)

    def kind_towards(self, i: int, j: int, link_kind: str) -> str:
        """How the answer at index i answers the claim at index j: a denial about whoever made
        that claim ("said the collective was a political organisation") discredits its
        source."""
        if link_kind == LinkKind.rebuts and about_messenger(self.profiles[i], self.profiles[j]):
            return LinkKind.discredits_source
        return link_kind

    def scored(self, i: int, link_kind: str) -> list[tuple[float, int]]:
        """(score, index) of each claim the answer at index i may answer, best first."""
        options = self.options(i)
        nearest = self.nearest(i, options, link_kind)
        scored = []
        for j in options:
            scored.append((self.hand_score(j, self.features(i, j, nearest, link_kind)), j))
        return sorted(scored, reverse=True)

    def learned(self, i: int, link_kind: str, model: LinkScorer) -> list[tuple[float, int]]:
        """(margin, index) of each claim the answer at index i may answer, by the model, best
        first."""
        options = self.options(i)
        nearest = self.nearest(i, options, link_kind)
        scored = [(model.score(self.pair_features(i, j, nearest, link_kind)), j) for j in options]
        return sorted(scored, reverse=True)

    def hand_score(self, j: int, features: dict[str, float]) -> float:
        """The score the hand-set weights give a pair with these features, j the claim."""
        score = _target_weight(self.units[j], features["shared_content"] > 0)
        return score + sum(WEIGHTS[name] * float(value) for name, value in features.items())


# How many paragraphs apart a claim and its answer are before what they share is read as
# shared at a distance (`far_shared_content`).
_FAR_PARAGRAPHS = 2
# An answer sharing less content than this with every candidate is read as general: it says
# nothing of its own that tells which claim it answers (`general_to_lead`).
_GENERAL_SHARED = 0.1


@dataclass(frozen=True, slots=True)
class _Among:
    """What an answer's candidates show together: the most content one shares with the
    answer, the most telling rarest word one shares, the candidates before the answer nearest
    first, and how many the answer names and shares a thing with."""

    best_shared: float
    best_rarest: float
    earlier: list[int]
    named: int


def type_by_links(units: Sequence[Unit], links: dict[int, list[SuggestedLink]]) -> None:
    """An answer the kinds stage typed categorical whose link discredits the source of what it
    answers ("said the monitor publishes a new number every day": it is about the monitor)
    is typed so too."""
    for index, proposed in links.items():
        unit = units[index]
        if unit.denial_type == DenialType.categorical and any(
            link.kind == LinkKind.discredits_source for link in proposed
        ):
            unit.denial_type = DenialType.discrediting


def _target_weight(unit: Unit, same_subject: bool) -> float:
    """How likely a claim of this kind is to be the one an answer answers: a side's account
    (a denial not in so many words) as likely as an allegation when the answer shares its
    words."""
    if unit.kind == ClaimKind.denial and not unit.strong and same_subject:
        return ACCOUNT_TARGET
    return TARGET_KIND.get(unit.kind, 0.0)


def _opposed_camps(answer_role: str, answered_role: str, link_kind: str) -> bool:
    """Whether an answer from a side of this role answers a claim from a side of that role as
    the dispute's camps would: the accused side answers an accusing one (and the other way
    round), and a corroboration from anyone but the accused bears an accusing side out."""
    if link_kind == LinkKind.corroborates:
        return answered_role == ClaimKind.allegation and answer_role != ClaimKind.denial
    return {answer_role, answered_role} == {ClaimKind.allegation, ClaimKind.denial}


def answer_link_kind(unit: Unit) -> str | None:
    """How an answer answers, from its kind and its denial type."""
    if unit.kind not in _TARGETS:
        return None
    if unit.denial_type == DenialType.discrediting:
        # An answer that attacks the messenger answers the report through its source.
        return LinkKind.discredits_source
    return _LINK_KIND[unit.kind]


_LINK_KIND: dict[str, str] = {
    ClaimKind.denial: LinkKind.rebuts,
    ClaimKind.counter_claim: LinkKind.counter_accuses,
    ClaimKind.corroboration: LinkKind.corroborates,
}
# The kinds of claim each kind of answer may answer: an answer may answer a claim the engine
# read as a statement, or another answer ("the DRP said that was untrue").
_TARGETS: dict[str, tuple[str, ...]] = {
    ClaimKind.denial: (
        ClaimKind.allegation,
        ClaimKind.counter_claim,
        ClaimKind.corroboration,
        ClaimKind.statement,
        ClaimKind.denial,
    ),
    ClaimKind.counter_claim: (ClaimKind.allegation, ClaimKind.statement),
    # A corroboration may back one side's own account of what it did ("a doctor at the clinic
    # confirmed the army's version"): that account is read as a denial.
    ClaimKind.corroboration: (ClaimKind.allegation, ClaimKind.statement, ClaimKind.denial),
}


def answers_kind(answer_kind: str, kind: str) -> bool:
    """Whether an answer of the first kind may answer a claim of the second (is scored against
    it at all)."""
    return kind in _TARGETS.get(answer_kind, ())


# An answer is looked for among the article's first claims of each kind it could answer, the
# ones just before it and a few just after: scoring every pair would make a long text's links
# quadratic.
_LEAD_OPTIONS, _EARLIER_OPTIONS, _LATER_OPTIONS = 3, 12, 3


def _options(candidates: list[int], i: int, later: bool) -> list[int]:
    """The candidates (indexes in text order) an answer at index i is scored against."""
    at = bisect.bisect_left(candidates, i)
    after = at + 1 if at < len(candidates) and candidates[at] == i else at
    chosen = set(candidates[:_LEAD_OPTIONS])
    chosen.update(candidates[max(0, at - _EARLIER_OPTIONS) : at])
    if later:
        chosen.update(candidates[after : after + _LATER_OPTIONS])
    return sorted(j for j in chosen if j != i and (later or j < i))
