"""Attribution: the cue that makes a sentence someone's claim ("X said", "according to X",
"…,” X said", "X denied …") and the words before or after it that name the speaker."""

import re
from collections.abc import Sequence

from app.ingest.suggest.cues import (
    ACCUSE_WORDS,
    ANSWER_PHRASE,
    CALL_FOR,
    CLAIM_NOUN,
    CUE,
    DENY_WORDS,
    GERUNDS,
    STOOD_BY,
)
from app.ingest.suggest.kinds import claim_signal, classify_kind
from app.ingest.suggest.model import Context, Speaker, Unit
from app.ingest.suggest.sentences import is_quotation_only, lead_end, mask_quotes, until
from app.ingest.suggest.speakers import (
    label_speaker,
    looks_like_name,
    looks_like_speaker,
    lookup,
    mentions_from,
    resolve,
)
from app.vocabulary import ActorKind, ClaimKind

# A denial verb denies a claim only with a claim for its object ("denied medical care" is harm).
# A denial verb denies whatever its object is ("denied shelling the village", "rejected the
# results", "denied the attack"), except what someone is deprived of ("denied medical care").
_DEPRIVED_OBJECT = re.compile(
    r"\s++(?:[\w-]++\s++)?(?:care|access|entry|treatment|food|water|medicines?|aid|bail|visas?|"
    r"permission|visits?|rights|justice|asylum|help|passage|counsel)\b",
    re.IGNORECASE,
)


# Between a subject and its verb: auxiliaries, adverbs and time phrases ("has", "on Monday",
# "last week", "late on Friday", "in a written statement"). The trailing run of them is cut by
# a right-to-left parse of the words (`_strip_pre_verb`): the regex it replaces,
# `(?:\s+(?:has|…|on\s+TIME|TIME|…))+\s*$`, was tried at every space and took 43 s on a
# crafted 6 KB sentence (a long run of spaces before "x said").
_PRE_VERB_WORD = re.compile(
    r"has|have|had|also|then|later|again|repeatedly|swiftly|quickly|previously|earlier|"
    r"already|further|separately|publicly|strongly|categorically|flatly|firmly|immediately|"
    r"itself|himself|herself|themselves",
    re.IGNORECASE,
)
_TIME_WORD = re.compile(
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|earlier|later",
    re.IGNORECASE,
)
_WORD_ONLY = re.compile(r"\w+")
# Only the last words before a verb can be auxiliaries and time phrases; more are not read.
_PRE_VERB_MAX_WORDS = 16


def _is(pattern: re.Pattern[str], words: Sequence[str], i: int) -> bool:
    return i < len(words) and pattern.fullmatch(words[i]) is not None


def _word_is(words: Sequence[str], i: int, *choices: str) -> bool:
    return i < len(words) and words[i].casefold() in choices


def _time_phrase(words: Sequence[str], i: int) -> list[int]:
    """Lengths (in words) of the time phrases at words[i]: "Monday", "last week"."""
    found = [1] if _is(_TIME_WORD, words, i) else []
    if _word_is(words, i, "last", "this") and _is(_WORD_ONLY, words, i + 1):
        found.append(2)
    return found


def _pre_verb_items(words: Sequence[str], i: int) -> list[int]:
    """Lengths of the auxiliaries, adverbs and time phrases that can start at words[i]."""
    found = [1] if _is(_PRE_VERB_WORD, words, i) else []
    found += _time_phrase(words, i)
    if _word_is(words, i, "on"):
        found += [1 + n for n in _time_phrase(words, i + 1)]
    if (
        _word_is(words, i, "late", "early")
        and _word_is(words, i + 1, "on")
        and _is(_WORD_ONLY, words, i + 2)
    ):
        found.append(3)
    if _word_is(words, i, "in") and _word_is(words, i + 1, "a"):
        if _word_is(words, i + 2, "statement"):
            found.append(3)
        elif _word_is(words, i + 2, "written") and _word_is(words, i + 3, "statement"):
            found.append(4)
    return found


