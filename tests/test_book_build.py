"""The whole book builds with warnings as errors, executing every chapter, and every page
listed in _toc.yml is in the output."""

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from ruamel.yaml import YAML


def toc_files(node) -> list[str]:
    files = []
    if isinstance(node, dict):
        if "file" in node:
            files.append(node["file"])
        if "root" in node:
            files.append(node["root"])
        for value in node.values():
            files += toc_files(value)
    elif isinstance(node, list):
        for item in node:
            files += toc_files(item)
    return files


@pytest.fixture(scope="module")
def built_book(tmp_path_factory):
    out = tmp_path_factory.mktemp("book")
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run(
        [str(jupyter_book), "build", str(ROOT), "--path-output", str(out), "--all",
         "-W", "-n", "--keep-going"],
        capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return out / "_build" / "html"


@pytest.mark.book
def test_every_toc_entry_has_a_page(built_book):
    toc = YAML(typ="safe").load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = toc_files(toc)
    assert "chapters/01-meet-angie" in files
    for name in files:
        assert (built_book / f"{name}.html").is_file(), name
    assert (built_book / "index.html").is_file()


@pytest.mark.book
def test_every_chapter_notebook_is_in_the_toc():
    toc = set(toc_files(YAML(typ="safe").load((ROOT / "_toc.yml").read_text())))
    chapters = {f"chapters/{p.stem}" for p in (ROOT / "chapters").glob("*.ipynb")}
    assert chapters <= toc


@pytest.mark.book
def test_chapter_page_shows_tables_and_the_timeline_with_its_description(built_book):
    page = (built_book / "chapters" / "01-meet-angie.html").read_text(encoding="utf-8")
    assert page.count("<table") >= 6
    assert '<figure class="workbook-figure">' in page and "<svg" in page
    assert "<summary>Text description</summary>" in page
    assert "Traceback" not in page


@pytest.mark.book
def test_footer_names_the_licence(built_book):
    page = (built_book / "book" / "intro.html").read_text(encoding="utf-8")
    assert "Text CC BY 4.0, code MIT" in page


@pytest.mark.book
def test_schema_chapter_shows_the_published_diagram_and_the_widgets_state(built_book):
    page = (built_book / "chapters" / "02-interpersonal-schemas.html").read_text(encoding="utf-8")
    assert "EXPECTED RESPONSE OF THE OTHER" in page and "Dashed rounded box, dashed arrow" in page
    assert "<summary>Text description</summary>" in page
    assert "application/vnd.jupyter.widget-state+json" in page  # the builder, from saved state
    assert "Traceback" not in page


@pytest.mark.book
def test_metacognition_chapter_shows_the_profile_plot_and_the_rater(built_book):
    page = (built_book / "chapters" / "03-impaired-metacognition.html").read_text(
        encoding="utf-8")
    assert "Decentration (0–3)" in page  # the profile chart's own text, inline SVG
    assert "Metacognition profile: simulated reference ratings." in page
    assert "<summary>Text description</summary>" in page
    assert "application/vnd.jupyter.widget-state+json" in page  # the rater, from saved state
    assert "simplified teaching adaptation" in page
