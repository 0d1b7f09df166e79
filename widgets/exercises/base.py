"""What every exercise widget shares: where its work is saved, saving and restoring it,
telling the learner's edits from the widget's own changes to its controls, the button that
shows the key after an attempt, exporting files, showing itself in a notebook, and telling
the learner what happened, in one status line.

A new exercise is a view on this base: it builds its controls and `self.view`, says which
controls the learner edits (`on_edit`), how to read them into its work model
(`read_controls`) and how to show a work model in them (`set_work`), what to redraw
(`refresh`), and, if it has a key, its check (`check_panel`).

Every change a learner makes goes through one guarded path, `update()`: read the controls
into a new work model, save it, then redraw. Nothing raises out of it. A model the controls
do not make (text too long, too many items) is not saved and the status says why, in plain
words, while the last good save stays on disk; the status says "Saved" only after a save
succeeded. A view-only change goes through `show()`, the same guard without the save.
"""

from __future__ import annotations

import html
import logging
import os
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import ipywidgets as ipw
from pydantic import ValidationError

from ..case.model import Case
from ..case.text import xml_safe
from ..diagrams.render import RenderError, render
from ..work.export_names import ANONYMOUS, export_name, is_anonymous
from ..work.learner import learner_for, remember_pseudonym
from ..work.responses import Response, now_utc
from ..work.store import (
    SaveRefused,
    WorkStore,
    atomic_write_bytes,
    atomic_write_text,
    default_work_dir,
    where_else,
)

log = logging.getLogger(__name__)

# How a model's field names read in a message; anything else is shown with spaces.
FIELD_NAMES = {"pseudonym": "your pseudonym", "self_image": "self-image",
               "justification": "why these ratings"}
NUMBERED = {"states": "state", "transitions": "shift", "goals": "goal"}  # "state 2", not "item 2"


class View:
    """A widget of the workbook: shows `self.view` in a notebook, and tells the learner's
    edits of its controls from its own changes to them."""

    view: ipw.Widget
    _quiet = False

    def _repr_mimebundle_(self, **kwargs):
        return self.view._repr_mimebundle_(**kwargs)

    @contextmanager
    def quietly(self) -> Iterator[None]:
        """Change controls without their observers taking it for the learner's edit:
        restoring saved work, showing a draft or another vignette, relabelling pickers."""
        before, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = before

    def on_edit(self, controls: Iterable[ipw.ValueWidget],
                handler: Callable[[Any], None] | None = None) -> None:
        """When the learner changes one of `controls`, call `handler(new value)`, by default
        `self.edited()`."""
        def edited(change) -> None:
            if not self._quiet:
                (handler or (lambda _value: self.edited()))(change["new"])

        for control in controls:
            control.observe(edited, names="value")

    def edited(self) -> None:
        """What an edit does unless `on_edit` was given another handler."""


