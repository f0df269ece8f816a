"""Writes the table of related words the link stage reads (`app/ingest/suggest/wordnet/`) from
the WordNet 3.0 database files, as Debian's `wordnet-base` installs them under
/usr/share/wordnet (docs/import.md, "Links, forty-seventh round"):

    python -m app.ingest.wordnet_table /usr/share/wordnet

Each entry is a lemma of one part of speech and the keys it shares with other lemmas: itself
and the lemmas WordNet derives from it or it from them ("die" and "death"), and, for nouns and
verbs, its three commonest senses and their direct hypernyms ("hospital" and "clinic" meet at
a medical institution). A key held by one lemma alone can never be shared, so it is left out, and
so is an entry left without keys. Keys are numbered: they are compared, never read. The
exceptions (irregular forms: "fought" to "fight") are kept for the lemmas the table holds.
Nothing here runs in the engine: it loads the written table."""

import gzip
import json
import sys
from collections import Counter
from pathlib import Path

TABLE_PATH = Path(__file__).parent / "suggest" / "wordnet" / "related_words.json.gz"
# WordNet's parts of speech by their file names; adjectives' satellites ("s") are in data.adj.
_FILES = {"n": "noun", "v": "verb", "a": "adj"}
_ADVERBS = {"r": "adv"}  # read only as what a derivation points to
_SENSES = 3  # the commonest senses of a noun or verb whose synsets and hypernyms count
_HYPERNYM = ("@", "@i")
_DERIVED = "+"


_Pointer = tuple[str, int, str, int, int]


def _synsets(root: Path, pos: str) -> dict[int, tuple[list[str], list[_Pointer]]]:
    """Each synset of a data file by its offset: its lemmas (lower case) and its pointers
    (symbol, target offset, target part of speech, and the source and target words' numbers
    in their synsets, 0 for a pointer between whole synsets)."""
    synsets = {}
    with open(root / f"data.{(_FILES | _ADVERBS)[pos]}", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith(" "):
                continue  # the licence at the head of the file
            fields = line.split(" | ", 1)[0].split()
            count = int(fields[3], 16)
            words = [fields[4 + 2 * k].lower().split("(", 1)[0] for k in range(count)]
            at = 4 + 2 * count
            pointers = []
            for k in range(int(fields[at])):
                symbol, offset, target_pos, numbers = fields[at + 1 + 4 * k : at + 5 + 4 * k]
                target_pos = "a" if target_pos == "s" else target_pos
                source, target = int(numbers[:2], 16), int(numbers[2:], 16)
                pointers.append((symbol, int(offset), target_pos, source, target))
            synsets[int(fields[0])] = (words, pointers)
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


def build(root: Path) -> dict[str, dict[str, dict[str, list[str]]]]:
    """The table: for each part of speech, each lemma's keys, and the irregular forms."""
    synsets = {pos: _synsets(root, pos) for pos in _FILES | _ADVERBS}
    keys: dict[tuple[str, str], set[str]] = {}
    for pos in _FILES:
        for lemma, offsets in _index(root, pos).items():
            if "_" in lemma:
                continue  # the engine compares single words
            own = keys.setdefault((lemma, pos), {"w:" + lemma})
            for offset in offsets:
                words, pointers = synsets[pos][offset]
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
    table: dict[str, dict[str, dict[str, list[str]]]] = {"keys": {}, "exceptions": {}}
    for pos in _FILES:
        table["keys"][pos] = {}
    for (lemma, pos), own in sorted(keys.items()):
        shared = sorted(numbered[key] for key in own if key in numbered)
        if shared:
            table["keys"][pos][lemma] = [_base36(key) for key in shared]
    for pos in _FILES:
        table["exceptions"][pos] = {
            form: kept
            for form, lemmas in sorted(_exceptions(root, pos).items())
            if (kept := [lemma for lemma in lemmas if lemma in table["keys"][pos]])
        }
    return table


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
    print(TABLE_PATH, sum(len(lemmas) for lemmas in table["keys"].values()), "lemmas")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
