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
# The space between a name's words: a line break inside a paragraph, never a blank line ("…
# AIRWAYS" over a paragraph opening "From the Safety Committee of …" is no name's words).
_NAME_SPACE = r"(?:[ \t]|\n(?![ \t]*+\n))++"
_DEFINITION = re.compile(
    r"(?<![\w’'&.-])(?:(?![A-Z])[\w’'&.-])*+"
    rf"((?:[A-Z][\w’'&.-]*+{_NAME_SPACE}(?:(?:of|for|the|and|on|de){_NAME_SPACE})*+){{0,6}}"
    r"[A-Z][\w’'&.-]*+)"
    r"(?:\s+(?:plc|ltd|inc|llc|ag|gmbh)\b\.?)?\s+\(([^()]{2,80})\)"
)


# A name of two to seven capitalised words that ends in an organisation word ("Humanitarian
# Research Lab", "Brightway Nursery Ltd"): an organisation the article names, speaking or
# not, that a later description ("the lab", "the company") refers to. Tried where a word starts.
_ORGANISATION = re.compile(
    r"(?<![\w’'&.-])"
    rf"((?:[A-Z][\w’'&-]*+{_NAME_SPACE}(?:(?:of|for|the|and|on){_NAME_SPACE})*+){{1,6}}"
    r"[A-Z][\w’'&-]*+)"
)


