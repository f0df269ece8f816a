"""Matching a newly suggested claim against a claim stored in another article: are they the
same claim reported again, does one corroborate the other, or does one answer (rebut) the
other? Pure: facts in, a proposal with its score and a short human reason out. The database
side (finding the candidates, storing the proposals) is app/services/cross_link_proposals.py.

The evidence, each adding to the score and to the reason:
* figures: the same number of the same thing ("same figure 38 killed"), or ranges overlapping;
* places: a place named after "in", "near", "at"… in both ("same place (Maarat al-Numan)");
* time: the two dates (event date, else publication date) "2 days apart"; too far apart, never;
* words: the content words the two quotes share;
* sides: the claimants, with their parent organisations (Konashenkov → Russian Defence
  Ministry → Russian government), are on the same side or on different sides;
* kinds: what each claim does (asserts or answers) decides the link:
  same side, same figure or wording → same claim; two assertions from different sides →
  corroborates; an answer (denial) against an assertion from another side → rebuts (a
  counter-claim → counter-accuses), the answer being the link's source.
"""

import re
from dataclasses import dataclass
from datetime import date

from app.vocabulary import ClaimKind, LinkKind

# Assertions of what happened, and answers to such assertions.
ANSWER_KINDS = frozenset({ClaimKind.denial, ClaimKind.counter_claim})
# Dates further apart than this are different events, whatever else matches.
MAX_DAYS_APART = 45
# Below this score nothing is proposed (tuned on the seed articles: docs/import.md).
MIN_SCORE = 3.0

# A place: capitalised words after a preposition of place ("in Maarat al-Numan", "near Idlib").
# Each repetition needs a space first, so the pattern is linear in its input.
_PLACE = re.compile(
    r"\b(?:in|near|at|outside|around|across|from|on)\s+(?:the\s+)?"
    r"((?:al-|el-|Al-)?[A-Z][\w’'-]*(?:\s+(?:al-|el-|Al-|de\s+|of\s+)?[A-Z][\w’'-]*){0,3})"
)
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
# Capitalised words that follow a preposition but name no place.
_NOT_PLACES = frozenset(
    {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "the", "a", "an", "i", "we", "he",
        "she", "they", "it", "this", "that", "these", "those", "his", "her", "their", "its",
    }
)  # fmt: skip
# Words too common in reports of claims to say two quotes are about the same event.
_STOPWORDS = frozenset(
    [
        "about",
        "above",
        "after",
        "again",
        "against",
        "also",
        "among",
        "an",
        "and",
        "any",
        "are",
        "because",
        "been",
        "before",
        "being",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "more",
        "most",
        "not",
        "now",
        "only",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "should",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "too",
        "under",
        "until",
        "very",
        "was",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "said",
        "says",
        "saying",
        "told",
        "according",
        "added",
        "statement",
        "reported",
        "reports",
        "report",
        "people",
        "including",
        "least",
        "some",
        "other",
        "also",
        "there",
        "were",
        "been",
        "since",
        "which",
        "while",
        "would",
        "could",
        "still",
        "last",
        "week",
        "month",
        "year",
        "years",
        "today",
        "yesterday",
    ]
)


@dataclass(frozen=True, slots=True)
class FigureFact:
    low: int
    high: int | None
    counts: str

    @property
    def top(self) -> int:
        return self.high if self.high is not None else self.low

    def wording(self) -> str:
        value = f"{self.low}" if self.top == self.low else f"{self.low}–{self.top}"
        return f"{value} {self.counts.replace('_', ' ')}"


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    """What the matcher knows of one claim (or suggested claim)."""

    kind: str
    claimant_id: int | None
    # The claimant and every organisation above it (parent, parent's parent…).
    side: frozenset[int]
    figures: tuple[FigureFact, ...]
    places: frozenset[str]  # case-folded
    words: frozenset[str]  # content words, case-folded
    on: date | None  # event date, else publication date
    # Names and aliases of the claimant's side, case-folded: an allegation naming them
    # ("a Russian strike") is one that side would answer.
    side_names: frozenset[str] = frozenset()
    quote: str = ""


@dataclass(frozen=True, slots=True)
class Proposal:
    """A link between the new claim and the stored one. `outgoing`: the new claim is the
    link's source (it repeats, corroborates or answers the stored one); otherwise the stored
    claim is the source (a stored denial rebutting the new allegation)."""

    kind: LinkKind
    outgoing: bool
    score: float
    reason: str


def places_in(text: str) -> frozenset[str]:
    """Place names a text gives after a preposition of place, case-folded."""
    found = set()
    for match in _PLACE.finditer(text):
        name = match.group(1).strip(" ’'-")
        if name and name.split()[0].casefold() not in _NOT_PLACES:
            found.add(name.casefold())
    return frozenset(found)


def proper_names(text: str) -> list[str]:
    """Capitalised words inside a sentence ("Aleppo", "Russian"), case-folded, in text order:
    what a full-text search for reports of the same event can start from."""
    names: dict[str, None] = {}
    for match in _WORD.finditer(text):
        word = match.group(0)
        before = text[: match.start()].rstrip()
        if word[0].isupper() and before and before[-1] not in '.!?“"' and len(word) >= 4:
            names.setdefault(word.casefold().strip("’'-"), None)
    return [name for name in names if name not in _NOT_PLACES]


