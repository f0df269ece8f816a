"""bench/miss_cost.py and bench/miss_instructions.py: a miss measured as a server meets it."""

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _frozen_after(call: str) -> int:
    """How many objects the collector leaves out after `call`, in a fresh interpreter (a
    freeze would stay in this one)."""
    code = f"import gc\nfrom bench.miss_cost import as_served\n{call}\nprint(gc.get_freeze_count())"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    return int(done.stdout)


@pytest.mark.parametrize(("call", "frozen"), [("as_served()", True), ("as_served(False)", False)])
def test_start_up_objects_are_frozen_unless_asked_not_to(call, frozen):
    assert (_frozen_after(call) > 1000) is frozen