class ExerciseWidget(View):
    what_is_saved = "work"  # as in "Restored your work saved at …"
    response_model: type[Response]  # the kind of response file the exercise saves
    field_names: dict[str, str] = {}  # the widget's own names for its model's fields
    pseudonym: ipw.Text | None = None
    # How the widget reads its controls into a new work model; None: edits change no work
    # (e.g. the pseudonym alone is saved).
    read_controls: Callable[[], Any] | None = None

    def __init__(self, case: Case, exercise: str, work_dir: Path | str | None,
                 former_name: str | None = None):
        self.case = case
        self.exercise = exercise
        # The name this exercise's work was saved under before it had a neutral one: read
        # when there is no file under the new name yet, so no learner loses work.
        self.former_name = former_name
        self.store = WorkStore(work_dir if work_dir is not None else default_work_dir())
        self.save_path = self.store.path_for(case.id, exercise)
        # The work folder's learner: a random id every response carries, so equal
        # pseudonyms stay apart in a class report, and the pseudonym last chosen.
        learner = learner_for(self.store.folder)
        self.learner_id = learner.learner_id
        self._last_pseudonym = learner.pseudonym
        self.status = ipw.HTML()
        # Every export of the session, each with a link that downloads it. Shown through an
        # Output widget, not an HTML one: JupyterLab renders an output with its own
        # renderer, which turns a link relative to the notebook into the server's download
        # address (with a hub's /user/NAME/ prefix); an HTML widget's links would resolve
        # against the page's address instead.
        self.exports = ipw.Output()
        self.exports.add_class("workbook-exports")
        self.export_log: list[tuple[str, Path | None]] = []  # (message, file) in order
        self._status_text = ""
        self._kept_note = ""  # repeated under every status once another tab's work was kept
        if learner.note:
            self._say(learner.note)

    def pseudonym_field(self, style: dict) -> ipw.Text:
        """Where the learner names themselves for exports: a pseudonym, never a real name."""
        self.pseudonym = ipw.Text(description="Your pseudonym", style=style,
                                  layout=ipw.Layout(width="98%"), value=self._last_pseudonym,
                                  placeholder="a name for exports; not your real name")
        self.pseudonym.observe(self._remember_pseudonym, names="value")
        return self.pseudonym

    def _remember_pseudonym(self, change) -> None:
        """A pseudonym the learner typed starts every exercise that has none saved."""
        if self.export_log:  # the list's request to set a pseudonym follows the field
            self._show_exports()
        if self._quiet:
            return
        try:
            remember_pseudonym(self.store.folder, change["new"])
        except Exception:  # noqa: BLE001 - a convenience: the save reports on the folder
            log.warning("Could not keep the pseudonym in %s", self.store.folder, exc_info=True)

    # --- edits and restoring -----------------------------------------------------------------
    def edited(self) -> None:
        """A learner's edit: read the controls into the work and save it."""
        self.update(self.read_controls)

    def set_work(self, work: Any) -> None:
        """Show `work` in the controls (restoring, or a test driving the widget); widgets
        override it and call it inside `quietly()` or set controls quietly themselves."""
        self.work = work

    def restore(self, fits: Callable[[Response], str | None] | None = None) -> Response | None:
        """Bring back the saved work, if there is any that `fits` (a reason to refuse it, or
        None): the pseudonym, and the work through `set_work`."""
        document = self.load_saved(self.response_model, fits)
        if document:
            with self.quietly():
                if self.pseudonym is not None and document.pseudonym:
                    self.pseudonym.value = document.pseudonym
                self.set_work(document.work)
        return document

    # --- the key, after an attempt ----------------------------------------------------------------
    def check_panel(self, description: str, tooltip: str, attempted: Callable[[], bool],
                    first: str, run: Callable[[], None]) -> ipw.Button:
        """The button that shows the key (Compare, Check) and `self.comparison`, where the
        result goes. It is enabled only once `attempted()`; until then its tooltip, and a
        click, say what to do `first`."""
        self.comparison = ipw.HTML()
        self.check_button = ipw.Button(description=description, button_style="primary")
        self._check = (tooltip, attempted, first, run)
        self.check_button.on_click(lambda _b: self.show(self.run_check))
        return self.check_button

    def enable_check(self) -> None:
        """Call from `refresh`: the check button follows the work."""
        tooltip, attempted, first, _run = self._check
        ready = attempted()
        self.check_button.disabled = not ready
        self.check_button.tooltip = tooltip if ready else f"First {first}."

    def run_check(self) -> None:
        _tooltip, attempted, first, run = self._check
        if not attempted():
            self._say(f"Try the exercise first: {first}.")
            return
        run()

    def response(self, work: Any = None) -> Response:
        """The exercise's work (`self.work` unless given) as a response file."""
        # A lone surrogate (half an emoji) in the pseudonym becomes U+FFFD, as in the work.
        pseudonym = xml_safe(self.pseudonym.value).strip() if self.pseudonym else ""
        return self.response_model(case_id=self.case.id, exercise=self.exercise,
                                   pseudonym=pseudonym, learner_id=self.learner_id,
                                   saved_at=now_utc(),
                                   work=self.work if work is None else work)

    # --- the one guarded path from a change to the save file ----------------------------------
    def update(self, read_work: Callable[[], Any] | None = None,
               redraw: Callable[[], None] | None = None) -> bool:
        """Apply a learner's change: `read_work()` builds the new work model (None: the work
        is unchanged, e.g. only the pseudonym changed), then save, then `redraw()` (default
        `self.refresh`). Returns whether the work was saved; never raises."""
        if read_work is not None:
            try:
                work = read_work()
            except Exception as error:  # noqa: BLE001 - the learner gets a message instead
                self._say(f"Not saved: {self.explain(error)} Your last save is kept.")
                return False
            self.work = work
        saved = self.save()
        self.show(redraw or self.refresh, after=self.status_text)
        return saved

    def show(self, redraw: Callable[[], None], after: str = "") -> bool:
        """Run a view-only change; a failure becomes a message (after `after`, the status
        to keep) instead of a traceback."""
        try:
            redraw()
        except Exception as error:  # noqa: BLE001 - the learner gets a message instead
            log.warning("Could not update the view of %s", self.exercise, exc_info=True)
            self._say(" ".join(filter(None, [after, "The view could not be updated "
                                             f"({self.explain(error)})"])))
            return False
        return True

    def refresh(self) -> None:
        """Redraw what depends on the work (diagrams, buttons); widgets override it."""

    def save(self) -> bool:
        """Save the current work; the status says what happened. Never raises."""
        try:
            saved = self.store.save(self.save_path, self.response())
        except OSError as error:
            self._say(f"Not saved: {self.save_path.parent} cannot be written to "
                      f"({error.strerror or error}). Your last save is kept, but this change "
                      f"is only on this page: {where_else()}.")
            return False
        except SaveRefused as error:
            self._say(f"Not saved: {error}")
            return False
        except Exception as error:  # noqa: BLE001 - the learner gets a message instead
            self._say(f"Not saved: {self.explain(error)} Your last save is kept.")
            return False
        if saved.kept_aside:
            kept = (saved.kept_aside.name if saved.kept_aside.parent == saved.path.parent
                    else str(saved.kept_aside))
            self._kept_note = (
                "This exercise is also being saved from another tab or kernel. Nothing is "
                f"lost: its last version is kept as {kept}, and this page's work is in "
                f"{saved.path.name}. To go on in one place, close the other tab.")
            # Lead with the news: the learner must not read "Saved" first and stop there.
            self._say(f"Changed from another tab or kernel since this page last saved; both "
                      f"versions are kept, and this page's work is saved to {saved.path}.")
            return True
        self._say(f"Saved to {saved.path}.")
        return True

    def explain(self, error: Exception) -> str:
        """A short, plain sentence for what went wrong, with what to do about it."""
        if isinstance(error, ValidationError):
            return self._explain_invalid(error)
        log.warning("Unexpected problem in %s", self.exercise, exc_info=error)
        text = (str(error).strip().splitlines() or [""])[0][:200]
        return (f"something unexpected went wrong ({type(error).__name__}: {text}). Copy what "
                "you typed somewhere safe and tell your trainer.")

    def _explain_invalid(self, error: ValidationError) -> str:
        first = error.errors()[0]
        where = self._where(first["loc"])
        context = first.get("ctx") or {}
        if first["type"] == "string_too_long":
            return (f"{where} is {len(first['input']):,} characters; the limit is "
                    f"{context['max_length']:,}. Shorten it and go on.")
        if first["type"] == "too_long":
            return (f"{where} has {context.get('actual_length', len(first['input'])):,} items;"
                    f" the limit is {context['max_length']:,}. Remove some and go on.")
        return f"{where}: {first['msg'].rstrip('.')}."

    def _where(self, loc: tuple) -> str:
        names = {**FIELD_NAMES, **self.field_names}
        parts: list[str] = []
        for before, part in zip((None, *loc), loc, strict=False):
            if part == "work":  # the response's work: the learner only sees the fields
                continue
            if isinstance(part, int) and before in NUMBERED:
                parts[-1] = f"{NUMBERED[before]} {part + 1}"
            elif isinstance(part, int):
                parts.append(f"item {part + 1}")
            else:
                parts.append(names.get(part, str(part).replace("_", " ")))
        where = ", ".join(parts) or "the text"
        return where[0].upper() + where[1:]

    # --- restoring ------------------------------------------------------------------------------
    def load_saved(self, model: type[Response],
                   check: Callable[[Response], str | None] | None = None) -> Response | None:
        """The saved document for this case and exercise, or None (with a message when a
        damaged or foreign file had to be kept aside)."""
        path, names = self.save_path, {self.exercise}
        former = self._former_save_path()
        if former is not None:
            path, names = former, {self.former_name}

        def belongs_here(document: Response) -> str | None:
            if document.case_id != self.case.id or document.exercise not in names:
                return (f"it belongs to case '{document.case_id}', exercise "
                        f"'{document.exercise}'")
            return check(document) if check else None

        document, problem = self.store.load(path, model, belongs_here)
        if problem:
            self._say(problem)
        elif document:
            if former is not None:  # from now on it is saved under the new name
                document = document.model_copy(update={"exercise": self.exercise})
            self._say(f"Restored your {self.what_is_saved} saved at {document.saved_at} "
                      f"from {path}.")
        return document

    def _former_save_path(self) -> Path | None:
        """The file saved under the former name, when there is one and none under the new."""
        if not self.former_name or os.path.lexists(self.save_path):
            return None
        former = self.store.path_for(self.case.id, self.former_name)
        return former if os.path.lexists(former) else None

    # --- exporting ------------------------------------------------------------------------------
    def export_buttons(self, formats: tuple[str, ...], what: str,
                       names: dict[str, str] | None = None) -> list[ipw.Button]:
        """One button per format (`names` for formats better known by another name, e.g.
        {"md": "text (Markdown)"}); each calls `self.export(fmt)`."""
        buttons = []
        for fmt in formats:
            name = (names or {}).get(fmt, fmt.upper())
            button = ipw.Button(description=f"Export {name}",
                                tooltip=f"Save {what} as {name} in the work folder",
                                layout=ipw.Layout(width="auto"))
            button.on_click(lambda _b, fmt=fmt: self.export(fmt))
            buttons.append(button)
        return buttons

    def export(self, fmt: str) -> Path | None:
        raise NotImplementedError

    def export_work(self, fmt: str, dot: str | None = None) -> Path | None:
        """JSON: the response file; DOT, SVG or PNG: the given diagram."""
        if fmt == "json":
            return self.write_export(fmt, lambda: self.exported_response().model_dump_json(
                indent=2) + "\n")
        if fmt == "dot":
            return self.write_export(fmt, lambda: dot)
        return self.write_export(fmt, lambda: render(dot, fmt))

    def exported_response(self) -> Response:
        """What Export JSON writes: the work as the controls show it now, so the file holds
        what the learner sees; text the model refuses (too long) fails the export with the
        same message as a save, instead of exporting an older version silently."""
        if self.read_controls is None:
            return self.response()
        return self.response(self.read_controls())

    def export_path(self, fmt: str) -> Path:
        """`work/exports/PSEUDONYM--CASE--EXERCISE.fmt`: a class's files can share a folder."""
        pseudonym = self.pseudonym.value if self.pseudonym is not None else ""
        return self.store.folder / "exports" / export_name(pseudonym, self.case.id,
                                                            self.exercise, fmt)

    def write_export(self, fmt: str, content: Callable[[], str | bytes]) -> Path | None:
        try:
            target = self.export_path(fmt)
        except Exception as error:  # noqa: BLE001 - the learner gets a message instead
            self._show_export(f"Export failed: {self.explain(error)}")
            return None
        try:
            data = content()
            if isinstance(data, bytes):
                atomic_write_bytes(target, data)
            else:
                atomic_write_text(target, data)
        except OSError as error:
            self._show_export(f"Export failed: {target.parent} cannot be written to "
                              f"({error.strerror or error}).")
            return None
        except Exception as error:  # noqa: BLE001 - RenderError, a model refused, …
            reason = str(error) if isinstance(error, RenderError) else self.explain(error)
            self._show_export(f"Export failed: {reason}")
            return None
        self._show_export(f"Exported {fmt.upper()}", target)
        return target

    # --- the status line ------------------------------------------------------------------------
    @property
    def status_text(self) -> str:
        """The status line as plain text (without the note about another tab's work)."""
        return self._status_text

    def _say(self, message: str) -> None:
        self._status_text = message
        lines = [message, self._kept_note] if self._kept_note else [message]
        self.status.value = "".join(f"<p role='status'>{html.escape(line)}</p>"
                                    for line in lines)

    def _show_export(self, message: str, path: Path | None = None) -> None:
        """Add an export (or a failed one) to the session's list and show the list. A file
        exported again moves to the end instead of being listed twice."""
        if path is not None:
            self.export_log = [entry for entry in self.export_log if entry[1] != path]
        self.export_log.append((message, path))
        self._show_exports()

    def _show_exports(self) -> None:
        text = self.exports_html
        plain = "\n".join(f"{m}: {p}" if p else m for m, p in self.export_log)
        self.exports.outputs = ({"output_type": "display_data", "metadata": {},
                                 "data": {"text/html": text, "text/plain": plain}},)

    @property
    def exports_html(self) -> str:
        """The list of this session's exports as HTML (every text escaped)."""
        items = "".join(f"<li>{_export_item(message, path)}</li>"
                        for message, path in self.export_log)
        hint = ""
        if (self.pseudonym is not None and is_anonymous(self.pseudonym.value)
                and any(path is not None for _m, path in self.export_log)):
            hint = ("<p><strong>Set your pseudonym</strong> (any name but your real one) "
                    f"before you export: files without one are named “{ANONYMOUS}”, and "
                    "your trainer cannot tell them from other students'. Then export again."
                    "</p>")
        return (f"<div class='workbook-exports'><p>Your exports in this session (click a "
                f"name to download it):</p><ul>{items}</ul>{hint}</div>")


def _export_item(message: str, path: Path | None) -> str:
    if path is None:
        return html.escape(message)
    href = download_href(path)
    name = html.escape(path.name)
    link = (f"<a href='{html.escape(href, quote=True)}' download='{html.escape(path.name)}'>"
            f"{name}</a>" if href else name)
    return f"{html.escape(message)}: {link} <small>in {html.escape(str(path.parent))}</small>"


def download_href(path: Path, start: Path | None = None) -> str | None:
    """`path` relative to the notebook's folder (the kernel's working directory), as a URL;
    JupyterLab turns it into the server's download address for the file. None when there
    is no relative path (another drive on Windows)."""
    try:
        relative = os.path.relpath(Path(path).absolute(), (start or Path.cwd()).absolute())
    except ValueError:
        return None
    return "/".join(urllib.parse.quote(part) for part in Path(relative).parts)
