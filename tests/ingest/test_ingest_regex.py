"""Every pattern of app/ingest that was superlinear, on adversarial input at the size limits.

Each case runs in a separate process with a generous limit on the CPU time it may use
(`within`): the old patterns took seconds on a few kilobytes and hours at these sizes, the new
ones take a second or two, so the limit tells them apart; CPU time, unlike the wall clock, does
not grow when other work shares the machine. Each case also checks its result, and
the rewritten patterns are compared with the old ones on thousands of random strings (the
rewrites were meant to change no result)."""

import random
import re
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from multiprocessing import get_context
from typing import Any

import pytest

from app.ingest import figures
from app.ingest.importing import clean, decode
from app.ingest.importing.limits import MAX_IMPORT_BYTES
from app.ingest.importing.prepare import MAX_SUGGEST_CHARS, prepare
from app.ingest.importing.results import Refusal
from app.ingest.suggest import (
    ActorDirectory,
    article_actors,
    attribution,
    cues,
    kinds,
    link_features,
    sentences,
    speaker_words,
    subjects,
    suggest_claims,
)

MIB = 1024 * 1024
# CPU seconds a case may use: the new code takes a second or two for each case below, the old
# took minutes to hours at these sizes.
LIMIT_S = 30
# Wall-clock seconds before a case is taken to hang and its process is stopped: far above
# LIMIT_S, so that a busy machine, which stretches the wall clock and not the CPU time, does
# not fail a case.
HANG_S = 300

# The patterns as they were, to compare with (and measured: see each case).
OLD_PRE_VERB = re.compile(
    r"(?:\s+(?:has|have|had|also|then|later|again|repeatedly|swiftly|quickly|previously|"
    r"earlier|already|further|separately|publicly|strongly|categorically|flatly|firmly|"
    r"immediately|itself|himself|herself|themselves|on\s+(?:monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|today|yesterday|earlier|later|last\s+\w+|this\s+\w+)|"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|earlier|"
    r"later|last\s+\w+|this\s+\w+)|(?:late|early)\s+on\s+\w+|in\s+a\s+(?:written\s+)?"
    r"statement))+\s*$",
    re.IGNORECASE,
)
OLD_DEFINITION = re.compile(r"((?:[A-Z][\w’'&.-]*\s+){0,6}[A-Z][\w’'&.-]*)\s+\(([^()]{2,80})\)")
OLD_NOUN_CUT = re.compile(
    r"\s+(?:(?:for|of|from|at|in|with|on|by|representing|who|which|that|based)\s+(?=[a-z“\"])|"
    r"(?:who|which|that|representing|speaking|according)\b)"
)
OLD_ACCORDING_END = r"[,.;:!?\u2591]|\s+(?:who|which|that|and\s+(?=\w+\s+said))\b"
OLD_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+\n")


