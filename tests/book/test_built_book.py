"""The book exactly as `make book` builds it (built once per run, warnings as errors,
executing every chapter): every page listed in _toc.yml is in the output with what it should
show; and every page as a reader meets it in Chromium with the network blocked, over http://
and opened from disk (file://): no request leaves the machine, nothing fails to load, no
console error, every diagram drawn, every widget rendered from its saved state, widgets
reachable by keyboard, and no serious accessibility violation (axe-core). Full-page
screenshots go to _build/screenshots/."""

import pytest
from browsing import Visit, serve
from conftest import ROOT, book_pages


@pytest.mark.book
def test_every_toc_entry_has_a_page(built_book):
    files = book_pages()
    assert "chapters/01-meet-angie" in files
    for name in files:
        assert (built_book / f"{name}.html").is_file(), name
    assert (built_book / "index.html").is_file()


@pytest.mark.book
def test_every_chapter_notebook_is_in_the_toc():
    toc = set(book_pages())
    chapters = {f"chapters/{p.stem}" for p in (ROOT / "chapters").glob("*.ipynb")}
    assert chapters <= toc


@pytest.mark.book
def test_chapter_page_shows_tables_and_the_timeline_with_its_description(built_book):
    page = (built_book / "chapters" / "01-meet-angie.html").read_text(encoding="utf-8")
    assert page.count("<table") >= 6
    assert '<figure class="workbook-figure">' in page and "<svg" in page
    assert "<summary>Text description</summary>" in page
    assert "Traceback" not in page


@pytest.mark.book
def test_the_banner_for_jupyterlab_readers_is_not_in_the_book(built_book):
    """Each chapter's first cell tells a JupyterLab reader to Run All; the book drops it."""
    for notebook in (ROOT / "chapters").glob("*.ipynb"):
        page = (built_book / "chapters" / f"{notebook.stem}.html").read_text(encoding="utf-8")
        assert "Run All Cells" not in page, notebook.name
        assert "<h1>" in page, notebook.name  # the title still comes first


@pytest.mark.book
def test_footer_names_the_licence(built_book):
    page = (built_book / "book" / "intro.html").read_text(encoding="utf-8")
    assert "Text CC BY 4.0, code MIT" in page


@pytest.mark.book
def test_schema_chapter_shows_the_published_diagram_and_the_widgets_state(built_book):
    page = (built_book / "chapters" / "02-interpersonal-schemas.html").read_text(encoding="utf-8")
    assert "EXPECTED RESPONSE OF THE OTHER" in page and "Dashed rounded box, dashed arrow" in page
    assert "<summary>Text description</summary>" in page
    assert "application/vnd.jupyter.widget-state+json" in page  # the builder, from saved state
    assert "Traceback" not in page


@pytest.mark.book
def test_metacognition_chapter_shows_the_profile_plot_and_the_rater(built_book):
    page = (built_book / "chapters" / "04-impaired-metacognition.html").read_text(
        encoding="utf-8")
    assert "Decentration (0–3)" in page  # the profile chart's own text, inline SVG
    assert "Metacognition profile: simulated reference ratings." in page
    assert "<summary>Text description</summary>" in page
    assert "application/vnd.jupyter.widget-state+json" in page  # the rater, from saved state
    assert "simplified teaching adaptation" in page


@pytest.mark.book
def test_measuring_change_chapter_shows_the_norms_results_and_chart(built_book):
    page = (built_book / "chapters" / "09-measuring-change.html").read_text(encoding="utf-8")
    assert "UNVERIFIED" in page and "Schauenburg &amp; Strack (1999)" in page
    assert "reliably improved" in page and "recovered" in page
    assert ("change on each measure, with the default norms; a measure marked (norms "
            "unverified)") in page
    assert "<summary>Text description</summary>" in page


@pytest.mark.book
def test_beyond_the_therapy_room_shows_the_network_and_the_appraisal(built_book):
    page = (built_book / "chapters" / "10-beyond-the-therapy-room.html").read_text(
        encoding="utf-8")
    assert "social network at intake and at the 12-month follow-up" in page
    assert "unverified claim: not evidence" in page and "NCT02370316" in page


@pytest.mark.book
def test_contract_chapter_shows_the_course_and_the_drafter(built_book):
    page = (built_book / "chapters" / "07-shared-formulation-and-contract.html").read_text(
        encoding="utf-8")
    assert "The way back to regulation is MIT" in page and "<svg" in page
    assert "application/vnd.jupyter.widget-state+json" in page


@pytest.mark.book
def test_relationship_chapter_has_the_fictional_exchange_and_the_caveat(built_book):
    page = (built_book / "chapters" / "08-therapeutic-relationship.html").read_text(
        encoding="utf-8")
    assert "<strong>fictional</strong>" in page and "Whatever. You" in page
    assert "We have not checked that study" in page


@pytest.mark.book
@pytest.mark.parametrize("name, drawn", [
    ("03-impaired-sense-of-self", ["STATE: STRONG BUT MISTREATED", "HEALTHY STATE: LOVEABLE",
                                   "not held together", "AT OTHER TIMES SEEN AS"]),
    ("05-emotion-dysregulation-and-impulsivity", ["Stages of the cycle",
                                                  "Difficulties in Emotion Regulation"]),
    ("06-interacting-domains", ["Inhibited metacognition", "▶ STEPS 1, 4",
                                "MIT: Differentiation", "Stages this episode does not reach"]),
])
def test_domain_chapters_show_their_diagrams_and_widgets(built_book, name, drawn):
    page = (built_book / "chapters" / f"{name}.html").read_text(encoding="utf-8")
    for text in drawn:
        assert text in page, text
    assert "application/vnd.jupyter.widget-state+json" in page
    assert "Traceback" not in page


