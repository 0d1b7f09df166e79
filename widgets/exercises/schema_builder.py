"""SchemaBuilder: formulate a case's interpersonal schema and compare it with the published one.

A thin view. The state is a SchemaWork; the diagram, narrative and comparison come from pure
functions; the widget only moves values between controls and the model, and shows results in
HTML widgets (which keeps notebook outputs stable). Works for any case file.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as ipw

from ..case.model import Case
from ..case.vocabulary import MOTIVE_LABELS, MotiveSystem
from ..diagrams.schema import schema_figure
from ..work.exercise_ids import legacy_id, neutral_id
from ..work.narrative import Narrative, schema_narrative
from ..work.responses import SchemaResponse
from ..work.schema import (
    ELEMENTS,
    WISH_PROMPT,
    SchemaWork,
    from_published,
    has_healthy_path,
    prompt_for,
)
from ..work.schema_compare import STATUS_LABELS, Comparison, compare_schema
from ..work.suggestions import suggestions
from .base import ExerciseWidget

CHOOSE = "— choose a suggestion —"


class SchemaBuilder(ExerciseWidget):
    response_model = SchemaResponse
    field_names = {e.field: e.label for e in ELEMENTS}

    def __init__(self, case: Case, schema_id: str | None = None, exercise: str | None = None,
                 work_dir: Path | str | None = None, title: str | None = None):
        self.key = case.schema(schema_id)
        super().__init__(case, exercise or neutral_id("schema", case, self.key), work_dir,
                         former_name=None if exercise else legacy_id("schema", self.key))
        self.title = title or f"{case.person.pseudonym}: your schema"
        self.work = SchemaWork()
        self._build_controls()
        self.restore()
        self.show(self.refresh)

    # --- controls ---------------------------------------------------------------------------
    def _build_controls(self) -> None:
        wide = ipw.Layout(width="98%")
        style = {"description_width": "14em"}
        self.pseudonym_field(style)
        self.wish = ipw.Text(description="Wish", style=style, layout=wide,
                             placeholder=prompt_for(WISH_PROMPT, self.case.pronouns))
        self.motive = ipw.Dropdown(
            description="Motive system", style=style, layout=wide,
            options=[("— choose —", None)] + [(MOTIVE_LABELS[m], m) for m in MotiveSystem])
        self.fields: dict[str, ipw.Textarea] = {}
        self.suggestions: dict[str, ipw.Dropdown] = {}
        rows = [self.pseudonym, self.wish, self.motive]
        for element in ELEMENTS:
            area = ipw.Textarea(description=element.label, style=style, layout=wide, rows=2,
                                placeholder=f"{prompt_for(element.prompt, self.case.pronouns)} "
                                            "One item per line.")
            picker = ipw.Dropdown(options=[CHOOSE, *suggestions(self.case, element.field)],
                                  description="Suggestions", style=style,
                                  layout=ipw.Layout(width="70%"))
            add = ipw.Button(description="Add", tooltip=f"Add the suggestion to {element.label}",
                             layout=ipw.Layout(width="5em"))
            add.on_click(lambda _button, field=element.field: self.add_suggestion(field))
            self.fields[element.field] = area
            self.suggestions[element.field] = picker
            rows += [area, ipw.HBox([picker, add])]
        self.on_edit([self.pseudonym, self.wish, self.motive, *self.fields.values()])

        self.diagram = ipw.HTML()
        self.narrative = ipw.HTML()
        self.check_panel(
            "Compare", "Compare with the published formulation", self.work_is_attempted,
            "fill in at least the wish, a self-image and the expected response of the other",
            self.show_comparison)
        export_buttons = self.export_buttons(("svg", "png", "dot", "json"), "your schema")
        controls = ipw.VBox(rows, layout=ipw.Layout(flex="1 1 24em", min_width="20em"))
        output = ipw.VBox([self.diagram, self.narrative],
                          layout=ipw.Layout(flex="1 1 24em", min_width="20em"))
        self.view = ipw.VBox([
            ipw.HBox([controls, output], layout=ipw.Layout(flex_flow="row wrap")),
            ipw.HBox([self.check_button, *export_buttons],
                     layout=ipw.Layout(flex_flow="row wrap")),
            self.status, self.exports, self.comparison,
        ])

    # --- model <-> controls ------------------------------------------------------------------
    def read_controls(self) -> SchemaWork:
        return SchemaWork(wish=self.wish.value, motive=self.motive.value,
                          **{field: area.value.splitlines() for field, area in self.fields.items()})

    def set_work(self, work: SchemaWork) -> None:
        """Put a schema into the controls (restore, or a test driving the widget)."""
        with self.quietly():
            self.wish.value = work.wish
            self.motive.value = work.motive
            for field, area in self.fields.items():
                area.value = "\n".join(work.items(field))
        self.work = work

    def add_suggestion(self, field: str) -> None:
        choice = self.suggestions[field].value
        if choice == CHOOSE:
            return
        area = self.fields[field]
        if choice not in area.value.splitlines():
            area.value = (area.value.rstrip("\n") + "\n" + choice).lstrip("\n")
        self.suggestions[field].value = CHOOSE

    # --- results -----------------------------------------------------------------------------
    def figure(self):
        return schema_figure(self.work, self.title, "Your interpersonal schema (live).")

    def refresh(self) -> None:
        self.diagram.value = self.figure()._repr_html_()
        paragraphs = Narrative(schema_narrative(self.work))._repr_html_()
        them = html.escape(self.case.pronouns.them)
        self.narrative.value = (f"<div class='workbook-narrative'><strong>Your formulation, as "
                                f"you might offer it to {them}</strong>{paragraphs}</div>")
        self.enable_check()

    def work_is_attempted(self) -> bool:
        return self.work.is_attempted()

    def compare(self) -> Comparison:
        if not self.work.is_attempted():
            raise RuntimeError("Compare is available after an attempt")
        return compare_schema(self.work, self.key, self.case)

    def show_comparison(self) -> None:
        result = self.compare()
        rows = "".join(
            "<tr>"
            f"<td>{html.escape(v.element)}</td>"
            f"<td>{html.escape(v.published or '—')}</td>"
            f"<td>{html.escape(v.learner or '—')}</td>"
            f"<td>{html.escape(STATUS_LABELS[v.status])}"
            + (f"<br><small>{html.escape(v.note)}</small>" if v.note else "") + "</td>"
            f"<td>{html.escape(v.ref or '')}"
            + (("<details><summary>Evidence</summary><ul>"
                + "".join(f"<li>{html.escape(e)}</li>" for e in v.evidence)
                + "</ul></details>") if v.evidence else "")
            + "</td></tr>" for v in result.verdicts)
        motive = (f"<p>Motive system — yours: {html.escape(result.learner_motive or 'not chosen')};"
                  f" published: {html.escape(result.published_motive)} "
                  f"({'✓ same' if result.motive_matches else '✗ different'}).</p>")
        published = schema_figure(from_published(self.key),
                                  f"{self.case.person.pseudonym}: the published schema, "
                                  f"{self.key.title}",
                                  f"The published formulation ({self.key.wish.ref}).",
                                  healthy_path=has_healthy_path(self.key))
        self.comparison.value = (
            f"<h4>Compared with the published formulation</h4><p>{html.escape(result.summary())}"
            "</p>" + motive +
            "<table class='workbook-compare'><caption>Element by element</caption><thead><tr>"
            "<th>Element</th><th>Published</th><th>Yours</th><th>Verdict</th>"
            "<th>Source</th></tr></thead><tbody>" + rows + "</tbody></table>"
            + published._repr_html_())

    # --- exporting ---------------------------------------------------------------------------
    def export(self, fmt: str) -> Path | None:
        return self.export_work(fmt, self.figure().dot)
