"""The workshop report's agreement statistics against independent computations: the
`krippendorff` package (GPL: a test-time oracle only, never imported by the workbook)."""

import ast
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from conftest import ROOT

from widgets.stats.agreement import krippendorff_ordinal

GPL_PACKAGES = {"krippendorff", "pingouin"}


@pytest.mark.parametrize("seed", range(40))
def test_alpha_equals_the_krippendorff_package(seed):
    rng = np.random.default_rng(seed)
    students, items, top = rng.integers(2, 30), rng.integers(2, 12), rng.integers(1, 6)
    truth = rng.integers(0, top + 1, size=items)
    noise = rng.integers(-1, 2, size=(students, items)) * (rng.random((students, items)) < 0.4)
    data = np.clip(truth + noise, 0, top).astype(float)
    data[rng.random(data.shape) < 0.2] = np.nan  # students who skipped an item
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    values = data[:, pairable]
    ours = krippendorff_ordinal(data, range(top + 1))
    if pairable.sum() == 0 or len(np.unique(values[~np.isnan(values)])) < 2:
        assert np.isnan(ours)
        return
    expected = krippendorff.alpha(reliability_data=values, level_of_measurement="ordinal",
                                  value_domain=list(range(top + 1)))
    assert ours == pytest.approx(expected, abs=1e-9)


def test_alpha_is_undefined_without_two_students_or_without_variation():
    assert np.isnan(krippendorff_ordinal(np.array([[1.0, 2.0, 3.0]]), range(4)))
    assert np.isnan(krippendorff_ordinal(np.full((5, 3), 2.0), range(4)))
    assert krippendorff_ordinal(np.array([[0.0, 1, 2, 3], [0, 1, 2, 3]]), range(4)) == 1.0


def test_the_workbook_imports_no_gpl_package():
    """The workbook's code is MIT: GPL packages may check it in tests, never run in it."""
    imported = set()
    for path in (ROOT / "widgets").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    assert imported & GPL_PACKAGES == set(), Path("widgets")
