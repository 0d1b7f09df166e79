"""Default norms for the reliable-change calculator: assumptions with their sources.

Every value says where it comes from and whether it has been checked against the source.
The calculator shows them as editable fields; a measure with no entry here can still be used,
with the reader entering the norms. None of these norms is Italian: Angie was assessed in Italy.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Assumption:
    value: float | None
    source: str = ""
    verified: bool = False

    def label(self) -> str:
        if self.value is None:
            return "not known: enter a value to use it"
        status = "verified" if self.verified else "UNVERIFIED"
        return f"{self.source} ({status})"


NONE = Assumption(None)


@dataclass(frozen=True)
class MeasureNorms:
    sd: Assumption = NONE
    reliability: Assumption = NONE
    reliable_change: Assumption = NONE
    normal_mean: Assumption = NONE
    normal_sd: Assumption = NONE
    clinical_mean: Assumption = NONE
    clinical_sd: Assumption = NONE
    published_cutoff: Assumption = NONE
    criterion: str = "b"
    caveats: tuple[str, ...] = field(default_factory=tuple)

    def values(self) -> dict[str, float | None]:
        return {name: getattr(self, name).value for name in FIELDS}

    def unverified(self) -> bool:
        """True when any value these norms supply has not been checked against its source: a
        verdict that rests on them must say so where it is shown."""
        return any(getattr(self, name).value is not None and not getattr(self, name).verified
                   for name in FIELDS)


FIELDS = ("sd", "reliability", "reliable_change", "normal_mean", "normal_sd",
          "clinical_mean", "clinical_sd", "published_cutoff")
FIELD_LABELS = {
    "sd": "SD for the standard error",
    "reliability": "Reliability (test–retest)",
    "reliable_change": "Published reliable change (points)",
    "normal_mean": "Normal population mean",
    "normal_sd": "Normal population SD",
    "clinical_mean": "Clinical population mean",
    "clinical_sd": "Clinical population SD",
    "published_cutoff": "Published cut-off",
}

_GRATZ = "Gratz & Roemer (2004), undergraduate women, USA"
# Checked against the article's abstract (Results): C = 0.57; RCI = 0.43 above the cut-off.
_SCHAUENBURG = "Schauenburg & Strack (1999), German samples, abstract (Results)"
DEFAULT_NORMS: dict[str, MeasureNorms] = {
    "DERS": MeasureNorms(
        sd=Assumption(20.72, _GRATZ),
        reliability=Assumption(0.88, "Gratz & Roemer (2004), test–retest"),
        normal_mean=Assumption(77.99, _GRATZ),
        normal_sd=Assumption(20.72, _GRATZ),
        criterion="b",
        caveats=("The DERS has no official cut-off; criterion (b) uses a student sample.",
                 "No clinical norms are given here, so criteria (a) and (c) need your values."),
    ),
    "GSI": MeasureNorms(
        reliable_change=Assumption(0.43, _SCHAUENBURG, verified=True),
        published_cutoff=Assumption(0.57, _SCHAUENBURG, verified=True),
        criterion="published",
        caveats=("German norms applied to an Italian patient.",
                 "The 0.43-point threshold is for scores above the cut-off; below it the same "
                 "paper gives 0.16."),
    ),
}


def norms_for(abbreviation: str) -> MeasureNorms:
    return DEFAULT_NORMS.get(abbreviation, MeasureNorms())
