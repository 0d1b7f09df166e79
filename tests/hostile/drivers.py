"""Drive each exercise widget the way the browser does (a control's `.value`, a drop-down's
`.index`, `button.click()`) and count what goes wrong, by the rules in checks.py.

One `Driver` per widget says how to make it, which free-text fields it has, what its model
holds and where its diagram is; `Session` is the shared helper that types into a field and
checks the widget, a fresh widget on the same work folder, and the exports.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import ipywidgets as ipw

from widgets.exercises.chain_builder import EpisodeChainBuilder
from widgets.exercises.change_calculator import ChangeCalculator
from widgets.exercises.contract_drafter import ContractDrafter
from widgets.exercises.experiment_planner import ExperimentPlanner
from widgets.exercises.metacognition_rater import MetacognitionRater
from widgets.exercises.schema_builder import SchemaBuilder
from widgets.exercises.self_state_mapper import SelfStateMapper
from widgets.work.experiment import PARTS
from widgets.work.schema import ELEMENTS

from .checks import (
    Tally,
    active_markup,
    crash_detail,
    html_values,
    key,
    literal_in,
    normalised,
    parse_svg,
    short,
    svg_text,
    svgs_in,
    tidy,
)
from .corpus import BAD_RATINGS, NUMBERS

SAVED = "Saved"  # how a status line that claims a save begins


def status_says(w) -> str:
    """The status line as the learner reads it (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]*>", "", w.status.value)).strip()


@dataclass(frozen=True)
class TextField:
    name: str
    control: Callable[[Any], ipw.ValueWidget]  # looked up each time: rows may be rebuilt
    held: Callable[[Any], str]  # the field as the widget's model holds it
    drawn: bool = False  # shown in the widget's live diagram


@dataclass(frozen=True)
class Driver:
    name: str
    make: Callable[[Any, Path], Any]
    model: Callable[[Any], object]  # everything the widget saves, to compare with a restore
    fields: tuple[TextField, ...]
    diagram: Callable[[Any], str] = lambda w: ""
    prepare: Callable[[Any], None] = lambda w: None
    export_field: str | None = None  # the field that carries an input into the exports
    compare: Callable[[Any], ipw.Button] | None = None  # shows learner text beside the key

    def field(self, name: str) -> TextField:
        return next(f for f in self.fields if f.name == name)


def _pseudonym() -> TextField:
    return TextField("pseudonym", lambda w: w.pseudonym, lambda w: w.pseudonym.value)


def _with_pseudonym(w) -> dict:
    return {"work": w.work.model_dump(mode="json"), "pseudonym": w.pseudonym.value}


def _element(name: str) -> TextField:
    return TextField(name, lambda w: w.fields[name], lambda w: "\n".join(w.work.items(name)),
                     drawn=True)


def _an_attempt(w: SchemaBuilder) -> None:
    """So that Compare is enabled (and the comparison shows learner text) for most inputs."""
    w.motive.value = "attachment"
    w.wish.value = "to be loved"
    w.fields["negative_self_image"].value = "unlovable"
    w.fields["expected_response_of_other"].value = "distant"


SCHEMA = Driver(
    "SchemaBuilder", lambda case, folder: SchemaBuilder(case, work_dir=folder), _with_pseudonym,
    (_pseudonym(), TextField("wish", lambda w: w.wish, lambda w: w.work.wish, drawn=True),
     *(_element(e.field) for e in ELEMENTS)),
    diagram=lambda w: w.diagram.value, prepare=_an_attempt, export_field="wish",
    compare=lambda w: w.check_button)


def _state_field(name: str) -> TextField:
    return TextField(f"state 1 {name}", lambda w: w.state_rows.children[0].fields[name],
                     lambda w: getattr(w.work.states[0], name), drawn=True)


def _two_states_and_a_shift(w: SelfStateMapper) -> None:
    """So that a trigger field exists and the first state is drawn."""
    w.state_rows.children[0].fields["name"].value = "First"
    w.state_rows.children[1].fields["name"].value = "Second"
    w.add_transition_button.click()


