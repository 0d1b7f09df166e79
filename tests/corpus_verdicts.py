"""The labelled corpus of learners' answers (tests/work/feedback_corpus.yaml) and the verdicts
the comparisons give them: shared by its test and its benchmark."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

from widgets import load_case
from widgets.work.checklist import check_open_answer
from widgets.work.schema import SchemaWork
from widgets.work.schema_compare import compare_schema
from widgets.work.self_states import SelfStateWork, StateEntry, compare_self_states

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "work" / "feedback_corpus.yaml"
CASES = {"angie": ROOT / "cases" / "angie.yaml",
         "ren": ROOT / "tests" / "cases" / "fictional-ren.yaml"}
LABELS = ("match", "close", "reversed", "extra")
VERDICTS = ("match", "close", "reversed", "extra")
# A checklist point made is a match; one not made is "extra" (nothing of the key said).
CHECKLIST_VERDICTS = {"made": "match", "near": "close", "reversed": "reversed", "open": "extra"}


@dataclass(frozen=True)
class Judged:
    where: str  # case and element, e.g. "angie wish"
    answer: str
    label: str
    verdict: str


def _schema_verdict(case, schema_id: str | None, field: str, answer: str) -> str:
    key = next(s for s in case.formulation.schemas if s.id == schema_id) if schema_id \
        else case.schema()
    if field == "wish":
        work = SchemaWork(wish=answer)
        wish = compare_schema(work, key, case).verdicts[0]
        return wish.status if wish.status != "missing" else "extra"
    work = SchemaWork(**{field: [answer]})
    return next(v.status for v in compare_schema(work, key, case).verdicts
                if v.learner == answer)


def _state_verdict(case, entry: dict) -> str:
    fields = {k: entry[k] for k in ("name", "self_image", "emotion", "behaviour", "healthy")
              if k in entry}
    result = compare_self_states(SelfStateWork(states=[StateEntry(**fields)]), case)
    mine = next(v for v in result.states if v.learner is not None)
    wanted = entry.get("published")
    if mine.status != "extra" and wanted:
        names = {s.id: s.name for s in case.formulation.self_states}
        if mine.published != names[wanted]:
            return "extra"  # paired with another state than the one the label is about
    return mine.status


def judged_corpus() -> list[Judged]:
    corpus = YAML(typ="safe").load(CORPUS.read_text(encoding="utf-8"))
    cases = {name: load_case(path) for name, path in CASES.items()}
    judged: list[Judged] = []
    for group in corpus["schema"]:
        case = cases[group["case"]]
        for answer, label in group["answers"]:
            verdict = _schema_verdict(case, group.get("schema"), group["field"], answer)
            judged.append(Judged(f"{group['case']} {group['field']}", answer, label, verdict))
    for group in corpus["self_states"]:
        case = cases[group["case"]]
        for entry in group["states"]:
            judged.append(Judged(f"{group['case']} self-state", entry["name"], entry["label"],
                                 _state_verdict(case, entry)))
    for group in corpus.get("integration", []):
        case = cases[group["case"]]
        for entry in group["answers"]:
            for point in check_open_answer(entry["text"],
                                           case.formulation.integration_checklist).points:
                label = next((kind for kind in ("match", "reversed", "close")
                              if point.label in entry.get(kind, ())), "extra")
                judged.append(Judged(f"{group['case']} integration: {point.label}",
                                     entry["text"], label, CHECKLIST_VERDICTS[point.status]))
    return judged


def confusion(judged: list[Judged]) -> Counter:
    return Counter((j.label, j.verdict) for j in judged)


def agreement(judged: list[Judged]) -> float:
    return sum(j.label == j.verdict for j in judged) / len(judged)


def reversed_judged_match(judged: list[Judged]) -> list[Judged]:
    return [j for j in judged if j.label == "reversed" and j.verdict == "match"]


def confusion_table(judged: list[Judged]) -> str:
    counts = confusion(judged)
    width = 10
    lines = ["label \\ verdict".ljust(16) + "".join(v.rjust(width) for v in VERDICTS)
             + "total".rjust(width)]
    for label in LABELS:
        row = [counts[label, verdict] for verdict in VERDICTS]
        lines.append(label.ljust(16) + "".join(str(n).rjust(width) for n in row)
                     + str(sum(row)).rjust(width))
    return "\n".join(lines)
