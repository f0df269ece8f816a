"""Names an article defines for itself ("Doctors Without Borders (MSF)"), its publisher and the
author its byline names."""

import re

from app.ingest.suggest.actors import ActorDirectory, KnownActor, normalise_name
from app.ingest.suggest.cues import word_list
from app.ingest.suggest.speaker_words import (
    NAME_SMALL_WORDS,
    ORG_WORDS,
    guess_kind,
    kind_described,
    strip_article,
)
from app.vocabulary import ActorKind

# A name of up to seven capitalised words before a parenthesis: "Doctors Without Borders (MSF)",
# with the small words of a long name between them ("Organisation for the Prohibition of
# Chemical Weapons (OPCW)": cut at "of", it was "Chemical Weapons"), and a company's legal form
# left out of it ('Corvane Minerals plc ("Corvane")').
# Tried only where a word starts, skipping its lowercase head ("al-" of "al-Nusra"): from every
# capital letter of a word, as "((?:[A-Z][\w’'&.-]*\s+){0,6}[A-Z][\w’'&.-]*)\s+\(" did, a
# 16,000-letter word took 34 s. A match from a later capital of the same word is the same match.
_DEFINITION = re.compile(
    r"(?<![\w’'&.-])(?:(?![A-Z])[\w’'&.-])*+"
    r"((?:[A-Z][\w’'&.-]*+\s+(?:(?:of|for|the|and|on|de)\s+)*+){0,6}[A-Z][\w’'&.-]*+)"
    r"(?:\s+(?:plc|ltd|inc|llc|ag|gmbh)\b\.?)?\s+\(([^()]{2,80})\)"
)


# A name of two to seven capitalised words that ends in an organisation word ("Humanitarian
# Research Lab", "Brightway Nursery Ltd"): an organisation the article names, speaking or
# not, that a later description ("the lab", "the company") refers to. Tried where a word starts.
_ORGANISATION = re.compile(
    r"(?<![\w’'&.-])((?:[A-Z][\w’'&-]*+\s+(?:(?:of|for|the|and|on)\s+)*+){1,6}[A-Z][\w’'&-]*+)"
)


# A name its description introduces: "aircraft maker Aerion", "the shipowner, Baltus Lines".
_INTRODUCED = re.compile(
    r"\b(?P<noun>maker|manufacturer|company|firm|shipowner|operator|carrier|retailer|lender|"
    r"insurer|miner|contractor|supplier|team|club|group)\b,?[ ]++"
    r"(?P<name>(?:[A-Z][\w’'&-]*+[ ]++){0,3}[A-Z][\w’'&-]*+)"
)


def local_definitions(body: str, actors: ActorDirectory) -> ActorDirectory:
    """Names an article defines for itself: "Doctors Without Borders (MSF)",
    'Corvane Minerals plc ("Corvane" or "the Company")'."""
    local = ActorDirectory()
    for match in _DEFINITION.finditer(body):
        name, inner = strip_article(match.group(1)), match.group(2)
        aliases = re.findall(r"[“\"]([^”\"]+)[”\"]", inner) or (
            [inner] if re.fullmatch(r"[A-Z][A-Za-z]{1,8}", inner) else []
        )
        if not aliases:
            continue
        name = _spelled_by(name, aliases[0])
        known = actors.lookup(name) or _longest_known_suffix(name, actors)
        if known is not None:
            local.add(KnownActor(known.id, known.name, known.kind, tuple(aliases), known.parent_id))
        else:
            kind = guess_kind(name)
            if kind == ActorKind.person and aliases[0].isupper():
                # Initials are a body's ("Clearfield Action (CFA), a demining group"), of the
                # kind the words after them say, if they do.
                after = body[match.end() : match.end() + 80].lstrip(", ")
                kind = kind_described(after) or kind
            local.add(KnownActor(None, name, kind, tuple(aliases)))
    for match in _ORGANISATION.finditer(body):
        # ("The Harrow Front's health ministry": the Front is the name, without its "'s".)
        name = _POSSESSIVE_END.sub("", strip_article(match.group(1)))
        if name.isupper():
            # A heading in capitals ("REPLY OF DUNMERE COUNCIL") is not how the text names a
            # body; the body it names is read from the heading (attribution._heading_owner).
            continue
        words = normalise_name(name).split()
        # (A news outlet's name, "the Horn Report", names no party to the dispute.)
        if len(words) < 2 or words[-1] not in ORG_WORDS or words[-1] in _MEDIA_WORDS:
            continue
        # ("Arvenne's Marine Accident Investigation Office" is the office "(MAIO)" defined.)
        owned = _OWNER.match(name)
        if owned is not None and local.lookup(name[owned.end() :]) is not None:
            continue
        if actors.lookup(name) is None and local.lookup(name) is None:
            local.add(KnownActor(None, name, guess_kind(name), ()))
    for match in _INTRODUCED.finditer(body):
        name = match["name"]
        if actors.lookup(name) is None and local.lookup(name) is None:
            local.add(KnownActor(None, name, ActorKind.other, ()))  # a business
    return local


