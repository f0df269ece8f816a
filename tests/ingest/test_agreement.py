"""Two annotations of the same claims compared (app/ingest/agreement.py, `gold-agreement`)."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app
from app.ingest.agreement import agreement_and_kappa, compare_files, score_as_suggestions
from app.ingest.gold import GoldFileError
from app.ingest.suggest import ActorDirectory

GOLD_DIR = Path(__file__).parent.parent / "data" / "gold"
BODY = (
    "The Orvan Monitor said 12 civilians were killed in Marrow.\n\n"
    "Tessaly denied the report.\n\n"
    "A hospital in Marrow said it had received 12 bodies."
)
FIRST = [
    {
        "id": "c1",
        "kind": "allegation",
        "claimant": "Orvan Monitor",
        "quote": "The Orvan Monitor said 12 civilians were killed in Marrow.",
    },
    {
        "id": "c2",
        "kind": "denial",
        "claimant": "Tessaly",
        "quote": "Tessaly denied the report.",
        "rebuts": ["c1"],
        "denial_type": "categorical",
    },
    {
        "id": "c3",
        "kind": "corroboration",
        "claimant": "hospital",
        "quote": "A hospital in Marrow said it had received 12 bodies.",
        "corroborates": ["c1"],
    },
]
# The second annotator reads the hospital's count as a statement that links to nothing, and
# types the denial as a dismissal.
SECOND = [
    FIRST[0],
    {**FIRST[1], "denial_type": "dismissal"},
    {key: value for key, value in FIRST[2].items() if key != "corroborates"}
    | {"kind": "statement"},
]


def write(directory: Path, name: str, claims: list[dict]) -> Path:
    (directory / "articles").mkdir(exist_ok=True)
    header = "https://example.org/a\nExample Wire\n2024-05-01\nA title\n\n"
    (directory / "articles" / "a.txt").write_text(header + BODY, encoding="utf-8")
    path = directory / name
    path.write_text(json.dumps([{"file": "articles/a.txt", "claims": claims}]), "utf-8")
    return path


def test_kinds_denial_types_and_links_are_compared_claim_by_claim(tmp_path):
    result = compare_files(
        write(tmp_path, "first.json", FIRST), write(tmp_path, "second.json", SECOND)
    )
    assert result.claims == 3
    assert result.kinds == [
        ("allegation", "allegation"),
        ("denial", "denial"),
        ("corroboration", "statement"),
    ]
    assert result.confusion() == [(("corroboration", "statement"), 1)]
    assert result.denial_types == [("categorical", "dismissal")]
    assert result.links(with_kind=True) == (2, 1, 1)  # the rebuttal in both, the support in one
    report = result.as_dict()
    assert report["kind_agreement"] == pytest.approx(2 / 3)
    # Chance agreement: first gives 1/3 each of three kinds, second 1/3 allegation, 1/3 denial,
    # 1/3 statement: (1·1 + 1·1 + 0) / 9 = 2/9; kappa = (2/3 - 2/9) / (1 - 2/9) = 4/7.
    assert report["kind_kappa"] == pytest.approx(4 / 7)
    assert report["denial_type_agreement"] == 0.0
    assert "engine" not in report


def test_the_engine_is_scored_against_both_annotations(tmp_path):
    result = compare_files(
        write(tmp_path, "first.json", FIRST),
        write(tmp_path, "second.json", SECOND),
        engine_actors=ActorDirectory.from_seed_annotations(),
    )
    # The engine reads the hospital's count as a statement: right by the second annotation only.
    assert result.engine_kinds == [
        ("allegation", "allegation", "allegation"),
        ("denial", "denial", "denial"),
        ("corroboration", "statement", "statement"),
    ]
    assert result.engine() == {
        "matched": 3,
        "right_by_first": 2,
        "right_by_second": 3,
        "right_by_either": 3,
        "agreed": 2,
        "right_where_agreed": 2,
    }


def test_annotations_of_other_claims_are_refused_with_the_claim_named(tmp_path):
    first = write(tmp_path, "first.json", FIRST)
    moved = [FIRST[0], {**FIRST[1], "claimant": "Tessaly's army"}, FIRST[2]]
    with pytest.raises(GoldFileError, match=r"a\.txt \(c2\): .*another quote, start or claimant"):
        compare_files(first, write(tmp_path, "second.json", moved))
    with pytest.raises(GoldFileError, match="not list the same claim ids"):
        compare_files(first, write(tmp_path, "second.json", FIRST[:2]))


def test_kappa_of_one_label_each_and_of_nothing():
    assert agreement_and_kappa([("denial", "denial")] * 3) == (1.0, 1.0)
    assert agreement_and_kappa([]) == (0.0, 0.0)


def test_gold_agreement_command(tmp_path):
    first = write(tmp_path, "first.json", FIRST)
    second = write(tmp_path, "second.json", SECOND)
    runner = CliRunner(env={"COLUMNS": "200"})
    result = runner.invoke(app, ["gold-agreement", str(first), str(second)])
    assert result.exit_code == 0, result.output
    assert "0.667" in result.output and "corroboration" in result.output
    report = json.loads(
        runner.invoke(app, ["gold-agreement", str(first), str(second), "--json"]).stdout
    )
    assert report["claims"] == 3 and report["links"] == {"first": 2, "second": 1, "both": 1}
    odd = runner.invoke(app, ["gold-agreement", str(first)])
    assert odd.exit_code == 2 and "in pairs" in odd.stderr
    bad = runner.invoke(
        app, ["gold-agreement", str(first), str(write(tmp_path, "x.json", FIRST[:1]))]
    )
    assert bad.exit_code == 2 and "Traceback" not in bad.output
    assert "Could not compare:" in bad.stderr


def test_the_committed_second_annotations_mark_the_gold_claims():
    """blind14/ and blind15/ were annotated a second time, apart (their second_annotator.md):
    the figures docs/import.md reports ("How far two annotators agree")."""
    total = compare_files(
        GOLD_DIR / "blind14" / "blind14.json", GOLD_DIR / "blind14" / "second_annotator.json"
    )
    total.add(
        compare_files(
            GOLD_DIR / "blind15" / "blind15.json", GOLD_DIR / "blind15" / "second_annotator.json"
        )
    )
    report = total.as_dict()
    assert report["claims"] == 497
    assert round(report["kind_agreement"], 3) == 0.899
    assert round(report["kind_kappa"], 3) == 0.861
    assert report["links"] == {"first": 317, "second": 369, "both": 280}


def test_an_annotation_of_its_own_claims_is_scored_as_the_engine_is(tmp_path):
    first = write(tmp_path, "first.json", FIRST)
    # From scratch: the hospital's count left out, the denial's claimant named in other words
    # that the second annotator accepts under the gold's name as well, a figure given.
    own = [
        {**FIRST[0], "id": "x1", "figures": [{"low": 12, "counts": "killed"}]},
        {
            **FIRST[1],
            "id": "x2",
            "claimant": "Government of Tessaly",
            "claimant_aliases": ["Tessaly"],
            "rebuts": ["x1"],
        },
    ]
    report = score_as_suggestions(first, write(tmp_path, "second.json", own))
    overall = report.overall
    assert (overall.gold, overall.suggested, overall.matched) == (3, 2, 2)
    assert overall.kind_right == 2 and overall.claimant_right == 2
    assert (overall.gold_links, overall.links_right) == (2, 1)  # the support is not given
    assert overall.denial_types_right == 1
    runner = CliRunner(env={"COLUMNS": "200"})
    result = runner.invoke(
        app, ["gold-agreement", str(first), str(tmp_path / "second.json"), "--own-claims", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["overall"]["recall"] == pytest.approx(2 / 3)


def test_the_committed_annotations_from_scratch_read_as_docs_say():
    report = score_as_suggestions(
        GOLD_DIR / "blind13" / "blind13.json", GOLD_DIR / "blind13" / "second_annotator.json"
    ).overall
    assert (report.gold, report.suggested) == (220, 223)
    assert (report.gold_contested_found, report.gold_contested) == (130, 134)
    assert (report.kind_right, report.matched) == (175, 204)
    assert (report.links_right, report.gold_links) == (92, 131)
    blind12 = score_as_suggestions(
        GOLD_DIR / "blind12" / "blind12.json", GOLD_DIR / "blind12" / "second_annotator.json"
    ).overall
    assert (blind12.gold, blind12.suggested) == (240, 250)
    assert (blind12.kind_right, blind12.matched) == (189, 219)
    assert (blind12.links_right, blind12.gold_links) == (122, 168)
