"""A document part whose author its frame names, not a verb of saying: an email or a memo printed
with its header lines ("From: …", "To: …", "Subject: …"), a letter from its salutation ("Dear
…,") to its sign-off and the signature under it ("Yours sincerely," then a name and a role).
A letter printed in full without a sign-off runs to its signature ("+ NAME, role", or a name and a
role over the next heading in capitals); a book's extract under its own heading, to the next, is
the writer its introduction names ("an extract from …, the memoir of NAME"). A sworn statement's
numbered paragraphs under its deponent's opening ("I, NAME, of …, solemnly declare:") are the
deponent's to its jurat. Every whole statement of such a part is its author's claim, unless the
sentence names its own source; the header lines are nobody's words."""

import bisect
import functools
import re

from app.ingest.suggest.speaker_words import from_capitals

# A header line of an email or a memo: its field's name, a colon, its value on the same line.
_FIELD = re.compile(
    r"[ \t]*+(?P<field>From|FROM|Sender|To|TO|Cc|CC|Bcc|Date|DATE|Sent|Subject|SUBJECT|Re|RE|"
    r"Attachments?)[ \t]*+:[ \t]*+(?P<value>[^\n]{0,300}+)"
)
_AUTHOR_FIELDS = ("from", "sender")
# The author's name in a "From:" value: up to an address in angle brackets or in brackets, or a
# bare address after it ("Ann Lee <a.lee@…>", "Ann Lee (Legal)").
_ADDRESS = re.compile(r"(?<![ \t])[ \t]*+(?:[<(\[][^\n]{0,200}+|[\w.+-]{1,64}+@[^\n]{0,200}+)$")
# A letter's salutation on a line of its own or opening its first paragraph ("Dear Minister,",
# "Dearly beloved …,"), or an address on a line of its own ending on a comma ("To the Board,").
_SALUTATION = re.compile(
    r"[ \t]*+(?:(?:Dear|DEAR|Dearly)[ \t]++[A-Za-z][^\n,:]{0,60}+[,:]"
    r"|To[ \t]++[A-Za-z][^\n,:.!?]{0,80}+,[ \t]*+$)"
)
# A sign-off on a line of its own, the signature's lines under it.
_SIGN_OFF = re.compile(
    r"[ \t]*+(?:Yours[ \t]++(?:sincerely|faithfully|truly)|Sincerely(?:[ \t]++yours)?|"
    r"(?:(?:Kind|Best|Warm|With[ \t]++best)[ \t]++)?[Rr]egards|Best[ \t]++wishes|"
    r"Respectfully(?:[ \t]++yours)?)[ \t]*+,?+[ \t]*+$"
)
# A signature's line: a name or a role, no sentence, nor a line a comma ends ("Regards,").
_SIGNATURE_LINE = re.compile(r"[ \t]*+[A-Z][^\n.!?“”\"]{0,120}+(?<![,:;])$")
# First and second persons outside quotations: an email's later paragraphs still in its
# author's voice.
_PERSON = re.compile(r"\b(?:I|I['’]m|I['’]ve|we|We|our|Our|my|My|you|You|your|Your|us)\b")
_QUOTED = re.compile(r"[“\"][^”\"\n]{0,2000}+[”\"]")
# How many lines a letter may run from its salutation to its sign-off.
_LETTER_LINES = 60


def nonblank_lines(body: str) -> list[tuple[int, int]]:
    """The non-empty lines of `body`, as (start, end) offsets (also read by `headed.py`)."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", body) if m.group(0).strip()]


def _header_blocks(body: str, lines: list[tuple[int, int]]) -> list[tuple[int, int, str, int]]:
    """The header blocks: two or more field lines in a row, one naming the sender. Each as the
    indexes of its first and last line, the author's words and where they are."""
    blocks: list[tuple[int, int, str, int]] = []
    index = 0
    while index < len(lines):
        run = index
        while run < len(lines) and _FIELD.fullmatch(body, *lines[run]):
            run += 1
        if run - index >= 2:
            fields = [_FIELD.fullmatch(body, *lines[i]) for i in range(index, run)]
            sender = next(
                (f for f in fields if f is not None and f["field"].lower() in _AUTHOR_FIELDS),
                None,
            )
            if sender is not None:
                value = _ADDRESS.sub("", sender["value"]).strip()
                if value[:1].isupper():
                    blocks.append((index, run - 1, value, sender.start("value")))
        index = max(run, index + 1)
    return blocks


