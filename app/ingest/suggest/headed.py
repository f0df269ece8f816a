"""A printed text's part whose author a line above it or a label before each item names, with no
verb of saying: a spokesman's remarks under "Briefing by <role>, <name>", a channel's or an
operator's numbered or timed items under a "Source: <channel>" line or a "<body>: <what>"
heading ("Post 2 (09:10): …", "Update 4, 21:40: …"), a chat's messages each after its time and
its sender ("[21:05] Ana: …", "Ana (21:05): …"), a radio log's lines each after its time and
its call sign ("21:04:10 OSPREY-3: …"), a response under a heading naming its author ("Response
of X", "The company's reply"). Every whole statement of such a part is its author's claim,
unless the sentence names its own source; the heading lines and the labels are nobody's words.
The response headings the attribution reads (`response_heading_owner`) have their home here
too."""

import bisect
import functools
import re

from app.ingest.suggest.documents import heading_writer
from app.ingest.suggest.letters import nonblank_lines
from app.ingest.suggest.speaker_words import from_capitals

# A chat message's label: the time in brackets, then the sender and a colon ("[21:05] Ana R.:
# …"); or the sender, then the time in brackets and a colon ("Ana R. (21:05): …"). The sender
# is a few words with no digit, read once ("{0,40}+").
_TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?+(?:[ \t]*+[AaPp]\.?[Mm]\.?)?+"
_CHAT_LABEL = re.compile(
    rf"[ \t]*+(?:\[{_TIME}\][ \t]*+(?P<after>[A-Z][^:\n\[\]\d]{{0,40}}+)"
    rf"|(?P<before>[A-Z][^:\n()\[\]\d]{{0,40}}+)\({_TIME}\)[ \t]*+"
    # A radio log's line: the time, then the call sign in capitals, its number after a hyphen
    # ("21:04:10 OSPREY-3: …").
    r"|\d{1,2}:\d{2}(?::\d{2})?+[ \t]++(?P<sign>[A-Z][A-Z'’. -]{0,30}+(?:(?<=-)\d{1,3}+)?+))"
    r":[ \t]++(?=\S)"
)
# An item's label: a word and its number, a time after it in brackets or after a comma, and a
# colon ("Post 6 (18:05): …", "Update 4, 21:40: …", "Chart 2: …").
_ITEM_LABEL = re.compile(
    rf"[ \t]*+(?P<word>[A-Z][a-z]{{1,15}}+)[ \t]++\d{{1,3}}+"
    rf"(?:[ \t]*+\({_TIME}[^()\n]{{0,20}}+\)|,[ \t]*+{_TIME})?+[ \t]*+:[ \t]++(?=\S)"
)
# A line naming the author of what follows: "Source: <the channel or the body>, …"; "<a
# briefing, remarks, posts, …> by|from <the author>"; "<the body>: <a few words saying what
# follows>" ("… Power: incident updates"). A line of its own, no sentence's end.
_SOURCE_LINE = re.compile(r"[ \t]*+Source[ \t]*+:[ \t]*+(?P<value>[^\n]{1,200}+)")
_BY_LINE = re.compile(
    r"[ \t]*+(?:(?:[A-Z][a-z]++|[Tt]he)[ \t]++){0,2}?"
    r"(?P<noun>[Bb]riefing|[Rr]emarks|[Aa]ddress|[Ss]peech|[Pp]resentation|[Pp]osts|[Uu]pdates|"
    r"[Mm]essages|[Bb]ulletins?)[ \t]++(?:by|from)[ \t]++(?P<value>[^\n]{1,200}+)"
)
_WHAT_LINE = re.compile(
    r"[ \t]*+(?P<value>[A-Z][^:\n]{1,80}+):[ \t]*+(?P<what>[a-z][a-z'’ -]{1,40}+)[ \t]*+"
)
# A heading over a body's own text printed whole: "<the body> statement[, <date>]", or "<the
# body>: our <what>" in the body's first person ("… Rowing Club: our own samples").
_STATEMENT_LINE = re.compile(
    r"[ \t]*+(?!The[ \t])(?P<value>[A-Z][\w&.-]*+(?:[ \t]++(?:(?:of|for|and|the|on)[ \t]++)?+"
    r"[A-Z][\w&.-]*+){1,5}+)[ \t]++(?:statement|response|reply)"
    r"(?:,[ \t]*+[^\n]{1,40}+)?+[ \t]*+"
)
_OUR_LINE = re.compile(r"[ \t]*+(?P<value>[A-Z][^:\n]{1,80}+):[ \t]*+(?:our|Our)[ \t][^\n]{1,60}+")
# A heading naming the author of the part under it, in capitals or not: "Response of <X>",
# "STATEMENT BY DR. <NAME>", "Comments of the Government of <State> (follow-up procedure)".
_AUTHORED_LINE = re.compile(
    r"[ \t]*+(?:[Rr]esponse|RESPONSE|[Ss]tatement|STATEMENT|[Cc]omments|COMMENTS|[Rr]eply|REPLY"
    r"|[Ss]ubmission|SUBMISSION)[ \t]++(?:of|by|from|OF|BY|FROM)[ \t]++(?:the[ \t]++)?+"
    r"(?P<value>[A-Z][^\n():]{1,80}+)(?:\([^()\n]{0,60}+\))?+[ \t]*+"
)
_AUTHOR_WORDS = 8
# The same by a name's possessive, in capitals or not: "<X>'s response", "<X>' statement in
# full (extract)", "ACME'S REPLY". A description's ("The company's response") heads a section
# of the outlet's reporting on that side as often as its text: it is left to the attribution's
# reading below. Not a question's ("What Acme's reply says").
_OWNED_LINE = re.compile(
    r"[ \t]*+(?!(?:What|Why|How|When|Where|Who|The|WHAT|WHY|HOW|THE)\b)"
    r"(?P<value>[A-Z][\w&.-]*+(?:[ \t]++(?:of|for|and|OF|FOR|AND)?+[ \t]*+[A-Z][\w&.-]*+){0,5}?)"
    r"['’][Ss]?[ \t]++(?:own[ \t]++|OWN[ \t]++)?"
    r"(?:response|reply|statement|comments|answer|RESPONSE|REPLY|STATEMENT|COMMENTS|ANSWER)"
    r"(?:[ \t]++(?:in[ \t]++full|IN[ \t]++FULL))?+(?:[ \t]*+\([^()\n]{0,60}+\))?+[ \t]*+"
)
# A "statement of" naming what the document holds, not who wrote it ("STATEMENT OF PRELIMINARY
# FINDINGS AND CONCLUSIONS", "Statement of Facts"): a title, no author.
_DOCUMENT_SUBJECT = re.compile(
    r"\b(?:findings|conclusions|facts|reasons|principles|case|claim|evidence|intent|account)\b",
    re.IGNORECASE,
)
# What may follow the author's name on such a heading: its date after a comma, its subject
# after "on" ("STATEMENT FROM X ON THE LOSS OF Y", "Statement by X, 2 October").
_AUTHOR_TAIL = re.compile(r"(?:,[^,\n]{0,30}?\d|[ \t]++(?:on|ON)[ \t])[^\n]{0,80}+")
# A heading saying whose response the paragraphs under it are, as the attribution reads it
# (`response_heading_owner`): "Response of Carrow Police", "Statement from the ministry", "The
# company's reply". Wider than the two above (a name as the response's adjective, a verb of
# answering, a name over a response's title), it gives the owner a first-person subject or a
# whole statement under it, not the whole part: the outlet's reporting may follow it.
_RESPONSE_HEADING = re.compile(
    r"(?:[Tt]he[ ]++)?(?:[Rr]esponse|[Rr]eply|[Ss]tatement|[Cc]omment|[Aa]nswer)s?[ ]++"
    r"(?:of|from|by)[ ]++(?:the[ ]++)?(?P<owner>[A-Z][^\n.:;,]{1,120}+)"
    # A date or a place after the name: "Statement by the Mission to …, 13 March 2026".
    r"(?:,[ ]++[^\n.:;,]{1,40}+)?"
    r"|(?P<possessor>[A-Z][^\n.:;']{1,80}+)['’]s?[ ]++(?:response|reply|statement|comment)s?"
    # A name as the response's adjective: "Government response", "Company reply".
    r"|(?P<adjunct>[A-Z][\w-]{1,30}+(?:[ ]++[A-Z][\w-]{1,30}+){0,3}+)[ ]++(?:response|reply)"
    # A name before a colon and its response's title: "ACME LTD: RESPONSE TO THE REPORT".
    r"|(?P<titled>[A-Z][A-Za-z0-9 &'’.-]{1,80}+):[ ]++"
    r"(?:[Rr]esponse|[Rr]eply|[Ss]tatement|RESPONSE|REPLY|STATEMENT)"
    r"(?:[ ]++[^\n]{1,120}+)?"
    # The same set in capitals, as a printed reply's title often is: "REPLY OF MERIDIAN CARE".
    r"|(?:THE[ ]++)?(?:RESPONSE|REPLY|STATEMENT|COMMENT|ANSWER)S?[ ]++(?:OF|FROM|BY)[ ]++"
    r"(?P<capitals>[A-Z][A-Z0-9 &,'’()-]{1,80}+)"
    # A name and its verb of answering over a printed reply, where and when in brackets: "The
    # Courier responds (a statement on its website, 2 May):".
    r"|(?P<verbal>[A-Z][\w&’'-]*+(?:[ ]++(?:of|for|and|the|[A-Z][\w&’'-]*+)){0,8}+)[ ]++"
    r"(?:responds|replies|answers)(?:[ ]++\([^()\n]{1,160}+\))?:?"
)
# A written question's or answer's record line: "Asked by <the member>", "Answered by <the
# minister> (<role>), <date>"; the paragraphs under it are theirs.
_RECORD_LINE = re.compile(
    r"[ \t]*+(?:Asked|Answered|Tabled|Submitted|Created|Started)[ \t]++by[ \t]++"
    r"(?P<value>[A-Z][^\n]{1,200}+)"
)
# A petition site's line over a response: "This response was given on 3 June 2027 by the
# Ministry of X." (a sentence, the one line of its kind that names the part's author).
_GIVEN_BY_LINE = re.compile(
    r"[ \t]*+(?:This|The)[ \t]++(?:response|answer|reply)[ \t]++was[ \t]++"
    r"(?:given|made|sent|published)[ \t]++(?:on[ \t]++[^\n]{1,40}?[ \t]++)?by[ \t]++"
    r"(?:the[ \t]++)?(?P<value>[A-Z][^\n.]{1,100}+)\.[ \t]*+"
)
# A document's kind opening a line before its headline ("PRESS RELEASE: …"): a new document,
# which ends the part before it; the kind is no one's name (`sentences.NEWS_LABEL`).
DOCUMENT_KIND = (
    r"PRESS[ \t]RELEASE|Press[ \t]release|NEWS[ \t]RELEASE|News[ \t]release|"
    r"MEDIA[ \t]ADVISORY|Media[ \t]advisory"
)
_NEW_DOCUMENT = re.compile(rf"[ \t]*+(?:{DOCUMENT_KIND})[ \t]*+:")
# A paragraph that reports someone's words (the outlet's narrative again): it ends such a part.
_REPORTED = re.compile(r"\b(?:said|says|told|added)\b")
# A questions-and-answers page printed in full under its heading, and the sentence before it
# naming whose it is ("<Owner> has posted its questions and answers").
_QA_HEADING = re.compile(
    r"[^\n]{0,80}?\b(?:questions[ \t]++and[ \t]++answers|Q&A|FAQs?+)\b[^\n]{0,60}+"
)
_QA_OWNER = re.compile(
    r"(?P<owner>(?:[A-Z][\w’'&-]*+[ ]++){0,4}[A-Z][\w’'&-]*+)[ ]++(?:has[ ]++|have[ ]++)?"
    r"(?:published|issued|posted|put[ ]++out|released)[ ]++(?:[a-z]++[ ]++){0,4}?"
    r"(?:questions[ ]++and[ ]++answers|Q&A|FAQs?+)\b"
)
# How far before the page's heading the sentence naming its owner may be.
_OWNER_REACH = 1_500
# A line dating the page or an update to it ("Published 14 March 2027", "Update, 15 March"):
# part of the page, nobody's claim.
_DATED_LINE = re.compile(r"[ \t]*+(?:Published|Updated?|Posted|Last[ \t]++updated)\b[^\n]{0,60}+")
# The name a "Source:" value gives: the one in quotation marks ('Telegram channel "X"'), else
# the words before its first comma.
_QUOTED_NAME = re.compile(r"[“\"](?P<name>[^”\"\n]{1,60}+)[”\"]")
# A line that ends a part: a short line of its own with no sentence's end (a heading).
_HEADING_WORDS = 10
# A description in square brackets opening an item ("[A photograph of …]"): the outlet's words.
_DESCRIPTION = re.compile(r"[ \t]*+\[[^\]\n]{0,400}+\][ \t]*+")
_SENTENCE_END = re.compile(r"[.!?][”\"’)]*+[ \t]*+$")
# A note in square brackets closing a paragraph after its last sentence ("… in 2023. [Monitor's
# note: no evidence was given.]"): the printer's words, not the author's.
_TRAILING_NOTE = re.compile(r"(?<=[.!?”\"’)])[ \t]++\[[^\[\]\n]{1,400}+\][ \t]*+$")
# A forum thread's or a comment section's post header, a line of its own: fields apart by a
# dash, a bar or a dot, one the post's number ("#3") or its date and time, one its author
# ("#3 - jo_r22 - 02 Jun 2027, 06:51", "jo_r22 | 2 June 2027 06:51").
_POST_FIELD_BREAK = re.compile(r"(?<![ \t])[ \t]++[-–—|·•][ \t]++")
_POST_NUMBER = re.compile(r"#\d{1,5}+")
_POST_TIME = re.compile(_TIME)
_POST_DATE = re.compile(
    r"\d{1,2}[ \t]++[A-Z][a-z]{2,8}+\.?+[ \t]++\d{4}+"
    r"|[A-Z][a-z]{2,8}+\.?+[ \t]++\d{1,2},?+[ \t]++\d{4}+"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}+"
)
_POST_AUTHOR_WORDS = 5
# What a date's or a time's field may hold beside them: a weekday, "at", a zone, punctuation.
_POST_WHEN_REST = re.compile(r"[A-Za-z,. ]{0,14}+")
# An author's field that is a numbered item's label instead ("Letter 2"): no author.
_NUMBERED_LABEL = re.compile(r"[^\n]{0,60}?[ \t]\d{1,3}+")
# A note labelled at a post's start ("Mod note: …", "Edit: …"): the label is nobody's words.
_POST_NOTE = re.compile(
    r"[ \t]*+(?:(?:[A-Z][\w’']{0,15}+[ \t]++)?[Nn]ote|Edit|EDIT)[ \t]*+:[ \t]++"
)


