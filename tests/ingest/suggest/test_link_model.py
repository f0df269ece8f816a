"""app/ingest/suggest/link_model.py: the learned link scorer's weights and how it reads a
pair."""

import json

import pytest

from app.ingest.suggest import links, suggest_claims
from app.ingest.suggest.link_model import (
    FEATURES,
    KIND_FEATURES,
    LINK_MODEL,
    WEIGHTS_PATH,
    KindChoice,
    LinkModel,
    LinkModelError,
    load,
    packaged_model,
)
from tests.ingest.suggest.fixtures import ACTORS
from tests.ingest.suggest.test_links import claims


def _model(**weights: float) -> LinkModel:
    return LinkModel(
        weights={name: weights.get(name, 0.0) for name in FEATURES}, bias=0.5, first=0, second=None
    )


def test_weights_written_load_back_and_weigh_every_feature_of_a_pair(tmp_path):
    path = tmp_path / "weights.json"
    path.write_text(json.dumps(_model(near=2.0, lead=-0.25).as_dict()))
    model = load(path)
    assert model == _model(near=2.0, lead=-0.25)
    assert list(model.weights) == list(FEATURES)
    units = claims(
        ("allegation", "Blue Crescent Rescue", "Blue Crescent Rescue said 14 people died."),
        ("denial", "Pel Arkady", "Pel Arkady said nobody died."),
    )
    pairing = links.Pairing(units, ACTORS)
    features = pairing.pair_features(1, 0, 0, "rebuts")
    # The vector the model reads is the one the stage builds, each value between 0 and 1.
    assert set(features) == set(FEATURES)
    assert all(0.0 <= value <= 1.0 for value in features.values())


def test_a_weights_file_that_does_not_fit_the_features_is_refused():
    data = _model(near=2.0).as_dict()
    assert LinkModel.from_dict(data) == _model(near=2.0)
    missing = {**data, "weights": dict(list(data["weights"].items())[:-1])}
    extra = {**data, "weights": {**data["weights"], "colour": 1.0}}
    reordered = {**data, "weights": dict(reversed(list(data["weights"].items())))}
    not_a_number = {**data, "weights": {**data["weights"], FEATURES[0]: "high"}}
    infinite = {**data, "first": float("inf")}
    for bad in (missing, extra, reordered, not_a_number, infinite, {}):
        with pytest.raises(LinkModelError):
            LinkModel.from_dict(bad)


def test_a_pair_with_out_of_range_values_is_read_at_the_nearer_end():
    model = _model(near=2.0, shared_content=-1.0)
    assert model.score({"near": 1.0}) == pytest.approx(2.5)
    assert model.score({"near": 7.0, "shared_content": -3.0}) == pytest.approx(2.5)
    assert model.score({"near": float("nan"), "shared_content": 0.5}) == pytest.approx(0.0)
    # A feature the model does not weigh counts nothing; one the pair lacks counts 0.
    assert model.score({"colour": 9.0}) == pytest.approx(0.5)


def test_the_stage_links_by_the_model_it_is_given_and_by_hand_without_one():
    units = claims(
        ("allegation", "Blue Crescent Rescue", "Blue Crescent Rescue said 14 people died."),
        ("allegation", "Harbour Post", "Harbour Post said the strike hit a market."),
        ("denial", "Pel Arkady", "Pel Arkady said nobody died."),
    )
    nearest = _model(near=3.0)
    first_of_article = _model(lead=3.0)
    assert links.propose_links(units, ACTORS, nearest) == {2: [links.SuggestedLink("rebuts", 1)]}
    assert links.propose_links(units, ACTORS, first_of_article) == {
        2: [links.SuggestedLink("rebuts", 0)]
    }
    # Under the model's threshold, no link.
    shy = LinkModel(weights=nearest.weights, bias=0.0, first=10.0, second=None)
    assert links.propose_links(units, ACTORS, shy) == {}
    # Without a model, the hand-set weights: the toll the denial shares its words with.
    assert links.propose_links(units, ACTORS) == {2: [links.SuggestedLink("rebuts", 0)]}


