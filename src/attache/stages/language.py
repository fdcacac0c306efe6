"""Is an article English? attache's parser, dictionaries and rules are English only.

`language_problem(text)` says why a text is not English, or None. A heuristic, not a language
model, so nothing is added to the dependencies: it reads the script of the letters and the
share of common English function words (measured on the test corpora, see `MIN_ENGLISH_SHARE`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

# Common English function words that are rare in the other languages written in Latin script
# (no "a", "in", "on", "is", "was", "will", "die", "an", "also", "so", "no"; no "of" or "had",
# which are Dutch too).
_ENGLISH_WORDS = """
the and to that for with from by at as it its this these those be been being are were has
have which who whom whose would could should their they them he she his him her not but
or said says after about than into over while we our you your there when what where
"""
ENGLISH_WORDS = frozenset(_ENGLISH_WORDS.split())
LANGUAGE_SAMPLE = 20_000  # characters of an article judged
MIN_LETTERS = 20  # fewer letters than this: too short to judge, taken as English
MIN_WORDS = 60
# Of 1,711 English news texts (the corpora of tests/): median 26 %, lowest 11 % once they have
# 60 words; French, German, Spanish, Dutch and Indonesian news: 0 to 2 %.
MIN_ENGLISH_SHARE = 0.05
MIN_LATIN_SHARE = 0.5
_WORD = re.compile(r"[^\W\d_]+")


def language_problem(text: str) -> str | None:
    """Why `text` is not English, or None when it is (or is too short to tell).

    A heuristic, not a language model: more than half of the letters in another script
    (Cyrillic, Arabic, CJK, ...) is not English; among Latin-script words, fewer than 5 % that
    are common English function words (`ENGLISH_WORDS`) is not English either. Shorter texts
    (under 20 letters, or under 60 Latin-script words for the second test) are not judged.
    """
    sample = text[:LANGUAGE_SAMPLE]
    scripts = Counter(_script(ch) for ch in sample if ch.isalpha())
    letters = sum(scripts.values())
    if letters < MIN_LETTERS:
        return None
    if scripts["LATIN"] / letters < MIN_LATIN_SHARE:
        script, count = max(((s, n) for s, n in scripts.items() if s != "LATIN"),
                            key=lambda pair: pair[1])
        name = script if script == "CJK" else script.title()
        return (f"text is not English: {count / letters:.0%} of its letters are in "
                f"{name} script; attache codes English news only")
    words = [w for w in _WORD.findall(sample.lower()) if _script(w[0]) == "LATIN"]
    if len(words) < MIN_WORDS:
        return None
    share = sum(w in ENGLISH_WORDS for w in words) / len(words)
    if share < MIN_ENGLISH_SHARE:
        return (f"text does not look like English: {share:.0%} of its {len(words):,} words are "
                f"common English words such as 'the', 'and', 'to' (English news: 10% or more); "
                f"attache codes English news only")
    return None


def _script(ch: str) -> str:
    if ch < "\u0250":
        return "LATIN"
    name = unicodedata.name(ch, "")
    if name.startswith(("FULLWIDTH LATIN", "LATIN")):
        return "LATIN"
    return name.split(" ")[0] or "UNKNOWN"