SELF_STATES = Driver(
    "SelfStateMapper", lambda case, folder: SelfStateMapper(case, work_dir=folder),
    _with_pseudonym,
    (_pseudonym(), *(_state_field(n) for n in ("name", "self_image", "emotion", "behaviour")),
     TextField("shift 1 trigger", lambda w: w.transition_rows.children[0].trigger,
               lambda w: w.work.transitions[0].trigger, drawn=True),
     TextField("integration", lambda w: w.integration, lambda w: w.work.integration)),
    diagram=lambda w: w.diagram.value, prepare=_two_states_and_a_shift,
    export_field="state 1 name", compare=lambda w: w.check_button)

RATER = Driver(
    "MetacognitionRater", lambda case, folder: MetacognitionRater(case, work_dir=folder),
    _with_pseudonym,
    (_pseudonym(),
     TextField("justification", lambda w: w.justification,
               lambda w: w.work.rating(w.vignette.id).justification)),
    export_field="justification")

CHAIN = Driver(
    "EpisodeChainBuilder", lambda case, folder: EpisodeChainBuilder(case, work_dir=folder),
    _with_pseudonym, (_pseudonym(),),
    diagram=lambda w: w.chain.value, export_field="pseudonym")


def _goal(number: int) -> TextField:
    return TextField(f"goal {number}", lambda w: w.goals[number - 1],
                     lambda w: w.goals[number - 1].value)


def _contract_controls(w: ContractDrafter) -> dict:
    """The contract has no model besides its controls (contract() validates, and may raise)."""
    return {"work": {"formulation": w.formulation.value, "goals": [g.value for g in w.goals],
                     "commitments": w.commitments.value}}


CONTRACT = Driver(
    "ContractDrafter", lambda case, folder: ContractDrafter(case, work_dir=folder),
    _contract_controls,
    (TextField("formulation", lambda w: w.formulation, lambda w: w.formulation.value),
     *(_goal(n) for n in (1, 2, 3)),
     TextField("commitments", lambda w: w.commitments, lambda w: w.commitments.value)),
    export_field="formulation")


def _experiment_part(part: str) -> TextField:
    return TextField(part, lambda w: w.areas[part], lambda w: getattr(w.work, part))


EXPERIMENT = Driver(
    "ExperimentPlanner", lambda case, folder: ExperimentPlanner(case, work_dir=folder),
    _with_pseudonym,
    (_pseudonym(), *(_experiment_part(part) for part in PARTS)),
    export_field="step")

DRIVERS = {d.name: d for d in (SCHEMA, SELF_STATES, RATER, CHAIN, CONTRACT, EXPERIMENT)}


@contextlib.contextmanager
def quick_profile_charts():
    """The rater draws its profile chart with matplotlib on every construction (half a
    second). The chart depends only on the case and the submitted ratings (see
    rating_results.profile_data), so within a sweep each chart is drawn once and reused; everything
    else runs as in the book."""
    import widgets.exercises.metacognition_rater as rater

    original = rater.profile_figure
    drawn: dict = {}

    def profile_figure(case, work, *args, **kwargs):
        submitted = sorted((vignette, sorted(rating.ratings.items()))
                           for vignette, rating in work.vignettes.items() if rating.submitted_at)
        slot = (case.id, repr(submitted), repr(args), repr(kwargs))
        if slot not in drawn:
            drawn[slot] = original(case, work, *args, **kwargs)
        return drawn[slot]

    rater.profile_figure = profile_figure
    try:
        yield
    finally:
        rater.profile_figure = original


