"""Whose voice a text's own parts are when no verb of saying names anyone: a writer's findings
under the byline that names them (a readers' editor's, an ombudsman's, a reviewer's column), and
an issuer's section of a compiled document under the issuer's name in capitals and a title
line. Called from `attribution.py`."""

import re
from functools import lru_cache

from app.ingest.suggest.breaks import last_before
from app.ingest.suggest.model import Context, Speaker, Unit
from app.ingest.suggest.sentences import ends_a_sentence, mask_quotes
from app.ingest.suggest.speaker_words import ORG_WORDS, ROLE_NOUNS
from app.ingest.suggest.speakers import label_speaker, resolve

# A byline naming the writer and, after a comma, the writer's role: "By Ana Roe, Public
# Editor", "By Ana Roe, chair of the review". (A bare "By Ana Roe" is `byline_author`'s.)
_ROLE_BYLINE = re.compile(
    r"^By[ ]++(?P<name>[A-Z][\w.’'-]{0,40}+(?:[ ]++[A-Z][\w.’'-]{0,40}+){1,3}+)"
    r",[ ]++[^\n,]{2,60}+$",
    re.MULTILINE,
)
# How far into the text a byline is looked for, in characters.
_BYLINE_WINDOW = 1000
# A heading opening a body of findings: the writer's own ("My findings", "Our conclusions",
# "The verdict", "Adjudication", "My final conclusions") or, when the word before the noun
# names a body, that body's ("The auditors' findings", "What the surveyors found").
_FINDINGS_HEADING = re.compile(
    r"(?:(?:[Mm]y|[Oo]ur|[Tt]he)[ ]++)?(?:(?P<word>[A-Za-z-]{1,20}+)(?:['’]s?)?[ ]++)?"
    r"(?i:findings?|conclusions?|verdict|rulings?|decisions?|adjudication|judge?ment|"
    r"assessment)"
    r"|What[ ]++the[ ]++(?P<finder>[A-Za-z-]{1,20}+(?:[ ]++[A-Za-z-]{1,20}+){0,2}?)[ ]++"
    r"(?:found|concluded|decided|established)"
)
# The writer's own first person, outside quotations.
_FIRST_PERSON = re.compile(r"\b(?:I|[Mm]y|[Mm]e|[Ww]e|[Oo]ur|[Uu]s)\b")
# An opinion text speaks in its writer's first person: in at least this share of its paragraphs
# after the byline, and in at least this many of them (a column, a review, an open letter; a
# news report's first person is its witnesses', inside their quotations).
_OPINION_SHARE, _OPINION_PARAGRAPHS = 0.25, 3
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
    if found is None or not opinion_text(context.body, found.end()):
        # ("By Ana Roe, Health Reporter" over a news report: the first person there is the
        # witnesses', not the reporter's.)
        return ("", -1)
    return (found["name"], found.end())


@lru_cache(maxsize=16)
def opinion_text(body: str, top: int) -> bool:
    """Whether the text after its byline (ending at `top`) is written in its writer's own voice:
    the first person outside quotations in a quarter or more of its paragraphs, three at least
    (a readers' editor's column, a reviewer's report, an op-ed), not a news report quoting
    witnesses who say "we"."""
    paragraphs = [part for part in body[max(top, 0) :].split("\n\n") if part.strip()]
    voiced = sum(1 for part in paragraphs if _FIRST_PERSON.search(mask_quotes(part)))
    return voiced >= _OPINION_PARAGRAPHS and voiced >= _OPINION_SHARE * len(paragraphs)


def writer_finding(unit: Unit, text: str, context: Context) -> Speaker | None:
    """Whose findings `unit` states, under the heading that opens them with no other heading
    between: a whole statement no verb of saying attributes (`text`, after its lead). Under a
    heading naming a body ("The auditors' findings", "What the surveyors found"), that body's;
    under one naming none ("My findings", "Conclusions"), the writer's, in an opinion text a
    byline names its writer in ("As to the headline, the objection stands."). None elsewhere
    and for a question."""
    if text.rstrip().endswith("?") or not ends_a_sentence(text) or len(text.split()) < 4:
        return None
    name, byline_end = byline_writer(context)
    if unit.start <= byline_end:
        return None
    heading = _findings_heading(context.body, unit.start, max(byline_end, 0))
    if heading is None:
        return None
    owner = _heading_body(heading, context)
    if owner is not None:
        return owner
    if not name or not opinion_text(context.body, byline_end):
        return None
    return label_speaker(name, unit.start, context)


def _heading_body(heading: re.Match[str], context: Context) -> Speaker | None:
    """The body a findings heading names as theirs ("The inspectors' findings", "The
    regulator findings", "What the surveyors found"), resolved; None for the writer's own ("My
    findings", "The final verdict": a word naming no one)."""
    if heading["finder"]:
        words, at = heading["finder"], heading.start("finder")
    elif heading["word"]:
        words, at = heading["word"], heading.start("word")
    else:
        return None
    found = resolve(Speaker(words, at), context)
    if not found.name:
        return None
    possessive = heading["word"] is not None and heading.string[heading.end("word")] in "'’"
    # (A name inside the heading, "The Ofsted findings"; at its start a capital says nothing.)
    capital = words[:1].isupper() and at > heading.start()
    names_body = words.lower() in ORG_WORDS or words.lower() in ROLE_NOUNS
    if found.actor is not None or heading["finder"] or possessive or capital or names_body:
        return found
    return None


def _findings_heading(body: str, at: int, top: int) -> re.Match[str] | None:
    """The nearest heading before `at` (a paragraph of one short line without a sentence's
    end), after `top`, when it opens a body of findings."""
    end = last_before(body, "\n\n", at)
    for _ in range(_FINDINGS_LOOKBACK):
        if end <= top:
            return None
        blank = last_before(body, "\n\n", end)
        start = 0 if blank < 0 else blank + 2
        paragraph = body[start:end].strip()
        if (
            paragraph
            and "\n" not in paragraph
            and len(paragraph) <= _HEADING_CHARS
            and not ends_a_sentence(paragraph)
        ):
            opens = body.find(paragraph, start)
            return _FINDINGS_HEADING.fullmatch(body, opens, opens + len(paragraph))
        end = blank
    return None


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
