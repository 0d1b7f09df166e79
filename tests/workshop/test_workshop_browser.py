"""The workshop report opened in Chromium: a student's text containing <script> and an
<img onerror> shows as text and runs nothing; and even a script that got into the page
unescaped would be blocked by the page's Content-Security-Policy."""

import pytest
from conftest import ANGIE
from workshop_class import HOSTILE, make_class

from widgets import load_case
from widgets.workshop.page import render_report
from widgets.workshop.report import build_report

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report_page(tmp_path_factory):
    case = load_case(ANGIE)
    folder = tmp_path_factory.mktemp("class")
    make_class(folder, case, students=6)
    return render_report(build_report(folder, case), case)


def open_page(browser, path):
    page = browser.new_page()
    dialogs, errors = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        "file:") else route.abort())
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_timeout(200)
    return page, dialogs, errors


def test_student_text_is_shown_and_never_run(browser, report_page, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(report_page, encoding="utf-8")
    page, dialogs, errors = open_page(browser, path)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.scripts.length") == 0
    assert page.locator("img").count() == 0
    assert HOSTILE[:60] in page.inner_text("main")
    assert dialogs == [] and errors == []
    page.close()


def test_the_policy_blocks_a_script_that_slipped_through(browser, report_page, tmp_path):
    path = tmp_path / "tampered.html"
    path.write_text(report_page.replace("<main>", "<main><script>window.__pwned = 3</script>"),
                    encoding="utf-8")
    page, _dialogs, _errors = open_page(browser, path)
    assert page.evaluate("document.scripts.length") == 1  # it is there...
    assert page.evaluate("typeof window.__pwned") == "undefined"  # ...and did not run
    page.close()
