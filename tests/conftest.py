import os
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from widgets import load_case
from widgets.system_deps import chromium, how_to_install

ROOT = Path(__file__).resolve().parent.parent
ANGIE = ROOT / "cases" / "angie.yaml"
REN = ROOT / "tests" / "cases" / "fictional-ren.yaml"
MINIMAL = ROOT / "tests" / "cases" / "minimal.yaml"
# A man, two schemas (one without a healthy path), episodes of 2 and 12 steps, measures where
# higher is better with scores at mid-therapy and follow-up only: a shape unlike Angie's.
THEO = ROOT / "tests" / "cases" / "fictional-theo.yaml"
BROKEN = sorted((ROOT / "tests" / "broken_cases").glob("*.yaml"))


def pytest_configure(config):
    """Under pytest-xdist each worker saves learners' work in a folder of its own, so two
    chapters executing at once never read each other's saves."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker and os.environ.get("WORKBOOK_WORK_DIR"):
        folder = Path(os.environ["WORKBOOK_WORK_DIR"]) / worker
        folder.mkdir(parents=True, exist_ok=True)
        os.environ["WORKBOOK_WORK_DIR"] = str(folder)


# Under pytest-xdist (`--dist loadfile`) each file goes to one worker whole, in collection
# order. The longest files go first, so that no worker is left running one of them alone at
# the end while the other sits idle: the two book builds (each followed by Chromium visiting
# every page), the hostile suite and the practice notebooks (each generated and executed).
# Stable: every other file keeps its place.
SLOWEST_FIRST = ("tests/book/test_built_book.py", "tests/book/test_book_escaping.py",
                 "tests/hostile/test_hostile.py", "tests/practice/test_practice.py")


def pytest_collection_modifyitems(items):
    rank = {name: place for place, name in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(SLOWEST_FIRST)))


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch):
    """Messages name files as given; run from the repository root so they read the same."""
    monkeypatch.chdir(ROOT)
    yield
    os.chdir(ROOT)


@pytest.fixture(scope="module")
def angie():
    """The published case, loaded once per test module (a Case is immutable)."""
    return load_case(ANGIE)


def toc_files(node) -> list[str]:
    """Every page named in _toc.yml (root first), in reading order."""
    files = []
    if isinstance(node, dict):
        if "root" in node:
            files.append(node["root"])
        if "file" in node:
            files.append(node["file"])
        for key, value in node.items():
            if key not in ("root", "file"):
                files += toc_files(value)
    elif isinstance(node, list):
        for item in node:
            files += toc_files(item)
    return files


def book_pages() -> list[str]:
    return toc_files(YAML(typ="safe").load((ROOT / "_toc.yml").read_text(encoding="utf-8")))


def make_book(source: Path, out: Path, borrowed: tuple[str, ...] = ()) -> Path:
    """Build the book exactly as a user's `make book` does (the same Makefile target, launch
    overlay and flags), with _build/ in `out`; returns the HTML folder. `borrowed`: stamps of
    set-up steps that `source` shares with this checkout (its .venv, the fetched JavaScript)
    and must never redo, e.g. reinstall this checkout's environment from a copy."""
    keep = [arg for stamp in borrowed for arg in ("-o", stamp)]
    result = subprocess.run(["make", "-s", *keep, "book", f"BOOK_DIR={out}"], cwd=source,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return out / "_build" / "html"


@pytest.fixture(scope="session")
def built_book(tmp_path_factory):
    """The whole book, built once per test run by `make book`, into a temporary folder."""
    return make_book(ROOT, tmp_path_factory.mktemp("book"))


# --- a real browser (Debian's Chromium, driven by Playwright) ------------------------------------
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]


def chromium_path() -> str:
    path = chromium()
    if not path:
        pytest.fail(how_to_install("chromium"))
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