def _strip_pre_verb(region: str) -> str:
    """The region before a verb without its trailing auxiliaries, adverbs and time phrases
    ("The ministry on Monday also" → "The ministry"), in time linear in the region."""
    tail = region.rstrip()
    # The last words, each with where it starts; rsplit stops after that many words.
    parts = tail.rsplit(None, _PRE_VERB_MAX_WORDS)
    if len(parts) > _PRE_VERB_MAX_WORDS:
        parts = parts[1:]
    words = [w for w in parts if w]
    starts = []
    at = len(tail)
    for word in reversed(words):
        at = tail.rfind(word, 0, at)
        starts.append(at)
    starts.reverse()
    # complete[i]: words[i:] is a sequence of such items, up to the verb.
    complete = [False] * len(words) + [True]
    for i in range(len(words) - 1, -1, -1):
        complete[i] = any(complete[i + n] for n in _pre_verb_items(words, i))
    for i, start in enumerate(starts):
        # The first word of the run must follow a space, as in "The ministry has".
        if complete[i] and start > 0 and tail[start - 1].isspace():
            return tail[:start].rstrip()
    return region


_FINITE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|will|would|could|should|can|may|might|must|did|does|"
    r"do|has|have|had|cannot)\b|n['’]t\b",
    re.IGNORECASE,
)
_PAST_VERB = re.compile(
    r"^(?:[a-z]+ed|gave|went|made|took|put|stood|held|kept|left|came|got|began|sent|brought|"
    r"saw|thought|spoke|wrote|told|said|says|was|were|is|are|has|have|had)$"
)
_LEADING_LINK = re.compile(
    r"^(?:and|but|while|whereas|although|though|because|as|so|yet|which|who|whom|that|"
    r"however|meanwhile)\s+",
    re.IGNORECASE,
)
_ADVERBIAL_OPENER = re.compile(
    r"^(?:on|in|at|after|before|during|since|by|with|without|for|from|over|under|speaking|"
    r"asked|writing|responding|following|according|earlier|later|meanwhile|however|separately|"
    r"overall|facing|despite|amid|when|while|as|if|once|until|last|this|yesterday|today)\b",
    re.IGNORECASE,
)


_ACCORDING = re.compile(r"\baccording to\s+", re.IGNORECASE)
_AS_REPORTED = re.compile(
    r"\bas\s+(?:reported|characteri[sz]ed|quoted|cited)\s+by\s+|\bas\s+(?=[A-Z]\w+\s+"
    r"(?:reported|characteri[sz]ed|quoted))",
)
_INVERTED = re.compile(
    r"(?:[”\"’\u2591]\s*|,\s+)(?P<verb>said|says|added|countered|charged|claimed|insisted|"
    r"asked|warned|wrote|explained|noted|continued|recalled|stated|argued|replied|alleged)"
    r"\s+(?!(?:that|it|they|he|she|we|in|on|at|to|by|from|with|for|during|after|before|last|"
    r"this|earlier|later|yesterday|today|\w+day|its|his|her|their|our|there)\b)(?P<np>[^,.;:!?”\"\u2591]{2,140})"
)


