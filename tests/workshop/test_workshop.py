"""The workshop report on a synthetic class with every kind of broken file: which files are
used and why the others are not, and every figure of the report against an independent
computation (pingouin for the ICCs, a reference Krippendorff's alpha written here, counts
from what the class generator built). Also: the JSON summary, escaping, the key file."""

import json
import statistics
from collections import Counter

import pandas as pd
import pingouin
import pytest
from conftest import ANGIE, REN, ROOT
from ruamel.yaml import YAML
from workshop_class import make_class

from widgets import cli, load_case
from widgets.case.errors import CaseFileError
from widgets.case.loader import load_key
from widgets.case.vocabulary import MASA_SCALES
from widgets.workshop.consensus import consensus_dot
from widgets.workshop.page import ReportPage, render_report
from widgets.workshop.report import build_report


@pytest.fixture(scope="module")
def workshop(angie, tmp_path_factory):
    built = make_class(tmp_path_factory.mktemp("class"), angie)
    return built, build_report(built.folder, angie)


def test_every_broken_file_is_set_aside_with_its_reason(workshop):
    built, report = workshop
    reasons = {s["file"]: s["reason"] for s in report.skipped}
    assert set(reasons) == set(built.broken)
    for name, expected in built.broken.items():
        assert reasons[name].startswith(expected), (name, reasons[name])
    assert report.files_seen == built.files
    assert report.files_used == built.files - len(built.broken)
    assert report.by_kind == {"chain": 12, "ratings": 12, "schema": 12, "self-states": 12}


def test_each_students_agreement_with_the_key_matches_pingouin(workshop, angie):
    built, report = workshop
    items = [(v.id, s.id) for v in angie.vignettes for s in MASA_SCALES]
    key = {(v.id, s.id): getattr(v.reference, s.id).rating
           for v in angie.vignettes for s in MASA_SCALES}
    rows = {a.student: a for a in report.ratings.agreement}
    assert set(rows) == set(built.ratings)
    for student, ratings in built.ratings.items():
        row = rows[student]
        rated = [i for i in items if i in ratings]
        assert row.items_rated == len(rated)
        if len(rated) < 3:
            assert row.icc is None and row.band == "not computable"
            continue
        long = pd.DataFrame(
            [(n, "student", ratings[i]) for n, i in enumerate(rated)]
            + [(n, "key", key[i]) for n, i in enumerate(rated)],
            columns=["item", "rater", "score"])
        expected = pingouin.intraclass_corr(long, "item", "rater", "score").set_index(
            "Type").loc["ICC(A,1)"]
        assert row.icc == pytest.approx(expected["ICC"], abs=1e-4)
        assert [round(row.ci_low, 2), round(row.ci_high, 2)] == pytest.approx(
            list(expected["CI95"]), abs=0.011)
        band = ("poor" if row.icc < 0.5 else "moderate" if row.icc < 0.75
                else "good" if row.icc < 0.9 else "excellent")
        assert row.band == band
        spans = {("poor" if v < 0.5 else "moderate" if v < 0.75 else "good" if v < 0.9
                  else "excellent") for v in (row.ci_low, row.ci_high)}
        assert set(row.band_ci.split(" to ")) == spans
        bias = sum(ratings[i] - key[i] for i in rated) / len(rated)
        assert row.mean_bias == pytest.approx(bias, abs=1e-4)


def test_the_outlier_is_the_student_who_rated_at_random(workshop, angie):
    built, report = workshop
    items = [(v.id, s.id) for v in angie.vignettes for s in MASA_SCALES]
    medians = {i: statistics.median([r[i] for r in built.ratings.values() if i in r])
               for i in items}
    distance = {student: statistics.fmean(abs(r[i] - medians[i]) for i in r)
                for student, r in built.ratings.items()}
    q1, _q2, q3 = statistics.quantiles(distance.values(), n=4, method="inclusive")
    expected = {s for s, d in distance.items() if d > q3 + 1.5 * (q3 - q1)}
    rows = {a.student: a for a in report.ratings.agreement}
    for student, value in distance.items():
        assert rows[student].distance_from_class == pytest.approx(value, abs=1e-4)
    assert {s for s, a in rows.items() if a.outlier} == expected == {"Student 001"}


