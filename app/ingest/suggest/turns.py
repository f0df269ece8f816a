"""Question-and-answer turns: a deposition's, a hearing's or an interview's record printed as
"Q. …" and "A. …", and who asks and who answers in it.

A turn's label names no speaker by itself. The record's own lines say who: "Deposition of
<witness>" (or "Testimony of", "Examination of") names who answers, and an examining line, "BY
MS. <COUNSEL>:" or "EXAMINATION BY MR. <COUNSEL>", who asks, for every turn after it until the
next such line. Counsel's turns are theirs: a fact put to the witness ("And you silenced it.")
is counsel's claim, as a journalist's question is not (a briefing has no examining line).
"""

import re
from bisect import bisect_left
from collections import deque

# A turn's label with a stop, opening a paragraph ("Q. Where were you?", "A. At home.").
# Read as a label only in a record with two turns of each, not an initial ("A. Ruiz said …").
# (Its "name" and "clip" never match: a speaker label's groups, for the code reading labels.)
DOTTED_TURN = re.compile(r"(?P<label>Q|A)(?P<name>(?!))?(?P<clip>(?!))?\.[ \t]++(?=[A-Z0-9“\"‘'])")
# How many turns of each a record has at least.
_TURNS_OF_EACH = 2


def dotted_turns(paragraphs: list[str]) -> list[re.Match[str] | None]:
    """The dotted turn label opening each paragraph, in a record that asks and answers in them
    (two "Q." turns and two "A." turns at least); None elsewhere."""
    found = [DOTTED_TURN.match(text) for text in paragraphs]
    asked = sum(1 for label in found if label is not None and label["label"] == "Q")
    answered = sum(1 for label in found if label is not None and label["label"] == "A")
    if min(asked, answered) < _TURNS_OF_EACH:
        return [None] * len(paragraphs)
    return found


# A statement with a question tag after it, the auxiliary negated and a pronoun ("The gate was
# open, wasn't it?", "That says something, doesn't it?"): it puts the statement to be granted.
_TAG_QUESTION = re.compile(
    r",[ ]++(?:is|are|was|were|do|does|did|has|have|had|would|could|should|wo|ca)n['’]t[ ]++"
    r"(?:it|he|she|they|you|we|I|there|that)[ ]*+\?[”\"’]?+$"
)


def puts_with_a_tag(sentence: str) -> bool:
    """Whether a question is a statement put with a question tag ("…, wasn't it?")."""
    return _TAG_QUESTION.search(sentence.rstrip()) is not None


# The line that says who examines: "BY MS. OKAFOR:", "EXAMINATION BY MR. HALE", "CROSS-
# EXAMINATION BY DR. ROE (continuing):"; the surname as the record writes it, in capitals.
_EXAMINING_LINE = re.compile(
    r"^[ \t]*+(?:(?:DIRECT|CROSS|REDIRECT|RECROSS|FURTHER)[ -]?)?(?:EXAMINATION[ \t]++)?"
    r"BY[ \t]++(?:MR|MS|MRS|MISS|DR)\.?+[ \t]++(?P<surname>[A-Z][A-Z'’-]{1,30}+)"
    r"[ \t]*+(?:\([^()\n]{0,40}+\))?[ \t]*+:?[ \t]*+$",
    re.MULTILINE,
)
# The record's heading naming its witness: "Deposition of Ana Roe", "Testimony of Dr Ana Roe".
_WITNESS_LINE = re.compile(
    r"\b(?:Deposition|DEPOSITION|Testimony|TESTIMONY|Examination|EXAMINATION)[ \t]++(?:of|OF)"
    r"[ \t]++(?:(?:Mr|Ms|Mrs|Miss|Dr|MR|MS|MRS|DR)\.?+[ \t]++)?"
    r"(?P<name>[A-Z][\w’'-]{0,30}+(?:[ \t]++[A-Z][\w’'.-]{0,30}+){1,3}+)"
)


def examining_lines(body: str) -> list[tuple[int, str]]:
    """Where each examining line starts and the surname it gives ("Okafor" for "BY MS.
    OKAFOR:"), in text order; found once per article, as every question asks for them."""
    return [
        (found.start(), found["surname"].capitalize()) for found in _EXAMINING_LINE.finditer(body)
    ]


def examining_counsel(lines: list[tuple[int, str]], position: int) -> tuple[str, int]:
    """The surname the last of the examining `lines` before `position` gives and where that
    line starts; ("", -1) without one."""
    # (A bisection: a crafted record may hold thousands of turns.)
    index = bisect_left(lines, position, key=lambda line: line[0])
    if index == 0:
        return ("", -1)
    start, surname = lines[index - 1]
    return (surname, start)


def record_witness(body: str, position: int) -> str:
    """Whom the record before `position` names as its witness ("Deposition of Ana Roe"), if it
    does."""
    last = deque(_WITNESS_LINE.finditer(body, 0, position), maxlen=1)
    return last[0]["name"] if last else ""
