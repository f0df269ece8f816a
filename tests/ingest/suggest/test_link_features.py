"""app/ingest/suggest/link_features.py: what the link stage reads from claims and pairs."""

from typing import Any

import pytest

from app.ingest.importing.prepare import MAX_SUGGEST_CHARS
from app.ingest.suggest import link_features
from app.ingest.suggest.link_features import (
    REFERS_BACK,
    about_messenger,
    content_words,
    contradicts,
    gloss_overlap,
    gloss_words,
    names_side,
    negated_words,
    profile,
    rarest_shared,
    related_keys,
    related_words,
    shared_content,
    side_words,
    speaks_for,
    stem,
    word_weights,
)
from tests.ingest.suggest.fixtures import ACTORS
from tests.ingest.suggest.test_links import claims
from tests.ingest.test_ingest_regex import within  # noqa: F401  (the fixture)


def test_stems_meet_across_endings_and_demonyms():
    assert stem("Russia") == stem("Russian") == stem("Russia's")
    assert stem("shelled") == stem("shelling") == stem("shells")
    assert stem("1,200") == "1,200"


def test_content_words_leave_out_function_words_and_keep_figures():
    assert content_words("They said 23 people died in the market.") == {
        stem(word) for word in ("23", "people", "died", "market")
    }


def test_a_claim_names_a_side_by_its_actor_its_parent_or_its_speakers_words():
    accuser, minister, company, worker = (
        profile(unit, ACTORS)
        for unit in claims(
            ("allegation", "Blue Crescent Rescue", "Blue Crescent Rescue blamed Tessaly."),
            ("denial", "Pel Arkady", "Pel Arkady said it was false."),
            ("denial", "Valen Mining", "Valen Mining rejected the rescuers' account."),
            (
                "allegation",
                "a former Harbour Post reporter",
                "a former Harbour Post reporter said Valen had lied.",
            ),
        )
    )
    # The minister is named through his parent's parent, the government.
    assert names_side(accuser, minister)
    # The accuser names itself in its own words, but that is not naming another side.
    assert not names_side(minister, accuser)
    # An unknown speaker is named by the words of its description ("Harbour Post").
    assert names_side(worker, company)
    assert not names_side(company, worker)


def test_words_many_claims_share_count_less():
    units = claims(
        (
            "allegation",
            "Blue Crescent Rescue",
            "Blue Crescent Rescue said the market barracks burned.",
        ),
        ("statement", "Harbour Post", "Harbour Post said the market reopened."),
        ("statement", "Valen Mining", "Valen Mining said the market was closed."),
        ("denial", "Pel Arkady", "Pel Arkady said the barracks were empty."),
        ("denial", "Pel Arkady", "Pel Arkady said the market was calm."),
    )
    profiles = [profile(unit, ACTORS) for unit in units]
    weights = word_weights(profiles)
    assert weights[stem("barracks")] > weights[stem("market")]
    about_barracks = shared_content(profiles[3], profiles[0], weights)
    about_market = shared_content(profiles[4], profiles[0], weights)
    assert about_barracks > about_market > 0


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("The army said its gunners had not shelled the depot.", {"shelled", "depot"}),
        ("The navy fired no rockets at the pier.", {"fired", "rockets", "pier"}),
        # (The word before a verb of denying is its subject, taken too: as measured.)
        (
            "The ministry denied that soldiers entered the clinic.",
            {"ministry", "soldiers", "entered", "clinic"},
        ),
        # A clause's end closes what a negation reaches.
        ("Nobody was hurt, the mayor said, and the bridge stood.", {"hurt"}),
        ("Crews repaired the bridge on Monday.", set()),
    ],
)
def test_what_a_text_negates(text, negated):
    assert negated_words(text) == {stem(word) for word in negated}


def test_an_answer_contradicts_what_a_claim_asserts_not_what_it_also_negates():
    accuser, agreeing, answer = (
        profile(unit, ACTORS)
        for unit in claims(
            (
                "allegation",
                "Blue Crescent Rescue",
                "Blue Crescent Rescue said drones hit the pier.",
            ),
            ("statement", "Harbour Post", "Harbour Post said no drones hit the pier at dusk."),
            ("denial", "Pel Arkady", "Pel Arkady said no drones hit the pier."),
        )
    )
    assert contradicts(answer, accuser)
    # The second claim negates the same words: it agrees with the answer.
    assert not contradicts(answer, agreeing)
    # A claim negating nothing contradicts nothing.
    assert not contradicts(accuser, answer)


