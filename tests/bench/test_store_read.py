"""bench/store_read.py: the model of first reads from the host's store."""

from bench.store_read import first_read_shares


def test_a_memory_holding_every_page_reads_none_from_the_store_and_a_larger_one_fewer():
    shares = first_read_shares([100, 20, 5], pages=100, draws=20_000)

    assert shares[100] == 0.0
    assert 0.0 < shares[20] < shares[5] < 1.0
