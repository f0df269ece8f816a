"""Clauses and sentences that are claims of their own inside one claim's words.

Two claims of one speaker under one verb of saying ("said A and that B"): the gold reads a second
that-clause as a claim of its own when both clauses quote the speaker's words and the second is
long enough to say something by itself; a second clause of the speaker's own words only, or a
short one, it reads as often as a detail of the first claim.

The later sentences of one quotation ("“… . … ,” she said."): the gold keeps a witness's two or
three sentences as one claim, and cuts a later sentence off where it makes an accusation or a
denial of its own beside the first's, naming an act of harm.

A clause after a turn of one sentence ("…, but …", "…; …", "…, and that …"): the gold cuts it
off as often as it keeps it whole, whatever the words; it cuts it where the sentence turns
from one kind of claim to another and one of them denies (an admission, then a denial; a
denial, then the speaker's own account of what happened)."""

import re

from app.ingest.suggest.kinds import claim_signals, classify_kind
from app.ingest.suggest.model import Unit
from app.vocabulary import ClaimKind

# An opening or plain quotation mark: the clause quotes the speaker's words.
QUOTE_MARK = re.compile(r"[“\"]")
QUOTE_MARK_CLOSING = re.compile(r"[”\"]")
# The words a second clause holds at least to be a claim of its own ("and that" counted).
SECOND_WORDS = 10
# The quoted words a later sentence of a quotation holds at least to be a claim of its own: a
# shorter one ("Another nine were hurt.") is an aside to the first.
LATER_WORDS = 6
# The words each side of a turn holds at least: a shorter clause is an aside of the other.
TURN_WORDS = 6


def stands_alone(first: str, second: str) -> bool:
    """Whether the second that-clause of one verb of saying (`second`, after `first`) is a
    claim of its own: both clauses quote the speaker's words, and the second holds a
    sentence's worth of them."""
    return len(second.split()) >= SECOND_WORDS and all(
        QUOTE_MARK.search(part) for part in (first, second)
    )


def _accuses_or_denies(sentence: str) -> Unit | None:
    """The sentence as a claim of no cue, when its own words accuse or deny (the rules' kind)."""
    unit = Unit(0, len(sentence), sentence, 0)
    return None if classify_kind(unit) == ClaimKind.statement else unit


def sentence_of_its_own(first: str, later: str) -> bool:
    """Whether a later sentence of a quotation (`later`, after its `first`, the words after the
    closing mark with it) is a claim of its own: both accuse or deny by their own words, and
    the later one names an act of harm in a sentence's worth of words (a second act, not
    background or colour of the first: "… . They shot at the crowd as it ran.")."""
    quoted = QUOTE_MARK_CLOSING.split(later, maxsplit=1)[0]
    if len(quoted.split()) < LATER_WORDS or _accuses_or_denies(first) is None:
        return False
    unit = _accuses_or_denies(later)
    return unit is not None and "reports_harm" in claim_signals(unit)


def _rules_kind(text: str) -> str:
    """The rules' kind of a clause read alone, with no cue."""
    return classify_kind(Unit(0, len(text), text, 0))


def turns_on_a_denial(first: str, second: str) -> bool:
    """Whether the clause after a turn of one sentence (`second`, after `first`) is a claim of
    its own: each is a clause's worth of words, their kinds (the rules', no cue) differ and one
    of them is a denial."""
    if min(len(first.split()), len(second.split())) < TURN_WORDS:
        return False
    kinds = {_rules_kind(first), _rules_kind(second)}
    return len(kinds) == 2 and ClaimKind.denial in kinds
