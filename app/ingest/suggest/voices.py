"""Whose voice a text's own parts are when no verb of saying names anyone: a writer's findings
under the byline that names them (a readers' editor's, an ombudsman's, a reviewer's column), and
an issuer's section of a compiled document under the issuer's name in capitals and a title
line. Called from `attribution.py`."""

import re

from app.ingest.suggest.model import Context, Speaker, Unit
from app.ingest.suggest.sentences import ends_a_sentence
from app.ingest.suggest.speakers import label_speaker

# A byline naming the writer and, after a comma, the writer's role: "By Ana Roe, Public
# Editor", "By Ana Roe, chair of the review". (A bare "By Ana Roe" is `byline_author`'s.)
_ROLE_BYLINE = re.compile(
    r"^By[ ]++(?P<name>[A-Z][\w.’'-]{0,40}+(?:[ ]++[A-Z][\w.’'-]{0,40}+){1,3}+)"
    r",[ ]++[^\n,]{2,60}+$",
    re.MULTILINE,
)
# How far into the text a byline is looked for, in characters.
_BYLINE_WINDOW = 1000
# A heading opening the writer's own findings: "My findings", "Our conclusions", "The
# verdict", "Adjudication" (a word before the noun allowed: "My final conclusions").
_FINDINGS_HEADING = re.compile(
    r"(?:(?:[Mm]y|[Oo]ur|[Tt]he)[ ]++)?(?:[A-Za-z-]{1,20}+[ ]++)?"
    r"(?i:findings?|conclusions?|verdict|rulings?|decisions?|adjudication|judge?ment|"
    r"assessment)"
)
# How far back a findings heading is looked for, in paragraphs.
_FINDINGS_LOOKBACK = 12
# Heading lines are short: a longer line is read as text.
_HEADING_CHARS = 120
# An issuer's name in capitals heading its part: "ACME HOLDINGS PLC", "NORTH WATER BOARD".
_CAPITALS_NAME = re.compile(
    r"[A-Z][A-Z0-9&’'.-]{0,30}+(?:[ ]++[A-Z0-9&][A-Z0-9&’'.-]{0,30}+){0,9}+"
)


def byline_writer(context: Context) -> tuple[str, int]:
    """Who wrote the text, as its byline names them, and where the byline ends: a bare byline
    (`context.author`), else one giving the writer's role after a comma ("By Ana Roe, Readers'
    Editor"); ("", -1) without one."""
    if context.author[0]:
        return context.author
    found = _ROLE_BYLINE.search(context.body, 0, _BYLINE_WINDOW)
    return (found["name"], found.end()) if found else ("", -1)


def writer_finding(unit: Unit, text: str, context: Context) -> Speaker | None:
    """The writer, when `unit` is one of the findings they state in their own section: a whole
    statement no verb of saying attributes (`text`, after its lead), under a heading that
    opens the writer's findings ("My findings", "Conclusions") with no other heading between,
    in a text a byline names its writer in ("As to the headline, the objection
    stands."); None elsewhere and for a question."""
    if text.rstrip().endswith("?") or not ends_a_sentence(text) or len(text.split()) < 4:
        return None
    name, byline_end = byline_writer(context)
    if not name or unit.start <= byline_end:
        return None
    if not _under_findings_heading(context.body, unit.start, byline_end):
        return None
    return label_speaker(name, unit.start, context)


def _under_findings_heading(body: str, at: int, top: int) -> bool:
    """Whether the nearest heading before `at` (a paragraph of one short line without a
    sentence's end), after `top`, opens a writer's findings."""
    end = body.rfind("\n\n", 0, at)
    for _ in range(_FINDINGS_LOOKBACK):
        if end <= top:
            return False
        blank = body.rfind("\n\n", 0, end)
        start = 0 if blank < 0 else blank + 2
        paragraph = body[start:end].strip()
        if (
            paragraph
            and "\n" not in paragraph
            and len(paragraph) <= _HEADING_CHARS
            and not ends_a_sentence(paragraph)
        ):
            return _FINDINGS_HEADING.fullmatch(paragraph) is not None
        end = blank
    return False


def issuer_heading(paragraph: str) -> str | None:
    """The issuer's name a compiled document's part heading gives in capitals over the title of
    what it issued ("ACME HOLDINGS" over "Your questions answered"), as written; None when the
    paragraph is not such a heading (a line ending a sentence, one title in capitals alone, a
    line too long)."""
    lines = [line.strip() for line in paragraph.strip().split("\n")]
    if not 2 <= len(lines) <= 3 or any(len(line) > _HEADING_CHARS for line in lines):
        return None
    if any(not line or ends_a_sentence(line) for line in lines):
        return None
    if not _CAPITALS_NAME.fullmatch(lines[0]) or any(line.isupper() for line in lines[1:]):
        return None
    return lines[0]
