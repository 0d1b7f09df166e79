import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ANGIE = ROOT / "cases" / "angie.yaml"
REN = ROOT / "tests" / "cases" / "fictional-ren.yaml"
MINIMAL = ROOT / "tests" / "cases" / "minimal.yaml"
BROKEN = sorted((ROOT / "tests" / "broken_cases").glob("*.yaml"))


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch):
    """Messages name files as given; run from the repository root so they read the same."""
    monkeypatch.chdir(ROOT)
    yield
    os.chdir(ROOT)
