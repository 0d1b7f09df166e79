"""What every exercise widget shares: where its work is saved, saving and restoring it,
exporting files, and telling the learner what happened, in one status line."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import ipywidgets as ipw

from ..case.model import Case
from ..diagrams.render import render
from ..work.responses import Response, now_utc
from ..work.store import WorkStore, atomic_write_bytes, atomic_write_text, default_work_dir


class ExerciseWidget:
    what_is_saved = "work"  # as in "Restored your work saved at …"
    response_model: type[Response]  # the kind of response file the exercise saves

    def __init__(self, case: Case, exercise: str, work_dir: Path | str | None):
        self.case = case
        self.exercise = exercise
        self.store = WorkStore(work_dir if work_dir is not None else default_work_dir())
        self.save_path = self.store.path_for(case.id, exercise)
        self.status = ipw.HTML()
        self.exports = ipw.HTML()

    def pseudonym_field(self, style: dict) -> ipw.Text:
        """Where the learner names themselves for exports: a pseudonym, never a real name."""
        self.pseudonym = ipw.Text(description="Your pseudonym", style=style,
                                  layout=ipw.Layout(width="98%"),
                                  placeholder="a name for exports; not your real name")
        return self.pseudonym

    def response(self) -> Response:
        """The exercise's current work as a response file (`self.work`, `self.pseudonym`)."""
        return self.response_model(case_id=self.case.id, exercise=self.exercise,
                                   pseudonym=self.pseudonym.value.strip()[:80],
                                   saved_at=now_utc(), work=self.work)

    def save(self) -> None:
        try:
            self.store.save(self.save_path, self.response())
        except OSError as error:
            self._say(f"Could not save to {self.save_path}: {error.strerror or error}. "
                      "Nothing you entered is lost; export it before closing.")
            return
        self._say(f"Saved to {self.save_path}.")

    def load_saved(self, model: type[Response],
                   check: Callable[[Response], str | None] | None = None) -> Response | None:
        """The saved document for this case and exercise, or None (with a message when a
        damaged or foreign file had to be kept aside)."""
        def belongs_here(document: Response) -> str | None:
            if document.case_id != self.case.id or document.exercise != self.exercise:
                return (f"it belongs to case '{document.case_id}', exercise "
                        f"'{document.exercise}'")
            return check(document) if check else None

        document, problem = self.store.load(self.save_path, model, belongs_here)
        if problem:
            self._say(problem)
        elif document:
            self._say(f"Restored your {self.what_is_saved} saved at {document.saved_at} "
                      f"from {self.save_path}.")
        return document

    def export_buttons(self, formats: tuple[str, ...], what: str) -> list[ipw.Button]:
        """One button per format; each calls `self.export(fmt)`."""
        buttons = []
        for fmt in formats:
            button = ipw.Button(description=f"Export {fmt.upper()}",
                                tooltip=f"Save {what} as {fmt.upper()} in the work folder")
            button.on_click(lambda _b, fmt=fmt: self.export(fmt))
            buttons.append(button)
        return buttons

    def export(self, fmt: str) -> Path | None:
        raise NotImplementedError

    def export_work(self, fmt: str, dot: str | None = None) -> Path | None:
        """JSON: the response file; DOT, SVG or PNG: the given diagram."""
        if fmt == "json":
            return self.write_export(fmt, lambda: self.response().model_dump_json(indent=2) + "\n")
        if fmt == "dot":
            return self.write_export(fmt, lambda: dot)
        return self.write_export(fmt, lambda: render(dot, fmt))

    def write_export(self, fmt: str, content: Callable[[], str | bytes]) -> Path | None:
        target = (self.store.folder / "exports" / self.save_path.stem).with_suffix(f".{fmt}")
        try:
            data = content()
            if isinstance(data, bytes):
                atomic_write_bytes(target, data)
            else:
                atomic_write_text(target, data)
        except (RuntimeError, OSError) as error:  # RenderError is a RuntimeError
            self.exports.value = f"<p>Export failed: {html.escape(str(error))}</p>"
            return None
        self.exports.value = f"<p>Exported {fmt.upper()} to {html.escape(str(target))}</p>"
        return target

    def _say(self, message: str) -> None:
        self.status.value = f"<p role='status'>{html.escape(message)}</p>"
