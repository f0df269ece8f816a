"""Reported speech carried on: sentences after "X said that …" that go on reporting X's words
with no verb of saying of their own ("X said the depot had been empty. Its guards had left
the day before.").

Two shapes tell such a sentence from the reporter's narration:
- its verb is backshifted, as indirect speech puts it ("had left", "would reopen"), near its
  start, where narration tells in the plain past or the present;
- it is in a record whose numbered paragraphs open with their speaker's "said that" (a meeting's
  summary record, a hearing's), where every sentence is reported speech, in the plain past too,
  over the speaker's paragraph and the numbered paragraphs after it.
It ends at a new speaker (a sentence with its own cue, a labelled turn), a quotation of someone
else, a dateline or time stamp, "By <a time> …" (where things stood then), a first person
outside quotation marks (the writer's, not a reported speaker's), a question, a heading or an
unnumbered paragraph after a numbered one.
"""

import re
from functools import lru_cache

from app.ingest.suggest.breaks import paragraph_start
from app.ingest.suggest.model import Unit

# A backshifted verb among the sentence's first words: "had" or "would" before any verb in
# the present ("The video, which had been filmed …, shows …" is narration).
_BACKSHIFT_WORDS = 9
_BACKSHIFT = re.compile(r"\b(?:had|would|hadn['’]t|wouldn['’]t)\b", re.IGNORECASE)
_PRESENT = re.compile(r"\b(?:is|are|has|have|does|do|says|shows)\b", re.IGNORECASE)
# A paragraph that opens with its speaker's reported speech: "[3.] <who …> said that …",
# its subject a capitalised phrase of at most 160 characters with no sentence end in it (a
# title's period, "Mr. Oda", is none).
_SAYS_THAT = (
    r"(?:said|stated|added|noted|observed|recalled|stressed|emphasi[sz]ed|explained|submitted|"
    r"argued|maintained|contended|asserted|replied|responded)"
)
_NUMBER = r"\d{1,3}+(?:\.\d{1,3}+){0,3}+\.?+[ \t]++"
_OPENS_REPORTED = re.compile(
    rf"(?P<number>{_NUMBER})?(?=[A-Z])(?:[A-Z][a-z]{{0,2}}\.[ ]|[^.;:!?\n\"“”]){{1,160}}?"
    rf"(?<=\s|,){_SAYS_THAT}[ ]++that\b"
)
_NUMBERED = re.compile(_NUMBER)
# How many numbered paragraphs opening with reported speech make a record.
_RECORD_PARAGRAPHS = 3


def carries_on(unit: Unit, previous: Unit, body: str, lead: int, masked: str) -> bool:
    """Whether `unit`, with no cue of its own, goes on reporting the words of `previous`, the
    sentence just before it: one attributed by its own cue or carrying such a one on, in the
    same paragraph or the one before. `lead` is where a dateline or label opening `unit`
    ends; `masked` its text with quotations blanked out."""
    if previous.speaker is None or (previous.cue_at < 0 and not previous.continuation):
        return False
    if unit.paragraph not in (previous.paragraph, previous.paragraph + 1):
        return False
    text = unit.text
    number = _NUMBERED.match(text)
    if (
        lead > (number.end() if number else 0)
        or len(text[lead:].split()) < 4
        or text.rstrip().rstrip('”"’').endswith("?")
        or _FIRST_PERSON.search(masked)
        or _BY_THEN.match(masked, lead)
        or not _ENDS.search(text.rstrip()[-3:])
    ):
        return False
    if (
        _is_record(body)
        and _NUMBERED.match(body, paragraph_start(body, previous.start))
        and (unit.paragraph == previous.paragraph or number is not None)
    ):
        # In a record every numbered paragraph's sentences are reported speech.
        return True
    return _backshifted(masked)