def attribute(unit: Unit, context: Context, previous: Unit | None) -> bool:
    """Find who the unit is attributed to. True when it is a claim."""
    text = unit.text
    masked = mask_quotes(text)
    # "OSLEN, Jan 22 (Northern Courier) - Norland accused …", "09:40 - …", "KASK: …": what
    # opens the paragraph is no speaker.
    lead = lead_end(masked)
    masked = " " * lead + masked[lead:]
    candidates = [
        c
        for c in _candidates(unit, masked, context)
        # "The Ministry states the following." says nothing yet.
        if c[1] in DENY_WORDS | ACCUSE_WORDS or _content_words(unit, c[2]) >= 3
    ]
    if candidates:
        candidates.sort(key=lambda c: c[0])
        primary = candidates[0]
        relative = next(
            (c for c in candidates if c[2].relative and c[1] in ACCUSE_WORDS | DENY_WORDS), None
        )
        if relative is not None and primary[1] not in ACCUSE_WORDS | DENY_WORDS:
            # "X notes the report by Y, which alleges that …": the claim is Y's.
            primary = relative
        # A news outlet relaying someone else's words is the reporter, not the claimant:
        # "The Guardian reports that a spokesman … denied", "…, according to Deutsche Welle".
        if _is_reporter(primary, context) and len(candidates) > 1:
            primary = candidates[1]
        unit.via.extend(
            c[2].text for c in candidates if c is not primary and _is_reporter(c, context)
        )
        unit.cue_at, unit.cue, speaker = primary
        unit.speaker = resolve(speaker, context)
        context.speakers.append(unit.speaker)
        return True
    # In a transcript, the paragraph's words are its labelled speaker's (a question is none).
    if unit.label and len(text[lead:].split()) >= 3 and not text.rstrip().endswith("?"):
        labelled = label_speaker(unit.label, unit.start, context)
        if labelled is not None:
            unit.speaker = labelled
            context.speakers.append(labelled)
            return True
        return False
    # A quotation standing alone goes on the previous speaker's words.
    if previous is not None and is_quotation_only(text) and previous.speaker is not None:
        unit.speaker = previous.speaker
        unit.cue = previous.cue
        unit.continuation = True
        return True
    # A statement's own voice: the issuer's assertions need no "said".
    if context.publisher is not None and claim_signal(text):
        unit.speaker = Speaker(
            text=context.publisher.name,
            start=unit.start,
            name=context.publisher.name,
            actor=context.publisher,
        )
        unit.cue = ""
        return True
    return False


def _content_words(unit: Unit, speaker: Speaker) -> int:
    return len(unit.text.split()) - len(speaker.text.split()) - 1


def _is_reporter(candidate: tuple[int, str, Speaker], context: Context) -> bool:
    _, cue, speaker = candidate
    if cue == "as reported by":
        return True
    end = speaker.start + len(speaker.text)
    actor = lookup(speaker.text, context) or next(
        (a for s, e, a in mentions_from(context, speaker.start, end) if e <= end),
        None,
    )
    return actor is not None and actor.kind == ActorKind.media


def _candidates(unit: Unit, masked: str, context: Context) -> list[tuple[int, str, Speaker]]:
    found: list[tuple[int, str, Speaker]] = []
    taken: list[tuple[int, int]] = []
    for match in _INVERTED.finditer(masked):
        np = _clean_np(match["np"])
        if not np or not looks_like_speaker(np):
            continue
        at = match.start("np")
        found.append((match.start("verb"), match["verb"], Speaker(np, unit.start + at)))
        taken.append((match.start("verb"), match.end("verb")))
    for match in _ACCORDING.finditer(masked):
        rest = masked[match.end() : until(_ACCORDING_END, masked, match.end())]
        np = _clean_np(rest)
        named = _named_after(masked, match.end() + len(np))
        if np and named and not looks_like_name(np):
            np = f"{np}, {named.group(1).strip()}"  # "the grid operator, Norlink"
        if np and looks_like_speaker(np):
            found.append((match.start(), "according to", Speaker(np, unit.start + match.end())))
    for match in _AS_REPORTED.finditer(masked):
        np = _clean_np(masked[match.end() : until(_AS_REPORTED_END, masked, match.end())])
        if np:
            found.append((match.start(), "as reported by", Speaker(np, unit.start + match.end())))
    for match in CUE.finditer(masked):
        verb = match.group(1)
        if any(a <= match.start() < b for a, b in taken):
            continue
        if not _cue_applies(masked, match, verb):
            continue
        speaker = _subject(unit, masked, match.start(), verb)
        if speaker is None:
            continue
        found.append((match.start(), verb, speaker))
    for pattern in (STOOD_BY, ANSWER_PHRASE, CALL_FOR):
        phrase = pattern.search(masked)
        if phrase:
            cue = "called for" if pattern is CALL_FOR else phrase.group(0)
            speaker = _subject(unit, masked, phrase.start(), cue)
            if speaker is not None:
                found.append((phrase.start(), cue, speaker))
    return found