def _voiced(body: str, line: tuple[int, int]) -> bool:
    """Whether a line is still in a letter's or an email's voice: a first or second person
    outside its quotations."""
    return bool(_PERSON.search(_QUOTED.sub(" ", body[line[0] : line[1]])))


def _signed_at(body: str, lines: list[tuple[int, int]], first: int, last: int) -> int | None:
    """The index of the first sign-off line among lines[first:last] with a signature under it."""
    for index in range(first, min(last, len(lines) - 1)):
        if _SIGN_OFF.fullmatch(body, *lines[index]) and _SIGNATURE_LINE.fullmatch(
            body, *lines[index + 1]
        ):
            return index
    return None


# A heading in capitals on a line of its own ("THE EXTRACT", "THE ANSWERS"): a printed part's
# bounds.
_CAPITALS_HEADING = re.compile(r"[ \t]*+[A-Z][A-Z0-9 ,'’&:-]{2,80}+[ \t]*+")
# A signature closing a letter without a sign-off, on a line of its own: a cross or "Signed"
# before it ("+ Ana Roe, Bishop of Orvan", "Signed: Ana Roe"), or a name and a role alone
# ("The Committee of Families", "Press Office, Ministry of Health") last in the text or over a
# heading in capitals (a subheading over more of the article is no signature).
_SIGNED_MARK = re.compile(r"[ \t]*+(?:[+†✝][ \t]*+|Signed[ \t]*+[:,]?[ \t]*+)")


def _signed_below(body: str, lines: list[tuple[int, int]], first: int, last: int) -> int | None:
    """The index of the first line among lines[first:last] that signs a letter without a
    sign-off, under a paragraph ending on a stop: a marked signature, or a name and a role
    closing the printed letter."""
    for index in range(first + 1, min(last, len(lines))):
        start, end = lines[index]
        if body[lines[index - 1][1] - 1] not in '.!?”"’' or body[start:end].isupper():
            continue
        if _SIGNED_MARK.match(body, start, end):
            return index
        closing = index + 1 == len(lines) or _CAPITALS_HEADING.fullmatch(body, *lines[index + 1])
        if closing and _SIGNATURE_LINE.fullmatch(body, start, end):
            return index
    return None


def _signature(body: str, lines: list[tuple[int, int]], sign_off: int) -> tuple[str, int]:
    """The signer's name, with the role and organisation under it (two lines at most), and
    where the name is."""
    words: list[str] = []
    for index in range(sign_off + 1, min(sign_off + 4, len(lines))):
        if not _SIGNATURE_LINE.fullmatch(body, *lines[index]) or len(words) == 3:
            break
        words.append(body[lines[index][0] : lines[index][1]].strip())
    return ", ".join(words), lines[sign_off + 1][0]


# An introduction announcing a diary printed below it ("Below are entries from her notebook",
# "entries from the diary of Ana Roe"): its writer, the name the paragraph opens on or after "of".
_DIARY_ANNOUNCED = re.compile(
    r"\b(?:extracts?|excerpts?|entries)[ ]++from[ ]++(?:her|his|their|the)[ ]++"
    r"(?:[a-z-]{1,20}+[ ]++)?(?:diary|diaries|journal|notebook)"
    r"(?:[ ]++of[ ]++(?P<of>[A-Z][\w’'-]{0,30}+(?:[ ]++[A-Z][\w’'-]{0,30}+){1,2}+))?"
)
_OPENING_NAME = re.compile(r"(?P<name>[A-Z][\w’'-]{0,30}+(?:[ ]++[A-Z][\w’'-]{0,30}+){1,2}+)[ ,]")
# A diary entry's date heading on a line of its own: "Monday 9 March", "9 March 2026",
# "Tuesday, March 17".
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_ENTRY_DATE = re.compile(
    r"[ \t]*+(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?[ ]++)?"
    rf"(?:\d{{1,2}}+[ ]++{_MONTH}|{_MONTH}[ ]++\d{{1,2}}+)(?:,?[ ]++\d{{4}}+)?[ \t]*+"
)
# How many paragraphs after its announcement a diary's first entry may start.
_DIARY_REACH = 3