# A possessive ending a name ("the Harrow Front's", "the Workers' Union’").
_POSSESSIVE_END = re.compile(r"(?<=[\w])['’]s?$")
# An owner's possessive opening a name ("Arvenne's …").
_OWNER = re.compile(r"[\w-]++['’]s[ ]++")


def _spelled_by(name: str, initials: str) -> str:
    """The end of `name` that `initials` spell, when they spell only an end of it: "Civil
    Aviation Accident Board" for "Estrel's Civil Aviation Accident Board (CAAB)", the
    owner's possessive before it saying whose the body is, not what it is called."""
    if not initials.isupper() or not initials.isalpha():
        return name
    words = name.split()
    for i in range(1, len(words)):
        # (Only after an owner's possessive: "Norland National Cyber Security Centre (NCSC)"
        # keeps its country.)
        if words[i].lower() in NAME_SMALL_WORDS or not re.search(r"['’]s$", words[i - 1]):
            continue
        letters = "".join(w[0] for w in words[i:] if w.lower() not in NAME_SMALL_WORDS)
        if letters.upper() == initials:
            return " ".join(words[i:])
    return name


def _longest_known_suffix(name: str, actors: ActorDirectory) -> KnownActor | None:
    words = name.split()
    for i in range(len(words)):
        actor = actors.lookup(" ".join(words[i:]))
        if actor is not None:
            return actor
    return None


def publisher_actor(name: str | None, actors: ActorDirectory) -> KnownActor | None:
    """Who issued the text, when that is an actor and not a news outlet: a known actor, or
    one whose name says it is a ministry, a company or another organisation ("Ministry of
    Internal Affairs of the Republic of Delmaria", "Corvane Minerals")."""
    if not name:
        return None
    actor = actors.lookup(name)
    if actor is not None:
        return None if actor.kind == ActorKind.media else actor
    words = set(normalise_name(name).split())
    if not words & ORG_WORDS or words & _MEDIA_WORDS:
        return None
    return KnownActor(None, strip_article(name), guess_kind(name), ())


# Words of a news outlet's name: an outlet relays claims, it does not make them.
_MEDIA_WORDS = set(
    word_list(
        "press news times post daily herald wire tribune journal ledger gazette radio "
        "television tv broadcasting media review magazine bulletin courier standard observer "
        "chronicle express agency service report weekly dispatch"
    )
)


# A byline on a line of its own near the top ("By Corin Valesky"): a name of two to four
# capitalised words. Tried where a line starts.
_BYLINE = re.compile(
    r"^By[ ]++([A-Z][\w.’'-]*+(?:[ ]++[A-Z][\w.’'-]*+){1,3})[ \t]*+$", re.MULTILINE
)
_BYLINE_WINDOW = 1000


def byline_author(body: str) -> tuple[str, int]:
    """The author a byline at the top of the text names, and where the byline ends; ("", -1)
    without one."""
    found = _BYLINE.search(body, 0, _BYLINE_WINDOW)
    return (found.group(1), found.end()) if found else ("", -1)