# What the text just before and after a cue may hold, matched in place (never on a copy of
# the rest of the sentence, which made a sentence of many cues quadratic).
_PASSIVE_BEFORE = re.compile(r"\b(?:to|was|were|been|being|be|is|are)\s+(?:\w+ly\s+)?$")
_NOUN_BEFORE = re.compile(r"\b(?:the|these|those|such|its|their|his|her|of|and)\s+$", re.I)
_CALLED_CLAIM = re.compile(rf"\s+(?:[\w’'-]+\s+){{0,3}}?{CLAIM_NOUN}\b")
_PRONOUN_OBJECT = re.compile(r"\s+(?:him|her|them|it|his|its)\b")
_SPACES = re.compile(r"\s*")
# The words before a cue that decide it are within this many characters of it.
_CUE_WINDOW = 200


# Where the words after "according to" and "as reported by" end. "(?<!\s)": a run of spaces
# is tried from its start only (from each of its spaces, a long run was quadratic).
_ACCORDING_END = re.compile(r"[,.;:!?\u2591]|(?<!\s)\s+(?:who|which|that|and\s+(?=\w+\s+said))\b")
_AS_REPORTED_END = re.compile(r"[,.;:!?\u2591]|(?<!\s)\s+(?:reported|characteri[sz]ed|quoted)\b")
# "according to the grid operator, Norlink": a name of one to five capitalised words. The
# words are possessive ("*+"): split in every way, a long capitalised word took minutes.
_NAMED_AFTER = re.compile(r",\s*((?:[A-Z][\w’'&.-]*+\s*){1,5})(?=[.,;]|$)")
_NAME_WINDOW = 400


# The words naming a speaker end within this many characters (a name is a few words).
NP_WINDOW = 1000


def _named_after(masked: str, at: int) -> re.Match[str] | None:
    window = masked[at : at + _NAME_WINDOW].lstrip(" ")
    named = _NAMED_AFTER.match(window)
    if named and named.end() == len(window) and at + _NAME_WINDOW < len(masked):
        return None  # cut by the window: no name is that long
    return named


def _cue_applies(masked: str, match: re.Match[str], verb: str) -> bool:
    start, end = match.start(), match.end()
    window = max(0, start - _CUE_WINDOW)
    # Infinitives and passives are not someone saying something ("declined to say",
    # "was dismissed", "has been accused").
    if _PASSIVE_BEFORE.search(masked, window, start):
        return False
    if verb in DENY_WORDS and _DEPRIVED_OBJECT.match(masked, end):
        return False
    if verb in ("declined", "refused"):
        # "declined to comment": an answer that says nothing, not "refused entry".
        return masked.startswith(" to ", end)
    if verb in ("called", "calls"):
        return bool(_CALLED_CLAIM.match(masked, end))
    if verb in ("found", "finds", "described", "describes", "pointed"):
        # "found that", "described … as", "pointed out": not "found him under a stall".
        if verb == "pointed":
            return masked.startswith(" out", end)
        return not _PRONOUN_OBJECT.match(masked, end)
    if verb in ("charges", "claims", "reports", "states", "notes", "finds", "warns"):
        # Plural nouns as often as verbs: "the charges", "claims that …" after a noun.
        if _NOUN_BEFORE.search(masked, window, start):
            return False
        if verb == "claims":
            spaces = _SPACES.match(masked)
            assert spaces is not None  # \s* matches anywhere
            if spaces.end() >= start:
                return False
    return True