def _diary_parts(body: str, lines: list[tuple[int, int]]) -> list[tuple[int, int, str, int]]:
    """A diary's entries printed under the introduction that announces them: from its first
    date heading to the first line that is neither an entry's sentences nor a date (a
    separator "---", the next part's heading "What the others say"), the writer's."""
    parts: list[tuple[int, int, str, int]] = []
    for index, (start, end) in enumerate(lines):
        announced = _DIARY_ANNOUNCED.search(body, start, end)
        if announced is None:
            continue
        if announced["of"]:
            author, at = announced["of"], announced.start("of")
        else:
            opening = _OPENING_NAME.match(body, start, end)
            if opening is None:
                continue
            author, at = opening["name"], start
        first = next(
            (
                i
                for i in range(index + 1, min(index + 1 + _DIARY_REACH, len(lines)))
                if _ENTRY_DATE.fullmatch(body, *lines[i])
            ),
            None,
        )
        if first is None:
            continue
        last = first
        while last + 1 < len(lines) and (
            _ENTRY_DATE.fullmatch(body, *lines[last + 1])
            or body[lines[last + 1][1] - 1] in '.!?”"’'
        ):
            last += 1
        parts.append((lines[first][0], lines[last][1], author, at))
    return parts


# An introduction announcing an extract of a writer's own book printed below it ("an extract
# from "Title", the memoirs of the late Colonel Ana Roe"): the writer, after "of".
_EXTRACT_ANNOUNCED = re.compile(
    r"\b(?:extracts?|excerpts?)[ ]++from[ ]++[^\n]{0,160}?\b(?:memoirs?|autobiography|book|"
    r"diary|diaries|journal|notebook|letters?)[ ]++of[ ]++(?:[a-z]{1,20}+[ ]++){0,2}+"
    r"(?P<of>[A-Z][\w’'-]{0,30}+(?:[ ]++[A-Z][\w’'-]{0,30}+){1,3}+)"
)
# How many lines under its announcement an extract's heading may be, and how long it runs.
_EXTRACT_REACH, _EXTRACT_LINES = 2, 40


def _extract_parts(body: str, lines: list[tuple[int, int]]) -> list[tuple[int, int, str, int]]:
    """A book's extract printed under its own heading in capitals below the introduction
    naming its writer: from that heading to the next one ("THE ANSWERS"), the writer's, as a
    letter is its signer's."""
    parts: list[tuple[int, int, str, int]] = []
    for index, (start, end) in enumerate(lines):
        announced = _EXTRACT_ANNOUNCED.search(body, start, end)
        if announced is None:
            continue
        heading = next(
            (
                i
                for i in range(index + 1, min(index + 1 + _EXTRACT_REACH, len(lines)))
                if _CAPITALS_HEADING.fullmatch(body, *lines[i])
            ),
            None,
        )
        if heading is None or heading + 1 >= len(lines):
            continue
        last = heading + 1
        while (
            last + 1 < len(lines)
            and last - heading < _EXTRACT_LINES
            and not _CAPITALS_HEADING.fullmatch(body, *lines[last + 1])
        ):
            last += 1
        parts.append(
            (lines[heading + 1][0], lines[last][1], announced["of"], announced.start("of"))
        )
    return parts