def _author_line(body: str, line: tuple[int, int]) -> tuple[str, int, bool] | None:
    """The author a line above a part names, where they are, and whether all the part's
    paragraphs are theirs (under a briefing's or a speech's line) or only its labelled items."""
    text = body[line[0] : line[1]]
    given = _GIVEN_BY_LINE.fullmatch(text)
    if given is not None:
        return given["value"].strip(), line[0] + given.start("value"), True
    if _SENTENCE_END.search(text) or len(text.split()) > 3 * _HEADING_WORDS:
        return None
    source = _SOURCE_LINE.fullmatch(text)
    if source is not None:
        value = source["value"]
        quoted = _QUOTED_NAME.search(value)
        if quoted is not None:
            return (
                quoted["name"].strip(),
                line[0] + source.start("value") + quoted.start("name"),
                False,
            )
        name = value.split(",")[0].strip()
        return (name, line[0] + source.start("value"), False) if name[:1].isupper() else None
    by = _BY_LINE.fullmatch(text)
    if by is not None:
        whole = by["noun"].lower() in ("briefing", "remarks", "address", "speech", "presentation")
        return by["value"].strip(), line[0] + by.start("value"), whole
    record = _RECORD_LINE.fullmatch(text)
    if record is not None:
        # (The date after the name's comma is no part of it.)
        return record["value"].split(",")[0].strip(), line[0] + record.start("value"), True
    authored = _AUTHORED_LINE.fullmatch(text)
    if (
        authored is not None
        and len(authored["value"].split()) <= _AUTHOR_WORDS
        and not _DOCUMENT_SUBJECT.search(authored["value"])
    ):
        value = authored["value"]
        tail = _AUTHOR_TAIL.search(value)
        name = _written_as_name(value[: tail.start()] if tail is not None else value)
        return name, line[0] + authored.start("value"), True
    owned = _OWNED_LINE.fullmatch(text)
    if owned is not None:
        return _written_as_name(owned["value"]), line[0] + owned.start("value"), True
    printed = _STATEMENT_LINE.fullmatch(text) or _OUR_LINE.fullmatch(text)
    if printed is not None and len(printed["value"].split()) <= 6:
        return printed["value"].strip(), line[0] + printed.start("value"), True
    what = _WHAT_LINE.fullmatch(text)
    if what is not None and len(what["what"].split()) <= 4:
        return what["value"].strip(), line[0] + what.start("value"), False
    return None


