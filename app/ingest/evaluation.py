"""Scoring claim suggestions against a gold annotation (the file format: app/ingest/gold.py).

A suggestion matches a gold claim when it covers at least half of the gold quote's characters;
each suggestion matches at most one gold claim and each gold claim at most one suggestion
(a maximum matching, preferring larger coverage). The claimant of a matched suggestion is right
when the actor it resolved to, or the words naming the speaker, are the gold claimant's name or
one of its "claimant_aliases" (compared without case, articles, periods, possessives, a
parenthesis like "(unnamed)" or a person's rank or honorific: "Colonel", "Dr"). The denial
type is scored on matched claims whose gold and suggestion both carry one. A suggested link is
right when the gold has the same link between the claims its two ends matched; when the gold
links those claims by another kind, the link found the pair but not the kind (link-kind
accuracy is scored on the pairs found).
"""

import argparse
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table

from app.ingest.gold import GoldArticle, GoldFileError, export_seed_gold, read_gold
from app.ingest.suggest import ActorDirectory, suggest_claims
from app.ingest.suggestion_scoring import EvaluationReport, Score, combined, score_article
from app.paths import SEEDS_DIR


def directory_for(articles: Iterable[GoldArticle], seeds_dir: Path = SEEDS_DIR) -> ActorDirectory:
    """What Gainsay would know when importing these articles: the seed data set's actors and
    those the gold file lists."""
    rows = [
        (None, a["name"], a["kind"], a.get("aliases", []), a.get("parent"))
        for article in articles
        for a in article.actors
    ]
    return ActorDirectory.from_seed_annotations(seeds_dir).extended(rows)


def evaluate(
    articles: Sequence[GoldArticle], actors: ActorDirectory | None = None
) -> tuple[list[Score], Score]:
    directory = actors if actors is not None else directory_for(articles)
    scores = []
    overall = Score(article="overall")
    for article in articles:
        suggestions = suggest_claims(article.body, directory, publisher=article.outlet)
        score = score_article(article, suggestions)
        scores.append(score)
        overall.add(score)
    return scores, overall


def evaluate_file(gold_path: Path, actors: ActorDirectory | None = None) -> EvaluationReport:
    """Run the engine on every article of a gold file and score it. The actor directory
    defaults to the seed data set's actors plus those the gold file lists."""
    scores, overall = evaluate(read_gold(gold_path), actors)
    return EvaluationReport(gold_path=gold_path, articles=scores, overall=overall)


def run_evaluation(
    gold_path: Path, console: Console, *, actors: ActorDirectory | None = None
) -> EvaluationReport:
    """Evaluate one gold file and print its table."""
    report = evaluate_file(gold_path, actors)
    print_report(report, console)
    return report


def report_json(reports: Sequence[EvaluationReport], *, seed_actors_only: bool = False) -> dict:
    """The machine-readable report: per file and article the metrics and, per gold claim, its
    match or miss, wrong kind, claimant or denial type, missed and wrong-kind links; the
    suggestions and links that matched nothing; the overall metrics of each file and of all."""
    return {
        "actors": "seed" if seed_actors_only else "seed and gold",
        "files": [
            {
                "gold": str(report.gold_path),
                "articles": [
                    {
                        **score.as_dict(),
                        "claims": score.claims,
                        "spurious_suggestions": score.spurious_suggestions,
                        "spurious_links": score.spurious_links,
                    }
                    for score in report.articles
                ],
                "overall": report.overall.as_dict(),
            }
            for report in reports
        ],
        "overall": combined(reports).as_dict(),
    }


# Printing.

CAPTION = (
    "P, R: precision, recall; A+D: of allegations and denials; kind, clmt, type: accuracy of "
    "kind, claimant, denial type on matched claims (- when no suggestion has a denial type); "
    "links: precision/recall"
)


