"""Writes the table of related words the link stage reads (`app/ingest/suggest/wordnet/`) from
the WordNet 3.0 database files, as Debian's `wordnet-base` installs them under
/usr/share/wordnet (docs/import.md, "Links, forty-seventh round"):

    python -m app.ingest.wordnet_table /usr/share/wordnet

Each entry is a lemma of one part of speech and the keys it shares with other lemmas: itself
and the lemmas WordNet derives from it or it from them ("die" and "death"), and, for nouns and
verbs, its three commonest senses and their direct hypernyms ("hospital" and "clinic" meet at
a medical institution). A key held by one lemma alone can never be shared, so it is left out, and
so is an entry left without keys. Keys are numbered: they are compared, never read. The
exceptions (irregular forms: "fought" to "fight") are kept for the lemmas the table holds, with
keys or glosses.
Beside the keys, each lemma's glosses: the words of 4 letters or more defining its three
commonest senses ("hospital": "health facility where patients receive treatment"), what
another claim's own words may be found in (docs/import.md, "Links, forty-eighth round").
Nothing here runs in the engine: it loads the written table."""

import gzip
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

TABLE_PATH = Path(__file__).parent / "suggest" / "wordnet" / "related_words.json.gz"
# WordNet's parts of speech by their file names; adjectives' satellites ("s") are in data.adj.
_FILES = {"n": "noun", "v": "verb", "a": "adj"}
_ADVERBS = {"r": "adv"}  # read only as what a derivation points to
_SENSES = 3  # the commonest senses of a noun or verb whose synsets and hypernyms count
_HYPERNYM = ("@", "@i")
_DERIVED = "+"


_Pointer = tuple[str, int, str, int, int]
# The words of a definition kept: 4 letters or more (shorter ones are never content words).
_GLOSS_WORD = re.compile(r"[A-Za-z][\w']{3,}+")


def _synsets(root: Path, pos: str) -> dict[int, tuple[list[str], list[_Pointer], str]]:
    """Each synset of a data file by its offset: its lemmas (lower case), its pointers
    (symbol, target offset, target part of speech, and the source and target words' numbers
    in their synsets, 0 for a pointer between whole synsets) and its definition (the gloss up
    to its first semicolon, without the examples of use after it)."""
    synsets = {}
    with open(root / f"data.{(_FILES | _ADVERBS)[pos]}", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith(" "):
                continue  # the licence at the head of the file
            head, _, gloss = line.partition(" | ")
            fields = head.split()
            count = int(fields[3], 16)
            words = [fields[4 + 2 * k].lower().split("(", 1)[0] for k in range(count)]
            at = 4 + 2 * count
            pointers = []
            for k in range(int(fields[at])):
                symbol, offset, target_pos, numbers = fields[at + 1 + 4 * k : at + 5 + 4 * k]
                target_pos = "a" if target_pos == "s" else target_pos
                source, target = int(numbers[:2], 16), int(numbers[2:], 16)
                pointers.append((symbol, int(offset), target_pos, source, target))
            synsets[int(fields[0])] = (words, pointers, gloss.split(";", 1)[0])
    return synsets


def _index(root: Path, pos: str) -> dict[str, list[int]]:
    """Each lemma's synsets, commonest first."""
    index = {}
    with open(root / f"index.{_FILES[pos]}", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith(" "):
                continue
            fields = line.split()
            count = int(fields[2])
            index[fields[0]] = [int(offset) for offset in fields[len(fields) - count :]]
    return index


def _exceptions(root: Path, pos: str) -> dict[str, list[str]]:
    exceptions = {}
    with open(root / f"{_FILES[pos]}.exc", encoding="utf-8") as lines:
        for line in lines:
            form, *lemmas = line.split()
            exceptions[form] = lemmas
    return exceptions


def build(root: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """The table: for each part of speech, each lemma's keys, the irregular forms, and each
    lemma's glosses."""
    synsets = {pos: _synsets(root, pos) for pos in _FILES | _ADVERBS}
    keys: dict[tuple[str, str], set[str]] = {}
    glosses: dict[str, dict[str, str]] = {pos: {} for pos in _FILES}
    for pos in _FILES:
        for lemma, offsets in _index(root, pos).items():
            if "_" in lemma:
                continue  # the engine compares single words
            if defining := _defining_words(synsets[pos][o][2] for o in offsets[:_SENSES]):
                glosses[pos][lemma] = defining
            own = keys.setdefault((lemma, pos), {"w:" + lemma})
            for offset in offsets:
                words, pointers, _ = synsets[pos][offset]
                numbers = {k + 1 for k, word in enumerate(words) if word == lemma}
                for symbol, target, target_pos, source, word in pointers:
                    if symbol == _DERIVED and source in numbers:
                        own.add("w:" + synsets[target_pos][target][0][word - 1])
            if pos == "a":
                continue
            for offset in offsets[:_SENSES]:
                own.add(f"{pos}:{offset}")
                for symbol, target, target_pos, _, _ in synsets[pos][offset][1]:
                    if symbol in _HYPERNYM:
                        own.add(f"{target_pos}:{target}")
    held = Counter(key for own in keys.values() for key in own)
    numbered = {key: k for k, key in enumerate(sorted(key for key, n in held.items() if n > 1))}
    table: dict[str, dict[str, dict[str, Any]]] = {"keys": {}, "exceptions": {}}
    for pos in _FILES:
        table["keys"][pos] = {}
    for (lemma, pos), own in sorted(keys.items()):
        shared = sorted(numbered[key] for key in own if key in numbered)
        if shared:
            table["keys"][pos][lemma] = [_base36(key) for key in shared]
    # (An irregular form of a lemma with glosses but no keys, "burlier": burly, is kept too: the
    # glosses' lookup goes through the same forms as the keys'.)
    for pos in _FILES:
        table["exceptions"][pos] = {
            form: kept
            for form, lemmas in sorted(_exceptions(root, pos).items())
            if (
                kept := [
                    lemma
                    for lemma in lemmas
                    if lemma in table["keys"][pos] or lemma in glosses[pos]
                ]
            )
        }
    table["glosses"] = glosses
    return table


def _defining_words(definitions: Iterable[str]) -> str:
    """The words of 4 letters or more of some definitions, lower case, each once, in order."""
    words = dict.fromkeys(
        word.lower() for definition in definitions for word in _GLOSS_WORD.findall(definition)
    )
    return " ".join(words)


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = digits[digit] + text
        if not number:
            return text


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0] if args else "/usr/share/wordnet")
    table = build(root)
    text = json.dumps(table, separators=(",", ":"), sort_keys=True)
    TABLE_PATH.parent.mkdir(exist_ok=True)
    # (No time in the gzip header: the same database writes the same bytes.)
    with open(TABLE_PATH, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(text.encode("utf-8"))
    keyed = sum(len(lemmas) for lemmas in table["keys"].values())
    glossed = sum(len(lemmas) for lemmas in table["glosses"].values())
    print(TABLE_PATH, keyed, "lemmas with keys,", glossed, "with glosses")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
