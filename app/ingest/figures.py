"""Figures in claim text: numbers and ranges with their qualifier and what they count.

"at least 150 civilians" → low 150, qualifier "at least", counts civilians;
"some 100,000 to 150,000 civilians may flee" → 100000–150000, "some", displaced.

Spelled-out numbers ("thirty-five", "one hundred and twenty") are converted by text2num, a
maintained Rust-backed library; this module adds what it does not cover: digit groups, decimals
with a scale word ("1.2 million"), "dozen", "half a million", ranges and the counted noun.
Vague plurals ("dozens of", "thousands of") are orders of magnitude, not figures, and are skipped.
"""

import re
from dataclasses import dataclass

from text_to_num import text2num

from app.vocabulary import FigureCounts


@dataclass(frozen=True, slots=True)
class FigureSuggestion:
    low: int
    high: int | None
    # "at least", "more than", "nearly", … as written (lower-cased), or "" for an exact figure.
    qualifier: str
    counts: str  # a FigureCounts value
    # The words as written, from the qualifier to the counted noun: "at least 150 civilians".
    text: str
    # Character offsets of `text` in the string that was parsed (plus the caller's offset).
    start: int
    end: int


def _words(text: str) -> list[str]:
    return text.split()


_UNITS = _words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_TENS = _words("twenty thirty forty fifty sixty seventy eighty ninety")
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

_WORD = r"(?:" + "|".join(_UNITS + _TENS) + r")"
# A spelled-out number: "seven", "thirty-five", "one hundred and twenty", "fifteen hundred".
_SPELLED = (
    rf"{_WORD}(?:[\s-]+(?:and\s+)?(?:{_WORD}|hundred|thousand|million|billion))*"
    r"|(?:a\s+)?(?:hundred|thousand|million|billion)"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# One number: digits or words, optionally with "dozen" or a scale word after it.
_NUMBER = (
    rf"(?:half\s+a\s+(?:million|billion|dozen)"
    rf"|(?:{_DIGITS}|{_SPELLED}|a)\s+dozen"
    rf"|(?:{_DIGITS})(?:\s+(?:million|billion|thousand))?"
    rf"|{_SPELLED})"
)
_QUALIFIERS = (
    "at least",
    "at most",
    "more than",
    "over",
    "upwards of",
    "nearly",
    "almost",
    "close to",
    "up to",
    "as many as",
    "around",
    "about",
    "some",
    "roughly",
    "approximately",
    "an estimated",
    "estimated",
    "fewer than",
    "less than",
    "under",
)
_QUALIFIER = "|".join(q.replace(" ", r"\s+") for q in _QUALIFIERS)

_FIGURE = re.compile(
    rf"(?<![\w$€£.,-])(?:(?P<qual>{_QUALIFIER})\s+)?"
    rf"(?:between\s+|from\s+)?(?P<low>{_NUMBER})"
    rf"(?:\s*(?:to|and|-|–)\s*(?P<high>{_NUMBER}))?"
    r"(?![\w-]|,\d|\.\d)",
    re.IGNORECASE,
)

# What follows a number that makes it not a count: dates, times, durations, measures, rates.
_NOT_A_COUNT = re.compile(
    r"\s*(?:%|per\s*cent|percent|times\b|a\.m\.|p\.m\.|o'clock|"
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b|"
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|centuries)\b|"
    r"(?:miles?|kilomet(?:re|er)s?|km|metres?|meters?|feet|foot|inches|tonnes?|tons?|kg|"
    r"kilograms?|grams?|milligrams?|litres?|liters?|gallons?|barrels?|cubic|square|hectares?|"
    r"acres?|degrees?|dollars?|euros?|pounds?|percentage)\b)",
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s*$",
    re.IGNORECASE,
)

# Words that end the noun phrase after a number.
_NP_STOP = set(
    _words(
        "were was are is be been being have has had will would could may might can must "
        "and or but to in on at of for by from since with without into onto over under "
        "who whom which that than as per a an the this these those it they he she we"
    )
)
_NP_WORD = re.compile(r"\s+([A-Za-z][\w’'-]*)")
_PARTITIVE = re.compile(r"\s+of\s+(?:them|whom|those|these)\b", re.IGNORECASE)

