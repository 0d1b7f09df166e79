"""The learner id: made once per work folder, never replaced, and carried by every save."""

import json
import uuid

from widgets.work.learner import LEARNER_FILE, learner_for, remember_pseudonym


def test_one_id_per_folder_made_once(tmp_path):
    first = learner_for(tmp_path)
    assert uuid.UUID(first.learner_id).version == 4
    assert learner_for(tmp_path).learner_id == first.learner_id
    assert learner_for(tmp_path / "other").learner_id != first.learner_id
    stored = json.loads((tmp_path / LEARNER_FILE).read_text(encoding="utf-8"))
    assert stored["learner_id"] == first.learner_id and stored["format"] == "bpd-workbook-learner"


def test_an_existing_file_is_never_replaced(tmp_path):
    """Two kernels making the file at once: the second write fails, the first id stays."""
    import pytest

    from widgets.work.learner import LearnerFile, _create

    first = LearnerFile(learner_id=str(uuid.uuid4()), created_at="2026-11-23T10:00:00+00:00")
    second = first.model_copy(update={"learner_id": str(uuid.uuid4())})
    _create(tmp_path / LEARNER_FILE, first)
    with pytest.raises(FileExistsError):
        _create(tmp_path / LEARNER_FILE, second)
    assert learner_for(tmp_path).learner_id == first.learner_id
    assert [p.name for p in tmp_path.iterdir()] == [LEARNER_FILE]  # no temporary file left


def test_the_pseudonym_is_kept_with_the_same_id(tmp_path):
    learner = learner_for(tmp_path)
    assert remember_pseudonym(tmp_path, "  Blue Heron ")
    again = learner_for(tmp_path)
    assert (again.learner_id, again.pseudonym) == (learner.learner_id, "Blue Heron")


def test_a_damaged_file_is_kept_aside_and_the_learner_told(tmp_path):
    (tmp_path / LEARNER_FILE).write_text("{broken", encoding="utf-8")
    learner = learner_for(tmp_path)
    assert "could not be read" in learner.note
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("learner.damaged-")]
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "{broken"
    assert learner_for(tmp_path).learner_id == learner.learner_id


def test_a_folder_that_cannot_be_written_gets_one_id_for_the_session(tmp_path, monkeypatch):
    from widgets.work import learner as module

    def read_only(path, content):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(module, "_create", read_only)
    first, second = learner_for(tmp_path), learner_for(tmp_path)
    assert first.learner_id == second.learner_id
    assert uuid.UUID(first.learner_id).version == 4
    assert not (tmp_path / LEARNER_FILE).exists()
    assert learner_for(tmp_path / "elsewhere").learner_id != first.learner_id