def reference_ordinal_alpha(units: list[list[int]]) -> float:
    """Krippendorff's alpha, ordinal, from the coincidence matrix (Krippendorff 2011)."""
    values = sorted({v for unit in units for v in unit})
    coincidence = Counter()
    for unit in units:
        m = len(unit)
        if m < 2:
            continue
        for a in range(m):
            for b in range(m):
                if a != b:
                    coincidence[(unit[a], unit[b])] += 1 / (m - 1)
    marginal = {c: sum(coincidence[(c, k)] for k in values) for c in values}
    n = sum(marginal.values())

    def delta(c, k):
        low, high = min(c, k), max(c, k)
        between = sum(marginal[g] for g in values if low <= g <= high)
        return (between - (marginal[c] + marginal[k]) / 2) ** 2

    observed = sum(coincidence[(c, k)] * delta(c, k) for c in values for k in values)
    expected = sum(marginal[c] * marginal[k] * delta(c, k) for c in values for k in values)
    return 1 - (n - 1) * observed / expected


def test_agreement_among_students_matches_a_reference_alpha(workshop, angie):
    built, report = workshop
    for scale, summary in zip(MASA_SCALES, report.ratings.scales, strict=True):
        units = [[r[(v.id, scale.id)] for r in built.ratings.values() if (v.id, scale.id) in r]
                 for v in angie.vignettes]
        alpha = reference_ordinal_alpha(units)
        assert summary.alpha == pytest.approx(alpha, abs=1e-4)
        assert summary.alpha_reading == ("acceptable" if alpha >= 0.8 else
                                         "tentative conclusions only" if alpha >= 0.667
                                         else "too low for conclusions")


def test_distributions_count_every_rating(workshop, angie):
    built, report = workshop
    for scale, summary in zip(MASA_SCALES, report.ratings.scales, strict=True):
        for vignette, row in zip(angie.vignettes, summary.vignettes, strict=True):
            given = Counter(r[(vignette.id, scale.id)] for r in built.ratings.values()
                            if (vignette.id, scale.id) in r)
            assert {int(k): v for k, v in row["counts"].items() if v} == dict(given)
            assert row["reference"] == getattr(vignette.reference, scale.id).rating
    values = sorted(a.icc for a in report.ratings.agreement if a.icc is not None)
    assert report.ratings.median_icc == pytest.approx(statistics.median(values), abs=1e-4)


def test_schema_tallies_and_the_consensus_count_students(workshop, angie):
    built, report = workshop
    (schema,) = report.schemas
    key = angie.schema()
    assert schema.students == len(built.schemas)
    matched = {t.published: t.matched for t in schema.items}
    for field, published in [("wish", [key.wish.text])] + [
            (e, [i.text for i in items]) for e, items in (
                ("negative_self_image", key.negative_self_image),
                ("expected_response_of_other", key.expected_response_of_other),
                ("reactions_of_self", key.reactions_of_self),
                ("coping_interpersonal", key.coping.interpersonal),
                ("coping_intrapsychic", key.coping.intrapsychic),
                ("alternative_self_image", key.alternative_self_image),
                ("hoped_response_of_other", key.hoped_response_of_other))]:
        for text in published:
            expected = sum(text in chosen[field] for chosen in built.schemas.values())
            assert matched[text] == expected, (field, text)
            node = [n for n in schema.nodes if n.element == field and n.text == text]
            if expected:
                assert node[0].students == expected and node[0].published
                assert f"({'published; '}{expected} of {schema.students})" in consensus_dot(
                    schema, "t")
    wish, image = key.wish.text, key.negative_self_image[0].text
    both = sum(wish in c["wish"] and image in c["negative_self_image"]
               for c in built.schemas.values())
    index = {(n.element, n.text): i for i, n in enumerate(schema.nodes)}
    edge = next(e for e in schema.edges if (e["from"], e["to"]) == (
        index[("wish", wish)], index[("negative_self_image", image)]))
    assert edge["students"] == both