class Session:
    """One widget on its own work folder, and the checks after each thing done to it."""

    def __init__(self, driver: Driver, case, folder: Path, tally: Tally):
        self.driver, self.case, self.folder, self.tally = driver, case, Path(folder), tally
        self.w = self.construct(f"{driver.name} constructor")
        self.baseline: dict[str, set[str]] = {}
        if self.w is not None:
            self.guard(f"{driver.name} preparing", "", lambda: driver.prepare(self.w))
            self.baseline = self.markup()

    def where(self, field: str) -> str:
        return f"{self.driver.name}.{field}"

    def construct(self, where: str, value: object = ""):
        try:
            return self.driver.make(self.case, self.folder)
        except Exception as error:  # counted, never raised
            self.tally.fail("crashes", where, value, crash_detail(error))
            return None

    def guard(self, where: str, value: object, action: Callable[[], object]) -> bool:
        """Run one learner action; an exception out of it is a crash."""
        try:
            action()
        except Exception as error:
            self.tally.fail("crashes", where, value, crash_detail(error))
            return False
        return True

    # --- what the widget shows -----------------------------------------------------------------
    def markup(self) -> dict[str, set[str]]:
        """Active markup in each HTML value of the widget, by where it sits."""
        return {path: set(found) for path, value in html_values(self.w.view).items()
                if (found := active_markup(value))}

    def check_outputs(self, where: str, shown: object, typed: object, drawn: bool) -> None:
        """Active markup anywhere, SVG that is not XML (one count per output), and, for a
        drawn field whose value the model holds, diagram text that is not what was typed."""
        for path, found in self.markup().items():
            new = found - self.baseline.get(path, set())
            if new:
                self.tally.fail("unsafe", where, shown,
                                f"{path}: active markup from learner text: {sorted(new)}")
        for path, html_value in html_values(self.w.view).items():
            for svg in svgs_in(html_value):
                _root, problem = parse_svg(svg)
                if problem:
                    self.tally.fail("unsafe", where, shown, f"{path}: {problem}")
        if drawn and isinstance(typed, str):
            self.check_literal(where, typed, self.driver.diagram(self.w))

    def check_literal(self, where: str, value: str, diagram_html: str) -> None:
        svgs = svgs_in(diagram_html)
        if not svgs:
            self.tally.fail("nonliteral", where, value, "no drawing: "
                            + diagram_html[:120])
            return
        roots = [root for root, _ in map(parse_svg, svgs) if root is not None]
        if len(roots) < len(svgs):
            return  # counted as unsafe output already
        missing = literal_in("".join(svg_text(root) for root in roots), value)
        if missing:
            self.tally.fail("nonliteral", where, value, missing)

    # --- what is kept ------------------------------------------------------------------------
    def check_kept(self, where: str, shown: object, raised: bool,
                   field: TextField | None = None, typed: str | None = None) -> bool:
        """A fresh widget on the same folder must restore what this one holds, unless the
        learner was told otherwise, and a "Saved" status must be true; a typed value must be
        held as typed (modulo tidying) unless the learner was told. True when the edit was
        saved and kept."""
        status = status_says(self.w)
        claims_saved = status.startswith(SAVED)
        told = bool(status) and not claims_saved
        fresh = self.construct(f"{self.driver.name} constructor (restoring)", shown)
        if fresh is None:
            self.tally.fail("lost", where, shown, "the saved work cannot be restored")
            return False
        held, restored = self.driver.model(self.w), self.driver.model(fresh)
        if normalised(held) != normalised(restored) and (claims_saved or raised or not told):
            why = ("the status says Saved, but" if claims_saved else
                   "the edit raised, and" if raised else "nothing was said, and")
            self.tally.fail("lost", where, shown, f"{why} a fresh widget restores "
                            f"{difference(normalised(held, tidy), normalised(restored, tidy))}")
            return False
        if field is not None and typed is not None and not raised and not told:
            kept = field.held(self.w)
            if key(kept) != key(typed):
                self.tally.fail("lost", where, shown,
                                f"kept as {short(kept, 40)} without a message")
                return False
        return claims_saved and not raised

    # --- typing ------------------------------------------------------------------------------
    def type_text(self, field_name: str, value: str, after: str | None = None) -> None:
        """One input into one field: the edit, what shows, what is kept. After an edit that
        raised or was not saved, an ordinary edit in the same field must still be kept."""
        if self.w is None:
            return
        field = self.driver.field(field_name)
        where = self.where(field_name)
        shown = value if after is None else f"{value!r} after {short(after, 40)}"
        if after is None:
            self.tally.inputs += 1
        self.w.status.value = ""
        raised = not self.guard(where, shown,
                                lambda: setattr(field.control(self.w), "value", value))
        holds_it = not raised and key(field.held(self.w)) == key(value)
        if not raised:
            self.click_compare(where, shown)
        self.check_outputs(where, shown, value, drawn=field.drawn and holds_it)
        if not self.check_kept(where, shown, raised, field, value) and after is None:
            ordinary = "ok" if field.control(self.w).value != "ok" else "ok again"
            self.type_text(field_name, ordinary, after=value)

    def click_compare(self, where: str, shown: object) -> None:
        """Compare, as a learner would after typing, when the widget allows it."""
        button = self.driver.compare(self.w) if self.driver.compare else None
        if button is not None and not button.disabled:
            self.guard(f"{where} (then {button.description})", shown, button.click)

    def act(self, where: str, value: object, action: Callable[[], object]) -> None:
        """One click or choice (not text): no crash, and what the widget holds is kept."""
        if self.w is None:
            return
        self.tally.inputs += 1
        self.w.status.value = ""
        raised = not self.guard(where, value, action)
        self.check_outputs(where, value, value, drawn=False)
        self.check_kept(where, value, raised)

    # --- exports -----------------------------------------------------------------------------
    def export_all(self, value: str) -> None:
        """Put the input into the export field, then click every export button."""
        if self.w is None or self.driver.export_field is None:
            return
        field = self.driver.field(self.driver.export_field)
        where = self.where(f"export with {field.name}")
        self.tally.inputs += 1
        with contextlib.suppress(Exception):  # counted by the field sweep
            field.control(self.w).value = value
        holds_it = key(field.held(self.w)) == key(value)
        exports = self.folder / "exports"
        for button in export_buttons(self.w.view):
            shutil.rmtree(exports, ignore_errors=True)
            self.w.export_log.clear()  # this click's message alone
            fmt = button.description.split()[-1].strip("()").lower()
            fmt = {"markdown": "md"}.get(fmt, fmt)
            if not self.guard(f"{where} ({button.description})", value, button.click):
                continue
            message = self.w.exports_html
            if active_markup(message):
                self.tally.fail("unsafe", where, value,
                                f"exports message: active markup {active_markup(message)}")
            written = sorted(exports.glob(f"*.{fmt}")) if exports.exists() else []
            if "Exported" in message and not written:
                self.tally.fail("lost", where, value, f"says Exported, but no .{fmt} file")
            for path in written:
                self.check_export_file(where, value, fmt, path, holds_it)

    def check_export_file(self, where: str, value: str, fmt: str, path: Path,
                          holds_it: bool) -> None:
        data = path.read_bytes()
        if fmt == "svg":
            root, problem = parse_svg(data)
            if problem:
                self.tally.fail("unsafe", where, value, f"exported SVG: {problem}")
            elif holds_it and self.driver.export_field != "pseudonym":
                missing = literal_in(svg_text(root), value)
                if missing:
                    self.tally.fail("nonliteral", where, value, f"exported SVG: {missing}")
        elif fmt == "json":
            document = json.loads(data)
            held = normalised(self.driver.model(self.w))
            if normalised({name: document.get(name) for name in held}) != held:
                self.tally.fail("lost", where, value, "the exported JSON differs from the work")
        elif fmt == "md" and holds_it and literal_in(data.decode("utf-8", "replace"), value):
            self.tally.fail("lost", where, value, "the exported text lacks the input")


