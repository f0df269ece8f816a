"""The actors Gainsay knows, as the engine looks them up: by name, alias or mention."""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from app.paths import SEEDS_DIR


@dataclass(frozen=True, slots=True)
class KnownActor:
    id: int | None
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    parent_id: int | None = None


ActorRow = (
    tuple[int | None, str, str, Iterable[str]]
    | tuple[int | None, str, str, Iterable[str], int | None]
)
# A row for `ActorDirectory.extended`, which also takes a parent by name.
ExtraActorRow = (
    tuple[int | None, str, str, Iterable[str]]
    | tuple[int | None, str, str, Iterable[str], int | str | None]
)


def normalise_name(text: str) -> str:
    """The form names are compared in: case, curly apostrophes, periods ("U.S."), possessive
    endings, parentheticals ("(unnamed)", "(MSF)") and a leading article do not count."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    text = re.sub(r"\([^)]*\)", " ", text)
    text = text.casefold().replace(".", "")
    text = re.sub(r"'s\b|(?<=s)'(?!\w)", "", text)
    text = re.sub(r"[^\w'&-]+", " ", text).strip()
    text = re.sub(r"^(?:the|a|an)\s+", "", text)
    return " ".join(text.split())


# A body's name by its head and what it belongs to ("ministry of public works of tessaly",
# "ministry of the treasury"), split at its last "of": the same name as "tessaly ministry of
# public works", "treasury ministry" (the possessive gone in the normal form).
_HEAD_OF = re.compile(
    r"(?P<head>[\w'&-]++(?: [\w'&-]++){0,6}) of (?:(?:the|a|an) )?+"
    r"(?P<owner>(?:[\w'&-]++ ?+){1,4}+)"
)


def owner_first(key: str) -> str | None:
    """A normal name "HEAD of OWNER" written owner first ("OWNER HEAD"), the form a possessive
    gives ("Tessaly's Ministry of Public Works"); None for a name without "of"."""
    match = _HEAD_OF.fullmatch(key)
    if match is None or " of " in match["owner"]:
        return None
    return f"{match['owner'].strip()} {match['head']}"


def same_name(one: str, other: str) -> bool:
    """Whether two names are one, written alike or one owner first ("the Ministry of the
    Treasury", "the Treasury Ministry")."""
    first, second = normalise_name(one), normalise_name(other)
    return first == second or owner_first(first) == second or owner_first(second) == first


def is_descriptive(alias: str) -> bool:
    # "the ministry", "a monitoring group": a description, not a name; it identifies the actor
    # only when a speaker is described in exactly those words.
    return not re.search(r"[A-Z0-9]", alias)


class ActorDirectory:
    """The actors Gainsay knows, looked up by name or alias. Build it from rows
    (id, name, kind, aliases[, parent_id]) loaded from the database, or from the seed annotations
    with `from_seed_annotations` for evaluation."""

    def __init__(self, rows: Iterable[ActorRow] = ()) -> None:
        self.actors: list[KnownActor] = []
        self._by_id: dict[int, KnownActor] = {}
        self._by_key: dict[str, KnownActor] = {}
        self._by_owner_first: dict[str, KnownActor] = {}  # "HEAD of OWNER" names, owner first
        for row in rows:
            actor_id, name, kind, aliases = row[0], row[1], row[2], row[3]
            parent_id = row[4] if len(row) > 4 else None
            self.add(KnownActor(actor_id, name, str(kind), tuple(aliases), parent_id))

    def add(self, actor: KnownActor) -> KnownActor:
        self.actors.append(actor)
        if actor.id is not None:
            self._by_id[actor.id] = actor
        for form in (actor.name, *actor.aliases):
            key = normalise_name(form)
            if key:
                self._by_key.setdefault(key, actor)
                swapped = owner_first(key)
                if swapped:
                    self._by_owner_first.setdefault(swapped, actor)
        self.__dict__.pop("_mention_pattern", None)
        return actor

    @classmethod
    def from_seed_annotations(cls, seeds_dir: Path = SEEDS_DIR) -> "ActorDirectory":
        """The seed data set's actors, numbered in file order (there is no database here)."""
        from app.ingest.seeds import read_seed_set

        seeds = read_seed_set(seeds_dir).actors
        ids = {seed.name: number for number, seed in enumerate(seeds, start=1)}
        return cls(
            (ids[s.name], s.name, s.kind, s.aliases, ids.get(s.parent) if s.parent else None)
            for s in seeds
        )

    def extended(self, rows: Iterable[ExtraActorRow]) -> "ActorDirectory":
        """A copy with more actors; rows without an id get fresh ones, and a parent may be
        given by name in place of an id."""
        merged = ActorDirectory()
        for actor in self.actors:
            merged.add(actor)
        next_id = max((a.id for a in self.actors if a.id is not None), default=0) + 1
        pending: list[tuple[KnownActor, int | str | None]] = []
        for row in rows:
            actor_id, name, kind, aliases = row[0], row[1], row[2], row[3]
            parent = row[4] if len(row) > 4 else None
            known = merged.lookup(name)
            if known is not None and same_name(name, known.name):
                continue
            if actor_id is None:
                actor_id, next_id = next_id, next_id + 1
            pending.append((KnownActor(actor_id, name, str(kind), tuple(aliases)), parent))
        for actor, parent in pending:
            parent_actor = (
                merged.get(parent) if isinstance(parent, int) else merged.lookup(str(parent or ""))
            ) or next((a for a, _ in pending if parent and a.name == parent), None)
            merged.add(
                KnownActor(
                    actor.id,
                    actor.name,
                    actor.kind,
                    actor.aliases,
                    parent_actor.id if parent_actor else None,
                )
            )
        return merged

    def get(self, actor_id: int | None) -> KnownActor | None:
        return None if actor_id is None else self._by_id.get(actor_id)

    def lookup(self, words: str) -> KnownActor | None:
        # One body is one actor whichever way its name is built: "the Ministry of the Treasury"
        # is "the Treasury Ministry", "Tessaly's Ministry of Public Works" is "the Ministry of
        # Public Works of Tessaly".
        key = normalise_name(words)
        found = self._by_key.get(key)
        swapped = owner_first(key) if found is None else None
        if swapped:
            found = self._by_key.get(swapped)
        return found or self._by_owner_first.get(key)

    def root(self, actor: KnownActor) -> KnownActor:
        """The top of the actor's parent chain (a spokesman → his ministry → its government)."""
        seen = {id(actor)}
        while actor.parent_id is not None:
            parent = self._by_id.get(actor.parent_id)
            if parent is None or id(parent) in seen:
                break
            seen.add(id(parent))
            actor = parent
        return actor

    @cached_property
    def _mention_pattern(self) -> tuple[re.Pattern[str] | None, dict[str, KnownActor]]:
        # Names and proper aliases as written (case matters: "US" is not "us"); a leading
        # article may be capitalised at the start of a sentence.
        forms: dict[str, KnownActor] = {}
        for actor in self.actors:
            for form in (actor.name, *actor.aliases):
                if not form or is_descriptive(form) or len(form) < 2:
                    continue
                forms.setdefault(_fold(form), actor)
        if not forms:
            return None, forms
        alternatives = sorted(forms, key=len, reverse=True)
        body = "|".join(_form_regex(f) for f in alternatives)
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])"), forms

    def mentions(self, text: str) -> list[tuple[int, int, KnownActor]]:
        """Every known actor named in `text`, with offsets, longest names first at a place."""
        pattern, forms = self._mention_pattern
        if pattern is None:
            return []
        found = []
        for match in pattern.finditer(text):
            actor = forms.get(_fold(match.group(0)))
            if actor is None:
                actor = forms.get(_fold(re.sub(r"^The\b", "the", match.group(0))))
            if actor is not None:
                found.append((match.start(), match.end(), actor))
        return found


def _fold(form: str) -> str:
    return form.replace("’", "'").replace("‘", "'")


def _form_regex(form: str) -> str:
    escaped = re.escape(form).replace("'", "['’]")
    if form.startswith("the "):
        escaped = "[Tt]he" + escaped[3:]
    return escaped
