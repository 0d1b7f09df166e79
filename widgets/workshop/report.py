"""A workshop's collected work, analysed: plain data a trainer can read as HTML (see
workshop.page) or a script can read as JSON. Works for any case file; the key is the case's
published formulation and reference ratings (possibly merged from a trainer's key file).
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from .._version import __version__
from ..case.model import Case
from ..case.vocabulary import MASA_SCALES, STAGE_LABELS
from ..stats.agreement import (
    alpha_reading,
    icc_a1_with_key,
    koo_li_band,
    koo_li_range,
    krippendorff_ordinal,
    mean_bias,
    tukey_outliers,
)
from ..work.chain import check_chain
from ..work.exercise_ids import schema_for_exercise
from ..work.experiment import LABELS as EXPERIMENT_LABELS
from ..work.experiment import PARTS as EXPERIMENT_PARTS
from ..work.experiment import plan_review
from ..work.matching import content_words
from ..work.schema import ELEMENTS, published_items
from ..work.schema_compare import Comparison, compare_schema
from ..work.self_states import compare_self_states
from .collect import Collection, collect, shown_name

# --- metacognition ratings ---------------------------------------------------------------------


@dataclass(frozen=True)
class StudentAgreement:
    student: str
    file: str
    items_rated: int
    icc: float | None
    ci_low: float | None
    ci_high: float | None
    band: str  # Koo & Li band of the point estimate
    band_ci: str  # the bands the 95% CI spans
    mean_bias: float | None
    distance_from_class: float | None
    outlier: bool


@dataclass(frozen=True)
class ScaleSummary:
    scale: str
    label: str
    alpha: float | None  # Krippendorff's alpha (ordinal) among students
    alpha_reading: str
    # per vignette: reference rating (None without a key) and counts of each rating given
    vignettes: list[dict]


@dataclass(frozen=True)
class RatingsSummary:
    students: int
    keyed_items: int
    agreement: list[StudentAgreement]
    scales: list[ScaleSummary]
    bands: dict[str, int]
    median_icc: float | None


def _nan_to_none(value: float) -> float | None:
    return None if value is None or not math.isfinite(value) else round(float(value), 4)


def ratings_summary(collection: Collection, case: Case) -> RatingsSummary | None:
    collected = collection.of_kind("ratings")
    if not collected or not case.vignettes:
        return None
    items = [(v, s) for v in case.vignettes for s in MASA_SCALES]
    matrix = np.full((len(collected), len(items)), np.nan)
    for row, item in enumerate(collected):
        work = item.document.work
        for column, (vignette, scale) in enumerate(items):
            rating = work.rating(vignette.id).ratings.get(scale.id)
            if rating is not None:
                matrix[row, column] = rating
    key = np.array([getattr(v.reference, s.id).rating if v.reference else np.nan
                    for v, s in items])
    keyed = ~np.isnan(key)
    icc = icc_a1_with_key(matrix[:, keyed], key[keyed]) if keyed.any() else None
    bias = mean_bias(matrix[:, keyed], key[keyed]) if keyed.any() else None
    with warnings.catch_warnings():  # an item nobody rated has no median: NaN is right
        warnings.simplefilter("ignore", RuntimeWarning)
        class_median = np.nanmedian(matrix, axis=0)
        distance = np.nanmean(np.abs(matrix - class_median), axis=1)
    outliers = tukey_outliers(distance)
    agreement = []
    for row, item in enumerate(collected):
        value = icc["icc"][row] if icc is not None else float("nan")
        agreement.append(StudentAgreement(
            student=item.student, file=item.file,
            items_rated=int((~np.isnan(matrix[row])).sum()),
            icc=_nan_to_none(value),
            ci_low=_nan_to_none(icc["low"][row]) if icc is not None else None,
            ci_high=_nan_to_none(icc["high"][row]) if icc is not None else None,
            band=koo_li_band(value) if icc is not None else "no key",
            band_ci=(koo_li_range(icc["low"][row], icc["high"][row]) if icc is not None
                     else "no key"),
            mean_bias=_nan_to_none(bias[row]) if bias is not None else None,
            distance_from_class=_nan_to_none(distance[row]),
            outlier=bool(outliers[row])))
    scales = []
    for scale in MASA_SCALES:
        columns = [c for c, (_v, s) in enumerate(items) if s.id == scale.id]
        per_vignette = []
        for column in columns:
            vignette = items[column][0]
            given = matrix[:, column]
            counts = Counter(int(r) for r in given[~np.isnan(given)])
            per_vignette.append({
                "vignette": vignette.id, "title": vignette.title,
                "reference": None if np.isnan(key[column]) else int(key[column]),
                "counts": {str(level): counts.get(level, 0)
                           for level in range(scale.minimum, scale.maximum + 1)},
                "ratings": int((~np.isnan(given)).sum())})
        alpha = krippendorff_ordinal(matrix[:, columns],
                                     range(scale.minimum, scale.maximum + 1))
        scales.append(ScaleSummary(scale.id, scale.label, _nan_to_none(alpha),
                                   alpha_reading(alpha), per_vignette))
    values = [a.icc for a in agreement if a.icc is not None]
    bands = Counter(a.band for a in agreement)
    return RatingsSummary(
        students=len(collected), keyed_items=int(keyed.sum()), agreement=agreement,
        scales=scales, bands=dict(sorted(bands.items())),
        median_icc=_nan_to_none(float(np.median(values))) if values else None)


# --- schemas ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemTally:
    element: str
    published: str
    ref: str
    matched: int
    close: int
    missing: int


@dataclass(frozen=True)
class ConsensusNode:
    element: str  # field name of the schema element
    # The published wording when students' items match it; else the wording students used
    # most often among the answers grouped together (same lemmas), as they wrote it.
    text: str
    published: bool
    students: int
    grouped_as: str = ""  # what the answers have in common (their lemmas): the grouping key


@dataclass(frozen=True)
class SchemaSummary:
    exercise: str
    schema_id: str
    students: int
    items: list[ItemTally]
    motive_matches: int
    nodes: list[ConsensusNode]
    edges: list[dict]  # {"from": node index, "to": node index, "students": n}


def _schema_for(case: Case, exercise: str):
    return schema_for_exercise(case, exercise)


def _canonical(result: Comparison, wordings: dict[tuple[str, str], Counter] | None = None,
               ) -> dict[str, set[tuple[str, bool]]]:
    """Each element's items as the published wording they match, else in a normal form (so
    "Sad" and "sad." count as one answer). Uses the comparison's own pairing. The learner's
    own words for each normal form are counted in `wordings`, once per student."""
    fields = {"Wish": "wish", **{e.label: e.field for e in ELEMENTS}}
    chosen: dict[str, set[tuple[str, bool]]] = {field: set() for field in fields.values()}
    written: dict[tuple[str, str], str] = {}
    for verdict in result.verdicts:
        if verdict.learner is None:
            continue
        element = fields[verdict.element]
        if verdict.status == "match":
            chosen[element].add((verdict.published, True))
            continue
        normal = _normal(verdict.learner)
        chosen[element].add((normal, False))
        written.setdefault((element, normal), " ".join(verdict.learner.split()))
    if wordings is not None:
        for slot, text in written.items():
            wordings.setdefault(slot, Counter())[text] += 1
    return chosen


def _most_used(wordings: Counter) -> str:
    """The wording most students used; a tie goes to the first in a fixed order (ignoring
    case, then exactly), so the same class always draws the same words."""
    return min(wordings.items(), key=lambda item: (-item[1], item[0].casefold(), item[0]))[0]


def _normal(text: str) -> str:
    words = sorted(content_words(text))
    return " ".join(words) if words else text.strip().lower()


SCHEMA_EDGES = (("wish", "negative_self_image"), ("negative_self_image",
                "expected_response_of_other"), ("expected_response_of_other",
                "reactions_of_self"), ("reactions_of_self", "coping_interpersonal"),
                ("coping_interpersonal", "coping_intrapsychic"),
                ("wish", "alternative_self_image"),
                ("alternative_self_image", "hoped_response_of_other"))


def schema_summaries(collection: Collection, case: Case,
                     min_students: int | None = None) -> list[SchemaSummary]:
    summaries = []
    by_exercise: dict[str, list] = {}
    for item in collection.of_kind("schema"):
        by_exercise.setdefault(item.document.exercise, []).append(item)
    for exercise, items in sorted(by_exercise.items()):
        key = _schema_for(case, exercise)
        tallies: dict[tuple[str, str], Counter] = {}
        motive = 0
        node_counts: Counter = Counter()
        edge_counts: Counter = Counter()
        wordings: dict[tuple[str, str], Counter] = {}
        for item in items:
            result = compare_schema(item.document.work, key, case)
            motive += result.motive_matches
            for verdict in result.verdicts:
                if verdict.status != "extra":
                    tallies.setdefault((verdict.element, verdict.published),
                                       Counter())[verdict.status] += 1
            chosen = _canonical(result, wordings)
            for element, texts in chosen.items():
                node_counts.update((element, text, published) for text, published in texts)
            for tail, head in SCHEMA_EDGES:
                edge_counts.update(((tail, *a), (head, *b))
                                   for a in chosen.get(tail, ()) for b in chosen.get(head, ()))
        refs = {("Wish", key.wish.text): key.wish.ref}
        for element in ELEMENTS:
            for published in published_items(key, element.field):
                refs[(element.label, published.text)] = published.ref
        tally_list = [ItemTally(element, text, refs.get((element, text), ""),
                                # The other pole did not find the published item.
                                counts["match"], counts["close"],
                                counts["missing"] + counts["reversed"])
                      for (element, text), counts in tallies.items()]
        # Drawn: published items, and what at least a tenth of the class (two students at
        # least, in a class of five or more) chose; the rest would only clutter the picture.
        threshold = min_students or max(2 if len(items) >= 5 else 1,
                                         math.ceil(len(items) / 10))
        kept = [n for n, c in node_counts.most_common() if c >= threshold or n[2]]
        kept.sort(key=lambda n: (_element_order(n[0]), -node_counts[n], n[1]))
        index = {n: i for i, n in enumerate(kept)}
        nodes = [ConsensusNode(n[0], n[1] if n[2] else _most_used(wordings[(n[0], n[1])]),
                               n[2], node_counts[n], grouped_as="" if n[2] else n[1])
                 for n in kept]
        edges = [{"from": index[a], "to": index[b], "students": c}
                 for (a, b), c in sorted(edge_counts.items(), key=lambda e: (-e[1], str(e[0])))
                 if a in index and b in index and c >= threshold]
        summaries.append(SchemaSummary(exercise, key.id, len(items), tally_list, motive,
                                       nodes, edges))
    return summaries


def _element_order(field_name: str) -> int:
    order = ["wish", *(e.field for e in ELEMENTS)]
    return order.index(field_name)


# --- self-states and chains ---------------------------------------------------------------------


@dataclass(frozen=True)
class ExerciseTally:
    kind: str
    exercise: str
    students: int
    rows: list[dict]  # what was counted, per published state/shift or per step


def other_tallies(collection: Collection, case: Case) -> list[ExerciseTally]:
    tallies = []
    groups: dict[tuple[str, str], list] = {}
    for item in collection.used:
        if item.document.kind in ("self-states", "chain", "experiment"):
            groups.setdefault((item.document.kind, item.document.exercise), []).append(item)
    for (kind, exercise), items in sorted(groups.items()):
        rows: dict[str, Counter] = {}
        if kind == "self-states":
            for item in items:
                result = compare_self_states(item.document.work, case)
                for verdict in (*result.states, *result.transitions):
                    if verdict.published:
                        rows.setdefault(verdict.published, Counter())[verdict.status] += 1
            table = [{"published": name, "found": c["match"] + c["close"],
                      "missing": c["missing"] + c["reversed"]}  # the other pole: not found
                     for name, c in rows.items()]
        elif kind == "experiment":
            table = experiment_rows([i.document.work for i in items])
        else:
            episode_id = items[0].document.work.episode_id
            episode = next((e for e in case.episodes if e.id == episode_id), None)
            checked = [check_chain(i.document.work, episode) for i in items
                       if episode and i.document.work.fits(episode) is None]
            # "Right" counts the stages the case file accepts as defensible too, as the
            # learner's own check does; how many of those were alternatives is kept beside it.
            right_by_step = Counter(s.published_position for c in checked for s in c.steps
                                    if s.stage_ok)
            defensible_by_step = Counter(s.published_position for c in checked for s in c.steps
                                         if s.stage_verdict == "defensible")
            table = []
            for position, step in enumerate(episode.steps if episode else []):
                table.append({"step": position + 1, "text": step.text,
                              "stage": STAGE_LABELS[step.stage],
                              "tagged_right": right_by_step[position],
                              "defensible": defensible_by_step[position],
                              "of": len(checked)})
        tallies.append(ExerciseTally(kind, exercise, len(items), table))
    return tallies


def experiment_rows(plans: list) -> list[dict]:
    """Per part of a plan, how many plans have it and how many of those fall short the way
    the planner's own review says (a disconfirmation that repeats the prediction). Keyless:
    an experiment has no right answer, only a shape a good plan has."""
    rows = []
    for position, part in enumerate(EXPERIMENT_PARTS):
        reviews = [plan_review(plan)[position] for plan in plans]
        written = sum(1 for plan in plans if getattr(plan, part).strip())
        rows.append({"part": EXPERIMENT_LABELS[part], "written": written,
                     "as_planned": sum(1 for _label, ok, _note in reviews if ok),
                     "of": len(plans)})
    return rows


# --- the whole report ---------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkshopReport:
    case_id: str
    case_title: str
    folder: str
    workbook_version: str
    files_seen: int
    files_used: int
    skipped: list[dict]
    students: int  # one per learner id (or pseudonym, in files saved before ids)
    by_kind: dict[str, int]
    ratings: RatingsSummary | None
    schemas: list[SchemaSummary]
    others: list[ExerciseTally]
    summary: list[str] = field(default_factory=list)
    # parts of the report that could not be computed: {"part": ..., "reason": ...}
    problems: list[dict] = field(default_factory=list)
    # every file used, by student: {"student", "learner_id", "files": [{"file", "kind",
    # "exercise"}]}; files with neither learner id nor pseudonym under "unidentified"
    roster: list[dict] = field(default_factory=list)
    unidentified: list[dict] = field(default_factory=list)
    # pseudonyms several students chose: {"pseudonym", "students": [...], "files": [...]}
    clashes: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return _writable(asdict(self))


def _writable(value):
    """`value` with every text writable as UTF-8: a lone surrogate (from a name that is not
    UTF-8, say) becomes a visible escape instead of failing the write of the whole file."""
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {_writable(k): _writable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_writable(v) for v in value]
    return value


def build_report(folder: str | Path, case: Case,
                 on_schemas: Callable[[list[SchemaSummary]], None] | None = None,
                 ) -> WorkshopReport:
    """`on_schemas` is told the schema summaries as soon as they exist (the HTML report uses
    it to start drawing the consensus diagrams while the statistics are computed)."""
    collection = collect(folder, case)
    problems: list[dict] = []
    schemas = _part("schemas", problems, [], schema_summaries, collection, case)
    if on_schemas:
        on_schemas(schemas)
    ratings = _part("ratings", problems, None, ratings_summary, collection, case)
    others = _part("others", problems, [], other_tallies, collection, case)
    report = WorkshopReport(
        case_id=case.id, case_title=case.title, folder=shown_name(str(folder)),
        workbook_version=__version__, files_seen=collection.files_seen,
        files_used=len(collection.used),
        skipped=[{"file": s.file, "reason": s.reason} for s in collection.skipped],
        students=collection.students,
        by_kind=dict(sorted(Counter(c.document.kind for c in collection.used).items())),
        ratings=ratings, schemas=schemas, others=others, problems=problems,
        roster=roster(collection),
        unidentified=[_file_entry(c) for c in collection.unidentified],
        clashes=[{"pseudonym": c.pseudonym, "students": list(c.students),
                  "files": list(c.files)} for c in collection.clashes])
    return WorkshopReport(**{**report.__dict__, "summary": plain_summary(report, case)})


def _file_entry(item) -> dict:
    return {"file": item.file, "kind": item.document.kind, "exercise": item.document.exercise}


def roster(collection: Collection) -> list[dict]:
    """Each student with the files counted for them, so every file used is accounted for."""
    students: dict[str, dict] = {}
    for item in collection.used:
        if not item.identified:
            continue
        entry = students.setdefault(item.identity, {
            "student": item.student,
            "learner_id": item.identity[3:] if item.identity.startswith("id:") else "",
            "files": []})
        entry["files"].append(_file_entry(item))
    return sorted(students.values(), key=lambda s: (s["student"].casefold(), s["learner_id"]))


PART_NAMES = {"schemas": "schema exercises", "ratings": "metacognition ratings",
              "others": "self-state, episode-chain and experiment exercises"}


def _part(name: str, problems: list[dict], instead, compute, *args):
    """One part of the report, or `instead` and a note of why not: a failure in one part
    (a bug met by some unforeseen answer) must not cost the trainer the rest."""
    try:
        return compute(*args)
    except Exception as error:
        problems.append({"part": name, "reason": f"{type(error).__name__}: {error}"})
        return instead


def _share(part: int, whole: int) -> str:
    return f"{part} of {whole}"


def plain_summary(report: WorkshopReport, case: Case) -> list[str]:
    """Sentences a trainer can read aloud to the class."""
    lines = [f"We read {report.files_seen} files: {report.files_used} counted and "
             f"{len(report.skipped)} set aside (each listed at the end with the reason), from "
             f"{report.students} student{'s' if report.students != 1 else ''} (told apart by "
             "the learner id in their files)."]
    if report.unidentified:
        count = len(report.unidentified)
        lines.append(f"{count} counted file{'s' if count != 1 else ''} carr"
                     f"{'y' if count != 1 else 'ies'} neither a learner id nor a pseudonym: "
                     "the work is in the figures, but not counted as a student.")
    if report.clashes:
        names = "; ".join(f"“{c['pseudonym']}” by {len(c['students'])} students"
                          for c in report.clashes)
        lines.append(f"Some students chose the same pseudonym ({names}); they are counted "
                     "apart and named with the start of their learner id. Ask them to choose "
                     "another one next time.")
    about_files = len(lines)
    ratings = report.ratings
    if ratings and ratings.keyed_items and ratings.median_icc is not None:
        good = ratings.bands.get("good", 0) + ratings.bands.get("excellent", 0)
        lines.append(
            f"On the metacognition ratings, the typical agreement with the reference ratings "
            f"was {koo_li_band(ratings.median_icc)} (median ICC {ratings.median_icc:.2f}); "
            f"{_share(good, ratings.students)} students agreed well or excellently.")
    if ratings:
        alphas = [s for s in ratings.scales if s.alpha is not None]
        if alphas:
            lowest = min(alphas, key=lambda s: s.alpha)
            lines.append(f"Students agreed least with one another on {lowest.label} "
                         f"(Krippendorff's alpha {lowest.alpha:.2f}): a scale to discuss.")
        outliers = sum(a.outlier for a in ratings.agreement)
        if outliers:
            lines.append(f"{outliers} student{'s' if outliers != 1 else ''} rated far from the "
                         "rest of the class; their ratings are marked in the table.")
    for schema in report.schemas:
        if not schema.items:
            continue
        best = max(schema.items, key=lambda t: t.matched)
        worst = min(schema.items, key=lambda t: t.matched)
        lines.append(
            f"In the schema exercise '{schema.exercise}', most students named “{best.published}”"
            f" ({best.element.lower()}: {_share(best.matched, schema.students)}); the element "
            f"most often missed was “{worst.published}” ({worst.element.lower()}: "
            f"{_share(worst.matched, schema.students)} named it).")
    if len(lines) == about_files and not report.problems:
        lines.append(f"No ratings or schemas for {case.person.pseudonym} were among the files.")
    if report.problems:
        lines.append("Part of the report could not be computed ("
                     + ", ".join(PART_NAMES[p["part"]] for p in report.problems)
                     + "); it says why in its place.")
    return lines