def _written_as_name(words: str) -> str:
    """A heading's name as a name is written ("ACME'S" in a heading in capitals: "Acme's")."""
    words = words.strip()
    return from_capitals(words) if words.isupper() else words


def _authored_line(body: str, line: tuple[int, int]) -> bool:
    """Whether a line heads a part all its author's, by name or by a possessive ("RESPONSE OF
    X", "The company's reply")."""
    return bool(_AUTHORED_LINE.fullmatch(body, *line) or _OWNED_LINE.fullmatch(body, *line))


def _post_author(body: str, line: tuple[int, int]) -> tuple[str, int] | None:
    """The author a post's header line names, and where: the one field that is neither the
    post's number nor its date or time, of a few words; None if the line is no such header."""
    text = body[line[0] : line[1]]
    if _SENTENCE_END.search(text) or len(text.split()) > 3 * _HEADING_WORDS:
        return None
    fields: list[tuple[str, int]] = []
    cursor = 0
    for brk in _POST_FIELD_BREAK.finditer(text):
        fields.append((text[cursor : brk.start()], cursor))
        cursor = brk.end()
    fields.append((text[cursor:], cursor))
    if not 3 <= len(fields) <= 4 and not (len(fields) == 2 and _POST_DATE.search(text)):
        return None
    numbered = timed = False
    authors: list[tuple[str, int]] = []
    for words, at in fields:
        stripped = words.strip()
        if _POST_NUMBER.fullmatch(stripped):
            numbered = True
        elif _when(stripped):
            timed = True
        elif stripped:
            authors.append((stripped, at + words.find(stripped)))
    if not timed or len(authors) != 1 or (len(fields) > 2 and not numbered):
        return None
    author, at = authors[0]
    if (
        len(author.split()) > _POST_AUTHOR_WORDS
        or author[:1].isdigit()
        or _NUMBERED_LABEL.fullmatch(author)
    ):
        return None
    return author, line[0] + at


