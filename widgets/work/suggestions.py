"""The suggestions the schema exercise offers beside each element: a general vocabulary
(case.vocabulary.SCHEMA_VOCABULARY) with the case's own published wordings taken out.

A list that contains the answer gives it away before the attempt, so no suggestion names a
published item of any of the case's schemas, nor contains one as a phrase ("Shame" is taken
out for a case whose key says "Shame", and so would be "Shame and guilt"). Other wordings of
the same thing may stay ("Worthless" for a key that says "Unworthy"): they sit among many
wrong for this case, in alphabetical order, so choosing one is still a judgement.
"""

from __future__ import annotations

import re

from ..case.model import Case
from ..case.vocabulary import SCHEMA_VOCABULARY
from .schema import ELEMENTS, published_items


def _words(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def published_wordings(case: Case) -> list[str]:
    """Every published item of every schema of the case, and each wish, as plain words."""
    texts = [schema.wish.text for schema in case.formulation.schemas]
    texts += [item.text for schema in case.formulation.schemas for element in ELEMENTS
              for item in published_items(schema, element.field)]
    return [words for words in map(_words, texts) if words]


def names_a_published_item(suggestion: str, published: list[str]) -> bool:
    mine = f" {_words(suggestion)} "
    return any(f" {item} " in mine for item in published)


def suggestions(case: Case, field: str) -> list[str]:
    published = published_wordings(case)
    return sorted((s for s in SCHEMA_VOCABULARY.get(field, ())
                   if not names_a_published_item(s, published)), key=str.casefold)