@pytest.mark.book
def test_trainers_pages_are_in_the_book(built_book):
    guide = (built_book / "book" / "trainers" / "facilitator-guide.html").read_text("utf-8")
    assert "A 90-minute session" in guide and "Handling distress in the room" in guide
    cases = (built_book / "book" / "trainers" / "add-a-case.html").read_text("utf-8")
    assert "De-identification rules" in cases and "Keeping the key from students" in cases
    hub = (built_book / "book" / "trainers" / "run-a-class.html").read_text("utf-8")
    assert "git-pull?repo=" in hub and "apt.txt" in hub


# --- in Chromium ---------------------------------------------------------------------------
# Each page is opened once over http:// and once from disk, and every check below reads what
# that one visit found (a Chromium visit costs seconds; the checks need no fresh page each).
# The accessibility and keyboard checks read the http:// visit: from disk the page is the
# same document.

SCREENSHOTS = ROOT / "_build" / "screenshots"
AXE = ROOT / "tests" / ".vendor" / "axe.min.js"
SERIOUS_VIOLATIONS = """async () => {
    const r = await axe.run(document, {resultTypes: ['violations']});
    return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
      .map(v => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.help} — ` +
                v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""
# Notes the first widget control that keyboard focus lands on, so Tab can be pressed in runs
# without asking the page after every press.
WATCH_FOCUS = """() => { window.__firstWidgetFocus = null;
    document.addEventListener('focusin', e => {
        if (window.__firstWidgetFocus === null && e.target.closest('.jupyter-widgets'))
            window.__firstWidgetFocus = e.target.tagName; }); }"""
TABS = 400


@pytest.fixture(scope="module")
def site(built_book):
    """The built book served over http://127.0.0.1."""
    with serve(built_book) as address:
        yield address


def look_at(browser, address, name, reader_checks):
    """What one visit to `name` found: requests and console errors, the drawn size of each
    diagram and widget, and (with `reader_checks`) axe-core's serious violations and the tag of
    the first widget control that Tab reaches (None if 400 presses reach none)."""
    visit = Visit(browser, address, name)
    try:
        page = visit.page
        seen = {"external": list(visit.external), "failed": list(visit.failed),
                "errors": list(visit.errors),
                "figures": [figure.bounding_box() for figure in
                            page.locator("figure.workbook-figure svg").all()],
                "widgets": []}
        views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]')
        for index in range(views.count()):
            rendered = views.nth(index).locator("xpath=..").locator(".widget-subarea")
            seen["widgets"].append((rendered.count(), rendered.first.bounding_box()
                                    if rendered.count() == 1 else None))
        if reader_checks:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{name.replace('/', '--')}.png"),
                            full_page=True)
            page.add_script_tag(path=str(AXE))
            seen["axe"] = page.evaluate(SERIOUS_VIOLATIONS)
            seen["keyboard"] = None
            if seen["widgets"]:
                page.evaluate(WATCH_FOCUS)
                for pressed in range(1, TABS + 1):
                    page.keyboard.press("Tab")
                    if (pressed % 20 == 0 or pressed == TABS) and page.evaluate(
                            "() => window.__firstWidgetFocus !== null"):
                        break
                seen["keyboard"] = page.evaluate("() => window.__firstWidgetFocus")
        return seen
    finally:
        visit.close()


@pytest.fixture(scope="module")
def seen(browser, site, built_book):
    """seen(scheme, page): the findings of the one visit to that page over that scheme."""
    assert AXE.is_file(), "tests/.vendor/axe.min.js is missing: run `make vendor`"
    found = {}

    def seen(scheme, name):
        if (scheme, name) not in found:
            address = site if scheme == "http" else built_book.as_uri()
            found[scheme, name] = look_at(browser, address, name, scheme == "http")
        return found[scheme, name]

    return seen


@pytest.mark.browser
@pytest.mark.parametrize("name", book_pages())
@pytest.mark.parametrize("scheme", ["http", "file"])
def test_page_loads_offline_and_draws_everything(seen, scheme, name):
    """Over http:// and, as a reader who downloaded the book opens it, from disk."""
    found = seen(scheme, name)
    assert found["external"] == [], "requests to other hosts"
    assert found["failed"] == [], "requests that failed"
    assert found["errors"] == [], "console errors"
    for box in found["figures"]:
        assert box and box["width"] > 100 and box["height"] > 50
    if name in pages_with_widgets():
        assert found["widgets"], "a chapter with widgets shows none"
    for index, (count, box) in enumerate(found["widgets"]):
        assert count == 1, f"widget view {index} was not rendered"
        assert box and box["height"] > 100


def pages_with_widgets() -> list[str]:
    return [page for page in book_pages() if (ROOT / f"{page}.ipynb").exists() and
            "application/vnd.jupyter.widget-view+json" in (ROOT / f"{page}.ipynb").read_text(
                encoding="utf-8")]


@pytest.mark.browser
def test_the_widget_pages_are_found():
    assert {"chapters/02-interpersonal-schemas", "chapters/04-impaired-metacognition",
            "chapters/09-measuring-change"} <= set(pages_with_widgets())


@pytest.mark.browser
@pytest.mark.parametrize("name", pages_with_widgets())
def test_keyboard_reaches_the_widgets(seen, name):
    tag = seen("http", name)["keyboard"]
    assert tag is not None, f"{TABS} presses of Tab never reached a widget control"
    assert tag in {"INPUT", "TEXTAREA", "SELECT", "BUTTON", "DIV"}


@pytest.mark.browser
@pytest.mark.parametrize("name", book_pages())
def test_no_serious_accessibility_violations(seen, name):
    assert seen("http", name)["axe"] == []