def _when(field: str) -> bool:
    """Whether a post header's field is its date or time and little else ("Mon 2 Jun 2027,
    06:12", "06:12 GMT"), not a title or a route holding a date."""
    rest = _POST_TIME.sub(" ", _POST_DATE.sub(" ", field))
    return rest != field and _POST_WHEN_REST.fullmatch(rest) is not None


def _posts(body: str, lines: list[tuple[int, int]]) -> list[tuple[int, int, str, int]]:
    """A thread's posts: each paragraph under a post's header line, to the next header or a
    heading, is the author's it names (two headers or more); a note's label is left out."""
    headers = [_post_author(body, line) for line in lines]
    if sum(1 for header in headers if header is not None) < 2:
        return []
    parts: list[tuple[int, int, str, int]] = []
    author: tuple[str, int] | None = None
    for line, header in zip(lines, headers, strict=True):
        if header is not None:
            author = header
        elif author is not None and _heading(body, line):
            author = None
        elif author is not None:
            note = _POST_NOTE.match(body, *line)
            start = note.end() if note is not None else line[0]
            parts.append((start, line[1], *author))
    return parts


def _printed_heading(body: str, line: tuple[int, int]) -> bool:
    """Whether a line heads a body's own text printed whole ("<the body> statement, <date>",
    "<the body>: our …"), which the outlet's reporting may follow with no heading of its own."""
    return bool(_STATEMENT_LINE.fullmatch(body, *line) or _OUR_LINE.fullmatch(body, *line))