_FIRST_PERSON = re.compile(r"\b(?:I|[Mm]y|[Mm]e|[Ww]e|[Oo]ur|[Uu]s)\b")
# Narration of where things stood at a time: "By nightfall the road had been closed."
_BY_THEN = re.compile(
    r"[ \t]*+By[ ]++(?:the[ ]++)?(?:(?:early|late|[A-Z][a-z]++)[ ]++)?"
    r"(?:morning|afternoon|evening|night|nightfall|noon|midday|dawn|dusk|then|"
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b"
)
_ENDS = re.compile(r"[.!”\"’)]")


def _backshifted(masked: str) -> bool:
    """Whether a backshifted "had" or "would" is among the sentence's first words, before any
    verb in the present."""
    opening = " ".join(masked.split()[:_BACKSHIFT_WORDS])
    found = _BACKSHIFT.search(opening)
    return found is not None and _PRESENT.search(opening) is None


@lru_cache(maxsize=8)
def _is_record(body: str) -> bool:
    """Whether `body` is a record: numbered paragraphs opening with reported speech, three or
    more."""
    count = 0
    for paragraph in body.split("\n\n"):
        opening = _OPENS_REPORTED.match(paragraph.strip(), 0, 400)
        count += opening is not None and opening["number"] is not None
        if count >= _RECORD_PARAGRAPHS:
            return True
    return False


# A transcript's label by the speaker's surname alone ("Orsk: People of the valley …"), a
# capitalised word of at most 30 letters before the colon (read once).
_SURNAME_LABEL = re.compile(r"(?P<label>(?P<name>[A-Z][a-z'’-]{1,30}+)):[ \t]++(?=[A-Z“\"\[])")
# The full name before it: one or two capitalised words (a given name, an initial) then the
# surname ("commander Ilse Orsk", "Ilse M. Orsk").
_GIVEN_NAMES = r"\b[A-Z][a-z'’-]{1,30}+[ \t]++(?:[A-Z][a-z'’-]{0,30}+\.?+[ \t]++)?"
# A line that ends a speaker's turn carried over paragraphs: a separator ("---", "* * *").
_SEPARATOR = re.compile(r"[ \t]*+(?:[-–—*=_~#][ \t]*+){3,40}+")


def surname_label(body: str, start: int, paragraph: str) -> re.Match[str] | None:
    """The label opening `paragraph` (at `start` in `body`) when it is a speaker's surname
    alone, the text having named that speaker in full above it ("… commander Ilse Orsk" then
    "Orsk: …"), as a monitored address's or an interview's transcript labels its speaker; None
    otherwise (a field's name, "Source:", "Note:", is nobody's surname)."""
    found = _SURNAME_LABEL.match(paragraph)
    if found is None:
        return None
    # (Not a word inside a longer name: "National Product Safety Agency" over "Product: …".)
    full = re.compile(_GIVEN_NAMES + re.escape(found["name"]) + r"\b(?![ \t]++[A-Z])")
    return found if full.search(body, 0, start) is not None else None


def ends_turn(paragraph: str) -> bool:
    """Whether a paragraph ends a speaker's turn carried over the paragraphs after its label:
    a separator line ("---"), or a heading (a short line without a sentence's end, not a note
    in brackets): what follows is another text ("Statement by the ministry")."""
    stripped = paragraph.strip()
    if _SEPARATOR.fullmatch(stripped):
        return True
    return (
        len(stripped.split()) <= _HEADING_WORDS
        and stripped[:1] != "["
        and _ENDS.search(stripped[-3:]) is None
        and stripped[-1:] not in ("?", ":")
    )


# A heading is a short line: a longer one is text.
_HEADING_WORDS = 10


def bracketed_note(sentence: str) -> bool:
    """Whether a sentence is a note in square brackets, all of it ("[Applause]", "[The
    broadcast cut to the studio.]"): the transcriber's words, not the speaker's."""
    stripped = sentence.strip()
    return stripped[:1] == "[" and stripped.rstrip(".").endswith("]")
