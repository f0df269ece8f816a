"""The words before a reporting verb that name its subject ("The ministry on Monday denied")."""

import re
from collections.abc import Sequence

from app.ingest.suggest.cues import GERUNDS
from app.ingest.suggest.model import Speaker, Unit
from app.ingest.suggest.speaker_words import (
    NOUN_CUT,
    ORG_WORDS,
    PRONOUNS,
    ROLE_NOUNS,
    given_name,
    looks_like_name,
    looks_like_speaker,
    names_a_role,
)

# Between a subject and its verb: auxiliaries, adverbs and time phrases ("has", "on Monday",
# "last week", "late on Friday", "in a written statement"). The trailing run of them is cut by
# a right-to-left parse of the words (`_strip_pre_verb`): the regex it replaces,
# `(?:\s+(?:has|…|on\s+TIME|TIME|…))+\s*$`, was tried at every space and took 43 s on a
# crafted 6 KB sentence (a long run of spaces before "x said").
_PRE_VERB_WORD = re.compile(
    r"has|have|had|also|then|later|again|repeatedly|swiftly|quickly|previously|earlier|"
    r"already|further|separately|publicly|strongly|categorically|flatly|firmly|immediately|"
    # "has always denied", "has long maintained", "has consistently rejected".
    r"always|long|consistently|vehemently|strenuously|"
    r"itself|himself|herself|themselves|(?-i:now|still|reportedly|initially)",
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


_TIME_OPENER = re.compile(
    r"(?:yesterday|today|earlier|later|(?:on|in|last|this)\s++\w++(?:\s++\d++)?)\s++"
    # "On Tuesday he said", "On Tuesday Rell said": a pronoun or a name follows too.
    r"(?=(?:the|a|an)\s|(?:he|she|they|we)$|(?-i:[A-Z]))",
    re.IGNORECASE,
)
_SUBJECT_WINDOW = 1000
# What ends a subject's head: a relative clause ("who were in a second car", "whose kitchen
# was destroyed", "that owns the vessel") or a participle ("representing garment workers").
_RELATIVE = re.compile(r"(?<!\s)\s++(?:who|whose|which|[a-z]{2,}ing)\s")
# "what" before the verb's subject: the verb is in a clause that is an object ("sets out what
# others told us", "let me put to you what an engineer told this programme"), no attribution;
# unless a verb "to be" follows it ("released what it says is a recording": a hedge).
_FREE_RELATIVE = re.compile(r"\b[Ww]hat\s")
_HEDGED = re.compile(r"\w++\s++(?:is|was|are|were)\b")
# Where a relative clause opens after "what …" (" in which an officer tells"): its own subject.
_CLAUSE_OPENER = re.compile(r"\b(?:which|who|that)\s")
# A preposition opening a sentence before its subject without a comma ("On Friday morning the
# army said"), and the words of a clause, whose subject is not the sentence's ("after the bank's
# team had warned", "Asked whether the coalition had warned").
_PREPOSITION = re.compile(r"on|in|at|by|with|during|despite|amid", re.IGNORECASE)
_CLAUSE_WORD = re.compile(r"\b(?:whether|that|if|what|how|why|when|who|which)\b", re.IGNORECASE)
# The subject after such an opening: from the last determiner or pronoun, a few words at most
# and none of them a preposition or a conjunction.
_DETERMINER = re.compile(r"(?<!\S)(?:the|a|an|he|she|they|it|we)\b")
_AFTER_OPENER = re.compile(
    r"\w++(?:[ ]++(?!(?:in|on|at|and|or|of|by|with|for|to|from)\b)\S++){0,4}$"
)
_AGE = re.compile(r"\d{1,3}")
# A headline's passive: "Several blasts reported near the pier", "Heavy gunfire reported
# near the border": what was reported, with no one reporting it, is a bare noun phrase (no
# article, no name after its first word) before "reported" and a place's preposition.
_BARE_PHRASE = re.compile(r"[A-Z]?[a-z-]++(?:[ ]++[a-z-]++){0,3}")
_REPORTED_WHERE = re.compile(r"reported[ ]++(?:at|in|near|on|outside|along|across|around)\b")


def _reported_thing(subject: str, masked: str, verb_at: int) -> bool:
    """`subject` is what a headline's passive says was reported, not who reported it."""
    if not _REPORTED_WHERE.match(masked, verb_at) or not _BARE_PHRASE.fullmatch(subject):
        return False
    words = subject.lower().split()
    if words[0] in ("the", "a", "an", "this", "that", "its", "their", "his", "her", "our"):
        return False
    return not set(words) & (ROLE_NOUNS | ORG_WORDS | PRONOUNS)


# The last names of a list ("Voln and Aderland"), or one of its names, and a piece ending in one.
_NAME = r"[A-Z][\w’'-]*+(?:[ ]++[A-Z][\w’'-]*+){0,3}"
_LAST_NAMES = re.compile(rf"{_NAME}[ ]++and[ ]++{_NAME}")
_ONE_NAME = re.compile(_NAME)
_ENDS_IN_NAME = re.compile(r"(?<![\w’'-])[A-Z][\w’'-]*+$")


_COMMA = re.compile(r",(?!\d)")
# A verb coordinated after a comma: "…, and said", "…, but insisted".
_COMMA_AND = re.compile(r",\s++(?:and|but)\s++(?:also\s++)?$")


def _last_mark(text: str, mark: str) -> int:
    """Where the last `mark` is in `text`, not counting one inside a figure or a time ("2,000",
    "10:40"): -1 if none."""
    at = text.rfind(mark)
    while at > 0 and text[at - 1].isdigit() and text[at + 1 : at + 2].isdigit():
        at = text.rfind(mark, 0, at)
    return at


def subject_before_verb(unit: Unit, masked: str, verb_at: int, verb: str) -> Speaker | None:
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
    elif (comma_and := _COMMA_AND.search(left)) is not None:
        # "X put the toll at 21, and said …": the subject of the sentence's main verb, as for
        # ", saying …" (the comma cuts the subject off the verb coordinated with it).
        main = _main_subject_region(left[: comma_and.start() + 1])
        if main is not None:
            left = main
    # A quotation or a clause before the subject ends where the subject starts, unless the
    # verb is coordinated with an earlier one ("X expressed “sorrow” … and said").
    coordinated = re.search(r"\s(?:and|but)\s+(?:also\s+)?$", left)
    marks = (";", ":") if coordinated else ("\u2591", ";", ":")
    cut = max(_last_mark(left, mark) for mark in marks)
    offset = cut + 1
    region = left[offset:]
    region = _strip_pre_verb(region).rstrip()
    if not region:
        return None
    appositive = ""
    # (Not a figure's comma: "More than 2,000 observers have confirmed".)
    pieces = [p for p in _COMMA.split(region)]
    if region.endswith(","):
        pieces = pieces[:-1]
        # "A, B, said": B is an appositive or a relative clause about A.
        if len(pieces) >= 2:
            appositive = pieces[-1].strip()
            pieces = pieces[:-1]
        else:
            return None
    subject = pieces[-1].strip()
    if len(pieces) >= 2 and _LAST_NAMES.fullmatch(subject) and _ENDS_IN_NAME.search(pieces[-2]):
        # "The governments of Castria, Voln and Aderland": a list of names, not a name and an
        # appositive.
        first = len(pieces) - 2
        while first > 0 and _ONE_NAME.fullmatch(pieces[first].strip()):
            first -= 1
        subject = ",".join(pieces[first:]).strip()
    if _AGE.fullmatch(subject) and len(pieces) >= 2:
        # "Tomas Varga, 54, the former head of planning, denies": the age is no subject.
        subject = pieces[-2].strip()
    if re.fullmatch(r"(?:which|who)", subject, re.IGNORECASE) and len(pieces) >= 2:
        # "… the report published by the campaign group RiverWatch, which alleges that …":
        # the relative pronoun stands for the actor just named.
        antecedent = re.split(r"\b(?:by|from)\s+", pieces[-2])[-1].strip()
        if subject.lower() == "who":
            antecedent = _described_person(pieces[:-1]) or antecedent
        if looks_like_speaker(antecedent) and not _FINITE.search(antecedent):
            return Speaker(antecedent, unit.start + masked.rfind(antecedent, 0, verb_at), True)
        return None
    subject = _LEADING_LINK.sub("", subject)
    subject = _LEADING_LINK.sub("", subject)
    last_clause = _CLAUSE_OPENER.split(subject)[-1]
    if _FREE_RELATIVE.search(last_clause) and not _HEDGED.match(masked, verb_at):
        return None
    # (r"^(.*?)\s+(?:and|but)\s*$" was quadratic on a long run of spaces; this is the same test.)
    coordinated = re.search(r"\s(?:and|but)\s*$", subject)
    if coordinated or re.search(r"\s(?:and|but)$", subject):
        # "The company expressed … and said": the subject of the first verb.
        subject = _leading_noun_phrase(subject) or ""
    if not subject:
        return None
    # "Yesterday the Tarrow Sentinel reported", "In August the Review reported": a time
    # without a comma before the subject.
    opener = _TIME_OPENER.match(subject)
    if opener is not None:
        subject = subject[opener.end() :]
    if _ADVERBIAL_OPENER.match(subject) and not re.match(r"^(?:the|a|an)\b", subject, re.I):
        # "On Friday morning the army", "In a later video he": the subject after an opening
        # preposition's phrase, without a comma. Not the preposition's own object ("In a
        # statement posted …"), nor a clause's subject ("Asked whether the coalition had").
        first_word = subject.split(maxsplit=1)[0]
        starts = [m.start() for m in _DETERMINER.finditer(subject, 1)]
        after = _AFTER_OPENER.match(subject, starts[-1]) if starts else None
        if (
            after is None
            or not looks_like_speaker(after[0])
            or _FINITE.search(after[0])
            or not _PREPOSITION.fullmatch(first_word)
            or not subject[len(first_word) : after.start()].strip()
            or _CLAUSE_WORD.search(subject, 0, after.start())
        ):
            return None
        subject = after[0]
    if re.search(r"\u2591", subject):
        subject = _leading_noun_phrase(subject) or ""
        if not subject or "\u2591" in subject:
            return None
    if len(subject.split()) > 12 or _FINITE.search(subject) or not looks_like_speaker(subject):
        tail = re.split(r"\b(?:by|from|to|with|that|when|as|who|which)\s+", subject)[-1]
        if tail != subject and looks_like_speaker(tail) and not _FINITE.search(tail):
            subject = tail
        else:
            # "Two colleagues who were in a second car … said": the words before the relative
            # clause.
            head = _RELATIVE.split(subject, maxsplit=1)[0]
            if head == subject or not looks_like_speaker(head) or _FINITE.search(head):
                return None
            subject = head
    if _reported_thing(subject, masked, verb_at):
        return None
    named = given_name(appositive, "")
    if named and not (appositive.startswith("who ") and _OWNED_ROLE.match(subject)):
        # "A teacher, who gave her name only as Ardan, said", "A guard, identified only as
        # Tarek,": the name the appositive gives. (A role its owner's words open, "Its
        # spokesman, who uses the name …", the speaker stage reads with its owner.)
        appositive = named
    elif re.match(r"^(?:who|which|that|whose|where)\b", appositive):
        appositive = ""
    words = subject
    at = masked.find(subject, low + offset)
    if appositive and re.match(r"^(?:the|a|an)\s", appositive) is None:
        # "Kovania's interior minister, Daro Velić,": the appositive is the name.
        # "The Minister for Sport, Niamh Carey,": a capitalised title is no name of its own.
        if looks_like_name(NOUN_CUT.split(appositive, maxsplit=1)[0]) and (
            not looks_like_name(subject) or names_a_role(subject)
        ):
            words = f"{subject}, {appositive}"
    elif appositive:
        words = f"{subject}, {appositive}"
    return Speaker(words, unit.start + max(at, 0))


# The piece of an appositive chain naming the person: the name alone or after one word of the
# clause before it ("appeared Captain Ana Roe"), not a description's object ("master of X").
_PERSON_PIECE = re.compile(
    r"(?:(?!(?:of|the|an?|for|to|from|at|in|on|by|with)[ ])[a-z]{1,20}+[ ]++)?"
    r"(?P<name>(?:[A-Z][\w’'-]{0,30}+[ ]++){1,3}+[A-Z][\w’'-]{0,30}+)"
)


def _described_person(pieces: list[str]) -> str | None:
    """The person "who" stands for after descriptions of them in lower case ("Captain Ana Roe,
    master of the vessel X, flag of Y, who declared"): the name before the descriptions, not
    the last description's words; None when the piece before "who" is no such description."""
    for described, piece in enumerate(reversed(pieces[-4:])):
        piece = piece.strip()
        person = _PERSON_PIECE.fullmatch(piece)
        if person is not None:
            return person["name"] if described else None
        if not piece[:1].islower() or re.match(r"(?:and|or|but|who|which|that)\b", piece):
            return None
    return None


# A role its owner's words open: "Its spokesman", "The group's commander", "their leader".
_OWNED_ROLE = re.compile(
    r"(?:[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)[ ]|(?:[Tt]he[ ])?[\w-]{1,40}+['’]s?[ ]"
)


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
