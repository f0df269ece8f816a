"""Reading and validating gold annotation files, and writing the seed annotations as one.

A gold file is a JSON list of articles::

    [{"file": "articles/x.txt",
      "actors": [{"name": "…", "kind": "ngo", "aliases": ["…"], "parent": "…"}],   # optional
      "claims": [{"id": "c1", "kind": "allegation", "claimant": "Name",
                  "claimant_aliases": ["Surname", "The body they speak for"],     # optional
                  "quote": "exact substring of the body", "rebuts": ["c0"],
                  "denial_type": "categorical"}]}]                                # optional

Paths are relative to the gold file. An article file holds its URL (or "unknown"), outlet,
date (YYYY-MM-DD or "unknown") and title on its first four lines, then a blank line and the
body. A claim may carry "start" (the quote's offset) when its quote occurs more than once, link
lists under any LinkKind name ("rebuts", "counter_accuses", "corroborates", …) pointing at ids
in the same article, "figures" ({low, high, qualifier, counts, text}) and, on a denial or
counter-claim, a "denial_type" (a DenialType value). Any other field is refused, so a misspelt
one ("rebut") is caught rather than silently ignored.
"""

import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Literal, TypeGuard, overload

from app.ingest.seeds import article_body, read_seed_set
from app.paths import ROOT, SEEDS_DIR
from app.vocabulary import (
    DENIAL_TYPE_KINDS,
    ActorKind,
    ClaimKind,
    DenialType,
    FigureCounts,
    LinkKind,
)

# The project's gold files, and those the engine is developed and its models trained on: every
# split scored blind once is one of them since (gold.json repeats dev.json and holdout.json).
GOLD_DIR = ROOT / "tests" / "data" / "gold"
DEVELOPMENT_FILES: tuple[Path, ...] = (
    GOLD_DIR / "styles.json",
    GOLD_DIR / "dev.json",
    GOLD_DIR / "holdout.json",
    GOLD_DIR / "seeds.json",
    *(GOLD_DIR / name / f"{name}.json" for name in ("blind", *(f"blind{n}" for n in range(2, 63)))),
)
UNKNOWN = "unknown"
LINK_FIELDS = tuple(kind.value for kind in LinkKind)
CLAIM_FIELDS = frozenset(
    {"id", "kind", "claimant", "claimant_aliases", "quote", "start", "denial_type", "figures"}
) | frozenset(LINK_FIELDS)
ARTICLE_FIELDS = frozenset({"file", "actors", "claims"})
ACTOR_FIELDS = frozenset({"name", "kind", "aliases", "parent"})
FIGURE_FIELDS = frozenset({"low", "high", "qualifier", "counts", "text"})


class GoldFileError(ValueError):
    """A gold file that cannot be used; the message names the file, the article and claim (by
    their index in the JSON lists) and the field that is missing or wrong."""


@dataclass(frozen=True, slots=True)
class GoldClaim:
    id: str
    kind: str
    claimant: str
    quote: str
    start: int
    links: tuple[tuple[str, str], ...] = ()  # (link kind, target id)
    figures: tuple[tuple[int, int | None, str], ...] = ()  # (low, high, counts)
    claimant_aliases: tuple[str, ...] = ()
    denial_type: str | None = None

    @property
    def end(self) -> int:
        return self.start + len(self.quote)

    @property
    def claimant_names(self) -> tuple[str, ...]:
        return (self.claimant, *self.claimant_aliases)


@dataclass(frozen=True, slots=True)
class GoldArticle:
    path: Path
    url: str | None
    outlet: str | None
    date: str | None
    title: str
    body: str
    claims: tuple[GoldClaim, ...]
    actors: tuple[dict, ...] = ()


# Reading.


def read_article_file(path: Path) -> tuple[str | None, str | None, str | None, str, str]:
    """(url, outlet, date, title, body) of an article file in the gold format."""
    lines = path.read_text(encoding="utf-8").split("\n")
    if len(lines) < 5 or lines[4].strip():
        raise ValueError(f"{path}: expected URL, outlet, date, title and a blank line")

    def known(value: str) -> str | None:
        value = value.strip()
        return None if not value or value.lower() == UNKNOWN else value

    body = "\n".join(lines[5:])
    return known(lines[0]), known(lines[1]), known(lines[2]), lines[3].strip(), body