def _qa_page(body: str, lines: list[tuple[int, int]]) -> list[tuple[int, int, str, int]]:
    """A questions-and-answers page printed under its heading, two questions or more: every
    answer's paragraph is the page's owner's, whom a sentence before the heading names as
    publishing it; the questions and the page's dating lines are nobody's. The page ends at a
    heading or a part's line."""
    parts: list[tuple[int, int, str, int]] = []
    for index, line in enumerate(lines):
        if not _heading(body, line) or not _QA_HEADING.fullmatch(body, *line):
            continue
        owners = list(_QA_OWNER.finditer(body, max(0, line[0] - _OWNER_REACH), line[0]))
        if not owners:
            continue
        owner = owners[-1]
        page: list[tuple[int, int, str, int]] = []
        questions = 0
        for run in lines[index + 1 :]:
            text = body[run[0] : run[1]].rstrip()
            if _DATED_LINE.fullmatch(body, *run) and not _SENTENCE_END.search(text):
                continue
            if text.endswith("?"):
                questions += 1
                continue
            if _heading(body, run) or _author_line(body, run) is not None:
                break
            page.append((run[0], run[1], owner["owner"], owner.start("owner")))
        if questions >= 2:
            parts.extend(page)
    return parts


def _heading(body: str, line: tuple[int, int]) -> bool:
    """Whether a line is a heading: a few words of their own, no sentence's end."""
    text = body[line[0] : line[1]]
    return len(text.split()) <= _HEADING_WORDS and not _SENTENCE_END.search(text)


