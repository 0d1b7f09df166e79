"""Property tests: any text at all (every Unicode category, lone surrogates and controls
included) typed into a free-text field is never a crash, is kept (modulo the documented
tidying) or refused with a message, never shows as active markup, and is drawn literally.

HOSTILE_PROFILE=hostile-full runs more examples than the default profile."""

import os
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings

from widgets import load_case

from .checks import Tally
from .corpus import any_text
from .drivers import DRIVERS, Session

pytestmark = pytest.mark.hostile
ANGIE = Path(__file__).resolve().parents[2] / "cases" / "angie.yaml"
_COMMON = {"deadline": None, "database": None,
           "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}
settings.register_profile("hostile", max_examples=12, **_COMMON)
settings.register_profile("hostile-full", max_examples=300, **_COMMON)
PROFILE = settings(settings.get_profile(os.environ.get("HOSTILE_PROFILE", "hostile")))
TARGETS = [("SchemaBuilder", "wish"), ("SchemaBuilder", "negative_self_image"),
           ("SchemaBuilder", "pseudonym"), ("SelfStateMapper", "state 1 name"),
           ("ContractDrafter", "formulation")]


@cache
def angie():
    return load_case(ANGIE)


def described(examples: list[dict]) -> str:
    return "\n".join(f"{e['kind']}: {e['where']} input {e['input']}: {e['detail']}"
                     for e in examples)


@pytest.mark.parametrize(("widget", "field"), TARGETS, ids=[f"{w}.{f}" for w, f in TARGETS])
def test_any_text_is_kept_shown_safely_and_drawn_literally(widget, field, tmp_path):
    tally = Tally()
    session = Session(DRIVERS[widget], angie(), tmp_path, tally)
    assert not tally.examples, described(tally.examples)

    @PROFILE
    @given(text=any_text())
    @example(text="Kim\ud83d")  # half an emoji, as a browser sends text cut at maxlength
    @example(text="a smile &#128512;")  # an entity Graphviz would decode
    @example(text="&#1;")
    @example(text="&lt;b&gt;")
    def typing(text):
        before = len(tally.examples)
        session.type_text(field, text)
        assert len(tally.examples) == before, described(tally.examples[before:])

    typing()
