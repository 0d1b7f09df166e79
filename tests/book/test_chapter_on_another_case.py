"""A chapter written for Angie, pointed at another case: it stops at the first id the case
lacks with one sentence naming the id, the case file and what it has, never a traceback."""

import nbformat
import pytest
from conftest import REN, ROOT
from nbclient import NotebookClient


@pytest.mark.parametrize("chapter, wanted", [
    ("05-emotion-dysregulation-and-impulsivity.ipynb", "no episode 'phone-call'"),
    ("07-shared-formulation-and-contract.ipynb",
     "no step of the treatment course 'shared-formulation'"),
])
def test_a_chapter_on_a_case_without_its_ids_stops_with_one_sentence(chapter, wanted, tmp_path,
                                                                    monkeypatch):
    notebook = nbformat.read(ROOT / "chapters" / chapter, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.source = cell.source.replace('"../cases/angie.yaml"', repr(str(REN)))
    monkeypatch.setenv("WORKBOOK_WORK_DIR", str(tmp_path))  # the kernel inherits it
    NotebookClient(notebook, timeout=180, allow_errors=True, kernel_name="python3",
                   extra_arguments=["--IPKernelApp.log_level=ERROR"],
                   resources={"metadata": {"path": str(ROOT / "chapters")}}).execute()
    errors = [output for cell in notebook.cells if cell.cell_type == "code"
              for output in cell.outputs if output.output_type == "error"]
    assert errors, "the chapter ran on a case without its ids"
    first = errors[0]
    assert first.traceback == [first.traceback[0]]  # one line: the message, no frames
    assert wanted in first.traceback[0] and str(REN.name) in first.traceback[0]
    assert "it has:" in first.traceback[0] and "Traceback" not in first.traceback[0]
