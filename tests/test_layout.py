"""The house rules of widgets/ (DESIGN.md, "Layout"): one folder per stage, only the entry
points and base utilities at the top, and an import never climbing from a lower stage to a
higher one."""

import ast
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "widgets"
TOP_LEVEL = {"__init__", "__main__", "_version", "cli", "system_deps"}
ENTRY_POINTS = {"__init__", "__main__", "cli"}  # may import anything
BASE = {"_version", "system_deps"}  # any stage may import them; they import nothing of ours
# What each stage may import besides itself and the base.
MAY_IMPORT = {
    "case": set(),
    "work": {"case"},
    "stats": {"case", "work"},
    "diagrams": {"case", "work", "stats"},
    "exercises": {"case", "work", "stats", "diagrams"},
    "workshop": {"case", "work", "stats", "diagrams"},
    "book": {"case", "work", "stats", "diagrams"},
    "practice": {"case", "work", "stats"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported_modules(source: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, module) for every import of widgets or a module in it, relative or absolute,
    at the top of the file or inside a function."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names
                      if alias.name.split(".")[0] == "widgets"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "widgets":
                continue
            for alias in node.names:  # `from widgets.diagrams import render` names a module
                submodule = f"{target}.{alias.name}"
                found.append((node.lineno, submodule if submodule in MODULES else target))
    return found


def stage_of(module: str) -> str:
    """widgets.case.model -> case; widgets.cli -> cli; widgets itself -> __init__."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def climbs(importer: str, imported: str) -> bool:
    here, there = stage_of(importer), stage_of(imported)
    if here in ENTRY_POINTS:
        return False
    if here in BASE:
        return True
    return there not in BASE and there != here and there not in MAY_IMPORT[here]


def violations() -> list[str]:
    found = []
    for module, path in MODULES.items():
        source = path.read_text(encoding="utf-8")
        for line, imported in imported_modules(source, module, path.name == "__init__.py"):
            if climbs(module, imported):
                found.append(f"{path.relative_to(ROOT)}:{line}: {module} imports {imported}")
    return found


def test_no_import_climbs_from_a_lower_stage_to_a_higher_one():
    assert violations() == []


def test_only_entry_points_and_base_utilities_sit_at_the_top():
    files = {p.stem for p in PACKAGE.glob("*.py")}
    assert files <= TOP_LEVEL, f"move into a stage folder: {sorted(files - TOP_LEVEL)}"
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == set(MAY_IMPORT)
    for stage in MAY_IMPORT:  # each stage says what it is and what it may import
        docstring = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text()))
        assert docstring and "import" in docstring, stage


@pytest.mark.parametrize("module, source, climbing", [
    ("widgets.case.model", "from ..diagrams.figure import Figure", True),
    ("widgets.case.model", "from .vocabulary import Stage", False),
    ("widgets.work.schema", "def f():\n    from widgets.exercises.base import ExerciseWidget",
     True),
    ("widgets.work.schema", "from .. import load_case", True),  # the package's top is cli's
    ("widgets.stats.change", "from ..work.ratings import RatingsWork", False),
    ("widgets.diagrams.render", "from ..system_deps import how_to_install", False),
    ("widgets.book.tables", "import widgets.workshop.report", True),
    ("widgets.book.tables", "from ..diagrams import timeline", False),
    ("widgets.workshop.page", "from ..exercises.base import ExerciseWidget", True),
    ("widgets.exercises.base", "from ..workshop.collect import collect", True),
    ("widgets.system_deps", "from .case import model", True),
    ("widgets.cli", "from .workshop.page import workshop_page", False),
    ("widgets.practice.notebooks", "from ..exercises.base import ExerciseWidget", True),
    ("widgets.practice.notebooks", "from ..stats.change import pre_post", False),
])
def test_a_climbing_import_is_caught_and_a_downward_one_allowed(module, source, climbing):
    found = imported_modules(source, module, is_package=False)
    assert found and any(climbs(module, imported) for _, imported in found) is climbing