def _stem(word: str) -> str:
    """A light suffix-stripping, enough for two reports of one event to share their words:
    "cleansing", "cleanse", "cleansed" → "cleans"; "ethnically" → "ethnic"."""
    for suffix in ("ingly", "edly", "ally", "ing", "ed", "ly", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def content_words(text: str) -> frozenset[str]:
    """The words that say what a quote is about: not short, not common, their endings gone."""
    words = set()
    for match in _WORD.finditer(text):
        word = match.group(0).casefold().strip("’'-")
        if len(word) < 4 or word in _STOPWORDS:
            continue
        words.add(_stem(word))
    return frozenset(words)


def _figure_match(new: ClaimFacts, stored: ClaimFacts) -> tuple[float, str]:
    """The best agreement between the two claims' figures of the same thing."""
    best: tuple[float, str] = (0.0, "")
    for a in new.figures:
        for b in stored.figures:
            if a.counts != b.counts:
                continue
            if (a.low, a.top) == (b.low, b.top):
                found = (3.0, f"same figure {a.wording()}")
            elif a.low <= b.top and b.low <= a.top:
                found = (2.0, f"figures overlap ({a.wording()}; {b.wording()})")
            elif max(a.top, b.top) and abs(a.low - b.low) <= 0.1 * max(a.top, b.top):
                found = (1.5, f"close figures ({a.wording()}; {b.wording()})")
            else:
                continue
            best = max(best, found)
    return best


def _names_side(text: str, names: frozenset[str]) -> str:
    """The first of a side's names a text mentions ("Russian" counts for "Russia")."""
    folded = text.casefold()
    for name in sorted(names, key=len, reverse=True):
        if len(name) >= 3 and re.search(r"\b" + re.escape(name), folded):
            return name
    return ""


def _link_kind(new: ClaimFacts, stored: ClaimFacts, same_side: bool) -> tuple[LinkKind, bool]:
    """Which link the two kinds make, and whether the new claim is its source."""
    new_answers = new.kind in ANSWER_KINDS
    stored_answers = stored.kind in ANSWER_KINDS
    if same_side and new_answers == stored_answers:
        return LinkKind.same_claim, True
    if not new_answers and not stored_answers:
        return LinkKind.corroborates, True
    if new_answers:
        answer = LinkKind.counter_accuses if new.kind == ClaimKind.counter_claim else None
        return answer or LinkKind.rebuts, True
    answer = LinkKind.counter_accuses if stored.kind == ClaimKind.counter_claim else None
    return answer or LinkKind.rebuts, False


def match(new: ClaimFacts, stored: ClaimFacts) -> Proposal | None:
    """The link between a new claim and a stored one, or None when the evidence is too thin
    or contradicts it (different figures of the same thing, dates far apart, one side
    answering itself)."""
    days = abs((new.on - stored.on).days) if new.on and stored.on else None
    if days is not None and days > MAX_DAYS_APART:
        return None
    same_side = bool(new.side & stored.side)
    new_answers = new.kind in ANSWER_KINDS
    if same_side and new_answers != (stored.kind in ANSWER_KINDS):
        return None  # a side does not rebut its own claim
    score = 0.0
    reasons: list[str] = []
    figure_score, figure_reason = _figure_match(new, stored)
    # Only figures of a named thing disagree: "other" gathers sums, shares, quantities and
    # repeats, which two claims about one event may give of different things.
    shared_counts = {f.counts for f in new.figures} & {f.counts for f in stored.figures}
    shared_counts.discard("other")
    if shared_counts and not figure_score:
        return None  # both count the same thing and disagree: different events or a dispute
    if figure_score:
        score += figure_score
        reasons.append(figure_reason)
    places = new.places & stored.places
    if places:
        score += 2.0
        reasons.append(f"same place ({_title(min(places, key=len))})")
    elif new.places and stored.places:
        score -= 1.0  # both say where, and the places differ
    # A place's own words count as the place, and the claimants' names as their sides.
    counted = places | new.side_names | stored.side_names
    shared = new.words & stored.words - {w for name in counted for w in content_words(name)}
    words = ""
    if shared:
        overlap = len(shared) / max(1, min(len(new.words), len(stored.words)))
        score += min(3.0, 0.8 * len(shared) + 3.0 * overlap)
        words = "shared words: " + ", ".join(sorted(shared, key=lambda w: (-len(w), w))[:3])
    if not reasons and not words:
        return None  # nothing says they are about the same event
    if days is not None:
        score += 1.5 if days <= 3 else 0.5 if days <= 14 else 0.0
        reasons.append("same day" if days == 0 else f"{days} day{'s' if days > 1 else ''} apart")
    kind, outgoing = _link_kind(new, stored, same_side)
    if new.claimant_id is not None and new.claimant_id == stored.claimant_id:
        score += 1.0
        reasons.insert(0, "same claimant")
    elif same_side:
        score += 0.5
        reasons.insert(0, "same side")
    if kind in (LinkKind.rebuts, LinkKind.counter_accuses):
        answer, assertion = (new, stored) if outgoing else (stored, new)
        named = _names_side(assertion.quote, answer.side_names)
        if named:
            score += 1.0
            reasons.append(f"answers a claim naming {_title(named)}")
    if score < MIN_SCORE:
        return None
    # The words last: the reason reads "same claimant, same figure …, 2 days apart, shared
    # words: a, b, c".
    reasons += [words] if words else []
    return Proposal(kind, outgoing, round(score, 2), ", ".join(reasons)[:300])


def _title(name: str) -> str:
    """A case-folded name shown again with capitals ("maarat al-numan" → "Maarat al-Numan")."""
    words = []
    for word in name.split():
        if word[:3] in ("al-", "el-"):
            words.append(word[:3] + word[3:].capitalize())
        else:
            words.append(word if word in ("of", "de") else word.capitalize())
    return " ".join(words)
