"""The hostile-input suite on the pytest budget (about 1,900 inputs and 40 kills; the full
run is `python tests/hostile/run.py`). Every count must be zero; a failure lists each
cause with its field, an input and the error."""

from pathlib import Path

import pytest

from . import areas
from .checks import Tally

pytestmark = pytest.mark.hostile
RECORD = Path(__file__).resolve().parents[2] / "_build" / "hostile" / "pytest-totals.json"
AREAS = (areas.WIDGETS, areas.HYPOTHESIS, areas.PERSISTENCE, areas.REPORT, areas.COMMANDS)


@pytest.fixture(scope="module")
def results():
    return areas.run(areas.PYTEST)


@pytest.mark.parametrize("area", AREAS)
def test_nothing_crashes_is_lost_or_unsafe(results, area):
    result = results[area]
    assert result.tally.inputs > 0
    counts = {kind: getattr(result.tally, kind) for kind in areas.KINDS}
    assert not any(counts.values()), f"{counts}\n{areas.failures({area: result}, 40)}"


def test_the_totals_are_zero(results, capsys):
    areas.write_json(results, RECORD, areas.PYTEST)
    with capsys.disabled():
        print(f"\n{areas.table(results)}\n{areas.totals_line(results)}\n")
    total = areas.totals(results)
    assert total.inputs >= 1_000
    assert results[areas.PERSISTENCE].parts.get("kill -9 during autosave", Tally()).inputs == \
        areas.PYTEST.kills
    assert (total.crashes, total.lost, total.unsafe, total.nonliteral) == (0, 0, 0, 0), \
        areas.totals_line(results)
