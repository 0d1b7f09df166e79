"""The schema exercise's suggestions: a general vocabulary that never names a published item
of the case it is shown for."""

import re

import pytest
from conftest import ANGIE, MINIMAL, REN

from widgets import load_case
from widgets.case.vocabulary import SCHEMA_VOCABULARY
from widgets.work.schema import ELEMENTS, published_items
from widgets.work.suggestions import suggestions


def published(case) -> list[str]:
    return [item.text for schema in case.formulation.schemas for element in ELEMENTS
            for item in published_items(schema, element.field)]


def says(suggestion: str, item: str) -> bool:
    """Whether `suggestion` contains `item` as whole words, in any case."""
    return re.search(rf"(?<!\w){re.escape(item)}(?!\w)", suggestion, re.IGNORECASE) is not None


def test_the_vocabulary_covers_every_element_and_no_other():
    assert set(SCHEMA_VOCABULARY) == {element.field for element in ELEMENTS}
    assert all(len(words) >= 12 for words in SCHEMA_VOCABULARY.values())


@pytest.mark.parametrize("path", [ANGIE, REN, MINIMAL], ids=lambda p: p.stem)
def test_no_suggestion_names_a_published_item(path):
    case = load_case(path)
    items = published(case)
    for element in ELEMENTS:
        offered = suggestions(case, element.field)
        assert offered == sorted(offered, key=str.casefold) and len(offered) >= 10
        assert not [(s, i) for s in offered for i in items if says(s, i)], element.field


def test_the_removal_is_what_keeps_the_answers_out():
    # The general vocabulary holds many of Angie's published items: left alone, the check
    # above would fail for her.
    angie = load_case(ANGIE)
    in_vocabulary = [i for i in published(angie) for words in SCHEMA_VOCABULARY.values()
                     for s in words if says(s, i)]
    assert {"Unlovable", "Neglecting", "Shame", "Self-harm", "Loveable"} <= set(in_vocabulary)
    # Another case keeps the words that are only Angie's answers, so nothing marks them out.
    ren = load_case(REN)
    assert "Unlovable" in suggestions(ren, "negative_self_image")
    assert "Unlovable" not in suggestions(angie, "negative_self_image")
