"""The suite's own detectors, on small widgets that fail on purpose: each kind of failure is
counted, and a widget that does everything right counts nothing."""

import html
import json
from pathlib import Path

import ipywidgets as ipw
import pytest

from .checks import Tally, active_markup, literal_in, parse_svg
from .drivers import Driver, Session, TextField

pytestmark = pytest.mark.hostile


class Toy:
    """One text field, autosaved as JSON; `flaw` picks what goes wrong."""

    def __init__(self, folder: Path, flaw: str | None):
        self.file, self.flaw = Path(folder) / "toy.json", flaw
        saved = json.loads(self.file.read_text()) if self.file.exists() else ""
        self.text = ipw.Text(value=saved)
        self.status, self.shown = ipw.HTML(), ipw.HTML()
        self.view = ipw.VBox([self.text, self.shown, self.status])
        self.text.observe(lambda _change: self.on_change(), names="value")

    def on_change(self) -> None:
        value = self.text.value
        if self.flaw == "raises" and "&" in value:
            raise ValueError("no ampersands")
        if self.flaw == "refuses long text" and len(value) > 10_000:
            self.status.value = "<p role='status'>Not saved: at most 10,000 characters.</p>"
            return
        self.shown.value = value if self.flaw == "leaks" else html.escape(value)
        if self.flaw != "forgets":
            self.file.write_text(json.dumps(value.encode("utf-8", "replace").decode()))
        self.status.value = f"<p role='status'>Saved to {self.file.name}.</p>"


def toy_driver(flaw: str | None) -> Driver:
    return Driver(f"Toy({flaw})", lambda _case, folder: Toy(folder, flaw),
                  lambda w: {"work": w.text.value},
                  (TextField("text", lambda w: w.text, lambda w: w.text.value),))


def counts_after(flaw: str | None, texts, tmp_path) -> dict:
    tally = Tally()
    session = Session(toy_driver(flaw), None, tmp_path, tally)
    for text in texts:
        session.type_text("text", text)
    return {kind: getattr(tally, kind) for kind in ("inputs", "crashes", "lost", "unsafe")}


TEXTS = ["plain", "AT&T", "<img src=x onerror=alert(1)>", "x" * 20_000]


@pytest.mark.parametrize(("flaw", "expected"), [
    (None, {"inputs": 4, "crashes": 0, "lost": 0, "unsafe": 0}),
    ("refuses long text", {"inputs": 4, "crashes": 0, "lost": 0, "unsafe": 0}),  # and says so
    ("raises", {"inputs": 4, "crashes": 1, "lost": 1, "unsafe": 0}),
    ("forgets", {"inputs": 4, "crashes": 0, "lost": 8, "unsafe": 0}),  # the "ok" after each too
    ("leaks", {"inputs": 4, "crashes": 0, "lost": 0, "unsafe": 1}),
])
def test_each_kind_of_failure_is_counted(flaw, expected, tmp_path):
    assert counts_after(flaw, TEXTS, tmp_path) == expected


def test_markup_svg_and_literal_text_checks():
    assert active_markup("<p><img src=x onerror=alert(1)></p>") == ["<img>", "img onerror="]
    assert active_markup(html.escape("<script>alert(1)</script>")) == []
    assert active_markup('<a href=" javascript:alert(1)">x</a>')
    assert parse_svg("<svg><text>a\x01</text></svg>")[1]
    assert parse_svg("<svg><text>a&amp;b</text></svg>")[1] is None
    assert literal_in("AT&T", "AT&amp;T")  # an entity decoded: not what was typed
    assert literal_in("A  B\ufffd C", "a\x00b c".upper()) is None  # tidying is not a change
