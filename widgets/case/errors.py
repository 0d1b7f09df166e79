"""The one error type for a bad case file, with messages a trainer can act on."""

from __future__ import annotations

from dataclasses import dataclass

MAX_SHOWN = 20


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file: where (key path, line), what was expected, what was found."""

    key_path: tuple[str | int, ...]
    expected: str
    found: str
    hint: str | None = None
    line: int | None = None
    # True when the key path is a guess from indentation (the YAML did not parse).
    near: bool = False

    def where(self) -> str:
        path = f"{'near' if self.near else 'at'} {format_key_path(self.key_path)}"
        return f"line {self.line}, {path}" if self.line else path


def format_key_path(key_path: tuple[str | int, ...]) -> str:
    if not key_path:
        return "(top level)"
    text = ""
    for part in key_path:
        if isinstance(part, int):
            text += f"[{part}]"
            continue
        shown = _printable(str(part))
        text += f".{shown}" if text else shown
    return text


def _printable(key: str) -> str:
    """A key as written, with control characters escaped (a key is shown, never obeyed)."""
    return key if key.isprintable() else repr(key)[1:-1]


class CaseFileError(ValueError):
    """A case file that cannot be used; `str()` is the whole readable report."""

    def __init__(self, path: str, problems: list[Problem], what: str = "case file"):
        self.path = path
        self.what = what
        self.problems = sorted(problems, key=lambda p: (p.line or 0))
        super().__init__(self.report())

    def _render_traceback_(self) -> list[str]:
        """In a notebook, the report alone: IPython shows these lines instead of a traceback
        through the loader, which would bury what is wrong with the file."""
        return self.report().splitlines()

    def report(self) -> str:
        count = len(self.problems)
        lines = [f"Invalid {self.what} {self.path}: {count} problem{'s' if count != 1 else ''}"]
        for problem in self.problems[:MAX_SHOWN]:
            lines.append(f"  {problem.where()}")
            lines.append(f"    expected: {problem.expected}")
            lines.append(f"    found:    {problem.found}")
            if problem.hint:
                lines.append(f"    hint:     {problem.hint}")
        if count > MAX_SHOWN:
            lines.append(f"  … and {count - MAX_SHOWN} more")
        return "\n".join(lines)
