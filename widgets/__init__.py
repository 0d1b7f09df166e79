"""The BPD case-formulation workbook's code: case model, loader, diagrams, widgets, CLI."""

from ._version import __version__
from .case.errors import CaseFileError
from .case.loader import load_case
from .case.model import Case

__all__ = ["Case", "CaseFileError", "load_case", "__version__"]