# A heading's words before the name of whose text follows: "Response of", "Statement from
# the", "From the".
_HEADING_LEAD = re.compile(
    r"^(?:(?:Response|Reply|Statement|Comments?|Answer|Letter|Message)s?[ ]++(?:of|from|by)"
    r"|From|By)[ ]++"
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
        name, inner = strip_article(_below_title(match.group(1))), match.group(2)
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
    _add_two_forms(body, actors, local)
    for match in _ORGANISATION.finditer(body):
        # ("The Harrow Front's health ministry": the Front is the name, without its "'s".)
        name = _POSSESSIVE_END.sub("", strip_article(match.group(1)))
        # ("Response of Dunmere Council" on a heading's line: the council, whose reply it is.)
        name = strip_article(_HEADING_LEAD.sub("", name))
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


# A body's name as its head and what it belongs to, "of" between, on one line ("Ministry of
# Public Works of Tessaly", "the Ministry of the Treasury"): the owner up to three capitalised
# words. Tried where a word starts.
_HEAD_OF_OWNER = re.compile(
    r"(?<![\w’'&.-])(?:[Tt]he[ ]++)?+(?P<head>(?!The[ ])"
    r"(?:[A-Z][\w’'&-]{0,30}+[ ]++(?:(?:of|for|and|the)[ ]++){0,2}){0,4}"
    r"[A-Z][\w’'&-]{0,30}+)[ ]++of[ ]++(?:the[ ]++)?+"
    r"(?P<owner>[A-Z][\w’'-]{0,30}+(?:[ ]++[A-Z][\w’'-]{0,30}+){0,2}+)(?![\w’'-])"
)

# How many names of a body an article's other form is looked for: more than an article names.
_TWO_FORMS_SOUGHT = 40


def _add_two_forms(body: str, actors: ActorDirectory, local: ActorDirectory) -> None:
    """A body the article names both ways, "HEAD of OWNER" and "OWNER's HEAD" or "OWNER HEAD"
    ("the Ministry of the Treasury", "the Treasury Ministry"): one actor, named as the text first
    names it, the other form its alias, so its every part is one claimant. Each name is looked
    for the other way once, and only the first `_TWO_FORMS_SOUGHT` names: every search reads the
    whole body, and a crafted text of thousands of such names must not cost thousands of reads."""
    sought: set[tuple[str, str]] = set()
    for match in _HEAD_OF_OWNER.finditer(body):
        head, owner = match["head"], match["owner"]
        if (head, owner) in sought or not set(normalise_name(head).split()) & ORG_WORDS:
            continue
        if len(sought) == _TWO_FORMS_SOUGHT:
            return
        sought.add((head, owner))
        other = re.search(
            rf"(?<![\w’'-]){re.escape(owner)}(?:['’]s)?+[ ]++{re.escape(head)}(?![\w’'-])", body
        )
        name = body[match.start("head") : match.end()]
        if other is None or actors.lookup(name) or local.lookup(name) or local.lookup(other[0]):
            continue
        first, second = (other[0], name) if other.start() < match.start() else (name, other[0])
        local.add(KnownActor(None, first, guess_kind(first), (second,)))


def _below_title(name: str) -> str:
    """A defined name without the title in capitals on the line above it, read as its first
    words ("JOINT PRESS RELEASE" over "Acme Standards Board (ASB)"): the name under the title."""
    title, newline, name_below = name.rpartition("\n")
    if newline and title.isupper() and not name_below.isupper():
        return name_below.strip()
    return name


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
    spelled = "".join(w[0] for w in words if w.lower() not in NAME_SMALL_WORDS)
    if spelled.upper() == initials:
        return name
    for i in range(1, len(words)):
        # (Only after an owner's possessive: "Norland National Cyber Security Centre (NCSC)"
        # keeps its country; or after "of": "the Safety Committee of the Pilots' Union (PU)"
        # spells the union, the body the committee belongs to.)
        owned = re.search(r"['’]s$", words[i - 1]) or words[i - 1].lower() in ("of", "the")
        if words[i].lower() in NAME_SMALL_WORDS or not owned:
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


# A source line naming the issuers of a compiled document, one part each ("Ministry of X /
# Party Y": a paper, then the rebuttal printed after it), and what a part says of the form it
# was published in rather than who issued it: "(thread on X)", "(published text)", "… blog".
# (Each tried once where it starts: no run of spaces before what may not follow.)
_OUTLET_SEPARATOR = re.compile(r"[ ]/[ ]|;")
_PART_QUALIFIER = re.compile(r"\([^()]{0,80}+\)|\b(?:blog|website|newsroom)$", re.IGNORECASE)
# What introduces an issuer's part on the line that names it ("Statement of the …",
# "Response from …", "Posted by …").
_PART_INTRODUCTION = re.compile(
    r"(?:statement|response|reply|rebuttal|comments?|letter|text|post(?:ed)?|issued)"
    r"[ ]++(?:of|by|from)[ ]++",
    re.IGNORECASE,
)
_HEADING_WORDS = 16


def outlet_parts(name: str | None) -> list[str]:
    """The issuers a source line names, each without what it says of the form ("Tarn Monitor
    (thread on X) / Army of Y" gives both names); one part for a single outlet."""
    if not name:
        return []
    parts = [
        " ".join(_PART_QUALIFIER.sub(" ", part).split()) for part in _OUTLET_SEPARATOR.split(name)
    ]
    return [part for part in parts if part]


def document_issuers(
    name: str | None, body: str, actors: ActorDirectory
) -> list[tuple[int, KnownActor | None, bool]]:
    """Who issued the text from where on, as (start, issuer, whether a heading introduced that
    part and no separator line has ended it) in text order. A single outlet is the issuer
    throughout (`publisher_actor`); a source line naming several bodies gives each the part of
    the text from a heading line that names or introduces it ("STATEMENT OF THE …", "Response
    of …", the name with a date after it) up to the next such line naming another, the first
    body's part running from the top."""
    parts = outlet_parts(name)
    if len(parts) < 2:
        return [(0, publisher_actor(name, actors), False)]
    issuers = [_outlet_part_actor(part, actors) for part in parts]
    # A news outlet among them issues nothing: a paragraph opening with its name ("The X asked
    # the embassy …") is its own reporting, no longer the part before it.
    outlets = [
        KnownActor(None, part, ActorKind.media)
        for part, a in zip(parts, issuers, strict=True)
        if a is None
    ]
    found: list[tuple[int, KnownActor | None, bool]] = [(0, issuers[0], False)]
    offset = 0
    for line in body.split("\n"):
        heading = line.strip()
        if heading and not heading.strip("*#=~_-"):
            # A separator line ("---", "*") ends the part: what follows is the compiler's.
            found.append((offset, found[-1][1], False))
        elif heading and found[-1][1] is not None and any(_introduces(heading, o) for o in outlets):
            found.append((offset, None, False))
        elif heading and _is_heading(heading):
            current, introduced = found[-1][1], found[-1][2]
            for issuer in issuers:
                if issuer is None or (issuer is current and introduced):
                    continue
                if _introduces(heading, issuer):
                    found.append((offset, issuer, True))
                    break
        offset += len(line) + 1
    return found


def _outlet_part_actor(part: str, actors: ActorDirectory) -> KnownActor | None:
    """The actor a part of a source line names: as `publisher_actor` finds it, or, the line
    naming it beside another body, the body it names unless that is a news outlet."""
    actor = publisher_actor(part, actors)
    if actor is not None or actors.lookup(part) is not None:
        return actor
    if set(normalise_name(part).split()) & _MEDIA_WORDS:
        return None
    kind = guess_kind(part)  # (a body's name that says nothing of its kind reads as a person's)
    return KnownActor(
        None, strip_article(part), ActorKind.other if kind == ActorKind.person else kind, ()
    )


def _is_heading(line: str) -> bool:
    """A line that heads a part rather than saying something: short, and not ended as a
    sentence is."""
    return len(line.split()) <= _HEADING_WORDS and line[-1] not in ".!?:\"”’'"


def _introduces(heading: str, issuer: KnownActor) -> bool:
    """Whether the heading opens with the issuer's name, an alias or its name without the
    place it is of (`_body_name`), after what introduces it ("Statement of the …")."""
    introduced = _PART_INTRODUCTION.match(heading)
    opening = normalise_name(heading[introduced.end() if introduced else 0 :])
    names = {normalise_name(form) for form in (issuer.name, *issuer.aliases)}
    names |= {short for form in list(names) if len((short := _body_name(form)).split()) >= 2}
    return any(opening == form or opening.startswith(form + " ") for form in names if form)


def _body_name(name: str) -> str:
    """A body's name without the place it is of: cut at its second "of" when it has two
    ("ministry of health" of "ministry of health of the republic of x"), else at its first
    ("water board" of "water board of x")."""
    words = name.split()
    ofs = [i for i, word in enumerate(words) if word == "of"]
    if len(ofs) >= 2:
        return " ".join(words[: ofs[1]])
    return " ".join(words[: ofs[0]]) if ofs else name


# Words of a news outlet's name: an outlet relays claims, it does not make them.
_MEDIA_WORDS = set(
    word_list(
        "press news times post daily herald wire tribune journal ledger gazette radio "
        "television tv broadcasting media review magazine bulletin courier standard observer "
        "chronicle express agency service report weekly dispatch"
    )
)


# A byline on a line of its own near the top ("By Quillon Dabrey"): a name of two to four
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
