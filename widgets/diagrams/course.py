"""The course of a case's therapy, drawn from the case file by MIT's strands (shared
formulation and regulation, change promoting, follow-up), with the way back to regulation
that makes MIT iterative rather than phase-based."""

from __future__ import annotations

from ..case.model import Case
from ..case.vocabulary import TreatmentStrand
from .figure import Figure
from .style import label, node_style, titled_digraph

STRAND_LABELS = {
    TreatmentStrand.FORMULATION_AND_REGULATION: "Shared formulation and regulation",
    TreatmentStrand.CHANGE_PROMOTING: "Change promoting",
    TreatmentStrand.FOLLOW_UP: "Follow-up",
}


def course_figure(case: Case) -> Figure:
    """The course in the case file's order, one row per strand, with the way back to
    regulation that makes MIT iterative rather than phase-based."""
    graph = titled_digraph("course", f"{case.person.pseudonym}: the course of therapy",
                           fontsize="12", nodesep="0.3", ranksep="0.22")
    node_style(graph, shape="box", style="rounded", fontsize="10", width="3.6")
    steps = list(case.treatment.course)
    for strand, title in STRAND_LABELS.items():
        in_strand = [s for s in steps if s.strand is strand]
        if not in_strand:
            continue
        with graph.subgraph(name=f"cluster_{strand.value}") as cluster:
            cluster.attr(label=title, fontname="Helvetica-Bold",
                         style="dashed" if strand is TreatmentStrand.CHANGE_PROMOTING else "solid")
            for step in in_strand:
                cluster.node(step.id, label(f"{step.when}: {step.title} ({step.ref})", width=44))
    for before, after in zip(steps, steps[1:], strict=False):
        graph.edge(before.id, after.id)
    first_regulation = next((s for s in steps
                             if s.strand is TreatmentStrand.FORMULATION_AND_REGULATION), None)
    first_change = next((s for s in steps if s.strand is TreatmentStrand.CHANGE_PROMOTING), None)
    if first_regulation and first_change:
        graph.edge(first_change.id, first_regulation.id, style="dashed", constraint="false",
                   label="back to regulation\\nwhen needed", fontsize="8")
    return Figure(
        dot=graph.source,
        alt=(f"The {len(steps)} steps of the course, top to bottom in order, grouped into "
             "shared formulation and regulation, change promoting (dashed box) and follow-up; "
             "a dashed arrow leads back from change promoting to regulation."),
        caption=(f"The course of {case.person.pseudonym}'s therapy by MIT's strands. The way "
                 "back to regulation is MIT's principle (Salvatore et al. 2020, §1), not a dated "
                 "event."),
        description=[f"{STRAND_LABELS[s.strand]} — {s.when}: {s.title} ({s.ref})" for s in steps])
