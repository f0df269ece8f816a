"""A speaker Gainsay does not know, as an actor to create: its name, the kind of actor the
words say it is, and the known actor it belongs to when the text says so.

"Colonel Jan Hale, a spokesman for the army" → a person, part of the actor known as "the army";
"the Varessa Casualty Monitor" → a monitor; "Northwind Energy Company" → other (a company).
The analyst sees the proposal in the accept form and may change every field."""

import re
from dataclasses import dataclass
from itertools import pairwise

from sqlmodel import Session

from app.services.edit.actors import find_actor_by_name
from app.vocabulary import ActorKind

# How far around a speaker's name its description is looked for (the appositive after it, a
# title before it): bounded windows, so every pattern below reads a few hundred characters.
_AFTER_CHARS = 160
_BEFORE_CHARS = 60

# Words in an organisation's name that say its kind, tried in this order (a "ministry of
# defence" is a ministry before it is military). Whole words, compared without case.
_KIND_WORDS: tuple[tuple[ActorKind, frozenset[str]], ...] = (
    (ActorKind.un_body, frozenset({"un", "united nations", "unicef", "unhcr", "ocha", "who"})),
    (ActorKind.ministry, frozenset({"ministry", "department", "secretariat", "interior"})),
    (
        ActorKind.military,
        frozenset(
            {"army", "armed forces", "military", "navy", "air force", "command", "forces"}
        ),
    ),
    (ActorKind.monitor, frozenset({"monitor", "observatory", "watch", "monitoring"})),
    (
        ActorKind.rescue_group,
        frozenset({"civil defence", "civil defense", "rescue", "white helmets"}),
    ),
    (
        ActorKind.media,
        frozenset(
            {"news", "agency", "television", "tv", "radio", "times", "post", "gazette", "press"}
        ),
    ),
    (ActorKind.armed_group, frozenset({"militia", "rebels", "rebel", "front", "insurgents"})),
    (ActorKind.coalition, frozenset({"coalition", "alliance"})),
    (
        ActorKind.ngo,
        frozenset(
            {"amnesty", "foundation", "charity", "red cross", "red crescent", "association"}
        ),
    ),
    (ActorKind.government, frozenset({"government", "presidency", "cabinet", "office"})),
    # Gainsay has no kind for companies, courts or regulators: they are "other" organisations.
    (
        ActorKind.other,
        frozenset(
            {
                "company", "corporation", "corp", "inc", "ltd", "plc", "group", "bank",
                "authority", "regulator", "commission", "court", "council", "university",
                "hospital", "club", "federation", "league",
            }
        ),
    ),
)  # fmt: skip
_WORD = re.compile(r"[a-z]+")
# A person's title just before the name: "Colonel Jan Hale", "Dr Lina Haddad".
_TITLE_BEFORE = re.compile(
    r"\b(?:mr|mrs|ms|dr|prof|professor|colonel|col|general|gen|major|maj|captain|capt|"
    r"lieutenant|lt|sergeant|sgt|minister|president|senator|judge|mayor|governor|sheikh)\.?\s+$",
    re.IGNORECASE,
)
# ", a spokesman for the army", ", director of Kelmora General Hospital": a role, then the
# organisation (up to the next comma, full stop or quotation mark).
_ROLE_AFTER = re.compile(
    r"\A\s*,\s*(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:spokes(?:man|woman|person)|official|officer|director|head|chief|commander|minister|"
    r"secretary|member|leader|representative|adviser|advisor|executive|chairman|chairwoman|"
    r"chair|president|researcher|analyst|doctor|surgeon|lawyer|manager|founder)"
    r"\s+(?:for|of|at|with|in|from)\s+(?P<organisation>[^,.;:\"“”()]{2,100})",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ActorProposal:
    """The actor the accept form proposes to create (every field can be changed)."""

    name: str
    kind: ActorKind
    parent: str = ""  # the name of a known actor, or empty
    described_as: str = ""  # what the text says of the speaker: "a spokesman for the army"


def kind_from_words(name: str) -> ActorKind | None:
    """The kind an organisation's name states ("… Casualty Monitor" → monitor), or None."""
    words = _WORD.findall(name.casefold())
    phrases = set(words) | {f"{a} {b}" for a, b in pairwise(words)}
    for kind, markers in _KIND_WORDS:
        if phrases & markers:
            return kind
    return None


def _looks_like_a_name(name: str) -> bool:
    """Two to four capitalised words with no organisation word: "Samer Idlibi"."""
    words = name.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


def _known_actor(session: Session, text: str) -> str:
    """The name of the known actor `text` names ("the army" may be an alias), or ""."""
    text = " ".join(text.split()).strip(" ’'")
    bare = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    for candidate in dict.fromkeys((text, bare, f"the {bare}")):
        if candidate and (actor := find_actor_by_name(session, candidate)) is not None:
            return actor.name
    return ""


def propose_actor(session: Session, speaker: str, context: str) -> ActorProposal | None:
    """What the text says about `speaker`, a name Gainsay does not know, found in `context`
    (the suggestion's quote and the text just before it); None without a name."""
    name = " ".join(speaker.split())
    if not name:
        return None
    at = context.casefold().find(name.casefold()) if name else -1
    before = context[max(0, at - _BEFORE_CHARS) : at] if at >= 0 else ""
    after = context[at + len(name) : at + len(name) + _AFTER_CHARS] if at >= 0 else ""
    role = _ROLE_AFTER.match(after)
    parent = _known_actor(session, role.group("organisation")) if role else ""
    stated = kind_from_words(name)
    if role or _TITLE_BEFORE.search(before) or (stated is None and _looks_like_a_name(name)):
        kind = ActorKind.person
    else:
        kind = stated or ActorKind.other
    described_as = " ".join(role.group(0).split()).strip(" ,") if role else ""
    return ActorProposal(name=name[:200], kind=kind, parent=parent, described_as=described_as)