@pytest.fixture(scope="module")
def within() -> Iterator[Callable[..., Any]]:
    """Run a case of this module in another process; fail if it uses over LIMIT_S seconds of
    CPU, or runs HANG_S seconds (then stop that process: a thread could not be stopped)."""
    pools: list[ProcessPoolExecutor] = []

    def pool() -> ProcessPoolExecutor:
        if not pools:
            pools.append(ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")))
            # The app imported before any timing; as patient as a case, on a busy machine.
            pools[0].submit(_warm).result(timeout=HANG_S)
        return pools[0]

    def run(case: Callable[..., Any], *args: Any) -> Any:
        future = pool().submit(_on_cpu_clock, case, *args)
        try:
            result, cpu_s = future.result(timeout=HANG_S)
        except FutureTimeout:
            stuck = pools.pop()
            for process in list(getattr(stuck, "_processes", {}).values()):
                process.kill()
            stuck.shutdown(wait=False, cancel_futures=True)
            pytest.fail(f"{case.__name__} still ran after {HANG_S} s")
        assert cpu_s <= LIMIT_S, f"{case.__name__} used {cpu_s:.1f} s of CPU"
        return result

    yield run
    for left in pools:
        left.shutdown(cancel_futures=True)


def _on_cpu_clock(case: Callable[..., Any], *args: Any) -> tuple[Any, float]:
    started = time.process_time()
    result = case(*args)
    return result, time.process_time() - started


def _warm() -> None:
    suggest_claims("The ministry said it was false.", ActorDirectory())


def _suggested(body: str) -> list[tuple[str, str, str]]:
    return [(s.kind, s.claimant_text, s.quote[:40]) for s in suggest_claims(body, ActorDirectory())]


# --- The crafted articles ----------------------------------------------------------


def crafted_spaces_before_said(spaces: int) -> list[tuple[str, str, str]]:
    # 43 s for 6 KB before (_PRE_VERB.sub in subject_before_verb, tried at every space).
    return _suggested("The ministry" + " " * spaces + "x said the strike killed 38 people.")


@pytest.mark.parametrize("spaces", [6_000, MAX_SUGGEST_CHARS])
def test_a_run_of_spaces_before_the_verb(within, spaces):
    # The subject is read from a window of 1,000 characters before the verb: past a long run
    # of spaces only "x" is left, which names no one.
    assert within(crafted_spaces_before_said, spaces) == []


def one_long_word(letters: int) -> tuple[list[Any], int]:
    # 34 s for a 16,000-letter word before (_local_definitions' name pattern from every capital).
    body = "A" * letters + " (MSF) said the strike killed 38 people."
    found = [m.groups() for m in article_actors._DEFINITION.finditer("Ab" * (letters // 2))]
    return found, len(article_actors.local_definitions(body, ActorDirectory()).actors)


def test_one_long_capitalised_word(within):
    found, defined = within(one_long_word, MAX_SUGGEST_CHARS)
    assert found == [] and defined == 1  # "AAA…A (MSF)" still defines MSF


# --- Suggestion patterns ---------------------------------------------------------------------


def strip_pre_verb_at_scale() -> list[str]:
    return [
        subjects._strip_pre_verb("The ministry" + " has" * (MIB // 4)),
        subjects._strip_pre_verb(" " * MIB + "The ministry on Monday also"),
        subjects._strip_pre_verb("on Monday " * (MIB // 10)),
    ]


def test_auxiliaries_and_time_phrases_are_stripped_in_linear_time(within):
    many_has, spaces_first, only_phrases = within(strip_pre_verb_at_scale)
    # Only the last 16 words are read: a run of 262,144 "has" keeps all but 16.
    assert many_has.startswith("The ministry has has") and many_has.count("has") == MIB // 4 - 16
    assert spaces_first == " " * MIB + "The ministry"
    assert only_phrases.endswith("on Monday") and only_phrases.count("Monday") == MIB // 10 - 8


def whitespace_runs() -> dict[str, Any]:
    spaces = " " * MIB + "x"
    tabs = "\t" * MIB + "who"
    return {
        "noun_cut": speaker_words.NOUN_CUT.split(tabs, maxsplit=1),
        "according": sentences.until(attribution._ACCORDING_END, spaces, 0, len(spaces)),
        "as_reported": sentences.until(attribution._AS_REPORTED_END, spaces, 0, len(spaces)),
        "np_end": attribution._clean_np("the ministry" + spaces),
        "anaphora": link_features.REFERS_BACK.search("A'" * (MIB // 2)),
        "dateline": sentences.DATELINE.match("A" + " " * MIB + "x"),
        "joined": _suggested(
            "The ministry said it" + " " * MAX_SUGGEST_CHARS + "x and said it was false."
        ),
    }


def test_patterns_over_runs_of_spaces(within):
    found = within(whitespace_runs)
    assert found["noun_cut"] == ["", ""]
    assert found["according"] == MIB + 1 and found["as_reported"] == MIB + 1
    assert found["np_end"] == "the ministry"  # a name ends within 1,000 characters
    assert found["anaphora"] is None and found["dateline"] is None
    assert found["joined"] == []  # no subject within 1,000 characters of "said"


# 56,000 characters (sentence splitting takes most of the time at this size).
LABELLED_PARAGRAPHS = 2_000


def transcript_and_answer_patterns() -> dict[str, Any]:
    capitals = "A" * (MAX_SUGGEST_CHARS - 20)
    return {
        "label": sentences.SPEAKER_LABEL.match("A" + " " * MIB + "x"),
        "timestamp": sentences.TIMESTAMP.match("09:40" + " " * MIB + "x"),
        "deprived": attribution._DEPRIVED_OBJECT.match(" " * MIB + "x"),
        # A long word that is no gerund, before no deprived noun (the gerund look-ahead).
        "deprived_word": attribution._DEPRIVED_OBJECT.match(" " + "a" * MIB + " x"),
        "answer": cues.ANSWER_PHRASE.search("did not " * (MIB // 8)),
        "call": cues.CALL_FOR.search("called " * (MIB // 7)),
        "evidence": kinds._EVIDENCE.search("consistent " * (MIB // 11)),
        "label_on": kinds._LABELLED.search("called the " * (MIB // 11)),
        # The label's full name is looked for before it: a long capitalised word, then "KASK".
        "labelled": _suggested(capitals + "\n\nKASK: No. The report is false."),
        # Each paragraph one denial: the answers are scored against a few claims each, not all.
        "labels": len(_suggested("KASK: The report is false.\n\n" * LABELLED_PARAGRAPHS)),
        # A surname's full name is looked for once, not for each of its speakers.
        "surnames": len(_suggested("Smolders denied the report.\n\n" * LABELLED_PARAGRAPHS)),
    }


def test_transcript_and_answer_patterns_at_scale(within):
    found = within(transcript_and_answer_patterns)
    assert found["label"] is None and found["timestamp"] is None
    assert found["deprived"] is None and found["answer"] is None and found["call"] is None
    assert found["deprived_word"] is None
    assert found["evidence"] is None and found["label_on"] is None
    # The label resolved and the answer found (its kind is the kind model's, tested apart).
    assert [(who, quote) for _, who, quote in found["labelled"]] == [
        ("Kask", "The report is false.")
    ]
    assert found["labels"] == found["surnames"] == LABELLED_PARAGRAPHS


def many_cues_and_negations() -> dict[str, Any]:
    # 30,000 characters: with the old code, each cue read all the sentence before it.
    words = 30_000 // 13
    return {
        "according": len(_suggested("according to the ministry " * words)),
        "said": len(_suggested("The ministry said " * (30_000 // 18))),
        "negations": kinds._negated_harm("not " * words + "killed."),
        "harm": len(kinds._harm("the killed " * words)),
        "called": len(_suggested("The ministry called " * words + "the claims lies.")),
    }


def test_sentences_of_many_cues_and_negations(within):
    found = within(many_cues_and_negations)
    assert found == {"according": 31, "said": 15, "negations": True, "harm": 0, "called": 0}


# --- Import patterns ---------------------------------------------------------------------------


def markdown_at_the_limit(unit: str) -> str:
    """The body of a 2 MiB Markdown file that repeats `unit` after its title (its first 12
    characters), or why it was refused."""
    text = "A title here\n\n" + unit * ((MAX_IMPORT_BYTES - 100) // len(unit.encode()))
    prepared = prepare(text.encode(), "big.md")
    return prepared.message if isinstance(prepared, Refusal) else prepared.body[:12]


@pytest.mark.parametrize(
    ("unit", "body"),
    [
        ("[", "There is a title but no article text."),  # links (and definitions)
        ("![x](", "![x](![x](!["),  # images
        ("[a][", "[a][[a][[a]["),  # reference links
        ("**a ", "**a **a **a "),  # bold
        ("*a ", "*a *a *a *a "),  # italics
        ("_a ", "_a _a _a _a "),
        ("<a", "<a<a<a<a<a<a"),  # inline HTML
        ("<https://", "<https://<ht"),  # autolinks
        ("# a" + " " * (MIB // 2) + "b\n", "a" + " " * 11),  # a heading full of spaces
        ("- " * 1024, "A title here"),  # a horizontal rule
    ],
)
def test_markdown_openers_without_closers(within, unit, body):
    assert within(markdown_at_the_limit, unit) == body


def trailing_spaces_and_charset() -> tuple[Any, Any, str]:
    lines = ("\t" * MIB) + "x\n" + (" " * MIB) + "\n"
    return (
        [m.span() for m in clean._TRAILING_SPACE.finditer(lines)],
        decode._META_CHARSET.search(b"<meta" * (MIB // 5)),
        clean.normalise_paragraphs(lines),
    )


def test_trailing_spaces_and_meta_charset(within):
    spans, charset, paragraphs = within(trailing_spaces_and_charset)
    assert spans == [(MIB + 2, 2 * MIB + 3)] and charset is None
    assert paragraphs == "x"


def figures_after_spaces() -> list[tuple[int, str, str]]:
    run = " " * MAX_SUGGEST_CHARS  # figures are read in the suggested part of a text
    text = "38 " + run + "people were killed, and 12 of" + run + "them children."
    return [(f.low, f.counts, f.text[:10]) for f in figures.parse_figures(text)]


def test_figures_with_runs_of_spaces(within):
    assert within(figures_after_spaces) == [
        (38, "killed", "38" + " " * 8),
        (12, "killed", "12 of     "),
    ]


# --- The rewrites change no result ---------------------------------------------------------


def random_strings(alphabet: list[str], count: int = 3000, longest: int = 24) -> list[str]:
    rng = random.Random(7)
    return [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest))) for _ in range(count)
    ]


def test_pre_verb_strip_matches_the_old_pattern():
    words = ["has", "also", "on", "Monday", "last", "week", "late", "early", "in", "a"]
    words += ["statement", "written", "The", "ministry", "x", "this", "said,"]
    for text in random_strings([f"{w} " for w in words] + [" ", "\t", "\n", "  "]):
        stripped = subjects._strip_pre_verb(text).rstrip()
        assert stripped == OLD_PRE_VERB.sub("", text).rstrip(), text


def test_definitions_match_the_old_pattern():
    alphabet = ["A", "b", " ", "(", ")", "MSF", "-", "'", ".", "al-", "Nusra", "Front", "\n", "x"]
    for text in random_strings(alphabet):
        old = [m.groups() for m in OLD_DEFINITION.finditer(text)]
        assert [m.groups() for m in article_actors._DEFINITION.finditer(text)] == old, text


def test_splits_and_searches_match_the_old_patterns():
    alphabet = [" ", "  ", "\t", "for ", "of ", "who", "which ", "and ", "said", "x", "A'", "’s"]
    alphabet += ["the ", "claims", "Y's ", "denied ", "this", ",", ".", "\u2591", "“", "\n"]
    for text in random_strings(alphabet):
        assert speaker_words.NOUN_CUT.split(text, 1) == OLD_NOUN_CUT.split(text, 1), text
        old_end = len(re.split(OLD_ACCORDING_END, text)[0])
        assert sentences.until(attribution._ACCORDING_END, text, 0, len(text)) == old_end, text
        old_spaces = [m.span() for m in OLD_TRAILING_SPACE.finditer(text)]
        assert [m.span() for m in clean._TRAILING_SPACE.finditer(text)] == old_spaces
