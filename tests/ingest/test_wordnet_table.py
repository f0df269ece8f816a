"""app/ingest/wordnet_table.py: the table of related words written from WordNet's files."""

from pathlib import Path

from app.ingest.wordnet_table import build

# A small database in WordNet's format (offsets are ids here, not byte positions): two kinds of
# ward share a hypernym; a noun and a verb derive from each other; one noun relates to nothing.
_DATABASE = {
    "data.noun": [
        "  1 a licence line",
        "00000100 06 n 01 sickbay 0 001 @ 00000300 n 0000 | a ward",
        "00000200 06 n 01 infirmary 0 001 @ 00000300 n 0000 | a ward",
        "00000300 14 n 01 ward 0 000 | a room",
        "00000400 04 n 01 loss 0 001 + 00000500 v 0101 | losing",
        "00000600 05 n 01 heron 0 000 | a bird",
    ],
    "data.verb": ["00000500 40 v 01 lose 0 001 + 00000400 n 0101 | to lose"],
    "data.adj": [],
    "data.adv": [],
    "index.noun": [
        "  1 a licence line",
        "sickbay n 1 1 @ 1 0 00000100",
        "infirmary n 1 1 @ 1 0 00000200",
        "ward n 1 0 1 0 00000300",
        "loss n 1 1 + 1 0 00000400",
        "heron n 1 0 1 0 00000600",
    ],
    "index.verb": ["lose v 1 1 + 1 0 00000500"],
    "index.adj": [],
    "noun.exc": ["herons heron", "geese goose"],
    "verb.exc": ["lost lose"],
    "adj.exc": [],
}


def test_the_table_keeps_what_two_lemmas_share(tmp_path: Path):
    for name, lines in _DATABASE.items():
        (tmp_path / name).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    table = build(tmp_path)
    nouns, verbs = table["keys"]["n"], table["keys"]["v"]
    assert set(nouns["sickbay"]) & set(nouns["infirmary"]) & set(nouns["ward"])
    assert set(nouns["loss"]) & set(verbs["lose"])
    # A key no other lemma holds is left out, and so is a lemma left without keys.
    assert "heron" not in nouns
    # The irregular forms of lemmas with keys or glosses ("heron" has only glosses); not of a
    # lemma the table does not hold.
    assert table["exceptions"] == {"n": {"herons": ["heron"]}, "v": {"lost": ["lose"]}, "a": {}}
    # Each lemma's definitions, their words of four letters or more, with or without keys.
    assert table["glosses"]["n"]["sickbay"] == "ward"
    assert table["glosses"]["n"]["heron"] == "bird"
    assert table["glosses"]["v"]["lose"] == "lose"
