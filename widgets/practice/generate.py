"""Writing a case's practice notebooks: checked folder, executed notebooks, an index.

Each notebook is executed before it is written (nbclient, in the output folder, with the
learners' saves going to a scratch folder) so it opens with its widget drawn and its state
saved, and passes strict nbval as written. Everything is executed before anything is
written: a notebook that fails to run leaves the folder as it was.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat.v4 import new_markdown_cell, new_notebook

from ..case.model import Case
from ..work.store import DEFAULT_WORK_DIR_ENV, atomic_write_text
from .markdown import markdown_text as md
from .notebooks import Plan, Practice, about_the_case, plan

INDEX = "00-index.ipynb"
KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
TIMEOUT = 180  # seconds per cell: a first import of the workbook on a slow, busy machine


class PracticeRefused(Exception):
    """The notebooks cannot be written as asked; the message says why, and that nothing was."""


@dataclass(frozen=True)
class Written:
    folder: Path
    notebooks: list[str]  # file names, index first
    plan: Plan
    seconds: float


def file_names(practice_plan: Plan) -> list[str]:
    return [f"{n:02d}-{p.name}.ipynb" for n, p in enumerate(practice_plan.notebooks, 1)]


def case_path_from(folder: Path, case_file: Path) -> str:
    """How a notebook in `folder` names the case file: relative, so the folder and the case
    can move together (a repository on a hub); absolute when no relative path exists."""
    try:
        return Path(os.path.relpath(case_file.resolve(), folder.resolve())).as_posix()
    except ValueError:  # another drive (Windows)
        return case_file.resolve().as_posix()


def check_folder(folder: Path, case_file: Path, names: list[str], force: bool) -> None:
    def refuse(reason: str) -> PracticeRefused:
        return PracticeRefused(f"Cannot write practice notebooks to {folder}: {reason}. "
                               "Nothing was written.")

    if folder.exists() and not folder.is_dir():
        raise refuse("it is not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise refuse("the folder is not empty; choose a new or empty folder, or add --force to "
                     "write over the practice notebooks in it (other files are left alone)")
    for name in names:
        target = folder / name
        if target.exists() and os.path.samefile(target, case_file):
            raise refuse(f"{name} would replace the case file {case_file}")
        if target.is_symlink() or (target.exists() and not target.is_file()):
            raise refuse(f"{name} is there already and is not a regular file")


def as_notebook(cells: list) -> nbformat.NotebookNode:
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = KERNEL
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook


def index_notebook(case: Case, practice_plan: Plan, names: list[str],
                   case_path: str) -> nbformat.NotebookNode:
    lines = [f"# {md(case.title)}: practice notebooks", "", about_the_case(case), "",
             "Open a notebook and run it (**Run → Run All Cells**). Work is saved as you go "
             "in the `work` folder beside the notebooks; **Export JSON** writes the file your "
             "trainer collects.", "", "## The notebooks", ""]
    lines += [f"{n}. [{md(p.heading)}]({name}): {md(p.purpose)}"
              for n, (p, name) in enumerate(zip(practice_plan.notebooks, names, strict=True), 1)]
    trainer = [f"The notebooks read the case file at `{md(case_path)}` (relative to this "
               "folder): keep the two together, or generate the notebooks again with "
               "`workbook practice`."]
    if practice_plan.not_offered:
        trainer += ["", "Not generated, because the case file lacks what the exercise needs:", ""]
        trainer += [f"- {md(item.exercise)}: {item.reason}."
                    for item in practice_plan.not_offered]
    if practice_plan.notes:
        trainer += [""] + [f"- {note}" for note in practice_plan.notes]
    return as_notebook([new_markdown_cell("\n".join(lines)),
                        new_markdown_cell("## For the trainer\n\n" + "\n".join(trainer))])


def execute(notebook: nbformat.NotebookNode, folder: Path, work_dir: Path, name: str) -> None:
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    # The kernel logs errors only: over its loopback connection it warns, once per notebook,
    # that nothing is encrypted, a line a trainer should not have to read.
    client = NotebookClient(notebook, timeout=TIMEOUT, kernel_name=KERNEL["name"],
                            extra_arguments=["--IPKernelApp.log_level=ERROR"],
                            resources={"metadata": {"path": str(folder)}})
    try:
        # The kernel's own stderr is not the trainer's to read (libzmq may print an assertion
        # as a kernel shuts down); a cell's error comes back through the protocol instead.
        client.execute(env={**os.environ, DEFAULT_WORK_DIR_ENV: str(work_dir)},
                       stderr=subprocess.DEVNULL)
    except CellExecutionError as error:
        raise PracticeRefused(f"The practice notebook {name} stopped with an error while it "
                              f"ran ({error.ename}: {error.evalue}). Nothing was "
                              "written.") from None
    except NoSuchKernel:
        raise PracticeRefused("No Python kernel to run the practice notebooks (install "
                              "ipykernel in this environment). Nothing was written.") from None
    except (DeadKernelError, TimeoutError, RuntimeError) as error:
        raise PracticeRefused(f"The practice notebook {name} could not run ({error}). Nothing "
                              "was written.") from None


def write_practice(case: Case, case_file: str | Path, folder: str | Path,
                   force: bool = False) -> Written:
    """Generate, execute and write every practice notebook `case` supports, and the index."""
    started = time.perf_counter()
    folder, case_file = Path(folder), Path(case_file)
    case_path = case_path_from(folder, case_file)
    practice_plan = plan(case, case_path)
    names = file_names(practice_plan)
    check_folder(folder, case_file, [INDEX, *names], force)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise PracticeRefused(f"Cannot make the folder {folder}: "
                              f"{error.strerror or error}. Nothing was written.") from None
    notebooks = {INDEX: index_notebook(case, practice_plan, names, case_path)}
    with tempfile.TemporaryDirectory(prefix="workbook-practice-") as scratch:
        for name, practice in zip(names, practice_plan.notebooks, strict=True):
            notebooks[name] = _executed(practice, folder, Path(scratch) / name, name)
    for name, notebook in notebooks.items():
        nbformat.validate(notebook)
        try:
            atomic_write_text(folder / name, nbformat.writes(notebook) + "\n")
        except OSError as error:
            raise PracticeRefused(f"Cannot write {folder / name}: {error.strerror or error}. "
                                  "The notebooks before it were written.") from None
    return Written(folder, list(notebooks), practice_plan, time.perf_counter() - started)


def _executed(practice: Practice, folder: Path, work_dir: Path,
              name: str) -> nbformat.NotebookNode:
    notebook = as_notebook(practice.cells)
    work_dir.mkdir()
    execute(notebook, folder, work_dir, name)
    return notebook
