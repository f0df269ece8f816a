import re
import sys

from app.ingest.suggest import kept_patterns, sentences
from app.ingest.suggest.kept_patterns import KeptRe

TEXT = "Dr. Vale said no. The ward, Mr. Okoro said, had 12 beds. Was it full?"


def test_kept_re_matches_as_re_does():
    kept = KeptRe()
    pattern = r"(?<=\s)(Dr|Mr)\."
    assert kept.sub(pattern, r"\1∯", TEXT) == re.sub(pattern, r"\1∯", TEXT)
    assert kept.findall(r"\d+", TEXT) == re.findall(r"\d+", TEXT)
    assert [m.span() for m in kept.finditer(r"\bsaid\b", TEXT)] == [
        m.span() for m in re.finditer(r"\bsaid\b", TEXT)
    ]
    assert kept.search(r"ward", TEXT, re.I).span() == re.search(r"ward", TEXT, re.I).span()
    assert kept.match(r"dr", TEXT) is None
    assert kept.match(r"dr", TEXT, re.I) is not None
    assert kept.split(r"[.?] ", TEXT) == re.split(r"[.?] ", TEXT)
    # Anything else is `re`'s own.
    assert kept.escape("a.b") == re.escape("a.b")


def test_a_pattern_is_compiled_once_by_pattern_and_flags():
    kept = KeptRe()
    first = kept._compiled(r"beds", 0)
    assert kept._compiled(r"beds", 0) is first
    assert kept._compiled(r"beds", re.I) is not first


def test_what_is_kept_is_bounded(monkeypatch):
    monkeypatch.setattr(kept_patterns, "_KEPT_MAX", 3)
    kept = KeptRe()
    for number in range(10):
        kept.search(str(number), TEXT)
        assert len(kept._kept) <= 3


def test_the_segmenter_gives_pysbd_the_kept_patterns():
    sentences._segmenter()
    modules = [sys.modules[name] for name in kept_patterns._PYSBD_MODULES if name in sys.modules]
    assert modules
    assert all(module.re is kept_patterns._KEPT_RE for module in modules)
    texts = [unit.text for unit in sentences.read_units(TEXT)]
    assert texts == ["Dr. Vale said no.", "The ward, Mr. Okoro said, had 12 beds.", "Was it full?"]
