"""The committed JSON Schema is the model's, and it agrees with the loader on real files."""

import json

import jsonschema
import pytest
from conftest import ANGIE, BROKEN, MINIMAL, REN
from ruamel.yaml import YAML

from widgets.cli import SCHEMA_PATH, case_json_schema

SCHEMA_ONLY_MISSES = {  # checks that need the whole case or a loader step (see widgets.case.checks)
    "duplicate-episode-id", "duplicate-time-point", "range-reversed", "score-out-of-range",
    "unknown-self-state", "rating-out-of-range", "yaml-python-tag",
    "rating-breaks-rubric-prerequisite", "step-also-accepts-its-own-stage",
    # the loader's bounds: text without control characters, numbers short enough to convert
    "title-escape-sequence", "score-5000-digit-int",
    # JSON has no infinity or NaN, so its schema cannot refuse YAML's .inf and .nan
    "range-infinite", "score-nan",
}


def test_committed_schema_is_up_to_date():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == case_json_schema(), (
        "cases/case.schema.json is out of date: run `workbook schema` and commit it")


@pytest.mark.parametrize("path", [ANGIE, REN, MINIMAL], ids=lambda p: p.stem)
def test_valid_cases_satisfy_the_json_schema(path):
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.validate(YAML(typ="safe").load(path.read_text(encoding="utf-8")), schema)


@pytest.mark.parametrize(
    "path", [p for p in BROKEN if not p.stem.startswith(("yaml-", "not-utf8", "date-"))
             and p.stem not in SCHEMA_ONLY_MISSES],
    ids=lambda p: p.stem)
def test_editors_using_the_json_schema_flag_the_broken_cases_too(path):
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
