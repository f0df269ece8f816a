"""A one-line statement drafted from a suggestion: "<Speaker>: <clause>", the quote without
its attribution and outer quotation marks."""

from app.ingest.importing.metadata import truncate
from app.ingest.suggest import Suggestion

STATEMENT_MAX = 200


def _cue_follows(after: str, cue: str) -> bool:
    """ "…, Vask told state television." / "… the ministry also said.": the cue is one of the
    two words after the speaker, and no sentence or quotation starts after it."""
    words = after.lstrip(" ,").split()[:2]
    rest = after.rstrip(" .!")
    return cue in (w.casefold().strip(",.!;:") for w in words) and not any(
        mark in rest for mark in '.“”"'
    )


def _without_attribution(clause: str, speaker: str, cue: str) -> str:
    """The quote without its attribution: "…, <speaker> <cue> …." or "…, <cue> <speaker>." at
    its end, "<speaker> <cue> (that)" at its start. Plain string search: the speakers and cues
    vary too much to compile a pattern for each suggestion."""
    lower, who, cue = clause.casefold(), speaker.casefold(), cue.casefold()
    at = lower.rfind(who)
    if at > 0 and _cue_follows(clause[at + len(who) :], cue):
        return clause[:at]
    at = lower.rfind(f"{cue} {who}")
    if at > 0 and not any(mark in clause[at:].rstrip(" .!") for mark in '.“”"'):
        return clause[:at]
    if lower.startswith(who):
        words = clause[len(who) :].split()
        for skip in (0, 1):  # "X said that …", "X also said …"
            if len(words) > skip + 1 and words[skip].casefold() == cue:
                kept = words[skip + 1 :]
                # "said on Tuesday that …": the clause starts after "that".
                that = [i for i, w in enumerate(kept[:4]) if w.casefold() == "that"]
                return " ".join(kept[that[0] + 1 :] if that else kept)
    return clause


# Reporting verbs that only attribute: cut from a statement, they lose nothing ("denied",
# "accused" carry the claim and stay).
NEUTRAL_CUES = frozenset(
    (
        "said", "says", "say", "saying", "told", "tells", "added", "adds", "stated", "states",
        "noted", "notes", "explained", "wrote", "writes", "reported", "reports", "announced",
        "announces", "insisted", "insists", "maintained", "argued", "declared", "warned",
        "according",
    )
)  # fmt: skip


def statement_for(suggestion: Suggestion) -> str:
    """A one-line statement to start from: "<Speaker>: <clause>", the quote without its
    attribution ("…, the ministry said.") and outer quotation marks, at most 200 characters."""
    clause = " ".join(suggestion.quote.split())
    speaker = suggestion.claimant_name or suggestion.claimant_text
    cue = suggestion.cue.split()[0].casefold() if suggestion.cue else ""
    if cue in NEUTRAL_CUES and suggestion.claimant_text:
        trimmed = _without_attribution(clause, suggestion.claimant_text, suggestion.cue)
        trimmed = trimmed.rstrip(" ,;:“”\"‘’'").rstrip(" ,")
        if len(trimmed.split()) >= 3:
            clause = trimmed
    clause = clause.strip(" “”\"‘’'").rstrip(" ,;:.")
    if clause:
        clause = clause[0].upper() + clause[1:]
    text = f"{speaker}: {clause}" if speaker else clause
    return truncate(text, STATEMENT_MAX)
