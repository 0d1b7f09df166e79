"""The workshop report as one self-contained HTML page.

Everything a student wrote (pseudonyms, items, file names) is escaped; diagrams are SVG made
by Graphviz from escaped labels and charts carry no student text. The page also forbids
scripts outright (Content-Security-Policy), so even a mistake in escaping could not run one.
Control characters (which Graphviz can also make from a character reference in a label)
never reach the page: they are written as visible escapes such as \\x01.

The page is always written: a part that fails (a diagram Graphviz cannot draw, a summary
that could not be computed) says so in its place, and the rest of the report is complete.
"""

from __future__ import annotations

import html
import re

from ..case.model import Case
from ..diagrams.render import RenderError, draw_ahead
from .charts import distribution_figure, icc_figure
from .consensus import consensus_figure
from .report import PART_NAMES, RatingsSummary, WorkshopReport, build_report

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
STYLE = """
body { font-family: system-ui, sans-serif; max-width: 70em; margin: 1em auto; padding: 0 1em;
       line-height: 1.45; color: #222; }
table { border-collapse: collapse; margin: 0.8em 0; }
th, td { border-bottom: 1px solid #ccc; padding: 0.25em 0.7em 0.25em 0; text-align: left;
         vertical-align: top; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.3em; }
figure { margin: 1em 0; } figcaption { font-style: italic; }
.summary { background: #f3f6fa; border-left: 4px solid #3b5b82; padding: 0.6em 1em; }
.flag { font-weight: bold; }
.problem { border-left: 4px solid #a33; padding: 0.3em 0.8em; }
"""


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _problem(message: str) -> str:
    return f"<p class='problem'>{_e(message)}</p>"


def _why(error: Exception) -> str:
    if isinstance(error, RenderError):
        return str(error)  # already written for a reader
    if isinstance(error, UnicodeDecodeError):  # Graphviz decoded a reference such as &#xd800;
        return "Graphviz made text that is not UTF-8 from a character reference in a name"
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= 200 else text[:199] + "…"


def _drawn(what: str, make) -> str:
    """A figure as HTML, or a note in its place if it cannot be built or drawn (Graphviz can
    fail on what a class wrote, e.g. with output that is not UTF-8)."""
    try:
        return make()._repr_html_()
    except Exception as error:
        return _problem(f"The {what} could not be drawn ({_why(error)}). The tables give the "
                        "same counts.")


def _section(what: str, make) -> str:
    try:
        return make()
    except Exception as error:
        return _problem(f"The {what} could not be shown ({_why(error)}); the rest of the "
                        "report is complete.")