def _item_label(body: str, line: tuple[int, int]) -> re.Match[str] | None:
    """The item's label opening a line ("Post 6 (18:05): "), if one does."""
    return _ITEM_LABEL.match(body, *line)


@functools.lru_cache(maxsize=4)
def headed_parts(body: str) -> tuple[tuple[int, int, str, int], ...]:
    """The parts of `body` whose author a line above or a label names, in order: (start, end,
    the author's words, where they are). Under a briefing's or a speech's line, every paragraph
    to the next such line or heading; under a source's line or a "<body>: <what>" heading, the
    labelled items after it (two or more); a chat's messages (two or more), each its sender's.
    A part starts after its paragraph's label."""
    lines = nonblank_lines(body)
    parts: list[tuple[int, int, str, int]] = []
    messages = message_starts(body)
    for line in lines:
        chat = _CHAT_LABEL.match(body, *line) if messages else None
        if chat is not None:
            group = next(name for name in ("after", "before", "sign") if chat[name] is not None)
            parts.append((chat.end(), line[1], chat[group].strip(), chat.start(group)))
    index = 0
    while index < len(lines):
        author = _author_line(body, lines[index])
        if author is None:
            index += 1
            continue
        name, at, whole = author
        # (A part under "RESPONSE OF <X>" ends at the next heading only: its author may write
        # "said" of others. One under "<X> statement" or "<X>'s reply" ends where the outlet
        # reports again, as a section on a party's side often goes on with its own reporting.)
        printed = (
            _printed_heading(body, lines[index]) or _OWNED_LINE.fullmatch(body, *lines[index])
        ) and not _AUTHORED_LINE.fullmatch(body, *lines[index])
        run = index + 1
        if whole and run < len(lines) and _SOURCE_LINE.fullmatch(body, *lines[run]):
            # ("Statement by the ministry" over "Source: its website, 2 May": where the text
            # was published, a line of the heading; the text under it is printed in full.)
            run, printed = run + 1, False
        found: list[tuple[int, int, str, int]] = []
        labelled = 0
        while run < len(lines) and _author_line(body, lines[run]) is None:
            label = _item_label(body, lines[run])
            if label is None and (not whole or _heading(body, lines[run])):
                break
            if printed and _REPORTED.search(body, *lines[run]):
                break  # (the outlet reporting again: "The club's secretary said: …")
            if _NEW_DOCUMENT.match(body, *lines[run]):
                break
            labelled += label is not None
            start = label.end() if label is not None else lines[run][0]
            described = _DESCRIPTION.match(body, start, lines[run][1])
            start = described.end() if described is not None else start
            note = _TRAILING_NOTE.search(body, start, lines[run][1])
            end = note.start() if note is not None else lines[run][1]
            if start < end:
                found.append((start, end, name, at))
            run += 1
        if whole or labelled >= 2:
            parts.extend(found)
        index = max(run, index + 1)
    taken = {part[0] for part in parts}
    parts.extend(post for post in _posts(body, lines) if post[0] not in taken)
    taken = {part[0] for part in parts}
    parts.extend(answer for answer in _qa_page(body, lines) if answer[0] not in taken)
    return tuple(sorted(parts))