def test_the_rarest_shared_word_counts_most_when_only_two_claims_use_it():
    units = claims(
        (
            "allegation",
            "Blue Crescent Rescue",
            "Blue Crescent Rescue said the market culvert flooded.",
        ),
        ("statement", "Harbour Post", "Harbour Post said the market reopened."),
        ("statement", "Valen Mining", "Valen Mining said the market was closed."),
        ("denial", "Pel Arkady", "Pel Arkady said the culvert was dry."),
        ("denial", "Pel Arkady", "Pel Arkady said the market was calm."),
    )
    profiles = [profile(unit, ACTORS) for unit in units]
    weights = word_weights(profiles)
    rare = rarest_shared(profiles[3], profiles[0], weights, len(profiles))
    common = rarest_shared(profiles[4], profiles[0], weights, len(profiles))
    assert 1 >= rare > common > 0
    assert rarest_shared(profiles[3], profiles[1], weights, len(profiles)) == 0


@pytest.mark.parametrize(
    ("text", "about_the_group"),
    [
        ('The ministry said the rescuers were "activists".', True),
        ("The ministry dismissed the rescuers as amateurs.", True),
        ('"The rescuers publish whatever they are told," the ministry said.', True),
        ("The ministry said that these so-called rescuers work for the rebels.", True),
        ("The ministry said the rescuers' figure was invented.", False),
        ("The ministry rubbished the rescue group's figure.", False),
        ("The ministry said no drone flew over the bakery.", False),
        # Words both sides are named by ("the ministry's rescuers") say nothing of either.
        ("The ministry said the ministry never fired.", False),
    ],
)
def test_an_answer_about_whoever_made_the_claim(text, about_the_group):
    group, answer = (
        profile(unit, ACTORS)
        for unit in claims(
            ("allegation", "the rescuers", "the rescuers said the ministry shelled the bakery."),
            ("denial", "The ministry", text),
        )
    )
    assert about_messenger(answer, group) is about_the_group


@pytest.mark.parametrize(
    ("text", "of_the_messenger"),
    [
        ("A spokesman called the Observatory a body paid for from abroad.", True),
        ("The ministry said the monitors relied on opposition activists.", True),
        ("The ministry called the report propaganda that lacked any credibility.", True),
        ("The ministry said no drone flew over the bakery.", False),
        ("The ministry said the fundamental facts were wrong.", False),
    ],
)
def test_an_answer_that_speaks_of_a_messenger(text, of_the_messenger):
    (answer,) = (profile(unit, ACTORS) for unit in claims(("denial", "The ministry", text)))
    assert answer.messenger_words is of_the_messenger


def test_a_monitor_an_outlet_or_a_rescue_group_is_a_messenger_a_ministry_is_not():
    units = claims(
        ("allegation", "the Observatory", "The Observatory said so."),
        ("allegation", "Harbour Post", "The Harbour Post said so."),
        ("allegation", "Blue Crescent Rescue", "Blue Crescent Rescue said so."),
        ("denial", "Tessalian Defence Ministry", "The Tessalian Defence Ministry said not."),
        ("denial", "a villager", "A villager said not."),
    )
    assert [profile(unit, ACTORS).messenger for unit in units] == [True, True, True, False, False]


def test_a_speaker_described_by_another_sides_name_speaks_for_it():
    units = claims(
        ("statement", "Korlan Water Board", "The Korlan Water Board said it tested the river."),
        ("statement", "Brisk Foods", "Brisk Foods said so."),
        ("denial", "The water board's spokesman, Ivo Marsh", "The spokesman said so."),
        ("denial", "board spokesman Ivo Marsh", "The spokesman said so."),
        ("denial", "Brisk's chief executive, Tom Hale", "Hale said so."),
        ("allegation", "Korlan's mayor, Ana Vel", "The mayor said so."),
        ("allegation", "Blue Crescent Rescue", "Blue Crescent Rescue said so."),
    )
    for unit, name in zip(
        units[2:6], ("Ivo Marsh", "Ivo Marsh", "Tom Hale", "Ana Vel"), strict=True
    ):
        assert unit.speaker is not None
        unit.speaker.name = name
    board, brisk, *others = profiles = [profile(unit, ACTORS) for unit in units]
    sides = {claim.side: side_words(claim.side) for claim in profiles}
    spoken_for = [
        speaks_for(claim.side, claim.described_as, claim.owner_is_a_name, sides) for claim in others
    ]
    assert spoken_for == [
        board.side,  # "the water board's spokesman"
        board.side,  # "board spokesman"
        brisk.side,  # the company's short name
        # A place's name is not the board it shares a word with.
        None,
        None,
    ]


@pytest.mark.parametrize(
    ("text", "points_back"),
    [
        ("The regulator rejected that account.", True),
        ("He dismissed such accusations as lies.", True),
        ("The ministry denied it.", True),
        ("The party said that was untrue.", True),
        ("The army denied the allegations outright.", True),
        ("It rejected all such claims.", True),
        ("He denied that the bank had targeted anyone.", False),
        ("He said that reports of abuse were invented.", False),
        ("The ministry rejected the report.", True),
        ("The report by the ministry came out in May.", False),
    ],
)
def test_an_answer_points_back_with_a_demonstrative_or_a_denial_of_the_claim(text, points_back):
    assert bool(REFERS_BACK.search(text)) is points_back


