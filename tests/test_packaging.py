"""The package as installed: the wheel carries every module of the source tree, and every
subpackage imports from the wheel alone (the source tree nowhere on the path)."""

import json
import shutil
import subprocess
import sys
import zipfile

from conftest import ROOT

BUILD_WHEEL = """
import importlib, sys, tomllib
backend = tomllib.load(open("pyproject.toml", "rb"))["build-system"]["build-backend"]
importlib.import_module(backend).build_wheel(sys.argv[1])
"""
# Run in a fresh interpreter with only the wheel and the environment's installed packages;
# the command's module too, as it imports from several stages.
IMPORT_EVERY_PACKAGE = """
import importlib, json, sys, zipfile
wheel = sys.argv[1]
sys.path.insert(0, wheel)
names = sorted(n.removesuffix("/__init__.py").replace("/", ".")
               for n in zipfile.ZipFile(wheel).namelist()
               if n.startswith("widgets/") and n.endswith("/__init__.py")) + ["widgets.cli"]
print(json.dumps({name: importlib.import_module(name).__file__ for name in names}))
"""


def source_modules() -> set[str]:
    return {str(path.relative_to(ROOT).as_posix()) for path in (ROOT / "widgets").rglob("*.py")}


def test_the_wheel_holds_every_module_and_each_subpackage_imports_from_it(tmp_path):
    source = tmp_path / "source"  # built from a copy: the build leaves nothing in the tree
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE.md"):
        shutil.copy(ROOT / name, source)
    shutil.copytree(ROOT / "widgets", source / "widgets",
                    ignore=shutil.ignore_patterns("__pycache__"))
    # What `pip wheel --no-build-isolation` does, without pip's own start-up: the backend
    # pyproject.toml names builds the wheel.
    built = subprocess.run([sys.executable, "-c", BUILD_WHEEL, str(tmp_path / "dist")],
                           cwd=source, capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    packed = {n for n in zipfile.ZipFile(wheel).namelist() if n.startswith("widgets/")}
    assert packed == source_modules()

    # -I: no PYTHONPATH, no current folder, no user site; run outside the repository.
    imported = subprocess.run([sys.executable, "-I", "-c", IMPORT_EVERY_PACKAGE, str(wheel)],
                              capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert imported.returncode == 0, imported.stderr
    files = json.loads(imported.stdout)
    assert set(files) == {"widgets", "widgets.cli", "widgets.case", "widgets.work",
                          "widgets.stats", "widgets.diagrams", "widgets.exercises",
                          "widgets.workshop", "widgets.book", "widgets.practice"}
    outside = {name: file for name, file in files.items() if not file.startswith(str(wheel))}
    assert not outside, f"imported from outside the wheel: {outside}"
