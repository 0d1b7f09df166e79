"""EpisodeChainBuilder: put an episode's steps in order, tag each with a stage of the cycle,
and check both against the case file; the chain is drawn as you go and lit up on the cycle.

A thin view over ChainWork. The rows are positions: moving a step swaps the work's entries
and the rows show the new values, so the row widgets (and the keyboard focus on the Up and
Down buttons) stay where they are. Works for any case file with episodes.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as ipw

from ..case.model import Case
from ..case.vocabulary import STAGE_LABELS, Stage
from ..diagrams.chain import chain_figure
from ..diagrams.cycle import cycle_figure, steps_by_stage
from ..work.chain import (
    STAGE_MARKS,
    ChainWork,
    check_chain,
    published_chain,
    starting_order,
)
from ..work.responses import ChainResponse
from .base import ExerciseWidget

NO_STAGE = "— choose a stage —"
STAGE_OPTIONS = [(NO_STAGE, None)] + [(STAGE_LABELS[stage], stage) for stage in Stage]


class EpisodeChainBuilder(ExerciseWidget):
    response_model = ChainResponse
    what_is_saved = "chain"

    def __init__(self, case: Case, episode_id: str | None = None, exercise: str | None = None,
                 work_dir: Path | str | None = None):
        self.episode = case.episode(episode_id)
        super().__init__(case, exercise or f"chain-{self.episode.id}", work_dir)
        self.work = starting_order(self.episode)
        self._build_controls()
        self.restore(lambda document: document.work.fits(self.episode))
        self.show(self._show_work)

    # --- controls ---------------------------------------------------------------------------
    def _build_controls(self) -> None:
        self.pseudonym_field({"description_width": "9em"})
        self.on_edit([self.pseudonym])
        self.rows = []
        for position in range(len(self.work.steps)):
            text = ipw.HTML(layout=ipw.Layout(flex="1 1 18em"))
            stage = ipw.Dropdown(options=STAGE_OPTIONS, description=f"Stage of step {position + 1}",
                                 style={"description_width": "9em"},
                                 layout=ipw.Layout(width="26em"))
            self.on_edit([stage], lambda value, p=position: self.update(
                lambda: self.work.tag(p, value)))
            up = ipw.Button(description="Up", tooltip=f"Move step {position + 1} up",
                            layout=ipw.Layout(width="4.5em"))
            down = ipw.Button(description="Down", tooltip=f"Move step {position + 1} down",
                              layout=ipw.Layout(width="5.5em"))
            up.on_click(lambda _b, p=position: self.move(p, -1))
            down.on_click(lambda _b, p=position: self.move(p, +1))
            up.disabled = position == 0
            down.disabled = position == len(self.work.steps) - 1
            row = ipw.HBox([text, stage, up, down], layout=ipw.Layout(
                flex_flow="row wrap", border_bottom="1px solid #ddd", padding="2px 0"))
            row.text, row.stage = text, stage
            self.rows.append(row)
        self.chain = ipw.HTML()
        self.on_cycle = ipw.HTML()
        self.check_panel("Check", "Check your chain against the case file",
                         self.work_is_attempted, "tag every step with a stage", self.show_check)
        exports = self.export_buttons(("svg", "png", "dot", "json"), "your chain")
        self.view = ipw.VBox([
            self.pseudonym,
            ipw.HTML(f"<h4>{html.escape(self.episode.title)}: the steps, shuffled</h4>"),
            *self.rows,
            ipw.HBox([self.chain, self.on_cycle], layout=ipw.Layout(flex_flow="row wrap")),
            ipw.HBox([self.check_button, *exports], layout=ipw.Layout(flex_flow="row wrap")),
            self.status, self.exports, self.comparison,
        ])

    # --- model <-> controls ------------------------------------------------------------------
    def _show_work(self) -> None:
        self._fill_rows()
        self.refresh()

    def _fill_rows(self) -> None:
        with self.quietly():
            for number, (row, entry) in enumerate(zip(self.rows, self.work.steps,
                                                      strict=True), 1):
                row.text.value = (f"<strong>{number}.</strong> "
                                  f"{html.escape(self.episode.steps[entry.step].text)}")
                row.stage.value = entry.stage

    def move(self, position: int, offset: int) -> None:
        self.update(lambda: self.work.move(position, offset), redraw=self._show_work)

    def set_work(self, work: ChainWork) -> None:
        problem = work.fits(self.episode)
        if problem:
            raise ValueError(f"This chain does not fit '{self.episode.title}': {problem}")
        self.work = work
        self._fill_rows()

    # --- results -----------------------------------------------------------------------------
    def figures(self):
        name = self.case.person.pseudonym
        chain = chain_figure(self.work, self.episode, f"{self.episode.title}: your chain",
                             "Your chain, in your order (live).")
        cycle = cycle_figure(f"{name}: your chain on the cycle",
                             "The stages you tagged, lit up on the cycle (live).",
                             marks=steps_by_stage(self.work))
        return chain, cycle

    def refresh(self) -> None:
        chain, cycle = self.figures()
        self.chain.value = chain._repr_html_()
        self.on_cycle.value = cycle._repr_html_()
        self.enable_check()

    def work_is_attempted(self) -> bool:
        return self.work.is_attempted()

    def show_check(self) -> None:
        result = check_chain(self.work, self.episode)
        pronouns = self.case.pronouns
        rows = "".join(
            "<tr>"
            f"<td>{s.position + 1}</td><td>{s.published_position + 1}</td>"
            f"<td>{html.escape(s.text)}</td>"
            f"<td>{STAGE_MARKS[s.stage_verdict]} "
            f"{html.escape(s.explanation(pronouns))}</td></tr>"
            for s in result.steps)
        key = published_chain(self.episode)
        published = cycle_figure(
            f"{self.case.person.pseudonym}: {self.episode.title} on the cycle",
            f"The episode as the case file tags it ({self.episode.ref}).",
            marks=steps_by_stage(key))
        self.comparison.value = (
            f"<h4>Checked against the case file ({html.escape(self.episode.ref)})</h4>"
            f"<p>{html.escape(result.summary())}</p>"
            "<table class='workbook-compare'><caption>Step by step, in your order</caption>"
            "<thead><tr><th>Your place</th><th>Published place</th><th>Step</th>"
            "<th>Stage</th></tr></thead><tbody>" + rows + "</tbody></table>"
            + published._repr_html_())

    # --- exporting ---------------------------------------------------------------------------
    def export(self, fmt: str) -> Path | None:
        chain, _cycle = self.figures()
        return self.export_work(fmt, chain.dot)