# A printed document's part label in capitals and its number, a title after it and no sentence's
# end ("COUNT 2: Murder (war crime)", "CHARGE 1 - Fraud"): the document's heading, no claim.
_PART_LABEL_LINE = re.compile(
    r"[ \t]*+[A-Z]{2,12}+[ \t]++(?:\d{1,4}+|[IVX]{1,5}+)[ \t]*+(?::|[.–—-][ \t])[^\n]{0,200}+"
)


@functools.lru_cache(maxsize=4)
def heading_lines(body: str) -> frozenset[int]:
    """Where the lines naming a part's author start, and a printed document's part labels
    ("COUNT 2: Murder"): nobody's claims."""
    lines = nonblank_lines(body)
    parts = headed_parts(body)
    starts = sorted(part[0] for part in parts)
    found: set[int] = {
        line[0]
        for line in lines
        if _PART_LABEL_LINE.fullmatch(body, *line) and not _SENTENCE_END.search(body, *line)
    }
    for index, line in enumerate(lines[:-1]):
        following = lines[index + 1]
        at = bisect.bisect_left(starts, following[0])
        if (
            at < len(starts)
            and starts[at] < following[1]
            and (_author_line(body, line) is not None or _post_author(body, line) is not None)
        ) or heading_writer(body[line[0] : following[1]]) is not None:
            # (A title in capitals over its writer's line, "Dr Ana Roe, pathologist": neither
            # is a claim.)
            found.add(line[0])
    return frozenset(found)


@functools.lru_cache(maxsize=4)
def message_starts(body: str) -> frozenset[int]:
    """Where a chat's messages start, after their labels: each message one unit of its own,
    short and often without a stop between its sentences."""
    lines = nonblank_lines(body)
    chats = [_CHAT_LABEL.match(body, *line) for line in lines]
    if sum(1 for chat in chats if chat is not None) < 2:
        return frozenset()
    return frozenset(chat.end() for chat in chats if chat is not None)


def label_end(body: str, start: int) -> int:
    """Where the item's or the message's label opening the line at `start` ends, inside a part
    whose author it or a line above names; `start` itself if none does."""
    parts = headed_parts(body)
    end = body.find("\n", start)
    end = len(body) if end < 0 else end
    index = bisect.bisect_left(parts, start, key=lambda part: part[0])
    if index < len(parts) and parts[index][0] < end:
        return parts[index][0]
    return start