def read_gold(gold_path: Path) -> list[GoldArticle]:
    """The articles of a gold file, every field checked; a GoldFileError says what is wrong
    and where ("gold.json: [2] (articles/x.txt) claims[3] (c4): 'kind' is missing")."""
    try:
        entries = json.loads(gold_path.read_text(encoding="utf-8"))
    except OSError as error:
        raise GoldFileError(f"{gold_path}: cannot be read ({error.strerror})") from None
    except UnicodeDecodeError:
        raise GoldFileError(f"{gold_path}: is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise GoldFileError(
            f"{gold_path}: is not valid JSON ({error.msg} at line {error.lineno}, "
            f"column {error.colno})"
        ) from None
    if not isinstance(entries, list):
        raise GoldFileError(f"{gold_path}: a gold file is a JSON list of articles")
    return [_gold_article(gold_path, index, entry) for index, entry in enumerate(entries)]


def _gold_article(gold_path: Path, index: int, entry: object) -> GoldArticle:
    where = f"{gold_path}: [{index}]"
    entry = _object(entry, where, "an article")
    file = _text(entry, "file", where)
    where = f"{where} ({file})"
    _known_fields(entry, where, ARTICLE_FIELDS)
    path = (gold_path.parent / file).resolve()
    try:
        url, outlet, date, title, body = read_article_file(path)
    except OSError as error:
        raise GoldFileError(
            f"{where}: the article file cannot be read ({error.strerror})"
        ) from None
    except (UnicodeDecodeError, ValueError):
        raise GoldFileError(
            f"{where}: the article file must be UTF-8 text with a URL, outlet, date and title "
            "on its first four lines, then a blank line and the body"
        ) from None
    actors = tuple(
        _actor(raw, f"{where} actors[{i}]")
        for i, raw in enumerate(_list(entry, "actors", where, required=False))
    )
    claims: list[GoldClaim] = []
    for i, raw in enumerate(_list(entry, "claims", where)):
        claim = _gold_claim(body, raw, f"{where} claims[{i}]")
        if any(c.id == claim.id for c in claims):
            raise GoldFileError(f"{where} claims[{i}]: the id {claim.id!r} is used twice")
        claims.append(claim)
    ids = {c.id for c in claims}
    for i, claim in enumerate(claims):
        for kind, target in claim.links:
            if target not in ids:
                raise GoldFileError(
                    f"{where} claims[{i}] ({claim.id}): '{kind}' names an unknown id "
                    f"{target!r} (no claim of this article has it)"
                )
    return GoldArticle(path, url, outlet, date, title, body, tuple(claims), actors)


def _gold_claim(body: str, raw: object, where: str) -> GoldClaim:
    raw = _object(raw, where, "a claim")
    claim_id = _text(raw, "id", where)
    where = f"{where} ({claim_id})"
    _known_fields(raw, where, CLAIM_FIELDS)
    kind = _choice(raw, "kind", where, ClaimKind)
    quote = _text(raw, "quote", where)
    start = raw.get("start")
    if start is None:
        start = body.find(quote)
        if start < 0:
            raise GoldFileError(f"{where}: the quote is not in the body: {quote[:60]!r}")
        if body.find(quote, start + 1) >= 0:
            raise GoldFileError(f"{where}: the quote occurs twice in the body; give its 'start'")
    elif not _is_int(start) or body[start : start + len(quote)] != quote:
        raise GoldFileError(f"{where}: 'start' must be the offset of the quote in the body")
    denial_type = _choice(raw, "denial_type", where, DenialType, required=False)
    if denial_type is not None and kind not in DENIAL_TYPE_KINDS:
        raise GoldFileError(
            f"{where}: 'denial_type' is given on a {kind}; only denials and counter-claims "
            "carry one"
        )
    return GoldClaim(
        id=claim_id,
        kind=kind,
        claimant=_text(raw, "claimant", where),
        quote=quote,
        start=start,
        links=tuple(
            (name, _string(target, f"{where} {name}[{i}]"))
            for name in LINK_FIELDS
            for i, target in enumerate(_list(raw, name, where, required=False))
        ),
        figures=tuple(
            _figure(figure, f"{where} figures[{i}]")
            for i, figure in enumerate(_list(raw, "figures", where, required=False))
        ),
        claimant_aliases=tuple(
            _string(alias, f"{where} claimant_aliases[{i}]")
            for i, alias in enumerate(_list(raw, "claimant_aliases", where, required=False))
        ),
        denial_type=denial_type,
    )


def _actor(raw: object, where: str) -> dict:
    raw = _object(raw, where, "an actor")
    name = _text(raw, "name", where)
    where = f"{where} ({name})"
    _known_fields(raw, where, ACTOR_FIELDS)
    _choice(raw, "kind", where, ActorKind)
    for i, alias in enumerate(_list(raw, "aliases", where, required=False)):
        _string(alias, f"{where} aliases[{i}]")
    if raw.get("parent") is not None:
        _text(raw, "parent", where)
    return raw


