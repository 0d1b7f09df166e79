"""The person's pronouns, and generic text written once for every case.

Text meant for any case (prompts, rubric levels, stage explanations) is written as a
template: `{they}`, `{them}`, `{their}`, `{theirs}`, `{themselves}` stand for the person's
pronouns (capitalised, `{They}`, at the start of a sentence), and `{sees|see}` is a verb in
its singular and plural forms, because "they" takes the plural ("they see", "they are").
Templates are checked when they are rendered: a misspelt field is an error, never a stray
brace shown to a learner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class PronounSet(StrEnum):
    """The pronoun sets a case file may name (`person.pronouns`)."""

    SHE = "she/her"
    HE = "he/him"
    THEY = "they/them"


@dataclass(frozen=True)
class Pronouns:
    they: str
    them: str
    their: str
    theirs: str
    themselves: str
    plural_verbs: bool

    def render(self, template: str) -> str:
        return _FIELD.sub(lambda match: self._field(match[1], template), template)

    def _field(self, name: str, template: str) -> str:
        if "|" in name:
            forms = name.split("|")
            if len(forms) != 2 or not all(forms):
                raise ValueError(f"'{{{name}}}' in {template!r} is not a verb's two forms")
            return forms[1] if self.plural_verbs else forms[0]
        word = getattr(self, name.lower(), None) if name.lower() in _WORDS else None
        if word is None:
            raise ValueError(f"'{{{name}}}' in {template!r} is not a pronoun field; the "
                             f"fields are {', '.join(_WORDS)}")
        return word[0].upper() + word[1:] if name[0].isupper() else word


_WORDS = ("they", "them", "their", "theirs", "themselves")
_FIELD = re.compile(r"\{([^{}]+)\}")

PRONOUNS = {
    PronounSet.SHE: Pronouns("she", "her", "her", "hers", "herself", plural_verbs=False),
    PronounSet.HE: Pronouns("he", "him", "his", "his", "himself", plural_verbs=False),
    PronounSet.THEY: Pronouns("they", "them", "their", "theirs", "themselves",
                              plural_verbs=True),
}
# A case that does not give pronouns is spoken of as "they": nothing is assumed.
DEFAULT = PRONOUNS[PronounSet.THEY]


def pronouns_for(pronoun_set: PronounSet | str | None) -> Pronouns:
    return DEFAULT if pronoun_set is None else PRONOUNS[PronounSet(pronoun_set)]


def render(template: str, pronouns: Pronouns | None = None) -> str:
    """A generic text for a person with these pronouns ("they" when none are given)."""
    return (pronouns or DEFAULT).render(template)
