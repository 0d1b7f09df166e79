"""ChangeCalculator: reliable and clinically significant change for any measure of any case,
with every norm shown as an editable assumption beside its source. A thin view: values from
the fields go to widgets.stats.change.measure_change; refusals come back as messages."""

from __future__ import annotations

import html

import ipywidgets as ipw

from ..case.model import Case
from ..stats.change import CATEGORY_LABELS, measure_change, pre_post
from ..stats.norms import FIELD_LABELS, FIELDS, norms_for
from ..stats.reliable_change import ChangeInputError
from .base import View

CRITERIA = [("(a) 2 SD beyond the clinical mean", "a"), ("(b) 2 SD from the normal mean", "b"),
            ("(c) between the two populations", "c"), ("a published cut-off", "published")]


class ChangeCalculator(View):
    def __init__(self, case: Case):
        self.case = case
        self.measures = [m for m in case.assessment.measures if pre_post(m)]
        style = {"description_width": "17em"}
        self.picker = ipw.Dropdown(description="Measure", style=style,
                                   options=[(f"{m.name} ({m.abbreviation})", m.id)
                                            for m in self.measures])
        self.fields = {name: ipw.Text(description=FIELD_LABELS[name], style=style,
                                      layout=ipw.Layout(width="30em")) for name in FIELDS}
        self.sources = {name: ipw.HTML() for name in FIELDS}
        self.criterion = ipw.Dropdown(description="Clinical significance by", style=style,
                                      options=CRITERIA)
        self.reset = ipw.Button(description="Back to the default norms")
        self.result = ipw.HTML()
        self.reset.on_click(lambda _b: self.load_defaults())
        self.on_edit([self.picker], lambda _measure: self.load_defaults())
        self.on_edit([*self.fields.values(), self.criterion], lambda _value: self.calculate())
        rows = [ipw.HBox([self.fields[name], self.sources[name]]) for name in FIELDS]
        if not self.measures:
            self.view = ipw.HTML(f"<p>The case '{html.escape(case.id)}' has no measure scored "
                                 "at intake and at the end of therapy.</p>")
            return
        self.view = ipw.VBox([self.picker, *rows, self.criterion, self.reset, self.result])
        self.load_defaults()

    @property
    def measure(self):
        return next(m for m in self.measures if m.id == self.picker.value)

    def load_defaults(self) -> None:
        norms = norms_for(self.measure.abbreviation)
        with self.quietly():
            for name in FIELDS:
                assumption = getattr(norms, name)
                self.fields[name].value = ("" if assumption.value is None
                                           else f"{assumption.value:g}")
                self.sources[name].value = f"<small>{html.escape(assumption.label())}</small>"
            self.criterion.value = norms.criterion
        self.calculate()

    def values(self) -> dict[str, float | None]:
        """The fields as numbers; empty means unknown. Refuses text that is not a number."""
        values = {}
        for name, field in self.fields.items():
            text = field.value.strip().replace(",", ".")
            if not text:
                values[name] = None
                continue
            try:
                values[name] = float(text)
            except ValueError:
                raise ChangeInputError(f"{FIELD_LABELS[name]}: '{field.value}' is not a "
                                       "number.") from None
        return values

    def calculate(self) -> None:
        try:
            values = self.values()
            result = measure_change(self.measure, **values, criterion=self.criterion.value)
        except ChangeInputError as error:
            self.result.value = f"<p role='status'>⚠ {html.escape(str(error))}</p>"
            return
        cutoff = "not computable" if result.cutoff is None else f"{result.cutoff:.3g}"
        caveats = "".join(f"<li>{html.escape(c)}</li>" for c in
                          norms_for(self.measure.abbreviation).caveats)
        self.result.value = (
            "<table class='workbook-compare'><tbody>"
            f"<tr><th>Before → after</th><td>{result.pre:g} → {result.post:g}</td></tr>"
            f"<tr><th>Standard error of the difference</th><td>{result.s_diff:.3g}</td></tr>"
            f"<tr><th>Reliable change index</th><td>{result.rci:.2f}</td></tr>"
            f"<tr><th>Reliable change needs</th><td>{result.threshold:.3g} points</td></tr>"
            f"<tr><th>Cut-off</th><td>{cutoff}</td></tr>"
            f"<tr><th>Verdict</th><td>{html.escape(CATEGORY_LABELS[result.category])}</td></tr>"
            "</tbody></table>"
            + (f"<p>{html.escape(result.note)}</p>" if result.note else "")
            + (f"<ul>{caveats}</ul>" if caveats else ""))