def test_a_third_link_needs_a_second_and_its_own_threshold():
    units = claims(
        ("allegation", "Blue Crescent Rescue", "Blue Crescent Rescue said 14 people died."),
        ("allegation", "Harbour Post", "Harbour Post said the strike hit a market."),
        ("allegation", "Orvan Monitor", "Orvan Monitor said the bakery burned down."),
        ("denial", "Pel Arkady", "Pel Arkady said none of it happened."),
    )
    # The nearer a claim, the higher it scores: 2, then 1, then 0.
    weights = _model(near=3.0).weights
    every = [links.SuggestedLink("rebuts", j) for j in (0, 1, 2)]
    three = LinkModel(weights=weights, bias=0.0, first=0.0, second=0.0, third=0.0)
    assert links.propose_links(units, ACTORS, three) == {3: every}
    # No third link without a second, nor under its own threshold, nor by a model without one.
    no_second = LinkModel(weights=weights, bias=0.0, first=0.0, second=None, third=0.0)
    assert links.propose_links(units, ACTORS, no_second) == {3: every[2:]}
    high_third = LinkModel(weights=weights, bias=0.0, first=0.0, second=0.0, third=5.0)
    assert links.propose_links(units, ACTORS, high_third) == {3: every[1:]}
    two = LinkModel(weights=weights, bias=0.0, first=0.0, second=0.0)
    assert links.propose_links(units, ACTORS, two) == {3: every[1:]}
    assert LinkModel.from_dict(three.as_dict()) == three
    assert LinkModel.from_dict({**two.as_dict(), "third": None}) == two


def test_the_engine_runs_a_model_it_is_given():
    body = (
        "The Orvan Monitor for Civil Rights accused the Tessalian Defence Ministry of shelling "
        "Ostrel.\n\nThe Tessalian Defence Ministry denied shelling Ostrel."
    )
    by_hand = suggest_claims(body, ACTORS, link_model=None)
    assert [(link.kind, link.target) for link in by_hand[-1].links] == [("rebuts", 0)]
    # A model whose threshold nothing reaches links nothing.
    shy = LinkModel(weights=_model().weights, bias=0.0, first=10.0, second=None)
    assert all(not s.links for s in suggest_claims(body, ACTORS, link_model=shy))


def test_the_packaged_weights_fit_the_features_and_the_engine_links_by_them():
    model = load(WEIGHTS_PATH)
    assert packaged_model() == model
    # The default scorer reads the packaged weights, first to last.
    assert (LINK_MODEL.first, LINK_MODEL.second) == (model.first, model.second)
    assert getattr(LINK_MODEL, "third", None) == model.third
    features = {name: 0.5 for name in FEATURES}
    assert LINK_MODEL.score(features) == pytest.approx(model.score(features))
    body = (
        "The Orvan Monitor for Civil Rights accused the Tessalian Defence Ministry of shelling "
        "Ostrel.\n\nBlue Crescent Rescue said the market in Marrow burned.\n\n"
        "The Tessalian Defence Ministry denied shelling Ostrel."
    )
    by_default = suggest_claims(body, ACTORS)
    assert by_default == suggest_claims(body, ACTORS, link_model=model)
    # The accusation the denial answers scores above the report of another side about another
    # place (which may still be a second link: one denial often answers two claims).
    assert ("rebuts", 0) in [(link.kind, link.target) for link in by_default[-1].links]
    units = claims(
        ("allegation", "Orvan Monitor for Civil Rights", body.split("\n\n")[0]),
        ("allegation", "Blue Crescent Rescue", body.split("\n\n")[1]),
        ("denial", "Tessalian Defence Ministry", body.split("\n\n")[2]),
    )
    assert links.Pairing(units, ACTORS).learned(2, "rebuts", model)[0][1] == 0


def test_the_packaged_model_weighs_the_pair_as_the_counting_showed():
    model = packaged_model()
    # Sharing what the claim is about (its words, the rarest of them, its content when the
    # claim lies paragraphs back) and its nearness count for a pair; a claim after the
    # answer, or another side's firm denial, against it.
    assert model.weights["shared_words"] > 0 and model.weights["rarest_shared"] > 0
    assert model.weights["far_shared_content"] > 0
    assert model.weights["near"] > 0 and model.weights["near_paragraphs"] > 0
    assert model.weights["later"] < 0 and model.weights["target_denial_strong"] < 0
    # The second link needs more than the first.
    assert model.second is not None and model.second >= model.first


