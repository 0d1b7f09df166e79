"""A synthetic workshop: response files for a class of students, built from a case file with
a seeded random generator, plus (optionally) one of every kind of broken file. Returns what
it built, so tests can compute every figure of the report independently. The benchmark uses
it too."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from widgets.case.model import Case
from widgets.case.vocabulary import MASA_SCALES, Stage
from widgets.work.chain import ChainStep, ChainWork
from widgets.work.ratings import RatingsWork, VignetteRating
from widgets.work.responses import (
    MAX_RESPONSE_BYTES,
    ChainResponse,
    RatingsResponse,
    SchemaResponse,
    SelfStatesResponse,
)
from widgets.work.schema import ELEMENTS, SchemaWork, published_items
from widgets.work.self_states import SelfStateWork, StateEntry, TransitionEntry

HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2"> & "q"'
DISTRACTORS = ["Zebra crossing", "Quantum tunnelling", "Violin lessons"]


@dataclass
class SyntheticClass:
    folder: Path
    ratings: dict[str, dict[tuple[str, str], int]] = field(default_factory=dict)
    # student -> element field -> the published texts the student wrote
    schemas: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    chains: dict[str, list[Stage | None]] = field(default_factory=dict)  # in published order
    states: dict[str, set[str]] = field(default_factory=dict)  # published state names used
    broken: dict[str, str] = field(default_factory=dict)  # file -> expected reason (start)
    files: int = 0


def _write(folder: Path, name: str, document) -> None:
    (folder / name).write_text(document.model_dump_json(indent=1), encoding="utf-8")


def make_class(folder: Path, case: Case, students: int = 12, seed: int = 0,
               broken: bool = True, kinds=("ratings", "schema", "chain", "self-states"),
               ) -> SyntheticClass:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    built = SyntheticClass(folder)
    keyed = [v for v in case.vignettes if v.reference is not None]
    key = case.schema()
    episode = case.episodes[0] if case.episodes else None
    for number in range(students):
        student = HOSTILE if number == 0 else f"Student {number:03d}"
        saved = f"2026-11-23T10:{number % 60:02d}:00+00:00"
        if "ratings" in kinds and keyed:
            ratings: dict[tuple[str, str], int] = {}
            for v_index, vignette in enumerate(keyed):
                for s_index, scale in enumerate(MASA_SCALES):
                    if number == 2 and v_index > 1:
                        continue  # rated only two vignettes
                    if number == 3 and (v_index > 0 or s_index > 1):
                        continue  # too few ratings for an ICC
                    reference = getattr(vignette.reference, scale.id).rating
                    if number == 1:  # the outlier: ratings unrelated to the vignettes
                        value = rng.randint(scale.minimum, scale.maximum)
                    else:
                        value = reference + rng.choice([-1, 0, 0, 0, 1])
                    ratings[(vignette.id, scale.id)] = min(scale.maximum,
                                                           max(scale.minimum, value))
            built.ratings[student] = ratings
            by_vignette: dict[str, dict[str, int]] = {}
            for (vignette_id, scale_id), value in ratings.items():
                by_vignette.setdefault(vignette_id, {})[scale_id] = value
            work = RatingsWork(vignettes={v: VignetteRating(ratings=r)
                                          for v, r in by_vignette.items()})
            _write(folder, f"ratings-{number:03d}.json", RatingsResponse(
                case_id=case.id, exercise="metacognition-ratings", pseudonym=student[:80],
                saved_at=saved, work=work))
        if "schema" in kinds:
            chosen: dict[str, set[str]] = {}
            values: dict[str, list[str]] = {}
            for element in ELEMENTS:
                published = [i.text for i in published_items(key, element.field)]
                picked = [t for t in published if rng.random() < 0.6]
                chosen[element.field] = set(picked)
                values[element.field] = picked + ([rng.choice(DISTRACTORS)]
                                                  if rng.random() < 0.3 else [])
            wish = key.wish.text if rng.random() < 0.8 else rng.choice(DISTRACTORS)
            chosen["wish"] = {wish} if wish == key.wish.text else set()
            built.schemas[student] = chosen
            _write(folder, f"schema-{number:03d}.json", SchemaResponse(
                case_id=case.id, exercise=f"schema-{key.id}", pseudonym=student[:80],
                saved_at=saved, work=SchemaWork(wish=wish, motive=key.wish.motive, **values)))
        if "chain" in kinds and episode:
            stages = [step.stage if rng.random() < 0.7 else rng.choice(list(Stage))
                      for step in episode.steps]
            built.chains[student] = stages
            order = list(range(len(episode.steps)))
            rng.shuffle(order)
            _write(folder, f"chain-{number:03d}.json", ChainResponse(
                case_id=case.id, exercise=f"chain-{episode.id}", pseudonym=student[:80],
                saved_at=saved, work=ChainWork(episode_id=episode.id, steps=[
                    ChainStep(step=i, stage=stages[i]) for i in order])))
        if "self-states" in kinds and case.formulation.self_states:
            states = [StateEntry(name=s.name, emotion=s.emotion)
                      for s in case.formulation.self_states if rng.random() < 0.7]
            built.states[student] = {s.name for s in states}
            states += [StateEntry(name=rng.choice(DISTRACTORS))] * (len(states) < 2)
            states += [StateEntry(name="Another state")] * (len(states) < 2)
            _write(folder, f"states-{number:03d}.json", SelfStatesResponse(
                case_id=case.id, exercise="self-states", pseudonym=student[:80],
                saved_at=saved, work=SelfStateWork(states=states, transitions=[
                    TransitionEntry(from_state=0, to_state=1, trigger="a sign of distance")])))
    if broken:
        _add_broken_files(folder, case, built)
    built.files = sum(1 for p in folder.rglob("*") if p.is_file())
    return built


def _add_broken_files(folder: Path, case: Case, built: SyntheticClass) -> None:
    def raw(name: str, content: bytes | str, reason: str) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        built.broken[name] = reason

    base = {"format": "bpd-workbook-response", "version": 1, "case_id": case.id,
            "exercise": "metacognition-ratings", "pseudonym": "Late", "kind": "ratings",
            "saved_at": "2026-11-23T09:00:00+00:00"}
    raw("notes.txt", "not a response", "not a .json file")
    raw("empty.json", b"", "empty file (0 bytes)")
    raw("huge.json", b" " * (MAX_RESPONSE_BYTES + 1), "too large (5,000,001 bytes")
    raw("truncated.json", '{"format": "bpd-workbook-response", "versi', "not JSON (")
    raw("binary.json", bytes(range(256)), "not JSON (")
    raw("foreign.json", json.dumps({"name": "some other tool"}), "not a workbook response")
    raw("future.json", json.dumps({**base, "version": 2}), "response version 2;")
    raw("odd-kind.json", json.dumps({**base, "kind": "poem"}), 'unknown kind "poem"')
    raw("bad-rating.json", json.dumps({**base, "work": {"vignettes": {
        case.vignettes[0].id: {"ratings": {"mastery": 99}}}}}), "at work.vignettes.")
    raw("other-case.json", json.dumps({**base, "case_id": "someone-else", "work": {
        "vignettes": {"v": {"ratings": {"mastery": 1}}}}}),
        f"for case 'someone-else', not '{case.id}'")
    raw("blank.json", json.dumps({**base, "pseudonym": "Blank", "work": {"vignettes": {}}}),
        "no work in it")
    raw("sub/copy-of-ratings.json", (folder / "ratings-004.json").read_bytes(),
        "an exact copy of ratings-004.json")
    # An earlier save by Student 005 of the same exercise: superseded by the later file.
    earlier = json.loads((folder / "ratings-005.json").read_text("utf-8"))
    earlier["saved_at"] = "2026-11-22T08:00:00+00:00"
    raw("ratings-005-earlier.json", json.dumps(earlier),
        "superseded by ratings-005.json (same student and exercise, saved later)")