def export_buttons(view) -> list[ipw.Button]:
    found = []

    def walk(node):
        if isinstance(node, ipw.Button) and node.description.startswith("Export"):
            found.append(node)
        for child in getattr(node, "children", ()) or ():
            walk(child)

    walk(view)
    return found


def difference(held, restored, path: str = "") -> str:
    """Where two model dumps first differ, briefly."""
    if isinstance(held, dict) and isinstance(restored, dict):
        for name in sorted(set(held) | set(restored)):
            if held.get(name) != restored.get(name):
                return difference(held.get(name), restored.get(name), f"{path}.{name}")
    if isinstance(held, list) and isinstance(restored, list) and len(held) == len(restored):
        for index, (a, b) in enumerate(zip(held, restored, strict=True)):
            if a != b:
                return difference(a, b, f"{path}[{index}]")
    return f"{path.lstrip('.') or 'the work'} = {short(restored, 40)}, not {short(held, 40)}"


# --- sweeps: one per widget, each a list of inputs into one field or one kind of action ----------
def sweep_text(driver: Driver, case, folder: Path, field: str, values) -> Tally:
    tally = Tally()
    with quick_profile_charts():
        session = Session(driver, case, folder, tally)
        for value in values:
            session.type_text(field, value)
    return tally


def sweep_exports(driver: Driver, case, folder: Path, values) -> Tally:
    tally = Tally()
    with quick_profile_charts():
        session = Session(driver, case, folder, tally)
        for value in values:
            session.export_all(value)
    return tally