def link_features_at_scale() -> dict[str, Any]:
    words = MAX_SUGGEST_CHARS // 8
    return {
        # A demonstrative, then spaces to the limit and no claim noun.
        "demonstrative": REFERS_BACK.search("that" + " " * MAX_SUGGEST_CHARS + "x"),
        # "denied it" many times, each before a run of spaces that ends in a word.
        "denied": REFERS_BACK.search(("denied it" + " " * 64 + "x ") * (words // 16)),
        # A denial verb and an article, then spaces to the limit and no claim noun.
        "denied the": REFERS_BACK.search("denied the" + " " * MAX_SUGGEST_CHARS + "x"),
        # A figure that runs on in separators and never ends in a digit.
        "figure": len(link_features._WORD.findall("1" + ",." * MAX_SUGGEST_CHARS + "x")),
        "words": len(content_words("market " * words)),
        # Words a clause opens with, each before a long run of spaces that ends in no word.
        "lead-in": link_features._LEAD_IN.match(
            ("that" + " " * 64 + "the" + " " * 64) * (words // 32) + "-"
        ).end(),
        "lead-in spaces": link_features._LEAD_IN.match("that" + " " * MAX_SUGGEST_CHARS).end(),
        # Owners in a description: runs of spaces and possessives never followed by a role.
        "owner spaces": link_features._OWNER.match("a" + " " * MAX_SUGGEST_CHARS + "x"),
        "owner possessives": link_features._OWNER.match("ab" + " " * MAX_SUGGEST_CHARS + "'s X"),
        "owner found": link_features._OWNER.match("the board" + " " * words + "spokesman")["owner"],
    }


def test_link_feature_patterns_at_scale(within):  # noqa: F811
    assert within(link_features_at_scale) == {
        "demonstrative": None,
        "denied": None,
        "denied the": None,
        "figure": 2,  # the "1" and the "x"
        "words": 1,
        "lead-in": (4 + 64 + 3 + 64) * (MAX_SUGGEST_CHARS // 8 // 32),
        "lead-in spaces": 4 + MAX_SUGGEST_CHARS,
        "owner spaces": None,
        "owner possessives": None,
        "owner found": "the board",
    }


def test_related_keys_meet_across_derivations_and_senses():
    assert related_keys("died") & related_keys("Deaths")
    assert related_keys("hospital") & related_keys("clinic")
    # An irregular form finds its lemma ("fought": fight).
    assert related_keys("fought") & related_keys("fighting")
    assert related_keys("Tessaly") == frozenset()


def test_related_words_count_words_alike_in_meaning_not_in_stem():
    accusation, other_words, same_words, unrelated = (
        profile(unit, ACTORS)
        for unit in claims(
            (
                "allegation",
                "Blue Crescent Rescue",
                "Blue Crescent Rescue said patients died at the hospital.",
            ),
            ("denial", "Pel Arkady", "Pel Arkady said there was no death at the clinic."),
            ("denial", "Pel Arkady", "Pel Arkady said the patients died of old age."),
            ("denial", "Pel Arkady", "Pel Arkady said the bridge over the river was open."),
        )
    )
    assert related_words(other_words, accusation) == 1.0
    # Words of one stem on both sides are shared_content's, not counted again.
    assert related_words(same_words, accusation) == 0.0
    assert related_words(unrelated, accusation) < related_words(other_words, accusation)


def test_gloss_words_are_what_defines_a_word():
    # WordNet defines a hospital as a health facility where patients receive treatment.
    assert {stem("patients"), stem("health")} <= gloss_words("Hospitals")
    assert gloss_words("Tessaly") == frozenset()
    # An irregular form finds its lemma's definitions, a lemma with no related keys too.
    assert gloss_words("burlier") == gloss_words("burly") >= {stem("muscular")}


def test_gloss_overlap_counts_words_one_claim_defines_the_others_by():
    accusation, other_words, same_words, unrelated = (
        profile(unit, ACTORS)
        for unit in claims(
            (
                "allegation",
                "Blue Crescent Rescue",
                "Blue Crescent Rescue said the shelling destroyed the market.",
            ),
            ("denial", "Pel Arkady", "Pel Arkady said no heavy artillery hit the area."),
            ("denial", "Pel Arkady", "Pel Arkady said the shelling had stopped."),
            ("denial", "Pel Arkady", "Pel Arkady said the bridge over the river was open."),
        )
    )
    # Shelling: heavy fire of artillery over an area.
    assert gloss_overlap(other_words, accusation) == 1.0
    assert gloss_overlap(accusation, other_words) == 1.0
    # A word both hold is shared_content's, not counted again.
    assert gloss_overlap(same_words, accusation) == 0.0
    assert gloss_overlap(unrelated, accusation) == 0.0
