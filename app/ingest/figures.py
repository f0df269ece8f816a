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

_FIGURE_BODY = (
    rf"(?:(?P<qual>{_QUALIFIER})\s+)?"
    rf"(?:between\s+|from\s+)?(?P<low>{_NUMBER})"
    rf"(?:\s*(?:to|and|-|–)\s*(?P<high>{_NUMBER}))?"
    r"(?![\w-]|,\d|\.\d)"
)
_FIGURE = re.compile(r"(?<![\w$€£.,-])" + _FIGURE_BODY, re.IGNORECASE)
# A claim's figures read sums after a currency sign too ("$75,000").
_WIDE_FIGURE = re.compile(r"(?<![\w.,-])" + _FIGURE_BODY, re.IGNORECASE)
_TWICE = re.compile(r"\btwice\b", re.IGNORECASE)

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
# Read wide, words of time and linking words end the noun phrase too ("climbed to 33 after …").
_WIDE_NP_STOP = _NP_STOP | set(
    _words(
        "after before since during when while where because if until yesterday today "
        "tonight last next then also still now so not all both each"
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

# What a claim's figures read besides (claim_figures): the kinds and sides read tolls with the
# lists above, and these widen only the figures a suggestion carries.
_WIDE_NOUN_COUNTS: dict[str, str] = dict(_NOUN_COUNTS)
for _counts, _nouns in {
    FigureCounts.children: (
        "pupils schoolchildren students teenagers newborns toddlers daughters sons boy girl "
        "baby infant"
    ),
    FigureCounts.fighters: (
        "terrorists kidnappers attackers personnel guerrillas paramilitaries mercenaries conscripts"
    ),
    FigureCounts.killed: "graves lives",
    FigureCounts.rescued: "survivors",
    FigureCounts.displaced: "arrivals",
    FigureCounts.facilities: (
        "villages towns neighbourhoods substations stations shops stalls stores warehouses "
        "blocks factories plants silos depots"
    ),
    FigureCounts.strikes: (
        "explosions blasts rounds drones impacts launches shots shootings craters munitions "
        "submunitions projectiles grenades mortars shellings incursions"
    ),
}.items():
    for _noun in _words(_nouns):
        _WIDE_NOUN_COUNTS[_noun] = _counts

_WIDE_PEOPLE = (_PEOPLE - {"students"}) | set(
    _words(
        "sailors seamen inmates fans passers-by drivers fishermen farmers shepherds herdsmen "
        "herders crewmen crew dockers volunteers gendarmes miners labourers peacekeepers "
        "engineers teachers paramedics relatives more cases names"
    )
)

_WIDE_CONTEXT_COUNTS: list[tuple[re.Pattern[str], str]] = [
    (
        # Those missing or held are counted as neither dead nor hurt.
        re.compile(r"\b(?:missing|unaccounted|detained|arrested)\b", re.IGNORECASE),
        FigureCounts.other,
    ),
    (
        re.compile(r"\b(?:alive|to\s+safety)\b", re.IGNORECASE),
        FigureCounts.rescued,
    ),
    (
        re.compile(
            r"\b(?:treated|hospitali[sz]ed|admitted|intensive\s+care|beaten|taken\s+to\s+"
            r"hospital|in\s+hospital)\b",
            re.IGNORECASE,
        ),
        FigureCounts.injured,
    ),
    (
        re.compile(
            r"\b(?:relocated|from\s+their\s+homes|crossed\s+into|evacuation|(?:have|has|had)\s+"
            r"left|moved\s+to|been\s+moved|living\s+with\s+relatives)\b",
            re.IGNORECASE,
        ),
        FigureCounts.displaced,
    ),
    (
        re.compile(r"\b(?:surrounded|remain\w*\s+inside)\b", re.IGNORECASE),
        FigureCounts.besieged,
    ),
    (
        re.compile(r"\b(?:drown\w*|buried|perished|shot\s+dead)\b", re.IGNORECASE),
        FigureCounts.killed,
    ),
    *_CONTEXT_COUNTS,
]


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


def figure_counts(noun: str, context: str = "", at: int = 0, *, wide: bool = False) -> str:
    """What a figure counts, from its noun ("civilians") and the nearest outcome word in the
    words around it ("rescued"); `at` is where the figure stands in `context`. `wide` reads
    the longer lists a claim's figures are read with (claim_figures)."""
    counted = _is_counted_noun(noun, wide=wide)
    noun = noun.lower().strip("’'")
    by_noun = (_WIDE_NOUN_COUNTS if wide else _NOUN_COUNTS).get(noun)
    by_context = _nearest_outcome(context, at, wide=wide)
    if wide and by_noun == FigureCounts.children:
        # Children are counted as children whatever befell them ("20 hurt, five of them
        # children").
        return by_noun
    if by_noun in (FigureCounts.civilians, FigureCounts.children, FigureCounts.fighters):
        # Civilians rescued or displaced are counted as such; civilians killed as civilians.
        return by_context if by_context in _OUTCOMES else by_noun
    if by_noun is not None:
        return by_noun
    if wide and noun in ("patients", "casualties"):
        return by_context or FigureCounts.injured
    if counted or noun in ("them", "whom", "those", "these"):
        return by_context or FigureCounts.other
    return FigureCounts.other


def _nearest_outcome(context: str, at: int, *, wide: bool = False) -> str | None:
    # The nearest word wins: "killed at least 150 civilians and injured dozens" → killed.
    best: tuple[int, str] | None = None
    for pattern, counts in _WIDE_CONTEXT_COUNTS if wide else _CONTEXT_COUNTS:
        for match in pattern.finditer(context):
            distance = at - match.end() if match.end() <= at else max(0, match.start() - at)
            if best is None or distance < best[0]:
                best = (distance, counts)
    return None if best is None else best[1]


def parse_figures(text: str, offset: int = 0) -> list[FigureSuggestion]:
    """Every figure in `text` that counts people or things, in text order: the tolls and
    counts the kinds and sides read."""
    return _read(text, offset, wide=False)


def claim_figures(text: str, offset: int = 0) -> list[FigureSuggestion]:
    """Every figure a claim states, in text order: what parse_figures reads, with longer lists
    of counted nouns and outcome words, and besides it a part of a group ("seven of the injured"),
    a number whose noun is left out ("35 were hurt", "injuring 21", "the toll climbed to 33"),
    sums of money, shares ("13 per cent"), quantities ("75 tonnes") and repeats ("six
    times"). The text is read in bounded pieces: at most _MAX_TEXT characters."""
    return _read(text[:_MAX_TEXT], offset, wide=True)


_MAX_TEXT = 5_000


def _read(text: str, offset: int, *, wide: bool) -> list[FigureSuggestion]:
    figures: list[FigureSuggestion] = []
    for match in (_WIDE_FIGURE if wide else _FIGURE).finditer(text):
        figure = _figure(text, match, offset, wide=wide)
        if figure is not None:
            figures.append(figure)
    if wide:
        figures.extend(_aged_ones(text, offset))
        figures.extend(_ordinals(text, offset))
        # "raided twice": a repeat, as "two times" is.
        for match in _TWICE.finditer(text):
            counts = _repeat_counts(text, match.start(), match[0])
            figures.append(_suggestion(match, 2, None, "", counts, text, match.end(), offset))
        figures.sort(key=lambda figure: figure.start)
    return figures


def _aged_ones(text: str, offset: int) -> list[FigureSuggestion]:
    """ "a 13-year-old son": one child (under eighteen)."""
    return [
        _suggestion(match, 1, None, "", FigureCounts.children, text, match.end(), offset)
        for match in _AGED_ONE.finditer(text)
        if int(match["age"]) < 18
    ]


def _ordinals(text: str, offset: int) -> list[FigureSuggestion]:
    """ "the fifth aid worker killed", "the sixth raid this month": a running count
    (the third and on), of what the words after it name."""
    figures = []
    for match in _ORDINAL.finditer(text):
        nth = match["nth"].lower()
        value = int(nth[:-2]) if nth[0].isdigit() else _ORDINALS[nth]
        if value < 3:
            continue
        after = text[match.end() : match.end() + 40]
        noun = _counted_noun(text, match.end(), wide=True)
        if _STRIKE_WORDS.match(after.lstrip()) or (
            noun is None and _STRIKE_WORDS.search(text[max(0, match.start() - 60) : match.start()])
        ):
            counts: str = FigureCounts.strikes
        elif noun is not None and noun[0].lower() in _SINGULAR_PEOPLE | _WIDE_PEOPLE:
            counts = _nearest_outcome(after, 0, wide=True) or FigureCounts.other
        else:
            counts = FigureCounts.other
        figures.append(_suggestion(match, value, None, "", counts, text, match.end(), offset))
    return figures


# After a number in a claim's figures: a sum, a share, a quantity or a repeat, counted as
# "other" ("5 million dollars", "13 per cent", "75 tonnes", "six times"); not "twice as
# many" nor "five times as many", a multiple.
_MEASURE = re.compile(
    r"\s*(?:%|per\s*cent\b|percent\b|times\b(?!\s+(?:as|more|less|higher|lower|the|a|an)\b)|"
    r"(?:dollars?|euros?|pounds?|crowns?|francs?|tonnes?|tons?|litres?|liters?|gallons?|"
    r"barrels?|hectares?|acres?|(?:cubic|square)\s+met(?:re|er)s?)\b)",
    re.IGNORECASE,
)
_CURRENCY_BEFORE = re.compile(r"[$€£]$")
# What a claim's figures still leave out: dates, times of day, durations, distances, weights
# of a person, temperatures read as measures are kept only when _MEASURE reads them.
_NOT_A_CLAIM_FIGURE = re.compile(
    r"\s*(?:times\b|a\.m\.|p\.m\.|o'clock|"
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b|"
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|centuries)\b|"
    r"(?:miles?|kilomet(?:re|er)s?|km|metres?|meters?|feet|foot|inches|kg|kilograms?|grams?|"
    r"milligrams?|mm|degrees?)\b)",
    re.IGNORECASE,
)
# "seven of the injured", "two of their medics", "6 of the town's 40 clinics".
_WIDE_PARTITIVE = re.compile(
    r"\s+of\s+(?:(?:the|its|our|their|his|her|my|your)\s+(?:[A-Za-z-]+['’]s\s+)?"
    r"(?:(?:\d{1,3}(?:,\d{3})+|\d+)\s+)?|(?:\d{1,3}(?:,\d{3})+|\d+)\s+)",
    re.IGNORECASE,
)
# A number whose noun is left out: a verb follows it ("35 were hurt", "13 had perished") or
# the sentence goes on without one ("injuring at least 8.").
_BARE_AFTER = re.compile(
    r"\s+(?:were|was|are|is|had|have|has|remain\w*|died|more)\b|\s*(?:[.,;:)\"”]|$)",
    re.IGNORECASE,
)
# … or a toll names it: "the toll climbed to 33", "the death toll at eight", "a toll of six".
_TOLL_BEFORE = re.compile(
    r"\b(?P<noun>tolls?|figures?|numbers?|totals?|counts?)\b(?:\s+[\w-]+){0,4}?\s+"
    r"(?:of|at|to)\s+$",
    re.IGNORECASE,
)
# … or a sentence about a toll or a count gives it as its value: "the number of people killed
# in the storm reached 48", "the count is six".
_COUNT_NOUN = re.compile(r"\b(?:tolls?|numbers?|figures?|counts?|totals?)\b", re.IGNORECASE)
_VALUE_BEFORE = re.compile(
    r"\b(?:rose|risen|climbed|reached|stood|stands|was|is|at|to)\s+$", re.IGNORECASE
)
# "a 13-year-old son": one child, when the age is under eighteen.
_AGED_ONE = re.compile(
    r"\b(?:an?|one)\s+(?P<age>\d{1,2})-year-old\s+(?:[a-z]+\s+)?"
    r"(?P<noun>boy|girl|child|son|daughter|grandson|granddaughter|pupil|student|apprentice)\b",
    re.IGNORECASE,
)
_ORDINALS = {
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
}
# "the fifth aid worker killed", "the sixth raid this month", "the 12th against the convoy".
_ORDINAL = re.compile(
    r"\bthe\s+(?P<nth>" + "|".join(_ORDINALS) + r"|\d{1,3}(?:st|nd|rd|th))\b",
    re.IGNORECASE,
)
_STRIKE_WORDS = re.compile(r"\b(?:strike|attack|raid|shelling|bombing)s?\b", re.IGNORECASE)

# A capitalised word before a number that is not a label ("Another five were hurt").
_NOT_A_LABEL = {"Some", "About", "Over", "Another", "Around", "Nearly", "Almost", "Only", "All"}


def _figure(
    text: str, match: re.Match[str], offset: int, *, wide: bool = False
) -> FigureSuggestion | None:
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
    measure = _MEASURE.match(after) if wide else None
    if wide and measure is None and _CURRENCY_BEFORE.search(before):
        measure = re.match(r"", after)
    if measure is None and (
        (_NOT_A_CLAIM_FIGURE if wide else _NOT_A_COUNT).match(after) or _MONTH_BEFORE.search(before)
    ):
        return None
    if low == 1 and high is None and not qualifier and not (wide and _one_counted(text, match)):
        return None  # "one of the deadliest", "a man": not a figure
    if _is_year(low_text) and high is None and not qualifier:
        return None
    # A number right after a capitalised word is a label ("Route 6", "Article 5").
    previous = re.search(r"([A-Z][a-z]+)\s+$", before)
    labels_allowed = _NOT_A_LABEL if wide else ("Some", "About", "Over")
    if previous and match["qual"] is None and previous[1] not in labels_allowed:
        return None
    if measure is not None:
        end = match.end() + measure.end()
        counts = _repeat_counts(text, match.start(), text[match.end() : end])
        return _suggestion(match, low, high, qualifier, counts, text, end, offset)
    noun_span = _counted_noun(text, match.end(), wide=wide)
    if noun_span is None:
        return _bare(text, match, low, high, qualifier, offset) if wide else None
    noun, end = noun_span
    counts = figure_counts(noun, *_context(text, match.start(), end), wide=wide)
    if wide and _CHILDREN_AFTER.match(text, end):
        counts = FigureCounts.children
    return _suggestion(match, low, high, qualifier, counts, text, end, offset)


# "six of them infants", "12 victims, all minors": the part counted is children.
_CHILDREN_AFTER = re.compile(
    r",?\s+(?:were\s+|are\s+)?(?:all\s+)?(?:children|minors|newborns|babies|infants)\b",
    re.IGNORECASE,
)
# A verb of attack before a repeat makes it a count of strikes ("bombed six times").
_ATTACKED = re.compile(
    r"\b(?:shell\w*|hit|struck|strikes?|bomb\w*|fired|attack\w*|violat\w*|breach\w*|broken|"
    r"broke|target\w*|raided)\b",
    re.IGNORECASE,
)


def _repeat_counts(text: str, start: int, unit: str) -> str:
    """'other' for a sum, share or quantity; for a repeat ("six times", "twice") 'strikes'
    when a verb of attack stands in the words before it."""
    if not re.search(r"times|twice", unit, re.IGNORECASE):
        return FigureCounts.other
    before = text[max(0, start - 60) : start]
    return FigureCounts.strikes if _ATTACKED.search(before) else FigureCounts.other


def _one_counted(text: str, match: re.Match[str]) -> bool:
    """'One' written out before a noun of people or things counted ("one pilot", "one of the
    guards"); not "a", nor "one of the deadliest"."""
    if match["low"].lower() != "one":
        return False
    noun = _counted_noun(text, match.end(), wide=True)
    return noun is not None and (noun[0] == "them" or _is_counted_noun(noun[0], wide=True))


_SINGULAR_PEOPLE = set(
    _words(
        "person man woman child boy girl baby civilian soldier fighter driver nurse doctor "
        "worker resident guard officer inmate prisoner detainee journalist monitor "
        "peacekeeper member passenger patient volunteer"
    )
)


def _suggestion(
    match: re.Match[str],
    low: int,
    high: int | None,
    qualifier: str,
    counts: str,
    text: str,
    end: int,
    offset: int,
) -> FigureSuggestion:
    return FigureSuggestion(
        low=low,
        high=high,
        qualifier=qualifier,
        counts=counts,
        text=text[match.start() : end],
        start=offset + match.start(),
        end=offset + end,
    )


def _bare(
    text: str, match: re.Match[str], low: int, high: int | None, qualifier: str, offset: int
) -> FigureSuggestion | None:
    """A number whose noun is left out, read when a toll names it, when a verb or the
    sentence's end follows it and an outcome word stands near it ("injuring 21."), or when a
    sentence about a count gives it as its value ("the number of … reached 48")."""
    counts = _bare_counts(text, match)
    if counts is None:
        return None
    return _suggestion(match, low, high, qualifier, counts, text, match.end(), offset)


def _bare_counts(text: str, match: re.Match[str]) -> str | None:
    toll = _TOLL_BEFORE.search(text[max(0, match.start() - 60) : match.start()])
    if toll:
        by_context = _nearest_outcome(*_context(text, match.start(), match.end()), wide=True)
        named_toll = toll["noun"].lower().startswith("toll")
        return by_context or (FigureCounts.killed if named_toll else FigureCounts.other)
    if _BARE_AFTER.match(text, match.end()):
        # The verb after the number says what befell those counted ("and 19 had been
        # hurt"), before any word nearer to it in the clause before.
        clause = re.split(r"[,;.]", text[match.end() : match.end() + 40], maxsplit=1)[0]
        by_context = _nearest_outcome(clause, 0, wide=True) or _nearest_outcome(
            *_context(text, match.start(), match.end()), wide=True
        )
        if by_context is not None:
            return by_context
    sentence = re.split(r"[.;:!?]\s", text[max(0, match.start() - 200) : match.start()])[-1]
    if _VALUE_BEFORE.search(sentence) and _COUNT_NOUN.search(sentence):
        return _nearest_outcome(sentence, len(sentence), wide=True) or FigureCounts.other
    return None


def _counted_noun(
    text: str, position: int, *, wide: bool = False, group: bool = True
) -> tuple[str, int] | None:
    """The head noun after a number and where the figure's words end: up to three words up
    to a function word or punctuation; the first word known to name people or things counted
    wins ("300,000 people living …" → people), else a plural, else the last word
    ("two A-10 attack aircraft" → aircraft). Read wide, a part of a group is read by the
    group's noun ("seven of the injured" → injured)."""
    partitive = _PARTITIVE.match(text, position)
    if partitive:
        return "them", partitive.end()
    if wide and group:
        # One level only: the group's own noun is read without a further "of".
        part_of = _WIDE_PARTITIVE.match(text, position)
        if part_of:
            noun = _counted_noun(text, part_of.end() - 1, wide=True, group=False)
            if noun is not None:
                return noun
    words: list[tuple[str, int]] = []
    while len(words) < 3:
        match = _NP_WORD.match(text, position)
        if match is None or match[1].lower() in (_WIDE_NP_STOP if wide else _NP_STOP):
            break
        words.append((match[1], match.end()))
        position = match.end()
    if not words:
        return None
    for word, end in words:
        if _is_counted_noun(word, wide=wide):
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


def _is_counted_noun(word: str, *, wide: bool = False) -> bool:
    lower = word.lower()
    # Plural demonyms ("Syrians", "Sudanese") count people.
    demonym = word[0].isupper() and re.search(r"(?:ans|ese|is)$", word) is not None
    if wide:
        return (
            lower in _WIDE_NOUN_COUNTS
            or lower in _WIDE_PEOPLE
            or lower in _SINGULAR_PEOPLE
            or demonym
        )
    return lower in _NOUN_COUNTS or lower in _PEOPLE or demonym


def _context(text: str, start: int, end: int) -> tuple[str, int]:
    """The words around a figure (within its sentence) and where the figure starts in them."""
    left = max(0, start - 40)
    return text[left : min(len(text), end + 80)], start - left


def _is_year(number: str) -> bool:
    return bool(re.fullmatch(r"1[89]\d\d|20\d\d", number))