# A deponent's or declarant's opening on a line of its own: "I, NAME, [of …,] make oath and say",
# "… solemnly and sincerely declare", "… state as follows:"; the name is up to its first comma.
_DEPONENT = re.compile(
    r"[ \t]*+I,[ ]++(?P<name>[A-Z][\w.’'-]{0,30}+(?:[ ]++[A-Z][\w.’'-]{0,30}+){1,3}+),"
    r"[^\n]{0,300}?\b(?:make[ ]++oath|swear|affirm|declare|state|say)\b"
    r"[^\n:.]{0,40}+[:.][ \t]*+"
)
# A numbered paragraph ("1. …", "(2) …", "3) …") and a statement of truth closing the paragraphs,
# the deponent's formality rather than a claim ("The facts stated in this declaration are true").
_NUMBERED_LINE = re.compile(r"[ \t]*+(?:\d{1,3}+[.)]|\(\d{1,3}+\))[ \t]")
_TRUTH = re.compile(
    r"[^\n]{0,80}?\b(?:contents|facts)[ ]++(?:of|stated[ ]++in|set[ ]++out[ ]++in)[ ]++this[ ]++"
    r"(?:affidavit|statement|declaration|witness[ ]++statement)[ ]++(?:is|are)[ ]++true"
)


def _sworn_parts(body: str, lines: list[tuple[int, int]]) -> list[tuple[int, int, str, int]]:
    """A sworn statement's numbered paragraphs under its deponent's opening line, the
    deponent's, to the first line that is no numbered paragraph (the jurat, the next heading)
    or to its statement of truth."""
    parts: list[tuple[int, int, str, int]] = []
    for index, line in enumerate(lines):
        opening = _DEPONENT.fullmatch(body, *line)
        if opening is None:
            continue
        last = index
        while (
            last + 1 < len(lines)
            and _NUMBERED_LINE.match(body, *lines[last + 1])
            and not _TRUTH.match(body, lines[last + 1][0], lines[last + 1][1])
        ):
            last += 1
        if last > index:
            parts.append(
                (lines[index + 1][0], lines[last][1], opening["name"], opening.start("name"))
            )
    return parts


# A signature on a line of its own after a dash ("- Ana Roe, chief executive, Acme"), and a
# paragraph opening a quotation: a statement printed in quotation marks over it, the signer's.
_DASH_SIGNATURE = re.compile(r"[ \t]*+[-–—][ \t]*+(?P<name>[A-Z][^\n“”\"]{1,160}+)")
_OPENS_QUOTED = re.compile(r"[ \t]*+[“\"]")
# How many paragraphs such a statement may run over its signature.
_SIGNED_PARAGRAPHS = 30


def _signed_quotations(body: str, lines: list[tuple[int, int]]) -> list[tuple[int, int, str, int]]:
    """A statement printed in quotation marks, each paragraph opening with one, with its
    signer's dash line under it: the signer's, whatever its sentences' subjects."""
    parts: list[tuple[int, int, str, int]] = []
    for index, line in enumerate(lines):
        signature = _DASH_SIGNATURE.fullmatch(body, *line)
        if signature is None or index == 0 or body[lines[index - 1][1] - 1] not in '”"':
            continue
        first = index
        while (
            first > 0
            and index - first < _SIGNED_PARAGRAPHS
            and _OPENS_QUOTED.match(body, *lines[first - 1])
        ):
            first -= 1
        if first < index:
            name = signature["name"].strip()
            parts.append((lines[first][0], lines[index - 1][1], name, signature.start("name")))
    return parts


# A letters page's writer's line, on a line of its own over the letter ("From the harbour
# board", "From a reader in Orvan"), and the signature closing the letter: a name, a role and
# a place with no closing stop ("Dr. Ana Roe, Orvan"), under a paragraph ending on one.
_WRITER_LINE = re.compile(r"[ \t]*+From[ ]++(?P<writer>(?:the|a|an|[A-Z])[^\n:.!?“”\"]{1,100}+)")
_PAGE_SIGNATURE = re.compile(r"[ \t]*+[A-Z][^\n!?:;“”\"]{1,120}+(?<![.,])")
# A signature withholding the writer's name ("Name and address withheld", "Name withheld"): the
# writer's line above names them instead.
_WITHHELD = re.compile(r"[ \t]*+Name[ ]++(?:and[ ]++\w{1,12}+[ ]++)?withheld\b")
# How many lines a letter on a letters page may run, and how many letters make a page.
_PAGE_LETTER_LINES, _PAGE_LETTERS = 30, 2


