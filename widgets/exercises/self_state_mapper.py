"""SelfStateMapper: map a case's self-states and the shifts between them, then compare the
map with the published one.

A thin view over SelfStateWork: controls are rows built from the work; every edit reads the
controls back into a new, validated work, redraws the diagram and saves. Adding or removing a
state or a shift rebuilds the rows; typing never does (it would move the keyboard focus).
Works for any case file, with or without published self-states.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as ipw

from ..case.model import Case
from ..diagrams.self_states import published_self_states_figure, self_states_figure
from ..work.checklist import check_open_answer
from ..work.responses import SelfStatesResponse
from ..work.self_states import (
    INTEGRATION_PROMPT,
    MAX_STATES,
    MAX_TRANSITIONS,
    STATE_FIELDS,
    STATUS_LABELS,
    SelfStateWork,
    StateEntry,
    TransitionEntry,
    compare_self_states,
    state_prompt,
)
from .base import ExerciseWidget
from .checklist_view import checklist_html

# Prompts that name no answer: an example name taken from a case would give one of its
# published states away before the learner has tried.
PROMPTS = {"name": "A short name of your own for the state"}

STARTING_STATES = 3
STYLE = {"description_width": "10em"}


def _verdict_rows(verdicts) -> str:
    return "".join(
        "<tr>"
        f"<td>{html.escape(v.published or '—')}</td>"
        f"<td>{html.escape(v.learner or '—')}</td>"
        f"<td>{html.escape(STATUS_LABELS[v.status])}</td>"
        f"<td>{html.escape(v.detail)}</td>"
        f"<td>{html.escape(v.ref or '')}</td></tr>" for v in verdicts)


def _table(caption: str, rows: str) -> str:
    return (f"<table class='workbook-compare'><caption>{html.escape(caption)}</caption><thead>"
            "<tr><th>Published</th><th>Yours</th><th>Verdict</th><th>Details</th>"
            f"<th>Source</th></tr></thead><tbody>{rows}</tbody></table>")


class SelfStateMapper(ExerciseWidget):
    response_model = SelfStatesResponse
    what_is_saved = "map of self-states"

    def __init__(self, case: Case, exercise: str = "self-states",
                 work_dir: Path | str | None = None, title: str | None = None):
        super().__init__(case, exercise, work_dir)
        self.title = title or f"{case.person.pseudonym}: your map of self-states"
        self.work = SelfStateWork(states=[StateEntry() for _ in range(STARTING_STATES)])
        self._build_controls()
        self.restore()
        self.show(self._show_work)

    # --- controls ---------------------------------------------------------------------------
    def _build_controls(self) -> None:
        wide = ipw.Layout(width="98%")
        self.pseudonym_field(STYLE)
        self.on_edit([self.pseudonym])
        self.state_rows = ipw.VBox()
        self.transition_rows = ipw.VBox()
        self.add_state_button = ipw.Button(description="Add a state",
                                           tooltip="Add an empty self-state")
        self.add_state_button.on_click(lambda _b: self.add_state())
        self.add_transition_button = ipw.Button(
            description="Add a shift", tooltip="Add a shift from one state to another")
        self.add_transition_button.on_click(lambda _b: self.add_transition())
        self.integration = ipw.Textarea(
            description="Integration", style=STYLE, layout=wide, rows=4,
            placeholder=state_prompt(INTEGRATION_PROMPT, self.case.pronouns))
        self.on_edit([self.integration])
        self.diagram = ipw.HTML()
        self.check_panel("Compare", "Compare with the published self-states",
                         self.work_is_attempted,
                         "name at least two states and add a shift between them",
                         self.show_comparison)
        exports = self.export_buttons(("svg", "png", "dot", "json"), "your map")
        self.view = ipw.VBox([
            self.pseudonym,
            ipw.HTML("<h4>Self-states</h4>"), self.state_rows, self.add_state_button,
            ipw.HTML("<h4>Shifts between states</h4>"), self.transition_rows,
            self.add_transition_button,
            self.diagram, self.integration,
            ipw.HBox([self.check_button, *exports], layout=ipw.Layout(flex_flow="row wrap")),
            self.status, self.exports, self.comparison,
        ])

    def _state_row(self, index: int, state: StateEntry) -> ipw.VBox:
        fields = {}
        for name, caption, prompt in STATE_FIELDS:
            hint = PROMPTS.get(name, state_prompt(prompt, self.case.pronouns))
            fields[name] = ipw.Text(value=getattr(state, name), description=caption,
                                    placeholder=hint, style=STYLE,
                                    layout=ipw.Layout(width="98%"))
        self.on_edit(fields.values())
        self.on_edit([fields["name"]], lambda _name: self.show(self._relabel_shifts))
        healthy = ipw.Checkbox(value=state.healthy, description="A healthy state",
                               indent=False)
        self.on_edit([healthy])
        remove = ipw.Button(description=f"Remove state {index + 1}",
                            tooltip="Remove this state and the shifts to and from it")
        remove.on_click(lambda _b, index=index: self.remove_state(index))
        row = ipw.VBox([ipw.HTML(f"<strong>State {index + 1}</strong>"),
                        *fields.values(), ipw.HBox([healthy, remove])],
                       layout=ipw.Layout(border="1px solid #bbb", padding="4px",
                                         margin="2px 0"))
        row.fields, row.healthy = fields, healthy
        return row

    def _state_options(self) -> list[tuple[str, int]]:
        return [(state.title(number), number - 1)
                for number, state in enumerate(self.work.states, 1)]

    def _transition_row(self, index: int, transition: TransitionEntry) -> ipw.HBox:
        options = self._state_options()
        start = ipw.Dropdown(options=options, value=transition.from_state,
                             description=f"Shift {index + 1}: from", style=STYLE)
        end = ipw.Dropdown(options=options, value=transition.to_state, description="to",
                           style={"description_width": "2em"})
        trigger = ipw.Text(value=transition.trigger, description="triggered by",
                           placeholder="What sets off the shift?",
                           style={"description_width": "7em"},
                           layout=ipw.Layout(flex="1 1 16em"))
        remove = ipw.Button(description=f"Remove shift {index + 1}")
        remove.on_click(lambda _b, index=index: self.remove_transition(index))
        self.on_edit([start, end, trigger])
        row = ipw.HBox([start, end, trigger, remove], layout=ipw.Layout(flex_flow="row wrap"))
        row.start, row.end, row.trigger = start, end, trigger
        return row

    def _rebuild_rows(self) -> None:
        with self.quietly():
            self.state_rows.children = [self._state_row(i, s)
                                        for i, s in enumerate(self.work.states)]
            self.transition_rows.children = [self._transition_row(i, t)
                                             for i, t in enumerate(self.work.transitions)]
            self.integration.value = self.work.integration
        self.add_state_button.disabled = len(self.work.states) >= MAX_STATES
        self.add_transition_button.disabled = (len(self.work.transitions) >= MAX_TRANSITIONS
                                               or len(self.work.states) < 2)

    # --- model <-> controls ------------------------------------------------------------------
    def read_controls(self) -> SelfStateWork:
        # Validated as one document, so a refusal names the state or shift it is about.
        return SelfStateWork.model_validate({
            "states": [{**{name: row.fields[name].value for name, *_ in STATE_FIELDS},
                        "healthy": row.healthy.value} for row in self.state_rows.children],
            "transitions": [{"from_state": row.start.value, "to_state": row.end.value,
                             "trigger": row.trigger.value}
                            for row in self.transition_rows.children],
            "integration": self.integration.value})

    def _relabel_shifts(self) -> None:
        """A state's name shows in the shift pickers: relabel them, keeping their choices."""
        options = self._state_options()
        with self.quietly():
            for row in self.transition_rows.children:
                chosen = (row.start.value, row.end.value)
                row.start.options, row.end.options = options, options
                row.start.value, row.end.value = chosen

    def set_work(self, work: SelfStateWork) -> None:
        """Show a map in the controls (restore, or a test driving the widget)."""
        self.work = work
        self._rebuild_rows()

    def _show_work(self) -> None:
        self._rebuild_rows()
        self.refresh()

    def _change_structure(self, change) -> None:
        """Add or remove rows: `change(work)` gives the fields to replace. It starts from the
        controls, not the last saved work, so text typed but not saved (too long, say)
        stays in its field instead of being wiped by the rebuilt rows."""
        def changed() -> SelfStateWork:
            current = self.read_controls()
            return SelfStateWork.model_validate({**current.model_dump(), **change(current)})

        self.update(changed, redraw=self._show_work)

    def add_state(self) -> None:
        if len(self.work.states) >= MAX_STATES:
            self._say(f"A map can have at most {MAX_STATES} states.")
            return
        self._change_structure(lambda work: {"states": [*work.model_dump()["states"], {}]})

    def remove_state(self, index: int) -> None:
        def renumber(position: int) -> int:
            return position - 1 if position > index else position

        def without_state(work: SelfStateWork) -> dict:
            return {
                "states": [s.model_dump() for i, s in enumerate(work.states) if i != index],
                "transitions": [
                    {**t.model_dump(), "from_state": renumber(t.from_state),
                     "to_state": renumber(t.to_state)}
                    for t in work.transitions if index not in (t.from_state, t.to_state)]}

        self._change_structure(without_state)

    def add_transition(self) -> None:
        if len(self.work.states) < 2:
            self._say("Add at least two states before a shift between them.")
            return
        if len(self.work.transitions) >= MAX_TRANSITIONS:
            self._say(f"A map can have at most {MAX_TRANSITIONS} shifts.")
            return
        new = {"from_state": 0, "to_state": 1, "trigger": ""}
        self._change_structure(
            lambda work: {"transitions": [*work.model_dump()["transitions"], new]})

    def remove_transition(self, index: int) -> None:
        self._change_structure(lambda work: {"transitions": [
            t.model_dump() for i, t in enumerate(work.transitions) if i != index]})

    # --- results -----------------------------------------------------------------------------
    def figure(self):
        return self_states_figure(self.work, self.title, "Your map of self-states (live).")

    def refresh(self) -> None:
        self.diagram.value = self.figure()._repr_html_()
        self.enable_check()

    def work_is_attempted(self) -> bool:
        return self.work.is_attempted()

    def show_comparison(self) -> None:
        result = compare_self_states(self.work, self.case)
        notes = "".join(f"<p>{html.escape(note)}</p>" for note in result.notes)
        published = (published_self_states_figure(self.case)._repr_html_()
                     if self.case.formulation.self_states else "")
        self.comparison.value = (
            f"<h4>Compared with the published self-states</h4><p>"
            f"{html.escape(result.summary())}</p>{notes}"
            + _table("States", _verdict_rows(result.states))
            + _table("Shifts between states", _verdict_rows(result.transitions))
            + self._integration_feedback() + published)

    def _integration_feedback(self) -> str:
        """The integration answer against the case file's checklist."""
        return checklist_html("Your integration answer", check_open_answer(
            self.work.integration, self.case.formulation.integration_checklist))

    # --- exporting ---------------------------------------------------------------------------
    def export(self, fmt: str) -> Path | None:
        return self.export_work(fmt, self.figure().dot)