def headed_author(body: str, position: int) -> tuple[str, int] | None:
    """The author a line above or a label names for the part holding `position`, and where they
    are named; None outside such a part."""
    parts = headed_parts(body)
    index = bisect.bisect_right(parts, position, key=lambda part: part[0]) - 1
    if index < 0 or position >= parts[index][1]:
        return None
    return parts[index][2], parts[index][3]


@functools.lru_cache(maxsize=4)
def _authored_parts(body: str) -> tuple[tuple[int, int, str, int], ...]:
    """The parts under a heading naming their author ("RESPONSE OF DR. ANA ROE"), in order."""
    lines = nonblank_lines(body)
    starts = [line[0] for line in lines]
    found = []
    for part in headed_parts(body):
        line = lines[bisect.bisect_right(starts, part[3]) - 1]
        if _authored_line(body, line):
            found.append(part)
    return tuple(found)


def authored_part_author(body: str, position: int) -> tuple[str, int] | None:
    """The author a heading naming them gives the part holding `position` ("Response of X",
    "STATEMENT BY X"), and where they are named: the part is all theirs, whatever the text it
    is printed in; None outside such a part."""
    parts = _authored_parts(body)
    index = bisect.bisect_right(parts, position, key=lambda part: part[0]) - 1
    if index < 0 or position >= parts[index][1]:
        return None
    return parts[index][2], parts[index][3]


def response_heading_owner(line: str) -> str | None:
    """The owner a heading over a response names ("Response of Carrow Police", "The company's
    reply", "Government response", "REPLY OF X", "ACME LTD: RESPONSE TO …", "The Courier
    responds:"), as written; None when the line is no such heading."""
    heading = _RESPONSE_HEADING.fullmatch(line)
    if heading is None:
        return None
    owner = (
        heading["owner"]
        or heading["possessor"]
        or heading["adjunct"]
        or heading["verbal"]
        or from_capitals(heading["capitals"] or heading["titled"])
    )
    return owner.strip()


# A description's possessive over its response, as a title in capitals is written as a name:
# "THE BOARD'S RESPONSE" → "The Board's Response", "The Ministry's Reply".
_DESCRIBED_RESPONSE = re.compile(
    r"[Tt]he[ ]++(?P<owner>[A-Z][a-z]++(?:[ ]++[A-Z][a-z]++){0,2}+)['’]s?[ ]++"
    r"(?:Response|Reply|Statement|Answer|Comments)"
)
# How far under such a heading the body it describes is looked for by its name.
_DESCRIBED_REACH = 600


def described_response_owner(heading: str, body: str, at: int) -> tuple[str, int] | None:
    """The body a response heading in capitals at `at` describes ("The Board's Response"), by
    the first name under it that holds the description's word ("The Board of Acme Foods notes
    …", a letterhead "Ministry of Defence of X"), and where it is; "" when no name under it
    says whose the response is (the heading is no body's name); None for any other line."""
    described = _DESCRIBED_RESPONSE.fullmatch(heading.strip())
    if described is None:
        return None
    word = re.escape(described["owner"].split()[-1])
    name = re.compile(
        r"(?<![\w’'-])(?:[A-Z][\w&’'-]*+[ ]++){0,3}?" + word + r"(?:[ ]++(?:of|for)[ ]++"
        r"(?:the[ ]++)?[A-Z][\w&-]*+(?:[ ]++(?:of[ ]++)?+[A-Z][\w&-]*+){0,4}+)?+"
    )
    below = body.find("\n", at)
    below = len(body) if below < 0 else below
    found = name.search(body, below, below + _DESCRIBED_REACH)
    if found is None:
        return "", at
    words = found[0].split()
    if words[0] in ("The", "THE"):
        words = words[1:]
    return " ".join(words), found.end() - len(" ".join(words))
