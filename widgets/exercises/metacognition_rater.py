"""MetacognitionRater: rate a case's vignettes on the teaching rubric, then see the reference.

A thin view over RatingsWork (widgets.work.ratings). One vignette at a time; a control per scale
that shows each level's description; cross-scale prerequisites flagged as you go; Submit
reveals the reference ratings, the difference per scale and the rationale, and locks that
vignette's ratings; a profile across time points; autosave/restore; CSV and JSON export.
Works for any case file with vignettes.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as ipw

from ..case.model import Case
from ..case.rubric import check_rating, hierarchy_flags, level_description
from ..case.vocabulary import MASA_SCALES, TIME_POINT_LABELS
from ..diagrams.ratings_chart import profile_figure
from ..work.rating_results import ratings_csv, results
from ..work.ratings import RatingsWork, VignetteRating
from ..work.responses import RatingsResponse, now_utc
from .base import ExerciseWidget

NOT_RATED = "not rated"
UNRATED = -1  # the control's value before a rating


class MetacognitionRater(ExerciseWidget):
    response_model = RatingsResponse
    what_is_saved = "ratings"

    def __init__(self, case: Case, exercise: str = "metacognition-ratings",
                 work_dir: Path | str | None = None):
        super().__init__(case, exercise, work_dir)
        self.work = RatingsWork()
        self._build_controls()
        self.restore(self._rates_only_known_vignettes)
        if case.vignettes:
            self.show(lambda: self.show_vignette(case.vignettes[0].id))
        self.show(self._refresh_profile)

    # --- controls ---------------------------------------------------------------------------
    def _build_controls(self) -> None:
        style = {"description_width": "16em"}
        wide = ipw.Layout(width="98%")
        self.pseudonym_field(style)
        self.vignette_picker = ipw.Dropdown(
            description="Vignette", style=style, layout=wide,
            options=[(f"{n}. {v.title} ({TIME_POINT_LABELS[v.time_point]})", v.id)
                     for n, v in enumerate(self.case.vignettes, 1)])
        # No icons: the widget manager would fetch an icon font the book does not serve.
        self.previous = ipw.Button(description="← Previous")
        self.next = ipw.Button(description="Next →")
        self.previous.on_click(lambda _b: self._step(-1))
        self.next.on_click(lambda _b: self._step(+1))
        self.vignette_text = ipw.HTML()
        # Labelled drop-downs rather than sliders: the slider widget's handle has no accessible
        # name, while a <select> is named by its label, works with the arrow keys, and can show
        # each level's meaning in the list itself.
        self.level_pickers: dict[str, ipw.Dropdown] = {}
        self.level_texts: dict[str, ipw.HTML] = {}
        scale_rows = []
        for scale in MASA_SCALES:
            picker = ipw.Dropdown(
                description=scale.label, style=style, layout=ipw.Layout(width="95%"),
                options=[(NOT_RATED, UNRATED)] + [
                    (f"{level} — {level_description(scale.id, level, self.case.pronouns)}", level)
                    for level in range(scale.minimum, scale.maximum + 1)],
                value=UNRATED)
            self.on_edit([picker], self._on_rating_edit)
            self.level_pickers[scale.id] = picker
            self.level_texts[scale.id] = ipw.HTML()
            scale_rows += [picker, self.level_texts[scale.id]]
        self.justification = ipw.Textarea(
            description="Why these ratings?", style=style, layout=wide, rows=3,
            placeholder="Point to the words in the excerpt that support your ratings.")
        self.on_edit([self.justification], self._on_rating_edit)
        # Saved on its own: the shown vignette may be submitted, and its ratings locked.
        self.on_edit([self.pseudonym])
        self.vignette_picker.observe(
            lambda change: self.show(lambda: self.show_vignette(change["new"])), names="value")
        self.flags = ipw.HTML()
        self.submit_button = ipw.Button(description="Submit", button_style="primary",
                                        tooltip="Reveal the reference ratings for this vignette")
        self.submit_button.on_click(lambda _b: self.submit())
        self.result = ipw.HTML()
        self.profile = ipw.HTML()
        export_buttons = self.export_buttons(("csv", "json"), "your ratings")
        if not self.case.vignettes:
            self.view = ipw.VBox([ipw.HTML(f"<p>The case '{html.escape(self.case.id)}' has no "
                                           "vignettes to rate.</p>")])
            return
        self.view = ipw.VBox([
            self.pseudonym, ipw.HBox([self.vignette_picker]), ipw.HBox([self.previous, self.next]),
            self.vignette_text, *scale_rows, self.flags, self.justification,
            ipw.HBox([self.submit_button, *export_buttons],
                     layout=ipw.Layout(flex_flow="row wrap")),
            self.status, self.exports, self.result, self.profile,
        ])

    # --- which vignette ----------------------------------------------------------------------
    @property
    def vignette(self):
        return next(v for v in self.case.vignettes if v.id == self.vignette_picker.value)

    def _step(self, delta: int) -> None:
        ids = [v.id for v in self.case.vignettes]
        position = ids.index(self.vignette_picker.value) + delta
        if 0 <= position < len(ids):
            self.vignette_picker.value = ids[position]

    def show_vignette(self, vignette_id: str) -> None:
        with self.quietly():
            self.vignette_picker.value = vignette_id
            vignette = self.vignette
            rating = self.work.rating(vignette_id)
            for scale_id, picker in self.level_pickers.items():
                picker.value = rating.ratings.get(scale_id, UNRATED)
                picker.disabled = rating.submitted_at is not None
            self.justification.value = rating.justification
            self.justification.disabled = rating.submitted_at is not None
        label = ("Fictional excerpt, written for this workbook from the case facts "
                 f"({vignette.based_on})" if vignette.fictional
                 else f"Excerpt from the source ({vignette.based_on})")
        self.vignette_text.value = (
            f"<h4>{html.escape(vignette.title)} — "
            f"{html.escape(TIME_POINT_LABELS[vignette.time_point])}</h4>"
            f"<p><em>{html.escape(label)}</em></p>"
            f"<blockquote>{html.escape(vignette.text)}</blockquote>")
        self.previous.disabled = vignette_id == self.case.vignettes[0].id
        self.next.disabled = vignette_id == self.case.vignettes[-1].id
        self._refresh_vignette()
        if rating.submitted_at:
            self._show_result()
        else:
            self.result.value = ""

    # --- ratings -----------------------------------------------------------------------------
    def current_ratings(self) -> dict[str, int | None]:
        return {scale_id: None if picker.value == UNRATED else picker.value
                for scale_id, picker in self.level_pickers.items()}

    def set_rating(self, scale_id: str, value: object) -> bool:
        """Set one rating as a learner would (also from code). Refuses a value outside the
        scale or not a whole number with a message, and changes nothing."""
        try:
            level = check_rating(scale_id, value)
        except ValueError as error:
            self._say(str(error))
            return False
        if self.work.rating(self.vignette.id).submitted_at:
            self._say("This vignette is already submitted; its ratings are kept as submitted.")
            return False
        self.level_pickers[scale_id].value = level
        return True

    def _on_rating_edit(self, _value=None) -> None:
        if not self.work.rating(self.vignette.id).submitted_at:
            self.update(self._read_controls, redraw=self._refresh_vignette)

    def _read_controls(self) -> RatingsWork:
        """The work with the shown vignette's rating as the controls have it."""
        updated = VignetteRating(
            ratings={k: v for k, v in self.current_ratings().items() if v is not None},
            justification=self.justification.value)
        return RatingsWork(vignettes={**self.work.vignettes, self.vignette.id: updated})

    def _refresh_vignette(self) -> None:
        ratings = self.current_ratings()
        for scale_id, level in ratings.items():
            text = ("Choose a level to rate." if level is None else
                    f"Level {level}: {level_description(scale_id, level, self.case.pronouns)}"
                    + (f" (This also claims levels 0–{level - 1}.)" if level > 1 else ""))
            self.level_texts[scale_id].value = f"<p class='workbook-level'>{html.escape(text)}</p>"
        flags = hierarchy_flags(ratings, self.case.pronouns)
        self.flags.value = "".join(f"<p role='status'>⚠ {html.escape(f)}</p>" for f in flags)
        rating = self.work.rating(self.vignette.id)
        complete = all(level is not None for level in ratings.values())
        self.submit_button.disabled = bool(rating.submitted_at) or not complete
        self.submit_button.tooltip = ("Already submitted" if rating.submitted_at else
                                      "Reveal the reference ratings" if complete else
                                      "Rate every scale first")

    def submit(self) -> bool:
        vignette = self.vignette
        rating = self.work.rating(vignette.id)
        if rating.submitted_at:
            self._say("Already submitted.")
            return False
        if not rating.complete():
            self._say("Rate every scale before you submit.")
            return False
        submitted = rating.model_copy(update={"submitted_at": now_utc()})
        self.update(lambda: RatingsWork(vignettes={**self.work.vignettes, vignette.id: submitted}),
                    redraw=self._show_submitted)
        return self.work.rating(vignette.id).submitted_at is not None

    def _show_submitted(self) -> None:
        for picker in self.level_pickers.values():
            picker.disabled = True
        self.justification.disabled = True
        self._refresh_vignette()
        self._show_result()
        self._refresh_profile()

    def _show_result(self) -> None:
        if self.vignette.reference is None:
            self.result.value = ("<p>This copy of the case has no reference ratings for this "
                                 "vignette: your trainer holds them. Export your ratings "
                                 "(JSON) for the workshop report.</p>")
            return
        rows = "".join(
            f"<tr><td>{html.escape(r.label)}</td><td>{r.learner}</td><td>{r.reference}</td>"
            f"<td>{r.difference:+d}</td><td>{html.escape(r.rationale)}</td></tr>"
            for r in results(self.vignette, self.work.rating(self.vignette.id)))
        self.result.value = (
            "<table class='workbook-compare'><caption>Your ratings and the reference "
            "(simulated for teaching)</caption><thead><tr><th>Scale</th><th>Yours</th>"
            "<th>Reference</th><th>Difference</th><th>Why the reference</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")

    def _refresh_profile(self) -> None:
        if self.case.vignettes:
            self.profile.value = profile_figure(self.case, self.work)._repr_html_()

    # --- restoring and exporting -------------------------------------------------------------
    def _rates_only_known_vignettes(self, document: RatingsResponse) -> str | None:
        unknown = sorted(set(document.work.vignettes) - {v.id for v in self.case.vignettes})
        return (f"it rates vignettes this case does not have: {', '.join(unknown)}"
                if unknown else None)

    def export(self, fmt: str) -> Path | None:
        if fmt == "csv":
            return self.write_export(fmt, lambda: ratings_csv(self.case, self.work))
        return self.export_work(fmt)
