"""Links between the claims of one article: what each answer answers."""

import bisect
import math
import re
from collections.abc import Sequence

from app.ingest.suggest.actors import ActorDirectory
from app.ingest.suggest.cues import ACCUSE_WORDS, CLAIM_NOUN, word_list
from app.ingest.suggest.kinds import camp
from app.ingest.suggest.model import SuggestedLink, Unit
from app.vocabulary import ClaimKind, DenialType, LinkKind

_STOPWORDS = set(
    word_list(
        "the a an and or but of to in on at for from by with about into over after before "
        "since than that this these those there their they them its it his her he she we our "
        "you your was were is are be been being have has had will would could should may "
        "might must can did does do not no said says told also which who whom what when where "
        "while as if so such only more most some any all other its said according statement "
        "spokesman spokeswoman spokesperson official officials"
    )
)


# What a report rests on, referred back to ("this number", "those images", "their data").
_EVIDENCE_NOUN = (
    r"(?:figures?|toll|numbers?|images?|pictures?|photos?|photographs?|videos?|footage|data|"
    r"evidence|samples?|results?|conclusions?|testimony|version)"
)
_ANAPHORA = re.compile(
    rf"(?:\b(?:such|these|those|the|that|this|its|their|his|her)|(?<![\w’'])[\w’']+['’]s)\s+"
    rf"(?:\w+\s+)?"
    rf"(?:{CLAIM_NOUN}|{_EVIDENCE_NOUN})\b|^(?:this|that|it)\s+is\b|"
    r"\b(?:denie[sd]|rejects?|rejected|dismisse[sd])\s+(?:this|that|it)\b",
    re.IGNORECASE,
)


def _keywords(text: str) -> set[str]:
    words = set()
    for word in re.findall(r"[A-Za-z][\w’'-]+|\d[\d,.]*", text):
        lower = word.lower().strip("’'")
        if lower in _STOPWORDS or (len(lower) < 4 and not lower[0].isdigit()):
            continue
        words.add(re.sub(r"(?:ies|es|s|ed|ing)$", "", lower) or lower)
    return words


def propose_links(units: Sequence[Unit], actors: ActorDirectory) -> dict[int, list[SuggestedLink]]:
    """A denial rebuts the allegations it answers: the one it refers to ("such accusations",
    "denies this"), those that share its places, figures and events, and, when it answers in
    general ("denied any involvement"), the article's lead allegation. A counter-claim
    counter-accuses and a corroboration corroborates in the same way."""
    camps = [camp(u.speaker, actors) for u in units]
    keys = []
    for unit in units:
        own = _keywords(unit.speaker.name if unit.speaker else "")
        keys.append(_keywords(unit.text) - own)
    # The claims each kind of answer may answer, in text order.
    targets = {
        kinds: [j for j, other in enumerate(units) if other.kind in kinds]
        for _, kinds in _LINK_TARGETS.values()
    }
    # The side that says who did it ("blamed the air force") is the one the article's
    # answers answer, before a side that only reports the harm: its first allegation leads.
    # An accusation made once the answers have begun is part of the exchange, not its lead.
    first_answer = next(
        (j for j, unit in enumerate(units) if unit.kind == ClaimKind.denial), len(units)
    )
    accuser = next(
        (
            camps[j]
            for j, unit in enumerate(units[:first_answer])
            if unit.kind == ClaimKind.allegation and unit.cue in ACCUSE_WORDS
        ),
        None,
    )
    links: dict[int, list[SuggestedLink]] = {}
    for i, unit in enumerate(units):
        if unit.kind not in _LINK_TARGETS:
            continue
        link_kind, target_kinds = _LINK_TARGETS[unit.kind]
        if unit.denial_type == DenialType.discrediting:
            # An answer that attacks the messenger answers the report through its source.
            link_kind = LinkKind.discredits_source
        options = _options(targets[target_kinds], i, unit.kind != ClaimKind.corroboration)
        options = [j for j in options if camps[j] != camps[i]]
        if not options:
            continue
        lead = next(
            (j for j in options if camps[j] == accuser and units[j].kind == ClaimKind.allegation),
            options[0],
        )
        earlier = [j for j in options if j < i]
        nearest = earlier[-1] if earlier else None
        refers = bool(_ANAPHORA.search(unit.text))
        scored = []
        for j in options:
            shared = keys[i] & keys[j]
            score = len(shared) / math.sqrt(max(1, len(keys[i])) * max(1, len(keys[j])))
            if refers and j == nearest:
                score += 0.6
            if j == lead:
                score += 0.3
            if j < i and i - j <= 3:
                score += 0.1
            scored.append((score, j))
        scored.sort(reverse=True)
        # The best answered claim always; a second one when it shares enough with the answer.
        chosen = [j for rank, (score, j) in enumerate(scored[:2]) if rank == 0 or score >= 0.3]
        if chosen:
            links[i] = [SuggestedLink(link_kind, j) for j in sorted(chosen)]
    return links


# An answer is looked for among the article's first claims it could answer, the ones just
# before it and a few just after: scoring every pair made a long text's links quadratic.
_LEAD_OPTIONS, _EARLIER_OPTIONS, _LATER_OPTIONS = 3, 12, 3


def _options(candidates: list[int], i: int, later: bool) -> list[int]:
    """The candidates (indexes in text order) an answer at index i is scored against."""
    at = bisect.bisect_left(candidates, i)
    after = at + 1 if at < len(candidates) and candidates[at] == i else at
    chosen = set(candidates[:_LEAD_OPTIONS])
    chosen.update(candidates[max(0, at - _EARLIER_OPTIONS) : at])
    if later:
        chosen.update(candidates[after : after + _LATER_OPTIONS])
    return sorted(j for j in chosen if j != i and (later or j < i))


_LINK_TARGETS: dict[str, tuple[str, tuple[str, ...]]] = {
    ClaimKind.denial: (LinkKind.rebuts, (ClaimKind.allegation, ClaimKind.counter_claim)),
    ClaimKind.counter_claim: (LinkKind.counter_accuses, (ClaimKind.allegation,)),
    ClaimKind.corroboration: (LinkKind.corroborates, (ClaimKind.allegation,)),
}