_NOUN_COUNTS: dict[str, str] = {}
for _counts, _nouns in {
    FigureCounts.civilians: "civilian civilians noncombatants non-combatants",
    FigureCounts.children: "child children minors kids boys girls infants babies",
    FigureCounts.fighters: (
        "fighter fighters rebel rebels militant militants soldier soldiers troops combatants "
        "insurgents jihadists gunmen militiamen servicemen"
    ),
    FigureCounts.killed: "dead killed bodies fatalities deaths corpses",
    FigureCounts.injured: "injured wounded injuries",
    FigureCounts.displaced: "refugees displaced evacuees asylum-seekers",
    FigureCounts.facilities: (
        "hospital hospitals clinic clinics school schools centre centres center centers "
        "facilities facility mosques churches markets bakeries homes houses buildings "
        "shelters"
    ),
    FigureCounts.strikes: (
        "strike strikes airstrike airstrikes air raids raid sorties shells rockets "
        "missiles bombs barrels attacks"
    ),
}.items():
    for _noun in _words(_nouns):
        _NOUN_COUNTS[_noun] = _counts

# Nouns for people in general: what they count comes from the verb around them.
_PEOPLE = set(
    _words(
        "people persons person others individuals residents inhabitants villagers men women "
        "families households workers patients victims demonstrators protesters detainees "
        "prisoners migrants passengers pilgrims worshippers students staff employees members "
        "citizens nationals colleagues officers policemen guards journalists "
        "doctors nurses medics"
    )
)

# Verbs and phrases near the figure that say what happened to those counted.
_CONTEXT_COUNTS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"\b(?:rescued|saved|pulled\s+(?:out\s+)?alive|evacuated\s+alive)\b", re.IGNORECASE
        ),
        FigureCounts.rescued,
    ),
    (
        re.compile(r"\b(?:injur\w*|wound\w*|hurt|maimed|burns)\b", re.IGNORECASE),
        FigureCounts.injured,
    ),
    (
        re.compile(
            r"\b(?:displaced|fled|flee\w*|forced\s+(?:to\s+leave|from|out)|uprooted|homeless|"
            r"evacuated|arrived\s+in\s+camps|in\s+camps|sheltering|refugees)\b",
            re.IGNORECASE,
        ),
        FigureCounts.displaced,
    ),
    (
        re.compile(r"\b(?:besieged|under\s+siege|trapped|encircled)\b", re.IGNORECASE),
        FigureCounts.besieged,
    ),
    (
        re.compile(
            r"\b(?:kill\w*|died|dead|die|deaths?|massacred|executed|lost\s+their\s+lives|"
            r"bodies|death\s+toll|toll)\b",
            re.IGNORECASE,
        ),
        FigureCounts.killed,
    ),
]
_OUTCOMES = {FigureCounts.rescued, FigureCounts.injured, FigureCounts.displaced}


def parse_number(words: str) -> int | None:
    """The value of one number as written: "300,000", "1.2 million", "two dozen",
    "half a million", "thirty-five"; None when it is not a number."""
    text = " ".join(words.lower().replace("-", " ").split())
    if not text:
        return None
    if text.startswith("half a "):
        whole = parse_number("a " + text[len("half a ") :])
        return None if whole is None else whole // 2
    if text.endswith(" dozen"):
        base = parse_number(text[: -len(" dozen")])
        return None if base is None else base * 12
    if text == "a":
        return 1
    if text.startswith("a "):
        text = "one " + text[2:]
    head, _, scale = text.rpartition(" ")
    if scale in _SCALES and head and head[0].isdigit():
        value = _digits(head)
        return None if value is None else round(value * _SCALES[scale])
    if text[0].isdigit():
        value = _digits(text)
        return None if value is None or value != int(value) else int(value)
    try:
        return text2num(text, "en")
    except ValueError:
        return None