def _num(value, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _table(caption: str, header: list[str], rows: list[list]) -> str:
    head = "".join(f"<th scope='col'>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>"
                   for row in rows)
    return (f"<table><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>")


def ratings_section(ratings: RatingsSummary) -> str:
    parts = ["<h2>Metacognition ratings</h2>",
             f"<p>{ratings.students} students; {ratings.keyed_items} rated items have a "
             "reference. Agreement with the reference is ICC(2,1): two-way random effects, "
             "absolute agreement, single rater, over the items each student rated, with its 95% "
             "confidence interval; bands after Koo &amp; Li (2016), for the point estimate "
             "and, as they advise, for the whole interval. Mean bias is the student's rating "
             "minus the reference, averaged (positive: more "
             "generous). An outlier rated much further from the class median than the rest of "
             "the class (Tukey's fence on the mean distance).</p>"]
    parts.append(_drawn("chart of the ratings", lambda: distribution_figure(ratings)))
    if ratings.keyed_items:
        parts.append(_drawn("chart of agreement", lambda: icc_figure(ratings)))
    parts.append(_table(
        "Agreement among students, per scale (Krippendorff's alpha, ordinal)",
        ["Scale", "Alpha", "Reading (Krippendorff 2004)"],
        [[s.label, _num(s.alpha), s.alpha_reading] for s in ratings.scales]))
    parts.append(_table(
        "Each student's agreement with the reference",
        ["Student", "Items rated", "ICC(2,1)", "95% CI", "Band", "Bands the CI spans",
         "Mean bias", "Distance from class", "Outlier", "File"],
        [[a.student, a.items_rated, _num(a.icc),
          "—" if a.ci_low is None else f"{a.ci_low:.2f} to {a.ci_high:.2f}", a.band,
          a.band_ci,
          "—" if a.mean_bias is None else f"{a.mean_bias:+.2f}", _num(a.distance_from_class),
          "yes" if a.outlier else "", a.file] for a in ratings.agreement]))
    return "".join(parts)


def schema_sections(report: WorkshopReport, case: Case) -> str:
    parts = []
    for schema in report.schemas:
        parts.append(f"<h2>Schema: {_e(schema.exercise)}</h2>"
                     f"<p>{schema.students} students; {schema.motive_matches} chose the "
                     "published motive system.</p>")
        parts.append(_table(
            "Published items: how many students matched them",
            ["Element", "Published item", "Matched", "Close", "Missing", "Source"],
            [[t.element, t.published, t.matched, t.close, t.missing, t.ref]
             for t in schema.items]))
        parts.append(_drawn("class consensus diagram",
                            lambda schema=schema: consensus_figure(schema, case.person.pseudonym)))
    return "".join(parts)


def other_sections(report: WorkshopReport) -> str:
    parts = []
    for tally in report.others:
        if tally.kind == "self-states":
            parts.append(f"<h2>Self-states: {_e(tally.exercise)}</h2>")
            parts.append(_table(f"Published states and shifts found ({tally.students} students)",
                                ["Published", "Found", "Missing"],
                                [[r["published"], r["found"], r["missing"]]
                                 for r in tally.rows]))
        elif tally.kind == "experiment":
            parts.append(f"<h2>Behavioural experiments: {_e(tally.exercise)}</h2>")
            parts.append(_table(f"Parts of the plans written ({tally.students} students; "
                                "no key: a plan is read for its shape)",
                                ["Part", "Written", "As a good plan has it"],
                                [[r["part"], f"{r['written']} of {r['of']}",
                                  f"{r['as_planned']} of {r['of']}"] for r in tally.rows]))
        else:
            parts.append(f"<h2>Episode chain: {_e(tally.exercise)}</h2>")
            parts.append(_table(f"Steps tagged as in the case file ({tally.students} students)",
                                ["Step", "What happens", "Stage in the case file",
                                 "Tagged so"],
                                [[r["step"], r["text"], r["stage"],
                                  f"{r['tagged_right']} of {r['of']}"
                                  + (f" ({r['defensible']} with a defensible alternative)"
                                     if r.get("defensible") else "")] for r in tally.rows]))
    return "".join(parts)


def students_section(report: WorkshopReport) -> str:
    """Who the files came from: every file counted is listed under its student."""
    parts = [f"<h2>Students</h2><p>{report.students} students, told apart by the learner id "
             "each file carries (files saved before there were ids: by pseudonym).</p>"]
    if report.clashes:
        parts.append(_table(
            "Pseudonyms chosen by more than one student (counted apart)",
            ["Pseudonym", "Students", "Files"],
            [[c["pseudonym"], "; ".join(c["students"]), "; ".join(c["files"])]
             for c in report.clashes]))
    parts.append(_table(
        "Files counted, by student", ["Student", "Learner id", "Files"],
        [[r["student"], r["learner_id"] or "—",
          "; ".join(f"{f['file']} ({f['kind']})" for f in r["files"])]
         for r in report.roster]))
    if report.unidentified:
        parts.append(_table(
            "Files counted without a learner id or a pseudonym (not counted as students)",
            ["File", "Kind", "Exercise"],
            [[f["file"], f["kind"], f["exercise"]] for f in report.unidentified]))
    return "".join(parts)


def render_report(report: WorkshopReport, case: Case) -> str:
    summary = "".join(f"<p>{_e(line)}</p>" for line in report.summary)
    kinds = ", ".join(f"{n} {kind}" for kind, n in report.by_kind.items()) or "none"
    skipped = _table("Files set aside", ["File", "Why"],
                     [[s["file"], s["reason"]] for s in report.skipped]) if report.skipped \
        else "<p>No file was set aside.</p>"
    body = [
        f"<h1>Workshop report: {_e(case.person.pseudonym)} ({_e(case.title)})</h1>",
        f"<p>Folder {_e(report.folder)}; {report.files_seen} files read = "
        f"{report.files_used} counted ({_e(kinds)}) + {len(report.skipped)} set aside; "
        f"workbook {_e(report.workbook_version)}. The reference answers are "
        "teaching keys" + (" (the ratings of invented vignettes are simulated)"
                           if any(v.fictional for v in case.vignettes) else "")
        + ", not a standard of truth.</p>",
        f"<section class='summary' aria-label='Summary to read aloud'><h2>In brief</h2>"
        f"{summary}</section>",
        *(_problem(f"The {PART_NAMES[p['part']]} could not be summarised ({p['reason']}); "
                   "the rest of the report is complete.") for p in report.problems),
        _section("ratings", lambda: ratings_section(report.ratings)) if report.ratings else "",
        _section("schema exercises", lambda: schema_sections(report, case)),
        _section("self-state and chain exercises", lambda: other_sections(report)),
        _section("list of students", lambda: students_section(report)),
        "<h2>Files set aside</h2>", skipped,
    ]
    return printable(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>Workshop report: {_e(case.person.pseudonym)}</title>"
        f"<style>{STYLE}</style></head><body><main>" + "".join(body)
        + "</main></body></html>\n")


# Characters a page must not carry raw: C0 and C1 controls but tab and line ends, and lone
# surrogates (which cannot be written as UTF-8); and character references to them, or to no
# character at all.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_REFERENCE = re.compile(r"&#([xX][0-9a-fA-F]+|[0-9]+);?")


def printable(page: str) -> str:
    """The page with unsafe characters written as visible escapes (\\x01, \\ud800) and
    references to them replaced by U+FFFD."""
    page = _UNSAFE.sub(lambda m: _visible(m[0]), page)
    return _REFERENCE.sub(_checked_reference, page)


def _visible(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _checked_reference(match: re.Match) -> str:
    digits = match[1]
    hexadecimal = digits[0] in "xX"
    digits = (digits[1:] if hexadecimal else digits).lstrip("0") or "0"
    code = int(digits, 16 if hexadecimal else 10) if len(digits) <= 8 else -1
    allowed = (code in (0x9, 0xA, 0xD) or 0x20 <= code < 0x7F
               or (0xA0 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF))
    return match[0] if allowed else "&#xFFFD;"


def workshop_page(folder, case: Case) -> tuple[WorkshopReport, str]:
    """The report and its HTML page; the consensus diagrams are drawn while the statistics
    are computed."""
    def draw_early(schemas) -> None:
        for schema in schemas:
            try:
                draw_ahead(consensus_figure(schema, case.person.pseudonym).dot)
            except Exception:  # only a head start: the page says why when it draws it
                continue

    report = build_report(folder, case, on_schemas=draw_early)
    return report, render_report(report, case)


class ReportPage:
    """The report in a notebook: `ReportPage(build_report(folder, case), case)` as a cell's
    last line shows it (the page's own styles are left out so they do not restyle JupyterLab)."""

    def __init__(self, report: WorkshopReport, case: Case):
        self.report, self.case = report, case

    def _repr_html_(self) -> str:
        page = render_report(self.report, self.case)
        return page[page.index("<main>"): page.index("</main>") + len("</main>")]

    def __repr__(self) -> str:
        return "\n".join(self.report.summary)