def test_a_pairs_score_is_the_weighed_sum_of_its_values_exactly():
    # The sum skips the values of 0 and takes a value over 1 as 1: the same number, to the
    # last bit, as weighing every clipped value in turn.
    units = claims(
        ("allegation", "Blue Crescent Rescue", "Blue Crescent Rescue said 14 people died."),
        ("allegation", "Harbour Post", "Harbour Post said the strike hit a market."),
        ("denial", "Pel Arkady", "Pel Arkady said nobody died in the market."),
    )
    pairing = links.Pairing(units, ACTORS)
    model = packaged_model()
    for j in (0, 1):
        features = pairing.pair_features(2, j, 1, "rebuts")
        reference = model.bias
        for name, weight in model.weights.items():
            reference += weight * min(1.0, max(0.0, features.get(name, 0.0)))
        assert model.score(features) == reference
    assert _model(near=2.0).score({"near": True}) == _model(near=2.0).score({"near": 1.0})
    assert _model(near=2.0).score({"near": 3}) == pytest.approx(2.5)


def _choosing(**choices: dict[str, float]) -> LinkModel:
    """A model that links the nearest claim and chooses each link's kind by `choices`: for a
    rebuttal, the other kind and its choice's weights ("bias" among them)."""
    kinds = {
        "rebuts": {
            other: KindChoice(
                weights={name: weights.get(name, 0.0) for name in KIND_FEATURES},
                bias=weights.get("bias", 0.0),
            )
            for other, weights in choices.items()
        }
    }
    return LinkModel(
        weights=_model(near=3.0).weights, bias=0.0, first=0.0, second=None, kinds=kinds
    )


def test_a_model_chooses_a_links_kind_by_the_pair_and_else_keeps_the_answers_own():
    about_them = _choosing(discredits_source={"about_messenger": 4.0, "bias": -1.0})
    assert about_them.link_kind("rebuts", {"about_messenger": 1.0}) == "discredits_source"
    assert about_them.link_kind("rebuts", {"about_messenger": 0.0}) == "rebuts"
    # An answer's own kind the model holds no choice for stays as it is.
    assert about_them.link_kind("counter_accuses", {"about_messenger": 1.0}) == "counter_accuses"
    # Of two kinds over the answer's own, the one with the higher logit.
    two = _choosing(
        discredits_source={"bias": 1.0}, corroborates={"shared_content": 3.0, "bias": -1.0}
    )
    assert two.link_kind("rebuts", {"shared_content": 1.0}) == "corroborates"
    assert two.link_kind("rebuts", {"shared_content": 0.1}) == "discredits_source"
    # A model with no choice at all leaves the kind to the stage's rule.
    assert _model().link_kind("rebuts", {"about_messenger": 1.0}) is None


def test_the_stage_gives_a_link_the_kind_the_model_chooses():
    units = claims(
        ("allegation", "Blue Crescent Rescue", "Blue Crescent Rescue said 14 people died."),
        ("denial", "Pel Arkady", "Pel Arkady said nobody died."),
    )
    always = _choosing(discredits_source={"bias": 2.0})
    never = _choosing(discredits_source={"bias": -2.0})
    assert links.propose_links(units, ACTORS, always) == {
        1: [links.SuggestedLink("discredits_source", 0)]
    }
    assert links.propose_links(units, ACTORS, never) == {1: [links.SuggestedLink("rebuts", 0)]}
    # Without a choice (a scorer that holds none), the rule: a denial of the account rebuts it.
    assert links.propose_links(units, ACTORS, _model(near=3.0)) == {
        1: [links.SuggestedLink("rebuts", 0)]
    }


def test_a_weights_file_keeps_its_kind_choices_and_refuses_ill_formed_ones():
    model = _choosing(discredits_source={"about_messenger": 1.5, "bias": -0.5})
    data = json.loads(json.dumps(model.as_dict()))
    assert LinkModel.from_dict(data) == model
    # A file without choices reads as a model without them.
    assert LinkModel.from_dict({**data, "kinds": None}).kinds == {}
    choice = data["kinds"]["rebuts"]["discredits_source"]
    unknown_own = {**data, "kinds": {"answers": {"discredits_source": choice}}}
    unknown_other = {**data, "kinds": {"rebuts": {"praises": choice}}}
    itself = {**data, "kinds": {"rebuts": {"rebuts": choice}}}
    short = {**choice, "weights": dict(list(choice["weights"].items())[:-1])}
    missing = {**data, "kinds": {"rebuts": {"discredits_source": short}}}
    infinite = {**choice, "bias": float("inf")}
    not_finite = {**data, "kinds": {"rebuts": {"discredits_source": infinite}}}
    for bad in (unknown_own, unknown_other, itself, missing, not_finite, {**data, "kinds": [1]}):
        with pytest.raises(LinkModelError):
            LinkModel.from_dict(bad)
