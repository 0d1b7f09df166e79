"""The files repo2docker reads (Binder, or a hub's image built from the repository) agree with
the project, and its set-up scripts do what the class page says: the chapters open trusted on
Binder, and in a student's own home folder on a hub."""

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import nbformat
import pytest
from conftest import ROOT
from nbformat.sign import NotebookNotary
from packaging.specifiers import SpecifierSet
from packaging.version import Version

# The Python versions repo2docker can build (repo2docker/buildpacks/conda/
# supported_python_version.py); a runtime.txt naming another fails the image build.
REPO2DOCKER_PYTHONS = {"3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"}
VENV_BIN = Path(sys.executable).parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


def lines(name: str) -> list[str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    return [line.split("#", 1)[0].strip() for line in text.splitlines()
            if line.split("#", 1)[0].strip()]


def test_repo2docker_reads_the_files_at_the_top():
    # With a binder/ or .binder/ folder repo2docker ignores the top-level files; a Dockerfile
    # or an environment.yml would take the place of requirements.txt and apt.txt.
    for name in ("binder", ".binder", "Dockerfile", "environment.yml", "Pipfile"):
        assert not (ROOT / name).exists(), name


def test_runtime_names_a_python_the_package_allows_and_repo2docker_builds():
    (runtime,) = lines("runtime.txt")
    match = re.fullmatch(r"python-(\d+\.\d+)", runtime)
    assert match, f"runtime.txt should read python-X.Y, not {runtime!r}"
    version = match.group(1)
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert Version(version) in SpecifierSet(pyproject["project"]["requires-python"])
    assert version in REPO2DOCKER_PYTHONS


def test_apt_file_lists_graphviz_and_the_git_that_the_class_link_runs():
    assert {"graphviz", "git"} <= set(lines("apt.txt"))


def test_the_class_link_works_in_an_image_built_from_the_requirements():
    # The git-pull link is served by nbgitpuller, a server extension in the student's image.
    assert any(re.fullmatch(r"nbgitpuller==[\d.]+", line) for line in lines("requirements.txt"))
    listed = subprocess.run([str(VENV_BIN / "jupyter"), "server", "extension", "list"],
                            capture_output=True, text=True, timeout=60)
    assert re.search(r"nbgitpuller\s.*enabled", listed.stdout + listed.stderr)


def test_requirements_install_the_package_within_the_pinned_versions():
    requirements = lines("requirements.txt")
    assert "-e ." in requirements
    (constraint,) = [line for line in requirements if line.startswith("-c ")]
    assert (ROOT / constraint.removeprefix("-c ").strip()).is_file()


@pytest.mark.parametrize("name", ["postBuild", "start"])
def test_scripts_are_executable_bash_that_use_only_what_the_environment_has(name):
    script = ROOT / name
    assert os.access(script, os.X_OK), f"{name} is not executable"
    text = script.read_text(encoding="utf-8")
    assert text.startswith("#!/bin/bash\n")
    for subcommand in re.findall(r"\bjupyter (\w+)", text):
        assert (VENV_BIN / f"jupyter-{subcommand}").exists(), f"jupyter {subcommand}"
    assert subprocess.run(["bash", "-n", str(script)]).returncode == 0


def test_post_build_stops_on_an_error_and_start_ends_by_starting_jupyter():
    # repo2docker goes on after a failing postBuild unless it says otherwise; start must
    # hand over to the command it was given.
    assert "set -euo pipefail" in (ROOT / "postBuild").read_text(encoding="utf-8")
    assert lines("start")[-1] == 'exec "$@"'


def run(script: str, cwd: Path, data_dir: Path, prefix: Path, *args: str):
    env = {"PATH": f"{VENV_BIN}{os.pathsep}/usr/bin{os.pathsep}/bin", "HOME": str(data_dir),
           "JUPYTER_DATA_DIR": str(data_dir), "NB_PYTHON_PREFIX": str(prefix)}
    return subprocess.run([str(ROOT / script), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=60)


def copy_chapters(folder: Path) -> None:
    folder.mkdir(parents=True)
    for path in CHAPTERS:
        shutil.copy(path, folder)


def trusted(data_dir: Path, notebooks: list[Path]) -> list[str]:
    data_dir.mkdir(parents=True, exist_ok=True)  # a fresh record makes its own secret here
    notary = NotebookNotary(data_dir=str(data_dir))
    return [path.name for path in notebooks
            if notary.check_signature(nbformat.read(path, as_version=4))]


def test_chapters_open_trusted_on_binder_and_in_a_students_own_home_on_a_hub(tmp_path):
    image, prefix = tmp_path / "image", tmp_path / "prefix"
    copy_chapters(image / "chapters")
    names = [path.name for path in CHAPTERS]
    assert not trusted(tmp_path / "nobody", CHAPTERS)  # untrusted until the scripts run

    built = run("postBuild", image, image / ".local", prefix)
    assert built.returncode == 0, built.stderr
    assert trusted(image / ".local", CHAPTERS) == names  # Binder: the image's own home

    # A hub: the student's home is a fresh folder; nbgitpuller puts the same chapters there.
    student = tmp_path / "student"
    pulled = student / "workbook" / "chapters"
    copy_chapters(pulled)
    session = run("start", student, student / ".local", prefix, "python", "-c",
                  "print('jupyter started')")
    assert session.returncode == 0, session.stderr
    assert session.stdout == "jupyter started\n"
    assert trusted(student / ".local", sorted(pulled.glob("*.ipynb"))) == names

    # A chapter the student changed is not vouched for.
    changed = pulled / CHAPTERS[0].name
    notebook = nbformat.read(changed, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell("print('mine')"))
    nbformat.write(notebook, changed)
    assert CHAPTERS[0].name not in trusted(student / ".local", [changed])


def test_start_never_keeps_a_session_from_starting(tmp_path):
    session = run("start", tmp_path, tmp_path / ".local", tmp_path / "no-copy-here", "python",
                  "-c", "print('jupyter started')")
    assert session.returncode == 0
    assert session.stdout == "jupyter started\n"
    assert "could not trust the chapters" in session.stderr


def test_the_class_pages_links_open_a_chapter_that_exists():
    page = (ROOT / "book" / "trainers" / "run-a-class.md").read_text(encoding="utf-8")
    (hub,) = re.findall(r"https://HUB/hub/user-redirect/git-pull\?\S+", page)
    query = parse_qs(urlsplit(hub).query)
    assert query["repo"] == ["https://github.com/OWNER/REPO"] and query["branch"] == ["main"]
    # nbgitpuller copies the repository into a folder named after it.
    (urlpath,) = query["urlpath"]
    assert urlpath.startswith("lab/tree/REPO/")
    assert (ROOT / urlpath.removeprefix("lab/tree/REPO/")).is_file()
    (binder,) = re.findall(r"https://mybinder\.org/v2/gh/\S+", page)
    assert (ROOT / parse_qs(urlsplit(binder).query)["urlpath"][0].removeprefix("lab/tree/")
            ).is_file()
