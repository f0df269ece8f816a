"""What the stages pass each other (units, speakers, the article's context) and what the
engine returns (suggestions and their links)."""

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.ingest.figures import FigureSuggestion
from app.ingest.suggest.actors import ActorDirectory, KnownActor
from app.services.anchors import Anchor
from app.vocabulary import ClaimKind

if TYPE_CHECKING:
    from app.ingest.suggest.links import Pairing


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
    # How an answer answers (a DenialType value); None for claims that do not answer.
    denial_type: str | None = None


@dataclass(slots=True)
class Speaker:
    text: str  # the words naming the speaker
    start: int  # absolute offset of those words
    relative: bool = False  # named through "which"/"who": the claim is the relative clause
    name: str = ""
    actor: KnownActor | None = None
    kind: str = ""  # guessed actor kind when the actor is unknown

    @property
    def camp(self) -> str:
        return self.name.casefold()

    @classmethod
    def of_actor(cls, actor: KnownActor, at: int) -> "Speaker":
        """`actor`, named in the text at `at`, as the speaker: linked to the actor only when it
        is stored (has an id); an actor the article alone names is a guess by name and kind."""
        return cls(
            actor.name,
            at,
            name=actor.name,
            kind=actor.kind,
            actor=actor if actor.id is not None else None,
        )


@dataclass(slots=True)
class Unit:
    start: int
    end: int
    text: str
    paragraph: int
    speaker: Speaker | None = None
    cue: str = ""
    cue_at: int = -1  # offset of the cue inside the unit
    via: list[str] = field(default_factory=list)
    kind: str = ClaimKind.statement
    continuation: bool = False
    strong: bool = False  # denied in so many words, not only by negating harm
    # The kind and `strong` read from the unit's own words, before the sides changed them: what
    # the learned kind model (kind_model.py) compares the rules' final kind with.
    first_kind: str = ClaimKind.statement
    first_strong: bool = False
    denial_type: str | None = None  # a DenialType value, for denials and counter-claims
    # The transcript speaker label of the unit's paragraph ("KASK", "Q"), if it has one.
    label: str = ""
    # The role of the unit's side in the dispute (a ClaimKind: allegation for an accusing
    # side, denial for the accused one), empty for a side of neither camp.
    role: str = ""


@dataclass(slots=True)
class Context:
    body: str
    actors: ActorDirectory
    local: ActorDirectory
    mentions: list[tuple[int, int, KnownActor]]
    publisher: KnownActor | None
    # The outlet that published the text, as its header names it: an editor's note is its own.
    outlet: str = ""
    # Who issued the text from where on, (start, issuer, whether a heading introduced the part)
    # in text order, when its source line names several bodies
    # (`article_actors.document_issuers`); empty: `publisher` throughout.
    issuers: list[tuple[int, KnownActor | None, bool]] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    # Transcript labels and the speakers they were resolved to, once per article (and, under
    # keys of their own, what `remembered` found).
    labels: dict[str, Speaker | None] = field(default_factory=dict)
    # Labelled speakers who host or report (by label): their own words are no one's claims.
    hosts: dict[str, bool] = field(default_factory=dict)
    # Names in capitals of a heading and whether the text writes them elsewhere as a name is
    # written ("JOINT COMMAND - BRIEFING" after "The Joint Command published …"), once each.
    written_names: dict[str, bool] = field(default_factory=dict)
    # Surnames and the full names the text gave them before (looked for once per article).
    full_names: dict[str, str] = field(default_factory=dict)
    # The author a byline names, and where the byline ends: the first person after it.
    author: tuple[str, int] = ("", -1)
    # Statements printed in full without quotation marks: (start, end, issuer, where named).
    printed: list[tuple[int, int, str, int]] = field(default_factory=list)
    # Answers printed under the questions put, a paragraph each and in order: (start, end,
    # the words naming who answered, where).
    answers: list[tuple[int, int, str, int]] = field(default_factory=list)
    # The items of a list under a sentence that announces it with a colon ("The notice said:",
    # "… made the following findings:"), a paragraph each: (start, end, the announcing
    # sentence's start and end).
    items: list[tuple[int, int, int, int]] = field(default_factory=list)
    # Quotations that run over several paragraphs (a statement given in full).
    quoted_blocks: list[tuple[int, int]] = field(default_factory=list)
    # Those the paragraph before announces by its owner's name: (start, end, owner, where).
    block_owners: list[tuple[int, int, str, int]] = field(default_factory=list)
    # A record's examining lines ("BY MS. ROE:"): where each starts and its surname, read once.
    examining: list[tuple[int, str]] | None = None
    # People and the pronoun ("he", "she") the text used for them first.
    pronouns: dict[str, str] = field(default_factory=dict)
    # (how many mentions it was built from, the names of the actors mentioned)
    names_seen: tuple[int, set[str]] = (-1, set())
    # The claims as the link stage pairs them, read once for the kind model's first link pass
    # and the link stage (pipeline.py).
    pairing: "Pairing | None" = None

    def issuer_at(self, position: int) -> KnownActor | None:
        """Who issued the part of the text at `position`: the publisher, or the body whose
        part of a compiled document it is."""
        part = self.part_at(position)
        return self.publisher if part is None else part[1]

    def remembered(self, key: str, find: Callable[[], "Speaker | None"]) -> "Speaker | None":
        """The speaker `find` gives, found once per article under `key` (a label, a list's
        announcement, a reply's or a paragraph's owner, asked for again by each of its units)."""
        if key not in self.labels:
            self.labels[key] = find()
        return self.labels[key]

    def part_at(self, position: int) -> tuple[int, KnownActor | None, bool] | None:
        """The part of a compiled document holding `position` (an entry of `issuers`); None
        when the text has one issuer throughout."""
        # (A bisection: a crafted text may open thousands of parts.)
        index = bisect_right(self.issuers, position, key=lambda part: part[0])
        return self.issuers[index - 1] if index else None


def camp(speaker: Speaker | None, actors: ActorDirectory) -> str:
    """The side a speaker is on: the root of its actor's parent chain, else the name it was
    given."""
    if speaker is None:
        return ""
    if speaker.actor is not None:
        return actors.root(speaker.actor).name.casefold()
    return speaker.camp


@dataclass(slots=True)
class Dispute:
    """Who is who in an article's dispute: each claim's side (in the order of the claims) and
    the role of each side that has one (a ClaimKind: allegation for an accusing side, denial
    for the accused one); a side of neither camp has none."""

    sides: list[str]
    roles: dict[str, str]
    # For an accused side that answers, in a transcript, what others' claims put to it: the
    # claims that open those answers (in order).
    answer_turns: dict[str, list[int]] = field(default_factory=dict)
    # The sides among them that are the accused ones by those answers alone: their harm words
    # before the first answer were an accuser's (a briefing's opening statement).
    accused_by_answers: set[str] = field(default_factory=set)
