"""Evidence a document quotes: the text messages or the recording's transcript a decision or a
report prints under a line announcing them ("The messages read as follows:", "The transcript
reads:"). They are what the claims are made from, not claims: the claims are what the parties
allege and the deciding body finds from them, in the document's own sentences."""

import functools
import re

from app.ingest.suggest.letters import nonblank_lines

# A line announcing quoted evidence: a colon ending it, and a message, a text, a recording, a
# voicemail or a transcript in its last sentence ("Its texts are set out below (as logged):",
# "The transcript reads:").
_EVIDENCE = re.compile(r"\b(?:messages?|texts|recording|voicemail|transcript)\b")
_SENTENCE_END = re.compile(r"[.!?][ \t]++")
_LAST_SENTENCE_CHARS = 300
# An exhibit's line: a message with its time, its sender and its recipient before the quotation
# ("3 May, 21:04, Ana to Ben: “…”"), or a line wholly in quotation marks (a transcript).
_MESSAGE = re.compile(
    r"[ \t]*+(?:[^\n:,“”\"]{1,30}+,[ \t]*+)?\d{1,2}[:.]\d{2}[ \t]*+,?[ \t]*+"
    r"[A-Z][^\n:“”\"]{0,40}?[ \t]to[ \t]++[A-Z][^\n:“”\"]{0,40}+:[ \t]*+[“\"][^\n]{0,2000}+"
)
_QUOTED_LINE = re.compile(r"[ \t]*+[“\"][^\n“”\"]{1,3000}+[”\"][ \t]*+")


@functools.lru_cache(maxsize=4)
def exhibit_lines(body: str) -> frozenset[int]:
    """Where the lines of quoted evidence under an announcing line start: nobody's claims. The
    exhibit runs over every line after the announcement that is a timed message or wholly a
    quotation, to the first that is neither."""
    lines = nonblank_lines(body)
    found: set[int] = set()
    index = 0
    while index < len(lines):
        following = index + 1
        if _announces(body[lines[index][0] : lines[index][1]].rstrip()):
            while following < len(lines) and (
                _MESSAGE.fullmatch(body, *lines[following])
                or _QUOTED_LINE.fullmatch(body, *lines[following])
            ):
                found.add(lines[following][0])
                following += 1
        # (Each line read once: an exhibit's line that looks like an announcement opens no other.)
        index = following
    return frozenset(found)


def _announces(line: str) -> bool:
    """Whether a line ends on a colon after a last sentence naming quoted evidence."""
    if not line.endswith(":"):
        return False
    tail = line[-_LAST_SENTENCE_CHARS:]
    last = tail
    for end in _SENTENCE_END.finditer(tail):
        last = tail[end.end() :]
    return bool(_EVIDENCE.search(last))