def test_chain_and_self_state_tallies(workshop, angie):
    built, report = workshop
    tallies = {t.kind: t for t in report.others}
    chain = tallies["chain"]
    for position, step in enumerate(angie.episodes[0].steps):
        right = sum(stages[position] == step.stage for stages in built.chains.values())
        other = sum(stages[position] in step.also_accept for stages in built.chains.values())
        assert chain.rows[position]["tagged_right"] == right + other
        assert chain.rows[position]["defensible"] == other
        assert chain.rows[position]["of"] == len(built.chains)
    assert any(row["defensible"] for row in chain.rows), "no alternative stage in the class"
    row = next(row for row in chain.rows if row["defensible"])
    assert (f"{row['tagged_right']} of {row['of']} ({row['defensible']} with a defensible "
            "alternative)") in render_report(report, angie)
    found = {r["published"]: r["found"] for r in tallies["self-states"].rows}
    for state in angie.formulation.self_states:
        assert found[state.name] == sum(state.name in s for s in built.states.values())


def test_the_plain_summary_reads_aloud(workshop):
    _built, report = workshop
    text = " ".join(report.summary)
    assert report.files_seen == report.files_used + len(report.skipped)
    assert text.startswith(f"We read {report.files_seen} files: {report.files_used} counted "
                           f"and {len(report.skipped)} set aside")
    assert "median ICC" in text and "Krippendorff's alpha" in text
    assert "1 student rated far from the rest of the class" in text


def test_the_command_writes_html_and_json(workshop, tmp_path, capsys):
    built, report = workshop
    html_path, json_path = tmp_path / "report.html", tmp_path / "report.json"
    status = cli.main(["workshop", "report", str(built.folder), "--case", str(ANGIE),
                       "--out", str(html_path), "--json", str(json_path)])
    assert status == 0
    assert f"{report.files_used} of {report.files_seen} files used" in capsys.readouterr().err
    data = json.loads(json_path.read_text("utf-8"))
    assert data["ratings"]["median_icc"] == report.ratings.median_icc
    assert [a["icc"] for a in data["ratings"]["agreement"]] == [
        a.icc for a in report.ratings.agreement]
    page = html_path.read_text("utf-8")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page


def test_the_report_in_a_notebook(workshop, angie):
    _built, report = workshop
    page = ReportPage(report, angie)
    assert page._repr_html_().startswith("<main>") and repr(page).startswith("We read")


def test_a_folder_that_is_not_there_is_a_clear_error(capsys, tmp_path):
    assert cli.main(["workshop", "report", str(tmp_path / "nope"), "--case", str(ANGIE),
                     "--out", str(tmp_path / "r.html")]) == 1
    message = f"{tmp_path / 'nope'} is not a folder of response files"
    assert capsys.readouterr().err.strip() == message


def test_a_class_of_another_case_and_an_empty_folder(tmp_path):
    ren = load_case(REN)
    built = make_class(tmp_path / "ren", ren, students=5, broken=False)
    report = build_report(built.folder, ren)
    assert report.files_used == built.files and report.ratings.students == 5
    empty = build_report(_mkdir(tmp_path / "empty"), ren)
    assert empty.files_seen == 0 and empty.ratings is None
    assert "No ratings or schemas" in " ".join(empty.summary)
    assert "<main>" in render_report(empty, ren)


def _mkdir(path):
    path.mkdir()
    return path


# --- keys kept from students --------------------------------------------------------------------
@pytest.fixture
def students_copy(tmp_path):
    """Angie's case file as students would receive it: no reference ratings."""
    yaml = YAML()
    data = yaml.load(ANGIE.read_text("utf-8"))
    key = {"format": 1, "case_id": data["id"], "vignettes": {}}
    for vignette in data["vignettes"]:
        key["vignettes"][vignette["id"]] = vignette.pop("reference")
    case_path, key_path = tmp_path / "angie-students.yaml", tmp_path / "angie-key.yaml"
    with case_path.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream)
    with key_path.open("w", encoding="utf-8") as stream:
        yaml.dump(key, stream)
    return case_path, key_path