_SUBJECT_WINDOW = 1000


def _subject(unit: Unit, masked: str, verb_at: int, verb: str) -> Speaker | None:
    """The speaker named before an attribution verb: "The Russian Defence Ministry on Thursday
    denied", "Kovania's interior minister, Daro Velić, has repeatedly rejected"."""
    # The subject is read from a window before the verb: reading all the sentence before each
    # cue made a sentence of many cues quadratic.
    low = max(0, verb_at - _SUBJECT_WINDOW)
    left = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), masked[low:verb_at])
    if verb in GERUNDS and re.search(r",\s*$", left):
        # ", saying …", ", accusing …": the subject of the sentence's main verb.
        main = _main_subject_region(left)
        if main is None:
            return None
        left = main
    # A quotation or a clause before the subject ends where the subject starts, unless the
    # verb is coordinated with an earlier one ("X expressed “sorrow” … and said").
    coordinated = re.search(r"\s(?:and|but)\s+(?:also\s+)?$", left)
    marks = (";", ":") if coordinated else ("\u2591", ";", ":")
    cut = max(left.rfind(mark) for mark in marks)
    offset = cut + 1
    region = left[offset:]
    region = _strip_pre_verb(region).rstrip()
    if not region:
        return None
    appositive = ""
    pieces = [p for p in re.split(r",", region)]
    if region.endswith(","):
        pieces = pieces[:-1]
        # "A, B, said": B is an appositive or a relative clause about A.
        if len(pieces) >= 2:
            appositive = pieces[-1].strip()
            pieces = pieces[:-1]
        else:
            return None
    subject = pieces[-1].strip()
    if re.fullmatch(r"(?:which|who)", subject, re.IGNORECASE) and len(pieces) >= 2:
        # "… the report published by the campaign group RiverWatch, which alleges that …":
        # the relative pronoun stands for the actor just named.
        antecedent = re.split(r"\b(?:by|from)\s+", pieces[-2])[-1].strip()
        if looks_like_speaker(antecedent) and not _FINITE.search(antecedent):
            return Speaker(antecedent, unit.start + masked.rfind(antecedent, 0, verb_at), True)
        return None
    subject = _LEADING_LINK.sub("", subject)
    subject = _LEADING_LINK.sub("", subject)
    # (r"^(.*?)\s+(?:and|but)\s*$" was quadratic on a long run of spaces; this is the same test.)
    coordinated = re.search(r"\s(?:and|but)\s*$", subject)
    if coordinated or re.search(r"\s(?:and|but)$", subject):
        # "The company expressed … and said": the subject of the first verb.
        subject = _leading_noun_phrase(subject) or ""
    if not subject:
        return None
    if _ADVERBIAL_OPENER.match(subject) and not re.match(r"^(?:the|a|an)\b", subject, re.I):
        return None
    if re.search(r"\u2591", subject):
        subject = _leading_noun_phrase(subject) or ""
        if not subject or "\u2591" in subject:
            return None
    if len(subject.split()) > 12 or _FINITE.search(subject) or not looks_like_speaker(subject):
        tail = re.split(r"\b(?:by|from|to|with|that|when|as|who|which)\s+", subject)[-1]
        if tail == subject or not looks_like_speaker(tail) or _FINITE.search(tail):
            return None
        subject = tail
    named = re.search(
        r"\b(?:gave (?:his|her|their) (?:first )?name (?:only )?as|identified (?:only )?as|"
        r"named)\s+((?:[A-Z][\w’'-]*\s*){1,3})",
        appositive,
    )
    if named:
        # "A spokesman for the group, who gave his name only as Ardan, said"
        appositive = named.group(1).strip()
    elif re.match(r"^(?:who|which|that|whose|where)\b", appositive):
        appositive = ""
    words = subject
    at = masked.find(subject, low + offset)
    if appositive and re.match(r"^(?:the|a|an)\s", appositive) is None:
        # "Kovania's interior minister, Daro Velić,": the appositive is the name.
        if looks_like_name(appositive) and not looks_like_name(subject):
            words = f"{subject}, {appositive}"
    elif appositive:
        words = f"{subject}, {appositive}"
    return Speaker(words, unit.start + max(at, 0))


