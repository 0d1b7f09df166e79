"""The course of a case, from history to the last follow-up, as data and as a diagram.

Built from any case file's history, assessment, treatment course, outcome scores and
follow-up; nothing here knows about Angie.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from ..case.model import Case
from ..case.vocabulary import TIME_POINT_LABELS, TimePoint, TreatmentStrand
from .figure import Figure
from .style import edge_style, label, node_style, titled_digraph

PHASES = ("Before therapy", "Intake", "Therapy", "End of therapy", "Follow-up")


@dataclass(frozen=True)
class TimelineEvent:
    phase: str
    when: str
    title: str
    text: str
    ref: str


def headline(text: str, limit: int = 60) -> str:
    """A short stand-in title: the text up to `limit` characters, cut at a word boundary."""
    return textwrap.shorten(text, width=limit, placeholder=" …")


def _refs(*refs: str) -> str:
    seen: list[str] = []
    for ref in refs:
        for part in ref.split(", "):
            if part not in seen:
                seen.append(part)
    return ", ".join(seen)


def _scores_at(case: Case, time_point: TimePoint) -> TimelineEvent | None:
    found = [(m, s) for m in case.assessment.measures for s in m.scores
             if s.time_point == time_point]
    if not found:
        return None
    text = "Measures: " + "; ".join(f"{m.abbreviation} {s.value:g}" for m, s in found)
    return TimelineEvent("", TIME_POINT_LABELS[time_point], text, text,
                         _refs(*(s.ref for _, s in found)))


def case_timeline(case: Case) -> list[TimelineEvent]:
    events = [TimelineEvent("Before therapy", e.when, e.title or headline(e.text), e.text, e.ref)
              for e in case.history]

    diagnosis = case.assessment.diagnosis
    if diagnosis is not None:
        met = [c for c in diagnosis.criteria if c.met]
        text = f"{len(met)} of {len(diagnosis.criteria)} {diagnosis.system} criteria met"
        events.append(TimelineEvent("Intake", "Assessment", text,
                                    f"{diagnosis.instrument}: {text}",
                                    _refs(*(c.ref for c in met))))
    intake_scores = _scores_at(case, TimePoint.INTAKE)
    if intake_scores:
        events.append(TimelineEvent("Intake", intake_scores.when, intake_scores.title,
                                    intake_scores.text, intake_scores.ref))

    therapy = [TimelineEvent("Therapy", step.when, step.title, step.text, step.ref)
               for step in case.treatment.course if step.strand is not TreatmentStrand.FOLLOW_UP]
    # A case file dates its course in words ("Months 1 to 5"), not on a scale, so scores taken
    # mid-therapy go halfway through the course as listed: never before its first step.
    mid_scores = _scores_at(case, TimePoint.MID_THERAPY)
    if mid_scores:
        therapy.insert((len(therapy) + 1) // 2, TimelineEvent(
            "Therapy", mid_scores.when, mid_scores.title, mid_scores.text, mid_scores.ref))
    events += therapy
    events += [TimelineEvent("Follow-up", step.when, step.title, step.text, step.ref)
               for step in case.treatment.course if step.strand is TreatmentStrand.FOLLOW_UP]

    end_scores = _scores_at(case, TimePoint.END)
    if end_scores:
        events.append(TimelineEvent("End of therapy", "End of therapy", end_scores.title,
                                    end_scores.text, end_scores.ref))
    events += [TimelineEvent("Follow-up", e.when, e.title or headline(e.text), e.text, e.ref)
               for e in case.follow_up]
    follow_scores = _scores_at(case, TimePoint.FOLLOW_UP)
    if follow_scores:
        events.append(TimelineEvent("Follow-up", follow_scores.when, follow_scores.title,
                                    follow_scores.text, follow_scores.ref))
    order = {phase: index for index, phase in enumerate(PHASES)}
    return sorted(events, key=lambda e: order[e.phase])  # stable: keeps file order in a phase


def timeline_dot(events: list[TimelineEvent], title: str) -> str:
    graph = titled_digraph("timeline", title, title_width=80, fontsize="12", nodesep="0.2",
                           ranksep="0.25")
    node_style(graph, shape="box", style="rounded", fontsize="10", width="4.2")
    edge_style(graph, arrowsize="0.6")
    previous = None
    for phase_index, phase in enumerate(PHASES):
        in_phase = [e for e in events if e.phase == phase]
        if not in_phase:
            continue
        with graph.subgraph(name=f"cluster_{phase_index}") as cluster:
            cluster.attr(label=label(phase), style="dashed", fontname="Helvetica-Bold")
            for event in in_phase:
                node = f"e{events.index(event)}"
                cluster.node(node, label(f"{event.when}: {event.title} ({event.ref})", width=46))
                if previous:
                    graph.edge(previous, node)
                previous = node
    return graph.source


def timeline_figure(case: Case) -> Figure:
    events = case_timeline(case)
    phases = [p for p in PHASES if any(e.phase == p for e in events)]
    return Figure(
        dot=timeline_dot(events, f"{case.person.pseudonym}: the course of the case"),
        alt=(f"A vertical timeline of {len(events)} events in {len(phases)} phases "
             f"({', '.join(phases)}), read from top to bottom."),
        caption=f"The course of {case.person.pseudonym}'s case, from history to follow-up.",
        description=[f"{e.phase} — {e.when}: {e.title} ({e.ref})" for e in events],
    )
