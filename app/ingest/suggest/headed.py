"""A printed text's part whose author a line above it or a label before each item names, with no
verb of saying: a spokesman's remarks under "Briefing by <role>, <name>", a channel's or an
operator's numbered or timed items under a "Source: <channel>" line or a "<body>: <what>"
heading ("Post 2 (09:10): …", "Update 4, 21:40: …"), a chat's messages each after its time and
its sender ("[21:05] Ana: …", "Ana (21:05): …"), a radio log's lines each after its time and
its call sign ("21:04:10 OSPREY-3: …"). Every whole statement of such a part is its
author's claim, unless the sentence names its own source; the heading lines and the labels are
nobody's words."""

import bisect
import functools
import re

from app.ingest.suggest.letters import nonblank_lines

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
# The name a "Source:" value gives: the one in quotation marks ('Telegram channel "X"'), else
# the words before its first comma.
_QUOTED_NAME = re.compile(r"[“\"](?P<name>[^”\"\n]{1,60}+)[”\"]")
# A line that ends a part: a short line of its own with no sentence's end (a heading).
_HEADING_WORDS = 10
# A description in square brackets opening an item ("[A photograph of …]"): the outlet's words.
_DESCRIPTION = re.compile(r"[ \t]*+\[[^\]\n]{0,400}+\][ \t]*+")
_SENTENCE_END = re.compile(r"[.!?][”\"’)]*+[ \t]*+$")


def _author_line(body: str, line: tuple[int, int]) -> tuple[str, int, bool] | None:
    """The author a line above a part names, where they are, and whether all the part's
    paragraphs are theirs (under a briefing's or a speech's line) or only its labelled items."""
    text = body[line[0] : line[1]]
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
    what = _WHAT_LINE.fullmatch(text)
    if what is not None and len(what["what"].split()) <= 4:
        return what["value"].strip(), line[0] + what.start("value"), False
    return None


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
        run = index + 1
        found: list[tuple[int, int, str, int]] = []
        labelled = 0
        while run < len(lines) and _author_line(body, lines[run]) is None:
            label = _item_label(body, lines[run])
            if label is None and (not whole or _heading(body, lines[run])):
                break
            labelled += label is not None
            start = label.end() if label is not None else lines[run][0]
            described = _DESCRIPTION.match(body, start, lines[run][1])
            start = described.end() if described is not None else start
            if start < lines[run][1]:
                found.append((start, lines[run][1], name, at))
            run += 1
        if whole or labelled >= 2:
            parts.extend(found)
        index = max(run, index + 1)
    return tuple(sorted(parts))


@functools.lru_cache(maxsize=4)
def heading_lines(body: str) -> frozenset[int]:
    """Where the lines naming a part's author start: nobody's claims."""
    lines = nonblank_lines(body)
    parts = headed_parts(body)
    starts = sorted(part[0] for part in parts)
    found: set[int] = set()
    for index, line in enumerate(lines[:-1]):
        following = lines[index + 1]
        at = bisect.bisect_left(starts, following[0])
        if at < len(starts) and starts[at] < following[1] and _author_line(body, line) is not None:
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