def _digits(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def figure_counts(noun: str, context: str = "", at: int = 0) -> str:
    """What a figure counts, from its noun ("civilians") and the nearest outcome word in the
    words around it ("rescued"); `at` is where the figure stands in `context`."""
    counted = _is_counted_noun(noun)
    noun = noun.lower().strip("’'")
    by_noun = _NOUN_COUNTS.get(noun)
    by_context = _nearest_outcome(context, at)
    if by_noun in (FigureCounts.civilians, FigureCounts.children, FigureCounts.fighters):
        # Civilians rescued or displaced are counted as such; civilians killed as civilians.
        return by_context if by_context in _OUTCOMES else by_noun
    if by_noun is not None:
        return by_noun
    if counted or noun in ("them", "whom", "those", "these"):
        return by_context or FigureCounts.other
    return FigureCounts.other


def _nearest_outcome(context: str, at: int) -> str | None:
    # The nearest word wins: "killed at least 150 civilians and injured dozens" → killed.
    best: tuple[int, str] | None = None
    for pattern, counts in _CONTEXT_COUNTS:
        for match in pattern.finditer(context):
            distance = at - match.end() if match.end() <= at else max(0, match.start() - at)
            if best is None or distance < best[0]:
                best = (distance, counts)
    return None if best is None else best[1]


def parse_figures(text: str, offset: int = 0) -> list[FigureSuggestion]:
    """Every figure in `text` that counts something, in text order."""
    figures: list[FigureSuggestion] = []
    for match in _FIGURE.finditer(text):
        figure = _figure(text, match, offset)
        if figure is not None:
            figures.append(figure)
    return figures


def _figure(text: str, match: re.Match[str], offset: int) -> FigureSuggestion | None:
    low_text, high_text = match["low"], match["high"]
    low = parse_number(low_text)
    high = parse_number(high_text) if high_text else None
    if low is None or (high_text and high is None):
        return None
    if high is not None and high < low:
        # "14 or 15", "5-3": not a range of one count.
        return None
    after = text[match.end() : match.end() + 40]
    before = text[max(0, match.start() - 12) : match.start()]
    qualifier = " ".join((match["qual"] or "").lower().split())
    if _NOT_A_COUNT.match(after) or _MONTH_BEFORE.search(before):
        return None
    if low == 1 and high is None and not qualifier:
        return None  # "one of the deadliest", "a man": not a figure
    if _is_year(low_text) and high is None and not qualifier:
        return None
    # A number right after a capitalised word is a label ("Route 6", "Article 5").
    previous = re.search(r"([A-Z][a-z]+)\s+$", before)
    if previous and match["qual"] is None and previous[1] not in ("Some", "About", "Over"):
        return None
    noun_span = _counted_noun(text, match.end())
    if noun_span is None:
        return None
    noun, end = noun_span
    return FigureSuggestion(
        low=low,
        high=high,
        qualifier=qualifier,
        counts=figure_counts(noun, *_context(text, match.start(), end)),
        text=text[match.start() : end],
        start=offset + match.start(),
        end=offset + end,
    )


def _counted_noun(text: str, position: int) -> tuple[str, int] | None:
    """The head noun after a number and where the figure's words end: up to three words up
    to a function word or punctuation; the first word known to name people or things counted
    wins ("300,000 people living …" → people), else a plural, else the last word
    ("two A-10 attack aircraft" → aircraft)."""
    partitive = _PARTITIVE.match(text, position)
    if partitive:
        return "them", partitive.end()
    words: list[tuple[str, int]] = []
    while len(words) < 3:
        match = _NP_WORD.match(text, position)
        if match is None or match[1].lower() in _NP_STOP:
            break
        words.append((match[1], match.end()))
        position = match.end()
    if not words:
        return None
    for word, end in words:
        if _is_counted_noun(word):
            return word, end
    for word, end in words:
        if re.search(r"[a-z]s$", word) and not word.endswith(("ss", "us")):
            return word, end
    # Participles and adverbs after the noun are not part of it ("one exit secured").
    while words and words[-1][0].endswith(("ed", "ing", "ly")) and len(words) > 1:
        words.pop()
    if words[-1][0].endswith("ing"):
        return None
    return words[-1]


def _is_counted_noun(word: str) -> bool:
    lower = word.lower()
    # Plural demonyms ("Syrians", "Sudanese") count people.
    demonym = word[0].isupper() and re.search(r"(?:ans|ese|is)$", word) is not None
    return lower in _NOUN_COUNTS or lower in _PEOPLE or demonym


def _context(text: str, start: int, end: int) -> tuple[str, int]:
    """The words around a figure (within its sentence) and where the figure starts in them."""
    left = max(0, start - 40)
    return text[left : min(len(text), end + 80)], start - left


def _is_year(number: str) -> bool:
    return bool(re.fullmatch(r"1[89]\d\d|20\d\d", number))
