"""Benchmark: the matching engine against the labelled corpus of learners' answers.

Prints the confusion matrix (trainer's label x engine's verdict), the agreement with the
labels and the count of reversed-pole answers judged a match (must be 0), then every
disagreement.

Run: .venv/bin/python tests/benchmarks/feedback_corpus.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from corpus_verdicts import (  # noqa: E402
    agreement,
    confusion_table,
    judged_corpus,
    reversed_judged_match,
)


def main() -> int:
    judged = judged_corpus()
    print(f"{len(judged)} labelled answers\n")
    print(confusion_table(judged))
    print(f"\nagreement: {agreement(judged):.1%}")
    wrong_pole = reversed_judged_match(judged)
    print(f"reversed-pole answers judged match: {len(wrong_pole)}")
    print("\ndisagreements (where, answer, label -> verdict):")
    for j in judged:
        if j.label != j.verdict:
            print(f"  {j.where}: {j.answer!r}  {j.label} -> {j.verdict}")
    return 1 if wrong_pole else 0


if __name__ == "__main__":
    sys.exit(main())
