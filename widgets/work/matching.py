"""The one matching engine: whether a learner's item says what a published item says.

An answer is read as its content words, each reduced to a root (lemmatized with `simplemma`,
then common derivational endings cut, so "loved", "loving" and "loveable" share one root) and
a polarity: a word is negative when it is negated ("not", "never", "no", "n't", "without",
...), when it carries an antonymic prefix that the other side's word lacks ("un-", "in-",
"im-", "dis-", ...), or when it ends in "-less". Two items match when their roots line up
(every root of one accepted wording, or at least half of it with nothing else) AND every
lined-up root has the same polarity. When the roots line up but a polarity differs, or the
answer says one of the case file's explicit `opposites`, the verdict is "reversed": the other
pole, never a match. Near misses in spelling are "close". The schema and self-state
comparisons and the workshop report all judge with it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import simplemma

Judgement = Literal["match", "close", "reversed"]

_STOPWORDS = frozenset({
    "a", "an", "the", "to", "of", "and", "or", "for", "be", "being", "been", "is", "are", "was",
    "were", "by", "with", "her", "his", "their", "she", "he", "they", "i", "me", "my", "you",
    "your", "it", "its", "that", "this", "as", "at", "in", "on", "from", "into", "about",
    "feel", "feels", "feeling", "felt", "herself", "himself", "themselves", "someone",
    "others", "other", "self", "does", "do", "did", "doing", "very", "really", "so", "just",
    "will", "would", "could", "can", "should", "might", "may", "must", "has", "have", "had",
    "get", "gets", "getting", "got", "seen", "see", "sees", "like", "sort",
    "person", "people", "one", "him", "them", "we", "us", "our", "too", "quite", "bit",
    "lot", "much", "more", "all", "also", "etc", "eg", "e.g", "maybe", "some", "any",
    "when", "then", "than", "there", "what", "which", "who", "whom", "how", "why",
    "anyone", "anybody", "anything", "somebody", "something",
})
# Negators that follow what they negate: "needs nobody", "loved by no one".
_AFTER_NEGATORS = frozenset({"nobody", "noone", "nothing", "none"})
# Words that negate what follows them, up to the end of the clause.
_NEGATORS = frozenset({"not", "never", "no", "without", "nobody", "nothing", "none",
                       "neither", "nor", "cannot", "hardly", "lack", "lacks", "lacking",
                       "noone", "nowhere", "doesnt", "dont", "didnt", "isnt", "cant",
                       "wont", "wasnt", "arent",
                       # Stopping a behaviour is its absence: "stops drinking".
                       "stop", "stops", "stopped", "stopping", "quit", "quits", "quitting",
                       "impossible", "unable"})
_CLAUSE_BREAKS = frozenset({"but", "yet", "although", "though", "however"})
_ANTONYM_PREFIXES = ("un", "in", "im", "dis", "ir", "il", "non", "mis")
# Derivational endings cut after lemmatizing (longest first); what is left must keep 3 letters.
_ENDINGS = ("ability", "ibility", "iness", "itude", "ation", "ment", "ness", "able", "ible", "ity",
            "ful", "ion", "ive", "ate", "ing", "ed", "ly", "y", "e")
# Roots that are one word in a learner's mind but not in spelling.
_SAME_ROOT = {"angr": "anger", "ashamed": "shame", "asham": "shame", "sorrowful": "sorrow",
              "grieving": "grief", "griev": "grief", "lonel": "lonel", "lone": "lonel",
              "humiliat": "humiliat", "humil": "humiliat", "seduct": "seduc", "furious": "fur",
              "fury": "fur", "dependent": "depend", "dependenc": "depend",
              "rejection": "reject", "abandonment": "abandon", "lon": "lonel",
              "exclus": "exclud"}
CLOSE_RATIO = 0.75


@dataclass(frozen=True)
class Word:
    root: str
    negative: bool  # negated, or ending in "-less"
    surface: str = ""  # as written, for near misses in spelling


def _root(word: str) -> tuple[str, bool]:
    lemma = simplemma.lemmatize(word, lang="en").lower()
    negative = False
    if lemma.endswith("lessness"):
        lemma, negative = lemma[: -len("lessness")], True
    elif lemma.endswith("less") and len(lemma) >= 7:
        lemma, negative = lemma[:-4], True
    for ending in _ENDINGS:
        if lemma.endswith(ending) and len(lemma) - len(ending) >= 3:
            lemma = lemma[: -len(ending)]
            break
    if lemma.endswith("e") and len(lemma) > 3:
        lemma = lemma[:-1]
    return _SAME_ROOT.get(lemma, lemma), negative


def _tokens(text: str) -> list[str]:
    text = text.lower().replace("’", "'")
    text = re.sub(r"\bcan't\b", "can not", text)
    text = re.sub(r"\bwon't\b", "will not", text)
    text = re.sub(r"n't\b", " not", text)
    text = text.replace("no one", "noone").replace("no-one", "noone")
    return re.findall(r"[^\W\d_]+|[.,;:!?/()]", text)


@lru_cache(maxsize=65_536)
def read_words(text: str) -> tuple[Word, ...]:
    """The content words of `text` as roots with their polarity."""
    words: list[Word] = []
    negated = False
    clause_start = 0
    for token in _tokens(text):
        if not token[0].isalpha() or token in _CLAUSE_BREAKS:
            negated = False  # a negation reaches to the end of its clause
            clause_start = len(words)
            continue
        if token in _AFTER_NEGATORS and len(words) > clause_start and not negated:
            last = words[-1]
            words[-1] = Word(last.root, not last.negative, last.surface)
            continue
        if token in _NEGATORS:
            negated = not negated
            continue
        if token in _STOPWORDS:
            continue
        root, negative = _root(token)
        words.append(Word(root, negative != negated, token))
    return tuple(words)


@lru_cache(maxsize=65_536)
def content_words(text: str) -> frozenset[str]:
    """The roots of the content words of `text`, negated ones marked with a leading "not ",
    so "caring" and "not caring" never count as the same answer."""
    return frozenset(("not " if w.negative else "") + w.root for w in read_words(text))


def _relate(a: Word, b: Word, fuzzy: bool) -> bool | None:
    """None when `a` and `b` are different words; else whether they have the same polarity.
    A root that is the other's root with an antonymic prefix ("unlov" and "lov") is the same
    word with the opposite polarity."""
    if a.root == b.root:
        return a.negative == b.negative
    for prefix in _ANTONYM_PREFIXES:
        if a.root == prefix + b.root or b.root == prefix + a.root:
            return a.negative != b.negative
    if not fuzzy or len(a.surface) < 4 or len(b.surface) < 4:
        return None
    for prefix in _ANTONYM_PREFIXES:
        for first, second in ((a, b), (b, a)):
            if (first.surface.startswith(prefix) and not second.surface.startswith(prefix)
                    and len(first.surface) - len(prefix) >= 4
                    and _similar(first.surface[len(prefix):], second.surface, 0.8)):
                return first.negative != second.negative  # the prefix flips it
    if _similar(a.root, b.root, 0.8) or _similar(a.surface, b.surface, 0.8):
        return a.negative == b.negative
    return None


def _compare(learner: tuple[Word, ...], key: tuple[Word, ...], fuzzy: bool,
             whole: bool = False) -> tuple[bool, bool]:
    """(whether the roots line up, whether a lined-up root has the other polarity). Only an
    answer that says every word of a wording can reverse it: in a longer wording another word
    may carry the polarity ("undeserving of love"), so a part of it is no evidence."""
    key_hit: set[int] = set()
    learner_hit: set[int] = set()
    flipped = False
    for i, mine in enumerate(learner):
        for j, theirs in enumerate(key):
            same = _relate(mine, theirs, fuzzy)
            if same is None:
                continue
            key_hit.add(j)
            learner_hit.add(i)
            flipped |= not same
    if len(key_hit) == len(key):
        return True, flipped
    if whole:
        return False, False
    partial = len(learner_hit) == len(learner) and len(learner) * 2 >= len(key)
    # Half a wording is not enough when the half left out carries its polarity: "lovable"
    # is not "undeserving of love".
    if any(_carries_polarity(w) for j, w in enumerate(key) if j not in key_hit):
        return False, False
    return partial and not flipped, False


@lru_cache(maxsize=65_536)
def _carries_polarity(word: Word) -> bool:
    return word.negative or any(
        word.surface.startswith(prefix) and len(word.surface) - len(prefix) >= 4
        and simplemma.is_known(word.surface[len(prefix):], lang="en")
        for prefix in _ANTONYM_PREFIXES)


def judge(learner_text: str, accepted: Sequence[str], opposites: Sequence[str] = (),
          near: Sequence[str] = (), whole: bool = False) -> Judgement | None:
    """How well one learner item says one published item, given all its accepted wordings,
    its explicit opposite wordings and the wordings that are on the way to it: "match",
    "close", "reversed" (the other pole) or None. With `whole`, the learner's text must say
    every word of a wording: for a sentence of an open answer, where saying half of a short
    wording ("angry" for "under the anger") is not making the point."""
    # A class writes the same few words many times: the workshop report judges each pair once.
    return _judge(learner_text, tuple(accepted), tuple(opposites), tuple(near), whole)


@lru_cache(maxsize=65_536)
def _judge(learner_text: str, accepted: tuple[str, ...], opposites: tuple[str, ...] = (),
           near_wordings: tuple[str, ...] = (), whole: bool = False) -> Judgement | None:
    learner = read_words(learner_text)
    if not learner:
        return None
    for phrase in opposites:
        key = read_words(phrase)
        # Saying an opposite is the other pole; saying it negated ("not caring" for the
        # opposite "caring") is this pole, judged by the accepted wordings.
        if key and _compare(learner, key, fuzzy=False) == (True, False):
            return "reversed"
    matched = flipped_any = near = False
    for phrase in accepted:
        key = read_words(phrase)
        if not key:
            continue
        covers, flipped = _compare(learner, key, fuzzy=False, whole=whole)
        if not covers and _misspelt(learner_text, phrase, learner, key):
            matched = True
            continue
        if not covers:
            covers, flipped = _compare(learner, key, fuzzy=True, whole=whole)
            if covers and not flipped:
                near = True
                continue
        if covers:
            matched |= not flipped
            flipped_any |= flipped
        elif _similar(" ".join(sorted(w.root for w in learner)),
                      " ".join(sorted(w.root for w in key)), CLOSE_RATIO):
            near = True
    # An answer that says one accepted wording exactly is a match even if, read word by word,
    # it reverses another ("impossible to love" and "Unlovable"); otherwise any reversal wins.
    if matched:
        return "match"
    if flipped_any:
        return "reversed"  # never "match" when a polarity differs
    near |= any(_compare(learner, key, fuzzy=True) == (True, False)
                for key in map(read_words, near_wordings) if key)
    return "close" if near else None


def _misspelt(learner_text: str, phrase: str, learner: tuple[Word, ...],
              key: tuple[Word, ...]) -> bool:
    """Whether the answer is the wording with a slip of spelling or spacing ("sadnes",
    "selfharm"): a trainer reads past it. Polarity must agree and no antonymic prefix may
    differ."""
    if sum(w.negative for w in learner) != sum(w.negative for w in key):
        return False
    mine = "".join(re.findall(r"[^\W\d_]+", learner_text.lower()))
    theirs = "".join(re.findall(r"[^\W\d_]+", phrase.lower()))
    if len(mine) < 4 or mine[0] != theirs[0]:
        return False
    if any(mine.startswith(p) != theirs.startswith(p) for p in _ANTONYM_PREFIXES):
        return False
    return _edits(mine, theirs) <= (1 if len(theirs) <= 12 else 2)


def _edits(a: str, b: str) -> int:
    """Letters inserted, deleted, changed or swapped with a neighbour to make `a` into `b`."""
    if abs(len(a) - len(b)) > 2:
        return 3
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        row = [i]
        for j, other in enumerate(b, 1):
            cost = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (char != other))
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                cost = min(cost, previous2[j - 2] + 1)
            row.append(cost)
        previous2, previous = previous, row
    return previous[-1]


def _similar(a: str, b: str, threshold: float) -> bool:
    # The cheap upper bounds first: most pairs fail them, and ratio() is slow.
    matcher = difflib.SequenceMatcher(None, a, b)
    return (matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold
            and matcher.ratio() >= threshold)


ORDER: tuple[Judgement, ...] = ("match", "reversed", "close")


def pair_by(published: int, learner: int, verdict: Callable[[int, int], Judgement | None]
            ) -> list[tuple[Judgement, int] | None]:
    """For each of `published` items, the learner item (status, index) that says it, each
    learner item used once, given `verdict(published index, learner index)`. Matches are
    paired first, then reversed answers, then near misses, so a weaker verdict never takes an
    item that another published item matches exactly."""
    table: dict[tuple[int, int], Judgement | None] = {}

    def verdict_of(slot: int, index: int) -> Judgement | None:
        # Judged when first needed: a class's report pairs many answers.
        if (slot, index) not in table:
            table[slot, index] = verdict(slot, index)
        return table[slot, index]

    pairs: list[tuple[Judgement, int] | None] = [None] * published
    used: set[int] = set()
    for wanted in ORDER:
        for slot in range(published):
            if pairs[slot] is not None:
                continue
            for index in range(learner):
                if index not in used and verdict_of(slot, index) == wanted:
                    pairs[slot] = (wanted, index)
                    used.add(index)
                    break
    return pairs


def pair_up(published: list[list[str]], learner: list[str],
            opposites: list[list[str]] | None = None, near: list[list[str]] | None = None
            ) -> list[tuple[Judgement, int] | None]:
    """`pair_by` for published items given as their accepted wordings (and, optionally, their
    opposite and near wordings) and learner items given as texts."""
    against = opposites or [[] for _ in published]
    towards = near or [[] for _ in published]
    return pair_by(len(published), len(learner),
                   lambda slot, index: judge(learner[index], published[slot], against[slot],
                                             towards[slot]))
