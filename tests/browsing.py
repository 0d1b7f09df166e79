"""Looking at built pages as a reader does: served over http://127.0.0.1, opened in Chromium
with every request to another host aborted and recorded."""

import contextlib
import functools
import http.server
import threading

from playwright.sync_api import TimeoutError as PlaywrightTimeout


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep the test output readable
        pass


@contextlib.contextmanager
def serve(folder):
    """`folder` served over http://127.0.0.1 on a free port; yields the address."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


# Widgets are drawn from saved state by JavaScript after the page has loaded: a page is ready
# when every widget view has its rendered area beside it (at once on a page without widgets).
WIDGETS_DRAWN = """() => [...document.querySelectorAll(
    'script[type="application/vnd.jupyter.widget-view+json"]')]
    .every(view => view.parentElement.querySelector('.widget-subarea'))"""


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
        # A widget that never draws is for the caller to report, not a crash here.
        with contextlib.suppress(PlaywrightTimeout):
            self.page.wait_for_function(WIDGETS_DRAWN, timeout=5000)

    def close(self):
        self.page.close()