def _main_subject_region(left: str) -> str | None:
    """For ", saying …": the sentence's subject, up to its first verb."""
    region = left.rstrip().rstrip(",")
    cut = region.rfind("\u2591")
    region = region[cut + 1 :]
    pieces = region.split(",")
    # Skip an opening adverbial: "In a statement, the company …".
    while len(pieces) > 1 and _ADVERBIAL_OPENER.match(pieces[0].strip()):
        pieces = pieces[1:]
    words = ",".join(pieces).split()
    kept: list[str] = []
    for word in words:
        bare = word.strip(",")
        if kept and _PAST_VERB.match(bare):
            return " ".join(kept) + " "
        kept.append(word)
    return None


def _leading_noun_phrase(clause: str) -> str | None:
    words = clause.split()
    kept: list[str] = []
    for word in words:
        if kept and _PAST_VERB.match(word):
            return " ".join(kept)
        kept.append(word)
    return None


_NP_END = re.compile(
    r"(?<!\s)\s+(?:according to|as reported|on condition|in an? |who |which |adding|"
    r"saying|by telephone|on (?:monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday))",
    re.IGNORECASE,
)


def _clean_np(np: str) -> str:
    np = np.strip().strip("\u2591").strip()
    np = np[: until(_NP_END, np, 0)]
    return np.strip(" ,")


def split_claims(unit: Unit, context: Context) -> list[Unit]:
    """One sentence, two claims: "X called the claim “a fabrication” and said the incident
    was …" (a denial, then a counter-claim), or "…, an allegation Y dismissed as “baseless”"."""
    masked = mask_quotes(unit.text)
    trailing = re.search(
        r",\s+(?:an?|the)\s+(?:allegation|accusation|charge|claim)s?\s+(?:that\s+)?"
        r"(?P<who>(?:[A-Z][\w’'-]*\s+){1,4}?)(?:\w+ly\s+)?(?:also\s+)?"
        r"(?P<verb>denied|dismissed|rejected|disputed|refuted|denies|dismisses|rejects)\b",
        masked,
    )
    if trailing and trailing.start() > unit.cue_at >= 0:
        first = Unit(
            unit.start,
            unit.start + trailing.start(),
            unit.text[: trailing.start()],
            unit.paragraph,
            unit.speaker,
            unit.cue,
            unit.cue_at,
            list(unit.via),
        )
        at = trailing.start() + 2
        who = trailing["who"].strip()
        second = Unit(
            unit.start + at,
            unit.end,
            unit.text[at:],
            unit.paragraph,
            resolve(Speaker(who, unit.start + trailing.start("who")), context),
            trailing["verb"],
            0,
        )
        return [first, second]
    joined = re.search(
        r"(?<!\s)\s+and\s+(?:also\s+)?(?P<verb>said|added|accused|insisted|claimed|blamed|warned)\b",
        masked,
    )
    if joined and joined.start() > unit.cue_at >= 0:
        first_text = unit.text[: joined.start()]
        second_at = joined.start() + 1
        first = Unit(
            unit.start,
            unit.start + joined.start(),
            first_text,
            unit.paragraph,
            unit.speaker,
            unit.cue,
            unit.cue_at,
            list(unit.via),
        )
        second = Unit(
            unit.start + second_at,
            unit.end,
            unit.text[second_at:],
            unit.paragraph,
            unit.speaker,
            joined["verb"],
            0,
            list(unit.via),
        )
        first.kind, second.kind = classify_kind(first), classify_kind(second)
        if first.kind != second.kind and ClaimKind.statement not in (first.kind, second.kind):
            return [first, second]
    return [unit]
