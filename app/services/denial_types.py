"""Reading how an answer answers: the rules that give a denial or counter-claim its
DenialType from its kind, its links and its quote (docs/evidence.md, "Typed denials").

Used once by migration 0005 to classify the claims already stored, and offered to analysts as
the suggested type. The rules are ordered; the first that matches decides:

1. a counter-claim, or a claim linked "counter-accuses"      → counter-accusation
2. a claim linked "discredits the source", or words that attack
   the messenger ("charlatans", "not reliable", "biased")      → discrediting the source
3. words that wave the report away ("fake", "fabrication",
   "propaganda", "hoax", "staged")                             → dismissal
4. words that neither confirm nor deny ("declined to comment",
   "no information", "no convincing evidence")                 → non-denial
5. words that dispute a figure or a detail ("exaggerated",
   "fewer than", "inflated", "not as many")                    → partial denial
6. any other denial                                            → categorical denial

Claims of other kinds (allegations, statements, corroborations) carry no type.
"""

import re
from collections.abc import Iterable

from app.vocabulary import DENIAL_TYPE_KINDS, ClaimKind, DenialType, LinkKind

_DISCREDITING = re.compile(
    r"charlatan|\bliars?\b|not (?:be )?(?:regarded as )?(?:objective|reliable|credible)"
    r"|unreliable|biased|propagandist|mouthpiece|discredited",
    re.IGNORECASE,
)
_DISMISSAL = re.compile(
    r"\bfake\b|fabricat|propaganda|\bhoax|\bstaged\b|nonsense|disinformation|\bfiction",
    re.IGNORECASE,
)
_NON_DENIAL = re.compile(
    r"declined to comment|no comment|would not comment|did not (?:comment|respond)"
    r"|no information|not aware|could not (?:confirm|verify)"
    r"|(?:\bno|not (?:received|seen)) (?:\w+ )?evidence",
    re.IGNORECASE,
)
_PARTIAL = re.compile(
    r"exaggerat|inflated|overstated|fewer than|lower than|not as many|far fewer|only \d",
    re.IGNORECASE,
)


def classify(kind: str, quote: str, link_kinds: Iterable[str] = ()) -> DenialType | None:
    """The denial type the rules above give a claim (None for kinds that do not answer)."""
    if kind not in DENIAL_TYPE_KINDS:
        return None
    links = set(link_kinds)
    if kind == ClaimKind.counter_claim or LinkKind.counter_accuses in links:
        return DenialType.counter_accusation
    if LinkKind.discredits_source in links or _DISCREDITING.search(quote):
        return DenialType.discrediting
    if _DISMISSAL.search(quote):
        return DenialType.dismissal
    if _NON_DENIAL.search(quote):
        return DenialType.non_denial
    if _PARTIAL.search(quote):
        return DenialType.partial
    return DenialType.categorical
