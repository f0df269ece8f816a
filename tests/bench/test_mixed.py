"""The mixed scenario's arithmetic (bench/mixed.py); its runs are in test_bench_harness.py."""

import pytest

from bench.mixed import host_ceiling_rps


def test_the_host_ceiling_pays_the_server_and_the_client_out_of_every_core():
    # 75 µs of the server's and 25 µs of the client's a request, on two cores: 20,000 req/s.
    assert host_ceiling_rps(2, 75.0, 25.0) == pytest.approx(20_000)
    # A cheaper client leaves more: the ceiling is what bounds a second worker's gain.
    assert host_ceiling_rps(2, 75.0, 5.0) == pytest.approx(25_000)
    assert host_ceiling_rps(4, 75.0, 25.0) == pytest.approx(40_000)


def test_no_ceiling_without_both_costs_measured():
    # The in-process client's CPU is not measured (None), and a run that served nothing has
    # no cost per request to divide by.
    assert host_ceiling_rps(2, 75.0, None) is None
    assert host_ceiling_rps(2, None, 25.0) is None
    assert host_ceiling_rps(2, 0.0, 25.0) is None
