"""Whose voice a report's own parts are when no verb of saying names anyone: its findings (a
paragraph opening "Finding 3.", or one under the report's own section headings below a title
line naming its issuer) are the issuing body's; a reply printed after a finding under a label
("Response: …", "Management response: …", "The Board's reply: …") is the replying body's, as
the label, the reply's own subject or the text announcing the replies names it. Called from
`attribution.py`."""

import re
from dataclasses import replace

from app.ingest.suggest.cues import word_list
from app.ingest.suggest.model import Context, Speaker
from app.ingest.suggest.sentences import ends_a_sentence
from app.ingest.suggest.speaker_words import ORG_WORDS, ROLE_NOUNS
from app.ingest.suggest.speakers import answerer, mentions_from

# A reply's label opening its paragraph, naming its owner by a possessive, by a word before
# the noun or not at all: "Response: …", "Board response: …", "The Council's reply: …".
# ("Response of the X: …" is `attribution._RESPONSE_LABEL`'s.)
REPLY_LABEL = re.compile(
    r"(?:(?:[Tt]he[ ]++)?(?P<possessor>[A-Z][\w&.-]{0,30}+(?:[ ]++[A-Z][\w&.-]{0,30}+){0,4}+)"
    r"['’]s?[ ]++|(?P<adjunct>[A-Z][a-z-]{1,30}+)[ ]++)?"
    r"(?P<noun>(?i:responses?|repl(?:y|ies)|comments?|rejoinders?)):[ \t]++(?=\S)"
)
# A reply's own subject, a name before its verb: "The Council rejects …", "The Board does
# not accept …" ("We" names no one: the label or the announcement does).
_REPLY_SUBJECT = re.compile(
    r"(?:[Tt]he[ ]++)?(?P<name>[A-Z][\w&’'-]{0,30}+(?:[ ]++(?:of|for|and|[A-Z][\w&’'-]{0,30}+))"
    r"{0,6}+)[ ]++[a-z]"
)
# A finding's label opening its paragraph: "Finding 3.", "Conclusion 2:", "Observation 4.1".
FINDING_LABEL = re.compile(
    r"(?:Finding|Conclusion|Observation)[ ]++\d{1,3}+(?:\.\d{1,3}+)?+[.:)]?[ \t]",
)
# A report's title line naming its issuer before a colon: "Harbour Board: Review of the
# Dredging Contract (summary)", "County Council: Internal Audit Report 2025".
REPORT_TITLE = re.compile(
    r"(?P<body>[A-Z][\w&’'.-]{0,30}+(?:[ ]++(?:of|for|and|the|[A-Z][\w&’'.-]{0,30}+)){0,8}+)"
    r":[ ]++(?P<title>[^\n]{0,80}?\b(?i:report|review|audit|investigation|inquiry|summary|"
    r"findings|assessment|evaluation)\b[^\n]{0,120}+)"
)
# A document a body issues its findings in, as the means of a sentence of saying: "… said in a
# report published on Monday", "… wrote in its annual review".
_IN_A_REPORT = re.compile(
    r"\b(?:in|through)[ ]++(?:an?|its|their|the)[ ]++(?:[\w-]++[ ]++){0,3}?"
    r"(?:report|audit|review|investigation|inquiry|findings|study)\b"
)
# A section heading's words when it names a party: a possessive ("The tenants' lawyer").
_POSSESSIVE = re.compile(r"\w['’](?:s\b|[ ]|$)")
# A heading's words saying the section gives others' voices, not the report's.
_VOICES = frozenset(
    word_list(
        "say says said reaction reactions respond responds response responses reply replies "
        "comment comments view views"
    )
)
# How far back, in characters, a sentence naming a report is looked for, and how many of them.
_REPORT_WINDOW, _SPEAKERS_READ, _MENTIONS_READ = 6000, 12, 40
# How far back a sentence's start is looked for, in characters.
_SENTENCE_CHARS = 800
# A report's own section heading is a short line; the text before a sentence's end is read as
# its sentence (a sentence's break: a stop, then a space or the end).
_SECTION_CHARS = 60
_SENTENCE_BREAK = re.compile(r"[.!?][”\"’]?(?:[ ]++|$)")


