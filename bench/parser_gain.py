"""The dependency parser (spaCy's en_core_web_sm) against the rules alone: its cost and its gain.

    taskset -c 1 python -m bench.parser_gain [--runs 100] [--decisions each|all|kinds,acts]

Runs only where spaCy and the model are installed: they are not Gainsay's dependencies (see
docs/import.md, "A dependency parser, measured", for why and for the install). It measures, in
this process:

- cost: the model's load time and the resident memory it adds; the parse alone of the
  ~1,000-word article of bench/bench_suggest.py, and the whole engine on it with the rules
  alone and with the parse (fastest and median of --runs calls);
- gain: what `gainsay eval-suggestions FILE --seed-actors-only` scores (the same
  `evaluate_file`, seed actors only) over every development gold file, the rules alone against
  the rules with the parse decisions of bench/parse_decisions.py, each alone and all
  together: per file kind, claimant and denial-type accuracy, A+D precision/recall and links
  precision/recall, and the totals over the files but gold.json (dev.json and holdout.json
  together).
"""

import argparse
import importlib.util
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from app.ingest.evaluation import directory_for, evaluate_file
from app.ingest.gold import read_gold
from app.ingest.suggest import ActorDirectory, suggest_claims
from app.ingest.suggest.sentences import read_units
from app.ingest.suggestion_scoring import Score
from bench import parse_decisions
from bench.bench_suggest import ARTICLES, WORDS

GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "gold"
# The development files when the parser was measured (blind/ to blind6/, spent); blind7/ was
# then still to be scored once, and is left out so that the figures in docs/import.md reproduce.
FILES = (
    "styles.json",
    "dev.json",
    "gold.json",
    "holdout.json",
    "seeds.json",
    "blind/blind.json",
    "blind2/blind2.json",
    "blind3/blind3.json",
    "blind4/blind4.json",
    "blind5/blind5.json",
    "blind6/blind6.json",
)


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def _timed(call: Callable[[], object], runs: int) -> tuple[float, float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return min(timings), statistics.median(timings)


def cost(runs: int) -> None:
    articles = read_gold(GOLD / "gold.json")
    directory = directory_for(articles)
    paragraphs = [
        p for a in articles if a.path.stem in ARTICLES for p in a.body.strip().split("\n\n")
    ]
    kept: list[str] = []
    while paragraphs and sum(len(p.split()) for p in kept) < WORDS:
        kept.append(paragraphs.pop(0))
    body = "\n\n".join(kept)
    suggest_claims(body, directory)  # the rules' own first-call costs, outside the figures
    before = _rss_mb()
    started = time.perf_counter()
    nlp = parse_decisions.nlp()
    load_ms = (time.perf_counter() - started) * 1000
    print(f"model: {nlp.meta['name']} {nlp.meta['version']}, components {nlp.pipe_names}")
    print(f"load: {load_ms:.0f} ms; resident memory {before:.0f} → {_rss_mb():.0f} MB")
    texts = [unit.text for unit in read_units(body)]
    list(nlp.pipe(texts))
    words = len(body.split())
    fastest, median = _timed(lambda: list(nlp.pipe(texts)), runs)
    print(f"parse alone, {words} words in {len(texts)} sentences: ", end="")
    print(f"{fastest:.1f} ms fastest, {median:.1f} ms median")
    fastest, median = _timed(lambda: suggest_claims(body, directory), runs)
    print(f"engine, rules alone: {fastest:.1f} ms fastest, {median:.1f} ms median")
    with parse_decisions.decisions(parse_decisions.DECISION_NAMES):
        fastest, median = _timed(lambda: suggest_claims(body, directory), runs)
    print(f"engine with the parse: {fastest:.1f} ms fastest, {median:.1f} ms median")
    print(f"resident memory after: {_rss_mb():.0f} MB")


def _row(score: Score) -> str:
    denial_type = f"{score.denial_type_accuracy:.3f}" if score.denial_types_scored else "-"
    return (
        f"{score.kind_accuracy:.3f} | {score.claimant_accuracy:.3f} | {denial_type} | "
        f"{score.contested_precision:.3f}/{score.contested_recall:.3f} | "
        f"{score.link_precision:.3f}/{score.link_recall:.3f}"
    )


def gain(variants: Iterable[tuple[str, set[str]]]) -> None:
    variants = list(variants)
    actors = ActorDirectory.from_seed_annotations()
    totals = {name: Score(article="total") for name, _ in variants}
    print("| gold file | engine | kind | claimant | denial type | A+D P/R | links P/R |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name in FILES:
        for variant, chosen in variants:
            with parse_decisions.decisions(chosen):
                overall = evaluate_file(GOLD / name, actors).overall
            if name != "gold.json":
                totals[variant].add(overall)
            print(f"| `{name}` | {variant} | {_row(overall)} |", flush=True)
    for variant, _ in variants:
        t = totals[variant]
        print(
            f"| total | {variant} | {_row(t)} | matched {t.matched} of {t.gold} for "
            f"{t.suggested} suggested; kinds {t.kind_right}, claimants {t.claimant_right}; A+D "
            f"{t.gold_contested_found} of {t.gold_contested}; links {t.links_right} of "
            f"{t.gold_links} for {t.suggested_links}"
        )


def main() -> int:
    args = argparse.ArgumentParser()
    args.add_argument("--runs", type=int, default=100)
    args.add_argument("--decisions", default="each", help="each, all, or a comma list")
    args.add_argument("--no-cost", action="store_true", help="skip the cost")
    args.add_argument("--no-gain", action="store_true", help="skip the gold files")
    options = args.parse_args()
    model = parse_decisions.MODEL
    if importlib.util.find_spec("spacy") is None or importlib.util.find_spec(model) is None:
        print(f"spaCy and {model} are not installed: nothing to measure.", file=sys.stderr)
        return 2
    if not options.no_cost:
        cost(options.runs)
    if not options.no_gain:
        names = parse_decisions.DECISION_NAMES
        variants: list[tuple[str, set[str]]] = [("rules", set())]
        if options.decisions == "each":
            variants += [(name, {name}) for name in names]
            variants.append(("all", set(names)))
        elif options.decisions == "all":
            variants.append(("all", set(names)))
        else:
            chosen = set(options.decisions.split(","))
            if not chosen <= set(names):
                print(f"--decisions: choose among {', '.join(names)}", file=sys.stderr)
                return 2
            variants.append(("+".join(sorted(chosen)), chosen))
        gain(variants)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
