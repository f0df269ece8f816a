"""app/ingest/suggest/actors.py: names compared, looked up and resolved to roots."""

from app.ingest.suggest import ActorDirectory, normalise_name
from tests.ingest.suggest.fixtures import ACTORS


def test_normalise_name():
    assert normalise_name("The U.S. State Department’s") == "us state department"
    assert normalise_name("Rebel fighter (unnamed)") == "rebel fighter"
    assert normalise_name("  a  Monitoring   group ") == "monitoring group"


def test_directory_lookup_root_and_extension():
    assert ACTORS.lookup("omcr").name == "Orvan Monitor for Civil Rights"
    assert ACTORS.root(ACTORS.get(4)).name == "Tessaly government"
    more = ACTORS.extended([(None, "Kel Dorra", "person", ["Dorra"], "Blue Crescent Rescue")])
    dorra = more.lookup("Dorra")
    assert dorra.id == 8 and more.root(dorra).name == "Blue Crescent Rescue"
    assert ACTORS.lookup("Dorra") is None  # the original is unchanged


def test_directory_from_seed_annotations():
    seeds = ActorDirectory.from_seed_annotations()
    observatory = seeds.lookup("SOHR")
    assert observatory is not None and observatory.kind == "monitor"
    spokesman = seeds.lookup("Konashenkov")
    assert seeds.root(spokesman).name == "Russian government"


def test_a_bodys_name_owner_first_or_after_of_is_one_name():
    directory = ActorDirectory([(1, "Tessaly's Ministry of Health", "ministry", ["the ministry"])])
    assert directory.lookup("the Ministry of Health of Tessaly").id == 1
    inverse = ActorDirectory([(2, "the Ministry of the Interior", "ministry", [])])
    assert inverse.lookup("the Interior Ministry").id == 2
    assert inverse.lookup("the Interior") is None
    more = directory.extended([(None, "Ministry of Health of Tessaly", "ministry", [])])
    assert len(more.actors) == 1  # the same body, not a second actor