def print_report(report: EvaluationReport, console: Console) -> None:
    table = _table(f"Claim suggestions against {report.gold_path.name}")
    for score in report.articles:
        _add_row(table, score, end_section=score is report.articles[-1])
    _add_row(table, report.overall, bold=True)
    console.print(table)
    console.print(_summary(report.overall))


def print_reports(reports: Sequence[EvaluationReport], console: Console) -> None:
    """Each file's table, then, for several files, their overall rows and the combined one."""
    for report in reports:
        print_report(report, console)
    if len(reports) > 1:
        table = _table("All gold files")
        for report in reports:
            _add_row(table, report.overall, name=report.gold_path.name)
        total = combined(reports)
        table.rows[-1].end_section = True
        _add_row(table, total, bold=True)
        console.print(table)
        console.print(_summary(total))


def _table(title: str) -> Table:
    table = Table(title=title, box=box.SIMPLE, padding=0, pad_edge=False)
    table.add_column("article", no_wrap=True, overflow="ellipsis", max_width=18)
    table.caption = CAPTION
    for heading in ("gold", "sugg", "P", "R", "P A+D", "R A+D", "kind", "clmt", "type", "links"):
        width = 9 if heading == "links" else max(4, len(heading))
        table.add_column(heading, justify="right", no_wrap=True, min_width=width)
    return table


def _add_row(
    table: Table,
    score: Score,
    *,
    name: str | None = None,
    bold: bool = False,
    end_section: bool = False,
) -> None:
    label = name or score.article
    table.add_row(
        f"[bold]{label}[/bold]" if bold else label,
        str(score.gold),
        str(score.suggested),
        f"{score.precision:.2f}",
        f"{score.recall:.2f}",
        f"{score.contested_precision:.2f}",
        f"{score.contested_recall:.2f}",
        f"{score.kind_accuracy:.2f}",
        f"{score.claimant_accuracy:.2f}",
        f"{score.denial_type_accuracy:.2f}" if score.denial_types_scored else "-",
        f"{score.link_precision:.2f}/{score.link_recall:.2f}",
        end_section=end_section,
    )


def _summary(overall: Score) -> str:
    parts = [
        f"alleg.+denial: {overall.gold_contested_found}/{overall.gold_contested} gold found, "
        f"{overall.suggested_contested_matched}/{overall.suggested_contested} suggested matched",
        f"kind right {overall.kind_right}/{overall.matched}",
        f"claimant right {overall.claimant_right}/{overall.matched}",
        f"links right {overall.links_right}/{overall.gold_links} gold, "
        f"kind right on {overall.link_kinds_right}/{overall.link_pairs_found} pairs found",
    ]
    if overall.denial_types_scored:
        parts.append(
            f"denial type right {overall.denial_types_right}/{overall.denial_types_scored}"
        )
    if overall.gold_figures:
        parts.append(f"figures found {overall.figures_found}/{overall.gold_figures}")
    return "; ".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.ingest.evaluation")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="score suggestions against gold files")
    run.add_argument("gold", type=Path, nargs="+")
    run.add_argument(
        "--seed-actors-only",
        action="store_true",
        help="ignore the actors the gold file lists (speakers are then mostly unknown actors)",
    )
    run.add_argument("--json", action="store_true", help="print the report as JSON")
    export = sub.add_parser("export-seeds", help="write the seed annotations as a gold set")
    export.add_argument("out_dir", type=Path)
    args = parser.parse_args(argv)
    console = Console()
    if args.command == "export-seeds":
        console.print(f"wrote {export_seed_gold(args.out_dir)}")
        return 0
    actors = ActorDirectory.from_seed_annotations() if args.seed_actors_only else None
    try:
        reports = [evaluate_file(path, actors) for path in args.gold]
    except GoldFileError as error:
        Console(stderr=True).print(f"Could not evaluate: {error}", markup=False, soft_wrap=True)
        return 2
    if args.json:
        print(json.dumps(report_json(reports, seed_actors_only=args.seed_actors_only), indent=2))
    else:
        print_reports(reports, console)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