def _figure(raw: object, where: str) -> tuple[int, int | None, str]:
    raw = _object(raw, where, "a figure")
    _known_fields(raw, where, FIGURE_FIELDS)
    low, high = raw.get("low"), raw.get("high")
    if not _is_int(low):
        raise GoldFileError(f"{where}: 'low' is {_missing_or(low)}; it must be a whole number")
    if high is not None and not _is_int(high):
        raise GoldFileError(f"{where}: 'high' must be a whole number or absent")
    return low, high, _choice(raw, "counts", where, FigureCounts)


# Field checks: each names the field and where it is when it is missing or of the wrong kind.


def _object(raw: object, where: str, what: str) -> dict:
    if not isinstance(raw, dict):
        raise GoldFileError(f"{where}: {what} must be a JSON object")
    return raw


def _known_fields(raw: dict, where: str, allowed: frozenset[str]) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise GoldFileError(
            f"{where}: unknown field {unknown[0]!r} (known: {', '.join(sorted(allowed))})"
        )


def _text(raw: dict, name: str, where: str) -> str:
    value = raw.get(name)
    if not isinstance(value, str) or not value.strip():
        raise GoldFileError(f"{where}: '{name}' is {_missing_or(value)}; it must be a text")
    return value


def _string(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise GoldFileError(f"{where}: must be a non-empty text, not {json.dumps(value)}")
    return value


def _list(raw: dict, name: str, where: str, *, required: bool = True) -> list:
    value = raw.get(name)
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise GoldFileError(f"{where}: '{name}' is {_missing_or(value)}; it must be a list")
    return value


@overload
def _choice(
    raw: dict, name: str, where: str, values: type[StrEnum], *, required: Literal[True] = True
) -> str: ...
@overload
def _choice(
    raw: dict, name: str, where: str, values: type[StrEnum], *, required: bool
) -> str | None: ...
def _choice(
    raw: dict, name: str, where: str, values: type[StrEnum], *, required: bool = True
) -> str | None:
    value = raw.get(name)
    if value is None and not required:
        return None
    allowed = [v.value for v in values]
    if value not in allowed:
        raise GoldFileError(
            f"{where}: '{name}' is {_missing_or(value)}; it must be one of {', '.join(allowed)}"
        )
    return value


def _missing_or(value: object) -> str:
    return "missing" if value is None else json.dumps(value, ensure_ascii=False)[:60]


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


# The seed annotations as a gold set.


def export_seed_gold(out_dir: Path, seeds_dir: Path = SEEDS_DIR) -> Path:
    """Write the seed articles in the gold article format under `out_dir`/seed_articles/ and
    their curated claims as `out_dir`/seeds.json. Links are kept where both claims are in the
    same article (suggestions are made one article at a time)."""
    seed_set = read_seed_set(seeds_dir)
    article_dir = out_dir / "seed_articles"
    article_dir.mkdir(parents=True, exist_ok=True)
    ref_article = {c.ref: a.file for a in seed_set.articles for c in a.claims}
    links: dict[str, dict[str, list[str]]] = {}
    for link in seed_set.links:
        if ref_article[link.source] == ref_article[link.target]:
            by_kind = links.setdefault(link.source, {})
            by_kind.setdefault(link.kind.value, []).append(link.target)
    entries = []
    for article in seed_set.articles:
        body = article_body(seeds_dir, article)
        header = [
            article.url or UNKNOWN,
            article.outlet or UNKNOWN,
            article.published_on.isoformat() if article.published_on else UNKNOWN,
            article.title,
            "",
        ]
        name = Path(article.file).name
        (article_dir / name).write_text("\n".join(header) + "\n" + body, encoding="utf-8")
        claims = []
        for claim in article.claims:
            entry: dict[str, object] = {
                "id": claim.ref,
                "kind": claim.kind.value,
                "claimant": claim.claimant,
                "quote": claim.quote,
            }
            if body.count(claim.quote) > 1:
                entry["start"] = body.index(claim.quote)
            entry.update(links.get(claim.ref, {}))
            if claim.figures:
                entry["figures"] = [
                    {k: v for k, v in f.model_dump(mode="json").items() if v not in (None, "")}
                    for f in claim.figures
                ]
            claims.append(entry)
        entries.append({"file": f"seed_articles/{name}", "claims": claims})
    gold_path = out_dir / "seeds.json"
    gold_path.write_text(json.dumps(entries, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return gold_path
