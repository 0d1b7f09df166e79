"""Every chapter opens in JupyterLab with a first cell that says how to run it, kept out of the
published book (Jupyter Book drops cells tagged remove-cell), and readable without a MyST
renderer: plain Markdown, no directive or role."""

import json

import pytest
from conftest import ROOT

CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


def first_cell(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"][0]


def has_exercises(path) -> bool:
    """A chapter with an exercise saves its widgets' state in the notebook's metadata."""
    return "widgets" in json.loads(path.read_text(encoding="utf-8"))["metadata"]


def test_there_are_chapters():
    assert len(CHAPTERS) >= 10


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_first_cell_tells_a_lab_reader_how_to_run_the_chapter(path):
    cell = first_cell(path)
    text = " ".join("".join(cell["source"]).split())  # as rendered: line breaks are spaces
    assert cell["cell_type"] == "markdown"
    assert "remove-cell" in cell["metadata"].get("tags", [])
    assert "Run ▸ Run All Cells" in text
    assert "```" not in text and "{" not in text  # reads the same with or without MyST
    if has_exercises(path):
        assert "`work/`" in text and "`work/exports/`" in text and "Download" in text

