"""Every page of the book `make book` builds, as a reader meets it in Chromium with the network
blocked, over http:// and opened from disk (file://):
no request leaves the machine, nothing fails to load, no console error, every diagram drawn,
every widget rendered from its saved state, widgets reachable by keyboard, and no serious
accessibility violation (axe-core). Full-page screenshots go to _build/screenshots/."""

import functools
import http.server
import threading

import pytest
from conftest import ROOT, book_pages

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "_build" / "screenshots"
AXE = ROOT / "tests" / ".vendor" / "axe.min.js"
class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep the test output readable
        pass


@pytest.fixture(scope="module")
def site(built_book):
    """The built book served over http://127.0.0.1."""
    handler = functools.partial(QuietHandler, directory=str(built_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module", params=["http", "file"])
def any_site(request, built_book):
    """The book over http:// and, as a reader who downloaded it opens it, from disk."""
    if request.param == "file":
        return built_book.as_uri()
    return request.getfixturevalue("site")


class Visit:
    """One page load with everything that went wrong along the way."""

    def __init__(self, browser, site, name):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.external, self.failed, self.errors = [], [], []

        def offline(route):
            if route.request.url.startswith(site):
                route.continue_()
            else:
                self.external.append(route.request.url)
                route.abort()

        self.page.route("**/*", offline)
        self.page.on("requestfailed", lambda request: self.failed.append(request.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else 0)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(f"{site}/{name}.html", wait_until="networkidle")
        self.page.wait_for_timeout(300)

    def close(self):
        self.page.close()


@pytest.mark.parametrize("name", book_pages())
def test_page_loads_offline_and_draws_everything(browser, any_site, name):
    visit = Visit(browser, any_site, name)
    try:
        page = visit.page
        assert visit.external == [], "requests to other hosts"
        assert visit.failed == [], "requests that failed"
        assert visit.errors == [], "console errors"
        for figure in page.locator("figure.workbook-figure svg").all():
            box = figure.bounding_box()
            assert box and box["width"] > 100 and box["height"] > 50
        views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]')
        if name in pages_with_widgets():
            assert views.count() >= 1, "a chapter with widgets shows none"
        for index in range(views.count()):
            rendered = views.nth(index).locator("xpath=..").locator(".widget-subarea")
            assert rendered.count() == 1, f"widget view {index} was not rendered"
            box = rendered.bounding_box()
            assert box and box["height"] > 100
        if any_site.startswith("http"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{name.replace('/', '--')}.png"),
                            full_page=True)
    finally:
        visit.close()


def pages_with_widgets() -> list[str]:
    return [page for page in book_pages() if (ROOT / f"{page}.ipynb").exists() and
            "application/vnd.jupyter.widget-view+json" in (ROOT / f"{page}.ipynb").read_text(
                encoding="utf-8")]


def test_the_widget_pages_are_found():
    assert {"chapters/02-interpersonal-schemas", "chapters/04-impaired-metacognition",
            "chapters/09-measuring-change"} <= set(pages_with_widgets())


@pytest.mark.parametrize("name", pages_with_widgets())
def test_keyboard_reaches_the_widgets(browser, site, name):
    visit = Visit(browser, site, name)
    try:
        page = visit.page
        for _ in range(400):
            page.keyboard.press("Tab")
            if page.evaluate("() => !!document.activeElement.closest('.jupyter-widgets')"):
                break
        else:
            pytest.fail("400 presses of Tab never reached a widget control")
        tag = page.evaluate("() => document.activeElement.tagName")
        assert tag in {"INPUT", "TEXTAREA", "SELECT", "BUTTON", "DIV"}
    finally:
        visit.close()


@pytest.mark.parametrize("name", book_pages())
def test_no_serious_accessibility_violations(browser, site, name):
    assert AXE.is_file(), "tests/.vendor/axe.min.js is missing: run `make vendor`"
    visit = Visit(browser, site, name)
    try:
        visit.page.add_script_tag(path=str(AXE))
        result = visit.page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
              .map(v => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.help} — ` +
                        v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
        }""")
        assert result == []
    finally:
        visit.close()