def _letters_page_parts(body: str, lines: list[tuple[int, int]]) -> list[tuple[int, int, str, int]]:
    """A letters page's letters, printed one after another, each under its writer's line and
    closed by its signature: from the line under the writer's to the paragraph over the
    signature, the signer's (the writer's line's, when the signature withholds the name). A
    page has two letters at least: a lone "From …" line over a chapter is no letter."""
    parts: list[tuple[int, int, str, int]] = []
    for index, line in enumerate(lines):
        writer = _WRITER_LINE.fullmatch(body, *line)
        if writer is None:
            continue
        reach = min(len(lines), index + _PAGE_LETTER_LINES)
        for below in range(index + 2, reach):
            if _WRITER_LINE.fullmatch(body, *lines[below]):
                break
            start, end = lines[below]
            if body[lines[below - 1][1] - 1] in '.!?”"’' and _PAGE_SIGNATURE.fullmatch(
                body, start, end
            ):
                if _WITHHELD.match(body, start, end):
                    author, at = writer["writer"].strip(), writer.start("writer")
                else:
                    author, at = body[start:end].strip(), start
                parts.append((lines[index + 1][0], lines[below - 1][1], author, at))
                break
    return parts if len(parts) >= _PAGE_LETTERS else []


# An introduction announcing a document printed in full below it ("we publish the bulletin in
# full", "the full text of the communiqué"), and the document's title under it naming its issuer
# before a dash, in capitals ("4TH DIVISION - BULLETIN No. 7").
_IN_FULL = re.compile(r"[^\n]{0,600}?\b(?:in[ ]++full|full[ ]++text)\b")
_ISSUER_TITLE = re.compile(
    r"[ \t]*+(?P<issuer>[A-Z0-9][A-Z0-9&’'.]{0,30}+(?:[ ]++[A-Z0-9&’'.]{1,30}+){0,6}+)"
    r"[ ]++[-–—][ ]++(?P<title>[A-Z][A-Za-z0-9&’'.,/ -]{2,100}+)"
)
# How many lines under its announcement the title may be, how many lowercase letters it may
# have ("No."), and how long the document runs.
_TITLE_REACH, _TITLE_LOWER, _IN_FULL_LINES = 2, 4, 40
_ORDINAL = re.compile(r"(?<=\d)(?:St|Nd|Rd|Th)\b")


def _printed_in_full_parts(
    body: str, lines: list[tuple[int, int]]
) -> list[tuple[int, int, str, int]]:
    """A document printed in full under an introduction announcing it: from under its title,
    which names its issuer before a dash, to the next heading in capitals ("ENDS", "THE
    ANSWERS"), the issuer's, as a letter's lines are its signer's."""
    parts: list[tuple[int, int, str, int]] = []
    starts: set[int] = set()  # (a headline and its introduction may both announce it)
    for index, (start, end) in enumerate(lines):
        if _IN_FULL.match(body, start, end) is None:
            continue
        for below in range(index + 1, min(len(lines), index + 1 + _TITLE_REACH)):
            title = _ISSUER_TITLE.fullmatch(body, *lines[below])
            if title is None or sum(c.islower() for c in title["title"]) > _TITLE_LOWER:
                continue
            last = below
            while (
                last + 1 < len(lines)
                and last - below < _IN_FULL_LINES
                and not _CAPITALS_HEADING.fullmatch(body, *lines[last + 1])
            ):
                last += 1
            if last > below and lines[below + 1][0] not in starts:
                starts.add(lines[below + 1][0])
                # (An ordinal keeps its suffix small: "4TH DIVISION" is the 4th Division.)
                issuer = _ORDINAL.sub(lambda m: m[0].lower(), from_capitals(title["issuer"]))
                parts.append((lines[below + 1][0], lines[last][1], issuer, title.start("issuer")))
            break
    return parts


