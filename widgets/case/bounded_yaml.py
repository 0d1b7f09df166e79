"""YAML read within bounds, for files written by people the reader has never met.

A case file has fewer than 2,000 values and 8 levels of nesting (Angie's has 1,604 and 8).
YAML allows far more, and a small hostile file can cost minutes or crash: aliases repeat a few
lines into billions of values for every later walk of the tree, nesting recurses past Python's
stack, ruamel spends about 50 microseconds on each value, and some plain values (a date such as
2024-02-30, a 5,000-digit number) make its constructor raise. `load_yaml` refuses each of these
with the key path and line where it starts, as Problems, before it costs anything.

Aliases are allowed within the bounds, counted as what they repeat: YAML libraries write a
repeated part once with an anchor (&name) and alias it (*name) after.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.events import AliasEvent, MappingStartEvent, SequenceStartEvent
from ruamel.yaml.nodes import MappingNode
from ruamel.yaml.parser import Parser
from ruamel.yaml.scanner import Scanner

from .errors import Problem

MAX_VALUES = 30_000
MAX_NESTING = 20
MAX_NUMBER_CHARS = 100

_YAML_TAG = "tag:yaml.org,2002:"
_NUMBER_TAGS = {_YAML_TAG + "int", _YAML_TAG + "float"}
_KINDS = {_YAML_TAG + "int": "whole number", _YAML_TAG + "float": "number",
          _YAML_TAG + "timestamp": "date", _YAML_TAG + "bool": "yes/no value"}
_ALIAS_HINT = "an alias (*name) counts as everything it repeats; case files need no aliases"


class YamlRefused(Exception):
    """Parts of a YAML text outside the bounds, as Problems with their lines."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(f"{p.where()}: {p.found}" for p in problems))


def load_yaml(text: str) -> Any:
    """The text as ruamel's round-trip tree (every mapping and list knows the line of each of
    its keys and items); YamlRefused, or ruamel's own YAMLError for a syntax error."""
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    # The plain scanner and parser: the round-trip ones keep comments, joining a run of comment
    # lines in time that grows with the square of its length (minutes for 2 MB of them).
    yaml.Scanner, yaml.Parser = Scanner, Parser
    yaml.Composer, yaml.Constructor = _BoundedComposer, _CheckedConstructor
    return yaml.load(text)


def _problem(path: tuple, mark: Any, expected: str, found: str,
             hint: str | None = None) -> Problem:
    return Problem(path, expected, found, hint, line=mark.line + 1 if mark is not None else None)


def _shown_tag(tag: Any) -> str:
    return str(getattr(tag, "value", tag)).replace(_YAML_TAG, "!!")


@dataclasses.dataclass
class _Anchored:
    """A node under an anchor (&name) being composed: where its values and nesting began, and
    the deepest level reached inside it so far."""

    name: str
    first_value: int
    base_nesting: int
    deepest: int


