"""The domain's closed vocabularies (DESIGN.md), shared by tables, API shapes and templates."""

from enum import StrEnum


class ActorKind(StrEnum):
    government = "government"
    ministry = "ministry"
    military = "military"
    monitor = "monitor"
    rescue_group = "rescue_group"
    ngo = "ngo"
    un_body = "un_body"
    media = "media"
    armed_group = "armed_group"
    coalition = "coalition"
    person = "person"
    other = "other"


class ClaimKind(StrEnum):
    allegation = "allegation"
    denial = "denial"
    counter_claim = "counter_claim"
    corroboration = "corroboration"
    statement = "statement"


class ClaimState(StrEnum):
    """Readers see published claims only; drafts await an analyst's review."""

    draft = "draft"
    published = "published"


class LinkKind(StrEnum):
    rebuts = "rebuts"
    counter_accuses = "counter_accuses"
    discredits_source = "discredits_source"
    corroborates = "corroborates"
    same_claim = "same_claim"


# Link kinds by which one claim answers (argues against) another.
ANSWER_LINKS = frozenset({LinkKind.rebuts, LinkKind.counter_accuses, LinkKind.discredits_source})


class FigureCounts(StrEnum):
    """What a figure counts."""

    killed = "killed"
    civilians = "civilians"
    children = "children"
    fighters = "fighters"
    injured = "injured"
    rescued = "rescued"
    displaced = "displaced"
    besieged = "besieged"
    strikes = "strikes"
    facilities = "facilities"
    other = "other"


class DenialType(StrEnum):
    """How a denial or counter-claim answers what it answers (app/services/denial_types.py)."""

    categorical = "categorical"
    partial = "partial"
    dismissal = "dismissal"
    discrediting = "discrediting"
    non_denial = "non_denial"
    counter_accusation = "counter_accusation"


# The claim kinds that carry a denial type: the ones that answer.
DENIAL_TYPE_KINDS = frozenset({ClaimKind.denial, ClaimKind.counter_claim})

# What each denial type means, shown beside its label.
DENIAL_TYPE_RULES: dict[str, str] = {
    DenialType.categorical: "Says the reported event did not happen as alleged.",
    DenialType.partial: "Disputes a figure or a detail, not the whole report.",
    DenialType.dismissal: "Calls the report fake, fabricated or propaganda without engaging it.",
    DenialType.discrediting: "Attacks the source of the report rather than its facts.",
    DenialType.non_denial: "Neither confirms nor denies: declined to comment, no information, "
    "no evidence received.",
    DenialType.counter_accusation: "Blames someone else for what happened.",
}


class SuggestionStatus(StrEnum):
    """Where a claim suggestion stands: awaiting an analyst, taken up as a claim, or dismissed."""

    pending = "pending"
    accepted = "accepted"
    rejected = "rejected"


class DisputeStatus(StrEnum):
    open = "open"
    contested = "contested"
    settled = "settled"
    archived = "archived"


LABELS: dict[str, str] = {
    "counter_claim": "counter-claim",
    "counter_accuses": "counter-accuses",
    "discredits_source": "discredits the source",
    "same_claim": "same claim",
    "rescue_group": "rescue group",
    "un_body": "UN body",
    "armed_group": "armed group",
    "ngo": "NGO",
    "categorical": "categorical denial",
    "partial": "partial denial",
    "discrediting": "discrediting the source",
    "non_denial": "non-denial",
    "counter_accusation": "counter-accusation",
}


def label(value: str) -> str:
    """Human wording of a vocabulary value."""
    return LABELS.get(value, value.replace("_", " "))


def check_in(column: str, values: type[StrEnum]) -> str:
    """SQL CHECK expression keeping a text column inside a vocabulary."""
    allowed = ", ".join(f"'{v.value}'" for v in values)
    return f"{column} IN ({allowed})"


class Role(StrEnum):
    reader = "reader"  # anonymous: no account
    analyst = "analyst"
    admin = "admin"


class NoteVisibility(StrEnum):
    public = "public"
    analysts = "analysts"


class Grade(StrEnum):
    """How well the dispute's central allegation stands, on a stated scale."""

    confirmed = "confirmed"
    fair = "fair"
    weak = "weak"
    contested = "contested"
    discounted = "discounted"


# The rule behind each grade, shown wherever the grade is shown.
GRADE_RULES: dict[str, str] = {
    Grade.confirmed: "Independent sources with direct knowledge agree, and no credible answer "
    "disputes the core facts.",
    Grade.fair: "A credible source with direct knowledge supports it; the answers do not engage "
    "with its evidence.",
    Grade.weak: "It rests on a single indirect or interested source, with little corroboration.",
    Grade.contested: "Credible sources dispute the core facts and the evidence on neither side "
    "is decisive.",
    Grade.discounted: "Credible evidence contradicts it, or its source has been shown unreliable.",
}


class ChangeAction(StrEnum):
    create = "create"
    update = "update"
    delete = "delete"
    publish = "publish"
    merge = "merge"
    revert = "revert"