def test_the_students_copy_has_no_key_and_the_trainers_key_restores_it(
        students_copy, workshop, angie):
    built, report = workshop
    case_path, key_path = students_copy
    students = load_case(case_path)
    assert all(v.reference is None for v in students.vignettes)
    assert "rationale" not in case_path.read_text("utf-8")
    without_key = build_report(built.folder, students)
    assert without_key.ratings.keyed_items == 0
    assert {a.band for a in without_key.ratings.agreement} == {"no key"}
    keyed = load_key(key_path, students)
    assert keyed.vignettes == angie.vignettes
    with_key = build_report(built.folder, keyed)
    assert [a.icc for a in with_key.ratings.agreement] == [
        a.icc for a in report.ratings.agreement]


def test_the_command_takes_a_key(students_copy, workshop, tmp_path):
    built, _report = workshop
    case_path, key_path = students_copy
    out = tmp_path / "r.json"
    assert cli.main(["workshop", "report", str(built.folder), "--case", str(case_path),
                     "--key", str(key_path), "--out", str(tmp_path / "r.html"),
                     "--json", str(out)]) == 0
    assert json.loads(out.read_text("utf-8"))["ratings"]["keyed_items"] == 28


@pytest.mark.parametrize("edit, message", [
    (lambda k: k.update(case_id="ren"),
     "  line 2, at case_id\n    expected: the id of the case, 'angie'\n    found:    'ren'"),
    (lambda k: k["vignettes"].update({"made-up": k["vignettes"]["unanswered-call"]}),
     "at vignettes.made-up\n    expected: the id of a vignette of the case"),
    (lambda k: k["vignettes"]["unanswered-call"]["mastery"].update(rating=12),
     "at vignettes.unanswered-call.mastery.rating"),
    (lambda k: k["vignettes"]["unanswered-call"].update(mastery={"rating": 9, "rationale": "x"}),
     "a rating the teaching rubric allows"),
    (lambda k: k.update(format=2), "at format"),
])
def test_a_broken_key_file_is_reported(students_copy, edit, message):
    case_path, key_path = students_copy
    yaml = YAML()
    key = yaml.load(key_path.read_text("utf-8"))
    edit(key)
    with key_path.open("w", encoding="utf-8") as stream:
        yaml.dump(key, stream)
    with pytest.raises(CaseFileError) as caught:
        load_key(key_path, load_case(case_path))
    assert str(caught.value).startswith("Invalid key file")
    assert message in str(caught.value)


def test_keys_never_reach_the_book():
    config = YAML(typ="safe").load((ROOT / "_config.yml").read_text("utf-8"))
    assert "keys/**" in config["exclude_patterns"]
    assert "keys/" in (ROOT / ".gitignore").read_text("utf-8").split()


def test_no_nan_reaches_the_json(workshop):
    """Students without an ICC get null, not NaN (which is not JSON)."""
    _built, report = workshop
    data = json.loads(json.dumps(report.to_json(), allow_nan=False))
    too_few = next(a for a in data["ratings"]["agreement"] if a["student"] == "Student 003")
    assert too_few["icc"] is None and too_few["items_rated"] == 2


def test_exported_responses_satisfy_the_published_json_schema(workshop):
    import jsonschema

    built, _report = workshop
    schema = json.loads((ROOT / "cases" / "response.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    good = [p for p in built.folder.glob("*-0*.json") if "earlier" not in p.name]
    assert len(good) == 48
    for path in good:
        validator.validate(json.loads(path.read_text("utf-8")))
    for name in ("foreign.json", "future.json", "odd-kind.json", "bad-rating.json"):
        data = json.loads((built.folder / name).read_text("utf-8"))
        assert not validator.is_valid(data), name


def test_the_charts_draw_every_count_and_reference(workshop):
    import xml.etree.ElementTree as ET

    from widgets.workshop.charts import distribution_figure, icc_figure

    _built, report = workshop
    ns = "{http://www.w3.org/2000/svg}"
    root = ET.fromstring(distribution_figure(report.ratings).svg_text)
    assert len(root.findall(f".//{ns}polygon")) == report.ratings.keyed_items  # diamonds
    drawn = sum(1 for scale in report.ratings.scales for v in scale.vignettes
                for n in v["counts"].values() if n)
    assert len(root.findall(f".//{ns}circle")) == drawn
    strip = ET.fromstring(icc_figure(report.ratings).svg_text)
    with_icc = sum(a.icc is not None for a in report.ratings.agreement)
    assert len(strip.findall(f".//{ns}circle")) == with_icc