class _BoundedComposer(Composer):
    """ruamel's composer, stopping at the bounds (aliases counted as what they repeat) and
    noting tags and keys that are lists or mappings. It keeps the key path of the node it is
    composing, so each refusal says where it is."""

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.warn_double_anchors = False  # legal YAML; a warning would print mid-report
        self.values = 0
        self.nesting = 0
        self.path: list[str | int] = []
        self.open_anchors: list[_Anchored] = []
        self.extent: dict[str, tuple[int, int]] = {}  # anchor: (values, levels) it repeats
        self.noted: list[Problem] = []  # reported together once the document is composed
        self.scalar_paths: dict[int, tuple] = {}  # id(node): key path, for the constructor

    def get_single_node(self) -> Any:
        node = super().get_single_node()
        if self.noted:  # before anything is constructed from a tag or an unhashable key
            raise YamlRefused(self.noted)
        return node

    def compose_node(self, parent: Any, index: Any) -> Any:
        # `index` is an item's position in a list, or the key node of a mapping value.
        part = index if isinstance(index, int) else getattr(index, "value", None)
        inside = part is not None and not isinstance(part, list | tuple)
        if inside:
            self.path.append(part)
        event = self.parser.peek_event()
        is_key = isinstance(parent, MappingNode) and index is None
        if isinstance(event, AliasEvent):
            levels = self._repeat(event)
        else:
            levels = isinstance(event, MappingStartEvent | SequenceStartEvent)
            self._note_tag(event)
        if is_key and levels:
            self.noted.append(_problem(tuple(self.path), event.start_mark, "a plain key (text "
                                       "such as 'title')", "a list or a mapping used as a key"))
        if isinstance(event, AliasEvent):
            node = super().compose_node(parent, index)
        else:
            node = self._compose_written(event, parent, index)
        if inside:
            self.path.pop()
        return node

    def _repeat(self, event: Any) -> int:
        """Count what an alias repeats; the levels of nesting it adds."""
        if any(anchored.name == event.anchor for anchored in self.open_anchors):
            self._refuse(event, "an alias (*name) outside the value it names",
                         f"the alias '*{event.anchor}' inside '&{event.anchor}' (a loop)",
                         _ALIAS_HINT)
        values, levels = self.extent.get(event.anchor, (0, 0))
        repeated = f" once the alias '*{event.anchor}' is repeated"
        self._count(event, values, repeated)
        self._reach(event, self.nesting + levels, repeated)
        return levels

    def _note_tag(self, event: Any) -> None:
        tag = event.ctag
        if tag is not None and str(tag) != "!":
            self.noted.append(_problem(tuple(self.path), event.start_mark,
                                       "plain YAML values (no '!' tags)",
                                       f"the tag '{_shown_tag(tag)}'"))

    def _compose_written(self, event: Any, parent: Any, index: Any) -> Any:
        self._count(event, 1)
        collection = isinstance(event, MappingStartEvent | SequenceStartEvent)
        self._reach(event, self.nesting + collection)
        self.nesting += collection
        if event.anchor is not None:
            anchored = _Anchored(event.anchor, self.values - 1, self.nesting - collection,
                                 self.nesting)
            self.open_anchors.append(anchored)
        node = super().compose_node(parent, index)
        if event.anchor is not None:
            self.open_anchors.pop()
            self.extent[event.anchor] = (self.values - anchored.first_value,
                                         anchored.deepest - anchored.base_nesting)
        self.nesting -= collection
        return node

    def _count(self, event: Any, values: int, how: str = "") -> None:
        self.values += values
        if self.values > MAX_VALUES:
            self._refuse(event, f"at most {MAX_VALUES:,} values (keys, texts, numbers, lists) "
                         "in the whole file", f"more than {MAX_VALUES:,}{how}",
                         _ALIAS_HINT if how else None)

    def _reach(self, event: Any, nesting: int, how: str = "") -> None:
        if nesting > MAX_NESTING:
            self._refuse(event, f"at most {MAX_NESTING} levels of nesting (lists and mappings "
                         "inside each other)", f"more than {MAX_NESTING} levels{how}",
                         _ALIAS_HINT if how else None)
        for anchored in self.open_anchors:
            anchored.deepest = max(anchored.deepest, nesting)

    def compose_scalar_node(self, anchor: Any) -> Any:
        node = super().compose_scalar_node(anchor)
        self.scalar_paths[id(node)] = tuple(self.path)
        tag = getattr(node.tag, "value", node.tag)
        if tag in _NUMBER_TAGS and len(node.value) > MAX_NUMBER_CHARS:
            self._refuse(node, f"a number of at most {MAX_NUMBER_CHARS} characters",
                         f"a number of {len(node.value):,} characters",
                         "put it in quotes if it is meant as text")
        return node

    def _refuse(self, where: Any, expected: str, found: str, hint: str | None = None):
        raise YamlRefused([*self.noted, _problem(tuple(self.path), where.start_mark, expected,
                                                 found, hint)])


class _CheckedConstructor(RoundTripConstructor):
    """ruamel's round-trip constructor, turning a plain value it cannot convert (2024-02-30,
    which it reads as a date; 0x_, as a number) into a Problem at that value."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, IndexError, AttributeError, OverflowError):
            raise YamlRefused([self._unreadable(node)]) from None

    def _unreadable(self, node: Any) -> Problem:
        tag = getattr(node.tag, "value", node.tag)
        kind = _KINDS.get(tag, f"'{_shown_tag(tag)}' value")
        path = self.loader.composer.scalar_paths.get(id(node), ())
        value = node.value if isinstance(node.value, str) else "this value"
        return _problem(path, node.start_mark, f"a valid {kind}, or text in quotes",
                        f"{value[:60]!r}, which YAML reads as a {kind} but is not a valid "
                        "one", "put it in quotes if it is meant as text")
