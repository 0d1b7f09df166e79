"""The whole book built by `make book` from a case whose every free-text field carries active
markup: in Chromium nothing runs, no element is injected, and the text shows as typed.

Trainers write and share case files ("Adding a case"), so case text is untrusted wherever the
workbook shows it: tables, diagrams and their text descriptions, widgets' saved state."""

import shutil
import subprocess

import pytest
from browsing import Visit, serve
from conftest import ROOT, book_pages, make_book
from poisoned_case import poisoned_case_data
from ruamel.yaml import YAML

pytestmark = [pytest.mark.book, pytest.mark.browser]


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory):
    """(HTML folder, {marker: key path}) of the book built from a poisoned Angie."""
    source = tmp_path_factory.mktemp("poisoned-source")
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                             check=True).stdout.decode().split("\0")
    for name in filter(None, tracked):
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    (source / ".venv").symlink_to(ROOT / ".venv")
    (source / "book" / "vendor").symlink_to(ROOT / "book" / "vendor")
    data, markers = poisoned_case_data(ROOT / "cases" / "angie.yaml")
    with (source / "cases" / "angie.yaml").open("w", encoding="utf-8") as stream:
        YAML(typ="safe").dump(data, stream)
    html = make_book(source, tmp_path_factory.mktemp("poisoned-book"),
                     borrowed=(".venv/.installed", "book/vendor/.fetched"))
    return html, markers


@pytest.fixture(scope="module")
def poisoned_site(poisoned):
    with serve(poisoned[0]) as address:
        yield address


# Where the reliability review saw case text run as script (F1): these must show as text.
MUST_SHOW = [("person", "pseudonym"), ("person", "facts"), ("presenting_problems",),
             ("assessment", "measures"), ("formulation", "schemas"),
             ("formulation", "self_states"), ("formulation", "split_views"), ("episodes",)]


# Answers sit behind dropdowns after each exercise: open them all, as a reader may, before
# reading what the page shows.
SHOW_EVERYTHING_THEN_READ = """() => {
    document.querySelectorAll('details').forEach(d => { d.open = true; });
    document.querySelectorAll('button.toggle-button').forEach(b => b.click());
    document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
    return document.body.innerText;
}"""


@pytest.fixture(scope="module")
def seen(browser, poisoned_site):
    """Per page: what ran, what was injected, and which markers show literally."""
    results = {}
    for name in book_pages():
        visit = Visit(browser, poisoned_site, name)
        try:
            page = visit.page
            results[name] = {
                "ran": page.evaluate("() => window.__xss || []"),
                "injected": page.evaluate("""() => [...document.querySelectorAll(
                    'img[src="x"], [onerror], script:not([type]), script[type="text/javascript"]')]
                    .filter(e => (e.outerHTML || '').includes('__xss')).length"""),
                "text": page.evaluate(SHOW_EVERYTHING_THEN_READ),
                "errors": visit.errors, "external": visit.external,
            }
        finally:
            visit.close()
    return results


def test_no_case_text_runs_or_becomes_markup_on_any_page(seen):
    assert {name: r["ran"] for name, r in seen.items() if r["ran"]} == {}
    assert {name: r["injected"] for name, r in seen.items() if r["injected"]} == {}
    assert {name: r["errors"] for name, r in seen.items() if r["errors"]} == {}
    assert {name: r["external"] for name, r in seen.items() if r["external"]} == {}


def test_case_text_shows_literally_where_it_is_shown(seen, poisoned):
    _html, markers = poisoned
    text = "\n".join(r["text"] for r in seen.values())
    literal = {m for m in markers if f"<script>(window.__xss=window.__xss||[]).push('{m}')"
               f"</script>&lt;b&gt;{m}" in text}
    shown_at_all = {m for m in markers if m in text}
    # Every marker that reaches a page in one piece reaches it as the characters typed.
    # (Diagrams wrap long labels, so there a payload may be split over lines.)
    assert len(literal) >= 0.5 * len(shown_at_all)
    for prefix in MUST_SHOW:
        hits = [m for m in literal if markers[m][: len(prefix)] == prefix]
        assert hits, f"no poisoned field under {'.'.join(prefix)} shows literally"
