"""The package as installed: the wheel carries every stage folder, and each of its modules
imports from the wheel alone (the source tree nowhere on the path)."""

import json
import shutil
import subprocess
import sys
import zipfile

from conftest import ROOT

# Run in a fresh interpreter with only the wheel and the environment's installed packages.
IMPORT_EVERY_MODULE = """
import importlib, json, sys, zipfile
wheel = sys.argv[1]
sys.path.insert(0, wheel)
names = sorted(n[:-3].replace("/", ".").removesuffix(".__init__")
               for n in zipfile.ZipFile(wheel).namelist()
               if n.startswith("widgets/") and n.endswith(".py") and n != "widgets/__main__.py")
print(json.dumps({name: importlib.import_module(name).__file__ for name in names}))
"""


def source_modules() -> set[str]:
    return {str(path.relative_to(ROOT).as_posix()) for path in (ROOT / "widgets").rglob("*.py")}


def test_the_wheel_holds_every_module_and_each_imports_from_it(tmp_path):
    source = tmp_path / "source"  # built from a copy: the build leaves nothing in the tree
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE.md"):
        shutil.copy(ROOT / name, source)
    shutil.copytree(ROOT / "widgets", source / "widgets",
                    ignore=shutil.ignore_patterns("__pycache__"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                            "--no-build-isolation", "--quiet", "-w", str(tmp_path / "dist"),
                            str(source)], capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    packed = {n for n in zipfile.ZipFile(wheel).namelist() if n.startswith("widgets/")}
    assert packed == source_modules()

    # -I: no PYTHONPATH, no current folder, no user site; run outside the repository.
    imported = subprocess.run([sys.executable, "-I", "-c", IMPORT_EVERY_MODULE, str(wheel)],
                              capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert imported.returncode == 0, imported.stderr
    files = json.loads(imported.stdout)
    assert {name.split(".")[1] for name in files if name.count(".") >= 2} == {
        "case", "work", "stats", "diagrams", "exercises", "workshop", "book"}
    outside = {name: file for name, file in files.items() if not file.startswith(str(wheel))}
    assert not outside, f"imported from outside the wheel: {outside}"
