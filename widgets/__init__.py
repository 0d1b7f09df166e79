"""The BPD case-formulation workbook's code: case model, loader, diagrams, widgets, CLI."""

from ._version import __version__
from .case_loader import load_case
from .case_model import Case
from .errors import CaseFileError

__all__ = ["Case", "CaseFileError", "load_case", "__version__"]
