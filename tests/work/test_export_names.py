"""Export file names from hostile pseudonyms: one safe name part each, on any file system."""

import unicodedata

import pytest
from pathvalidate import is_valid_filename

from widgets.work.export_names import ANONYMOUS, MAX_PART_BYTES, export_name, is_anonymous

HOSTILE = ["../x", "CON", "con", "nul", "COM1", "LPT9.", "a/b\\c", "<script>", "\ud800",
           "x" * 500, "", "   ", " . ", "..", ".hidden", "Sam--Jo", "a\x00b\x1fc\x7f",
           "\u202eevil", "tab\there", "line\nbreak", "é" * 200, "😀" * 100, "what?*:|\"<>"]


@pytest.mark.parametrize("pseudonym", HOSTILE)
def test_every_name_is_one_safe_file_name(pseudonym):
    name = export_name(pseudonym, "angie", "schema", "json")
    assert is_valid_filename(name, platform="windows")
    assert is_valid_filename(name, platform="linux") and is_valid_filename(name, platform="macos")
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert all(unicodedata.category(c) not in ("Cc", "Cf", "Cs") for c in name)
    assert name.endswith("--angie--schema.json") and name.count("--") == 2
    person = name.removesuffix("--angie--schema.json")
    assert 0 < len(person.encode("utf-8")) <= MAX_PART_BYTES
    assert person == person.strip(" .")
    assert name == unicodedata.normalize("NFC", name)


@pytest.mark.parametrize(("pseudonym", "expected"), [
    ("Sam", "Sam--angie--schema.json"),
    ("Blue Heron", "Blue Heron--angie--schema.json"),
    ("../x", "x--angie--schema.json"),
    ("a/b\\c", "a_b_c--angie--schema.json"),
    ("<script>", "script--angie--schema.json"),
    ("Sam--Jo", "Sam-Jo--angie--schema.json"),  # "--" stays the separator alone
    ("\ud800", "\ufffd--angie--schema.json"),  # half an emoji: a visible mark
    ("", f"{ANONYMOUS}--angie--schema.json"),
    ("  . ", f"{ANONYMOUS}--angie--schema.json"),
])
def test_names_read_as_the_pseudonym(pseudonym, expected):
    assert export_name(pseudonym, "angie", "schema", "json") == expected


def test_reserved_windows_names_are_changed():
    for reserved in ("CON", "con", "NUL", "COM1", "LPT9", "CON."):
        part = export_name(reserved, "angie", "schema", "json").split("--")[0]
        assert part.rstrip("_").upper() == reserved.rstrip(".").upper() and part != reserved


def test_one_letter_typed_two_ways_gives_one_name():
    composed, decomposed = "Zo\u00eb", "Zoe\u0308"
    assert export_name(composed, "c", "e", "json") == export_name(decomposed, "c", "e", "json")


def test_a_long_pseudonym_is_cut_between_characters():
    name = export_name("😀" * 100, "angie", "schema", "json")
    person = name.split("--")[0]
    assert person == "😀" * (MAX_PART_BYTES // 4)


def test_anonymous_is_what_an_unusable_pseudonym_gives():
    assert is_anonymous("") and is_anonymous(" . ") and not is_anonymous("Sam")