def sweep_rater_choices(case, folder: Path, every: bool = True) -> Tally:
    """Every level of every scale (or a few) as the browser picks it, bad values through
    set_rating, Submit, and stepping through the vignettes."""
    tally = Tally()
    with quick_profile_charts():
        session = Session(RATER, case, folder, tally)
        w = session.w
        if w is None or not case.vignettes:
            return tally
        for scale_id, picker in w.level_pickers.items():
            for index in _choices(len(picker.options), every):
                session.act(f"MetacognitionRater.{scale_id} picker", index,
                            partial(setattr, picker, "index", index))
            for bad in BAD_RATINGS:
                session.act(f"MetacognitionRater.set_rating({scale_id})", bad,
                            partial(w.set_rating, scale_id, bad))
        for picker in w.level_pickers.values():
            picker.index = len(picker.options) - 1
        session.act("MetacognitionRater.Submit", "click", w.submit_button.click)
        for _ in case.vignettes:
            session.act("MetacognitionRater.Next", "click", w.next.click)
        for _ in case.vignettes:
            session.act("MetacognitionRater.Previous", "click", w.previous.click)
    return tally


def _choices(count: int, every: bool) -> list[int]:
    """Drop-down indices to try: all, or the first, the second and the last."""
    return list(range(count)) if every else sorted({0, min(1, count - 1), count - 1})


def sweep_chain_choices(case, folder: Path, every: bool = True) -> Tally:
    """Every stage for every step (or a few), then Up and Down wherever they are enabled."""
    tally = Tally()
    session = Session(CHAIN, case, folder, tally)
    w = session.w
    if w is None:
        return tally
    for position, row in enumerate(w.rows, 1):
        for index in _choices(len(row.stage.options), every):
            session.act(f"EpisodeChainBuilder.stage of step {position}", index,
                        partial(setattr, row.stage, "index", index))
    for row in w.rows:
        for button in row.children[2:]:
            if not button.disabled:
                session.act(f"EpisodeChainBuilder.{button.description}", button.tooltip,
                            button.click)
    return tally


def sweep_calculator(case, texts) -> Tally:
    """The change calculator keeps nothing, so only crashes and what it shows count."""
    tally = Tally()
    try:
        calculator = ChangeCalculator(case)
    except Exception as error:
        tally.fail("crashes", "ChangeCalculator constructor", "", crash_detail(error))
        return tally
    if not calculator.measures:
        return tally

    def check(where: str, value, action, count: bool = True) -> None:
        tally.inputs += count
        try:
            action()
        except Exception as error:
            tally.fail("crashes", where, value, crash_detail(error))
        if active_markup(calculator.result.value):
            tally.fail("unsafe", where, value,
                       f"result: active markup {active_markup(calculator.result.value)}")

    for index in range(len(calculator.picker.options)):
        calculator.picker.index = index
        for name, field in calculator.fields.items():
            for value in (*NUMBERS, *texts):
                check(f"ChangeCalculator.{name}", value, partial(setattr, field, "value", value))
                check("ChangeCalculator.reset", "click", calculator.reset.click, count=False)
        for index in range(len(calculator.criterion.options)):
            check("ChangeCalculator.criterion", index,
                  partial(setattr, calculator.criterion, "index", index))
    return tally
