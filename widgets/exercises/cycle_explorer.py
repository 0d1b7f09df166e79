"""CycleExplorer: choose an episode of a case and see which stages of the cycle its steps
reach, and (optionally) where MIT intervenes.

It shows the case file, it does not collect work, so there is nothing to save: the choice of
episode is a view setting. The current figure exports as SVG or PNG.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as ipw

from ..case.model import Case
from ..case.vocabulary import STAGE_LABELS, TIME_POINT_LABELS
from ..diagrams.cycle import case_cycle_figure
from .base import ExerciseWidget

CYCLE_ALONE = ""


class CycleExplorer(ExerciseWidget):
    def __init__(self, case: Case, work_dir: Path | str | None = None):
        super().__init__(case, "cycle", work_dir)
        self.episode_picker = ipw.Dropdown(
            description="Episode", style={"description_width": "7em"},
            layout=ipw.Layout(width="98%"),
            options=[("(the cycle alone)", CYCLE_ALONE)] + [
                (f"{e.title} ({TIME_POINT_LABELS[e.time_point]}, {e.ref})", e.id)
                for e in case.episodes])
        self.interventions = ipw.Checkbox(description="Show where MIT intervenes", value=False,
                                          indent=False)
        # Nothing is saved here, but the exports are named by the pseudonym (kept for the
        # work folder when typed, so it is there again next time).
        self.pseudonym_field({"description_width": "7em"})
        self.diagram = ipw.HTML()
        self.steps = ipw.HTML()
        self.on_edit([self.episode_picker, self.interventions],
                     lambda _value: self.show(self.refresh))
        exports = self.export_buttons(("svg", "png"), "this view of the cycle")
        self.view = ipw.VBox([self.pseudonym, self.episode_picker, self.interventions,
                              self.diagram, self.steps, ipw.HBox(exports), self.status,
                              self.exports])
        self.show(self.refresh)

    def select(self, episode_id: str) -> None:
        self.episode_picker.value = episode_id

    def figure(self):
        return case_cycle_figure(self.case, self.episode_picker.value or None,
                                 interventions=self.interventions.value)

    def refresh(self) -> None:
        self.diagram.value = self.figure()._repr_html_()
        if self.episode_picker.value == CYCLE_ALONE:
            self.steps.value = ""
            return
        episode = self.case.episode(self.episode_picker.value)
        rows = "".join(f"<tr><td>{n}</td><td>{html.escape(STAGE_LABELS[s.stage])}</td>"
                       f"<td>{html.escape(s.text)}</td></tr>"
                       for n, s in enumerate(episode.steps, 1))
        self.steps.value = ("<table class='workbook-compare'><caption>"
                            f"{html.escape(episode.title)}, step by step</caption><thead><tr>"
                            "<th>Step</th><th>Stage</th><th>What happens</th></tr></thead>"
                            f"<tbody>{rows}</tbody></table>")

    def export(self, fmt: str) -> Path | None:
        return self.export_work(fmt, self.figure().dot)
