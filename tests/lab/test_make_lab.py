"""JupyterLab as a student meets it: started by `make lab` (the real Makefile target, in a copy
of the workbook), opened in Chromium. Before anything runs, chapter 2's content note is an
admonition whose link opens the page with crisis lines, and the published diagram is a drawing;
after Run All Cells the schema builder takes a pseudonym and a wish, Export JSON writes a file,
and that file shows in Lab's file browser under work/exports/, where a student can download it."""

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.browser
CHAPTER = "02-interpersonal-schemas.ipynb"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def copy_of_the_workbook(target):
    """The tracked files as they are in this checkout (edits included), sharing its .venv:
    `make lab` then saves to and exports into target/work/, inside Lab's root."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                             check=True).stdout.decode().split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    (target / ".venv").symlink_to(ROOT / ".venv")
    return target


def wait_until_serving(server, url, log, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"make lab stopped (exit {server.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"JupyterLab did not answer within {seconds} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """(address with token, the workbook copy, make's output file) of a running `make lab`;
    the server and its kernels are stopped through their process group afterwards."""
    workbook = copy_of_the_workbook(tmp_path_factory.mktemp("workbook"))
    home = tmp_path_factory.mktemp("jupyter-home")
    token = uuid.uuid4().hex
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "WORKBOOK_WORK_DIR"}
    env.update(JUPYTER_TOKEN=token, BROWSER="true",  # no browser window of its own
               # a user's own Lab settings, workspaces and trusted notebooks stay untouched
               JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_DATA_DIR=str(home / "data"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"))
    log = home / "make-lab.log"
    with log.open("w") as output:
        # -o: the copy shares this checkout's installed .venv; never reinstall it from here
        server = subprocess.Popen(["make", "-s", "-o", ".venv/.installed", "lab",
                                   f"LAB_PORT={port}"], cwd=workbook, env=env,
                                  stdout=output, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    address = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(server, f"{address}/api/status?token={token}", log)
        yield address, token, workbook, log
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def run_all_cells(page):
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()


def listing(page, name):
    return page.locator(f'.jp-DirListing-item[title^="Name: {name}"]')


@pytest.fixture(scope="module")
def page(lab, browser):
    """One tab for the module: the second test reads the exercise the first one filled in."""
    tab = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    yield tab
    tab.close()


def chapter(page):
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")


def test_make_lab_opens_ready_runs_exports_and_shows_the_export(lab, page, tmp_path):
    address, token, workbook, log = lab
    shots = tmp_path / "screenshots"
    shots.mkdir()
    # The default address opens on the chapters, in a file browser rooted above them.
    page.goto(f"{address}/?token={token}")
    page.wait_for_selector(".jp-DirListing-item", timeout=30_000)
    assert "chapters" in page.locator(".jp-BreadCrumbs").first.inner_text()
    listing(page, CHAPTER).dblclick()
    notebook = chapter(page)
    notebook.locator(".jp-MarkdownCell").first.wait_for(timeout=30_000)

    # Before running: MyST rendered, the published diagram drawn from the trusted output.
    notebook.locator(".jp-MarkdownCell aside.myst-admonition", has_text="Content note").first \
        .wait_for(timeout=15_000)
    assert ":class:" not in notebook.inner_text()
    # Untrusted, Lab would strip the SVG and show the text of its titles ("cluster_0 …").
    notebook.locator(".jp-OutputArea-output svg", has_text="EXPECTED RESPONSE").first.wait_for(
        timeout=15_000)
    assert "cluster_" not in " ".join(notebook.locator(".jp-OutputArea-output").all_inner_texts())
    page.screenshot(path=shots / "before-running.png")

    # The content note's link to the page with crisis lines opens that page inside Lab.
    notebook.locator(".jp-MarkdownCell a", has_text="content note").first.click()
    page.locator(".jp-MarkdownViewer:not(.lm-mod-hidden)", has_text="emergency").first.wait_for(
        timeout=15_000)
    page.locator(".lm-TabBar-tab", has_text=CHAPTER[:12]).first.click()

    run_all_cells(page)
    pseudonym = notebook.locator(".widget-text:has(label:text-matches('pseudonym', 'i')) input")
    # Starting the kernel and running the chapter: a few seconds, more on a busy machine.
    pseudonym.first.wait_for(timeout=60_000)
    page.wait_for_function(  # the views restored from the saved state are replaced by live ones
        "() => !document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) "
        ".jupyter-widgets-disconnected')", timeout=60_000)
    pseudonym.first.fill("Robin")
    notebook.locator(".widget-text:has(label:text-is('Wish')) input").first.fill(
        "to be comforted")
    notebook.locator(".jupyter-widgets svg", has_text="to be comforted").first.wait_for()
    notebook.locator("button", has_text="Export JSON").first.click()
    exports = workbook / "work" / "exports"
    deadline = time.monotonic() + 15
    while not list(exports.glob("*.json")) and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    written = sorted(exports.glob("*.json"))
    assert written, "Export JSON wrote nothing to work/exports/"
    text = written[0].read_text(encoding="utf-8")
    assert "Robin" in text and "to be comforted" in text
    page.screenshot(path=shots / "after-export.png")

    # The student finds the export in Lab's own file browser.
    page.locator(".jp-BreadCrumbs-home").first.click()
    listing(page, "work").dblclick()
    listing(page, "exports").dblclick()
    listing(page, written[0].name).wait_for(timeout=15_000)
    page.screenshot(path=shots / "file-browser.png")


def test_the_exercise_lists_its_export_with_a_link_that_downloads_it(page):
    notebook = chapter(page)
    if notebook.locator("button", has_text="Export JSON").count() == 0:
        pytest.fail("the test above did not leave chapter 2 run and exported")
    links = notebook.locator(".workbook-exports a")
    if links.count() == 0:
        pytest.skip("this version of the exercises has no .workbook-exports list of download "
                    "links; the export itself was found in Lab's file browser")
    with page.expect_download(timeout=15_000) as download:
        links.first.click()
    assert download.value.suggested_filename.endswith(".json")
    # The file itself, not a page of Lab's that a wrong address would fetch under that name.
    saved = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert "Robin" in json.dumps(saved)