def reply_owner(label: re.Match[str], position: int, context: Context) -> Speaker | None:
    """Whose reply a paragraph opening with a reply's label (`REPLY_LABEL`, at `position`) is:
    the body the label names as a possessive, else the known body the reply's own subject
    names by a short name ("The Council rejects …"), else the one the text announcing the
    replies names before the label's words ("each followed by the council's reply"); None when
    nothing says."""
    body = context.body
    if label["possessor"]:
        owner = known_by_name(label["possessor"], position, context)
        if owner is not None:
            return owner
    subject = _REPLY_SUBJECT.match(body, label.end())
    if subject is not None:
        owner = known_by_name(subject["name"], position, context)
        if owner is not None:
            return owner
    words = label[0][: label.start("noun") - label.start()] + label["noun"]
    announced = re.compile(
        r"(?P<owner>[\w-]++(?:[ ]++[\w-]++){0,3}?)['’]s?[ ]++[“\"‘']?" + re.escape(words.strip()),
        re.IGNORECASE,
    )
    low = max(0, position - _REPORT_WINDOW)
    for found in reversed(list(announced.finditer(body, low, position))[-_MENTIONS_READ:]):
        # ("… followed by the council's reply": the name the owner's words end on.)
        named = found["owner"].split()
        for first in range(len(named)):
            if named[first][:1].isupper() or named[first].lower() == "the":
                owner = known_by_name(" ".join(named[first:]), found.start("owner"), context)
                if owner is not None:
                    return owner
    return None


def known_by_name(words: str, position: int, context: Context) -> Speaker | None:
    """The known body a short name stands for ("the Council", "the ministry"): the nearest
    one named before `position` whose name holds those words in order ("Harbour Council"),
    else the first named after it; None when none does."""
    words = words.strip()
    if words.lower().startswith("the "):
        words = words[4:]
    if not words or words.lower() in ("we", "it", "they", "i"):
        return None
    short = re.compile(rf"(?<![\w-]){re.escape(words)}(?![\w-])", re.IGNORECASE)
    low = max(0, position - _REPORT_WINDOW)
    before = mentions_from(context, low, position)[-_MENTIONS_READ:]
    after = mentions_from(context, position, position + _REPORT_WINDOW)[:_MENTIONS_READ]
    for _, _, actor in [*reversed(before), *after]:
        if any(short.search(name) for name in (actor.name, *actor.aliases)):
            # (Named where the reply is: a sentence reading whose words it holds must not
            # find it where the body was first named.)
            return Speaker.of_actor(actor, position)
    # (A body the text names in full before, that no stage has read as a speaker yet: "the
    # Council" after "the Harbour Council of Pellmar".)
    full = re.compile(
        rf"(?:[A-Z][\w&’'-]{{0,30}}+[ ]++){{0,3}}{re.escape(words)}(?:[ ]++(?:of|for|on)[ ]++"
        rf"(?:the[ ]++)?[A-Z][\w&’'-]{{0,30}}+(?:[ ]++[A-Z][\w&’'-]{{0,30}}+){{0,3}}+)?",
        re.IGNORECASE if words.islower() else 0,
    )
    for found in reversed(list(full.finditer(context.body, low, position))[-_MENTIONS_READ:]):
        if len(found[0]) > len(words) and found[0][:1].isupper():
            speaker = answerer(found[0], found.start(), context)
            if speaker is not None and speaker.name:
                return replace(speaker, start=position)
    return None


def section_heading(paragraph: str) -> bool:
    """Whether a paragraph is a report's own section heading, naming no party: a short line
    with no sentence's end, no label's colon, no possessive and no word naming a person's role
    or a body ("Background", "Causes", "What went wrong"; not "The families' lawyer")."""
    if not paragraph or "\n" in paragraph or len(paragraph) > _SECTION_CHARS:
        return False
    if ends_a_sentence(paragraph) or ":" in paragraph or _POSSESSIVE.search(paragraph):
        return False
    words = paragraph.split()
    if not any(word.isalpha() for word in words):
        return False
    if any(word.lower().strip(",()") in _VOICES for word in words):
        return False  # (others' voices: "Reactions", "What the parties say")
    if not paragraph.isupper() and any(word[:1].isupper() for word in words[1:]):
        return False  # (a name: "Statement from Acme")
    return not any(w.lower().strip(",()") in ROLE_NOUNS | ORG_WORDS for w in words)


def report_maker(at: int, context: Context) -> Speaker | None:
    """Who issued the report the text names as the means of a sentence of saying before `at`
    ("X said in a report published on Monday"): the speaker named nearest before the report in
    the nearest such sentence, if one is."""
    body = context.body
    low = max(0, at - _REPORT_WINDOW)
    means = list(_IN_A_REPORT.finditer(body, low, at))
    speakers = context.speakers[-_SPEAKERS_READ * 4 :]
    for found in reversed(means[-_SPEAKERS_READ:]):
        line = max(low, found.start() - _SENTENCE_CHARS, body.rfind("\n", low, found.start()) + 1)
        stops = [m.end() for m in _SENTENCE_BREAK.finditer(body, line, found.start())]
        start = stops[-1] if stops else line
        named = [s for s in speakers if start <= s.start < found.start() and s.name]
        if named:
            return max(named, key=lambda s: s.start)
    return None
