"""Benchmark: what building the book costs, and what each page weighs.

Prints:
- a full, clean build (`jupyter-book build --all`, executing every chapter) next to the floor:
  executing the same notebooks with nbclient, one after another, without Jupyter Book;
- a cached rebuild (the same command again, nothing changed);
- each page's weight: its HTML plus the images it references, excluding the JavaScript and
  CSS every page shares (`_static/`).
Targets: full build <= 1.5x the floor; cached rebuild <= 20% of the full build; no page over
1.5 MB.

Run: .venv/bin/python tests/benchmarks/book_build.py  (or `make benchmark`)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from conftest import book_pages  # noqa: E402

JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
MB = 1024 * 1024


def build(output: Path, full: bool) -> float:
    command = [str(JUPYTER_BOOK), "build", str(ROOT), "--path-output", str(output)]
    command += ["--all"] if full else []
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def floor() -> float:
    """Executing the chapters without Jupyter Book, timed like the build: a fresh Python
    process, so both pay the same interpreter start and imports."""
    notebooks = [str(ROOT / f"{page}.ipynb") for page in book_pages()
                 if (ROOT / f"{page}.ipynb").exists()]
    code = (
        "import sys, nbformat\n"
        "from pathlib import Path\n"
        "from nbclient import NotebookClient\n"
        "for path in sys.argv[1:]:\n"
        "    nb = nbformat.read(path, as_version=4)\n"
        "    NotebookClient(nb, timeout=120, kernel_name='python3',\n"
        "                   resources={'metadata': {'path': str(Path(path).parent)}}).execute()\n"
    )
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *notebooks], check=True, capture_output=True)
    return time.perf_counter() - start


def page_weights(html_root: Path) -> list[tuple[str, int]]:
    weights = []
    for page in book_pages():
        html_file = html_root / f"{page}.html"
        text = html_file.read_text(encoding="utf-8")
        own = {m for m in re.findall(r'(?:src|href)="([^"#?]+)', text)
               if "_static/" not in m and not m.startswith(("http", "mailto")) and
               not m.endswith(".html")}
        size = html_file.stat().st_size
        for ref in own:
            asset = (html_file.parent / ref).resolve()
            if asset.is_file():
                size += asset.stat().st_size
        weights.append((page, size))
    return weights


def main() -> None:
    os.environ["WORKBOOK_WORK_DIR"] = tempfile.mkdtemp()
    with tempfile.TemporaryDirectory() as out:
        full = build(Path(out), full=True)
        cached = build(Path(out), full=False)
        weights = page_weights(Path(out) / "_build" / "html")
    bare = floor()
    print("Book build (every chapter executed)")
    print(f"  full clean build               {full:6.1f} s")
    print(f"  floor: notebooks via nbclient  {bare:6.1f} s   build/floor = {full / bare:.2f}x "
          f"(target <= 1.5x: {'met' if full / bare <= 1.5 else 'NOT met'})")
    print(f"  cached rebuild                 {cached:6.1f} s   = {cached / full:.0%} of full "
          f"(target <= 20%: {'met' if cached / full <= 0.2 else 'NOT met'})")
    print("Page weight (HTML + own images; shared _static/ excluded)")
    for page, size in weights:
        print(f"  {page:<40} {size / MB:6.2f} MB")
    heaviest = max(size for _, size in weights) / MB
    print(f"  heaviest page {heaviest:.2f} MB (target <= 1.5 MB: "
          f"{'met' if heaviest <= 1.5 else 'NOT met'})")


if __name__ == "__main__":
    main()