@functools.lru_cache(maxsize=4)
def authored_parts(body: str) -> tuple[tuple[int, int, str, int], ...]:
    """The parts of `body` whose author their frame names, in order: (start, end, the author's
    words, where they are). An email's or a memo's body runs from its header to the next
    header or its sign-off; the last one, to the first paragraph after its first that speaks
    in no first or second person. A letter runs from its salutation to its sign-off."""
    lines = nonblank_lines(body)
    parts: list[tuple[int, int, str, int]] = []
    headers = _header_blocks(body, lines)
    covered = [False] * len(lines)  # the lines of an email's or a memo's body
    for number, (_, last, author, at) in enumerate(headers):
        first = last + 1
        if first >= len(lines):
            continue
        following = headers[number + 1][0] if number + 1 < len(headers) else len(lines)
        signed = _signed_at(body, lines, first, following)
        if signed is not None:
            end = signed
        elif number + 1 < len(headers):
            end = following
        else:
            end = first + 1
            while end < len(lines) and _voiced(body, lines[end]):
                end += 1
        if end > first:
            parts.append((lines[first][0], lines[end - 1][1], author, at))
            covered[first:end] = [True] * (end - first)
    for index, line in enumerate(lines):
        if covered[index] or not _SALUTATION.match(body, *line):
            continue
        reach = min(len(lines), index + _LETTER_LINES)
        signed = _signed_at(body, lines, index, reach)
        if signed is not None and signed > index:
            author, at = _signature(body, lines, signed)
            if author:
                parts.append((line[0], lines[signed - 1][1], author, at))
            continue
        # (No sign-off: the signature alone closes it, "+ Ana Roe, Bishop of Orvan".)
        below = _signed_below(body, lines, index, reach)
        if below is not None:
            start, end = lines[below]
            mark = _SIGNED_MARK.match(body, start, end)
            at = mark.end() if mark is not None else start
            author = body[at:end].strip()
            if author:
                parts.append((line[0], lines[below - 1][1], author, at))
    parts.extend(_diary_parts(body, lines))
    parts.extend(_extract_parts(body, lines))
    parts.extend(_sworn_parts(body, lines))
    parts.extend(_signed_quotations(body, lines))
    parts.extend(_letters_page_parts(body, lines))
    parts.extend(_printed_in_full_parts(body, lines))
    return tuple(sorted(parts))


@functools.lru_cache(maxsize=4)
def header_lines(body: str) -> frozenset[int]:
    """Where the header lines of `body`'s emails and memos start: nobody's claims."""
    lines = nonblank_lines(body)
    return frozenset(
        lines[index][0]
        for first, last, _, _ in _header_blocks(body, lines)
        for index in range(first, last + 1)
    )


def part_author(body: str, position: int) -> tuple[str, int] | None:
    """The author of the email, memo or letter holding `position`, as its header or its
    signature names them (with the role and organisation it gives), and where they are named;
    None outside such a part."""
    parts = authored_parts(body)
    index = bisect.bisect_right(parts, position, key=lambda part: part[0]) - 1
    if index < 0 or position >= parts[index][1]:
        return None
    return parts[index][2], parts[index][3]


# A question standing as a paragraph of its own ("Has anyone been hurt?"): a page's heading for
# the answer under it, unlabelled and unquoted.
_QUESTION_LINE = re.compile(r"[ \t]*+[A-Z][^\n“”\":?]{2,150}+\?[ \t]*+")
# How many questions make a questions-and-answers page, and how many paragraphs an answer
# runs under its question.
_PAGE_QUESTIONS, _ANSWER_LINES = 3, 3


@functools.lru_cache(maxsize=4)
def _question_page(body: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...]]:
    """A questions-and-answers page's non-empty lines and which of them are its questions (none
    if it has fewer than three), read once per text: every sentence of it asks."""
    lines = tuple(nonblank_lines(body))
    found = tuple(i for i, line in enumerate(lines) if _QUESTION_LINE.fullmatch(body, *line))
    return (lines, found) if len(found) >= _PAGE_QUESTIONS else ((), ())


def answers_a_question(body: str, position: int) -> bool:
    """Whether `position` is in an answer under one of a questions-and-answers page's questions:
    one of the few paragraphs after it, before the next question."""
    lines, questions = _question_page(body)
    if not questions:
        return False
    index = bisect.bisect_right(lines, position, key=lambda line: line[0]) - 1
    asked = bisect.bisect_right(questions, index) - 1
    return asked >= 0 and 0 < index - questions[asked] <= _ANSWER_LINES
