"""Cleaning: normalise characters, drop site furniture, mark photo captions.

The cleaned text is the kept paragraphs joined by blank lines; every offset attache reports
refers to it. `OffsetMap` maps a cleaned offset back to the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from attache.schema import Caption, Removed

CHAR_MAP = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u200a": " ", "\t": " ",
        "\u2013": "-", "\u2014": "-", "\u2212": "-",
    }
)
DELETED_CHARS = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}

BOILERPLATE: list[tuple[str, re.Pattern[str]]] = [
    ("comment form", re.compile(r"^(leave a (reply|comment)|post a comment|add a comment|"
                                r"\d+ comments?|comments?( \(\d+\))?|reply|cancel reply)\s*:?$",
                                re.I)),
    ("comment form", re.compile(r"your email address will not be published|"
                                r"required fields are marked|save my name, email", re.I)),
    ("share bar", re.compile(r"^(share( this( article| story)?)?( on)?|tweet|email|print|"
                             r"(facebook|twitter|linkedin|whatsapp|telegram|reddit|x)"
                             r"([\s|,/]+(facebook|twitter|linkedin|whatsapp|telegram|reddit|x|"
                             r"email|print))*)\s*:?$", re.I)),
    ("subscribe prompt", re.compile(r"^(subscribe|sign up|follow us|get the latest|"
                                    r"click here|download (our|the) app)\b.{0,120}$", re.I)),
    ("subscribe prompt", re.compile(r"newsletter|subscribe (to|now)|sign up for", re.I)),
    ("related links", re.compile(r"^(related( articles| stories| news)?|read more|"
                                 r"see also|more on this|recommended|advertisement)\s*:?.{0,80}$",
                                 re.I)),
    ("copyright line", re.compile(r"^(copyright|©|\(c\)).{0,160}$|all rights reserved", re.I)),
]
# Only short paragraphs are judged by the looser patterns: real sentences are long.
LOOSE_MAX_CHARS = 200

CAPTION = re.compile(
    r"^\(?\s*(cover|photo|file photo|image|caption|picture|pictured|video)\b\s*[:/-]"
    r"|/\s*(xinhua|ap|afp|reuters|getty images|epa|tass|ria novosti)\s*\)?\s*$"
    r"|^\((ap|afp|reuters|xinhua) photo\b",
    re.I,
)


@dataclass
class OffsetMap:
    """Piecewise map from cleaned offsets to original offsets."""

    clean_starts: list[int] = field(default_factory=list)
    orig_starts: list[int] = field(default_factory=list)

    def add(self, clean_start: int, orig_start: int) -> None:
        self.clean_starts.append(clean_start)
        self.orig_starts.append(orig_start)

    def to_original(self, offset: int) -> int:
        i = bisect_right(self.clean_starts, offset) - 1
        if i < 0:
            return offset
        return self.orig_starts[i] + (offset - self.clean_starts[i])


@dataclass
class CleanText:
    text: str
    removed: list[Removed]
    captions: list[Caption]
    offsets: OffsetMap


def normalise_chars(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Map quotes, dashes and odd spaces to plain ones; drop zero-width characters.

    Returns the text and (normalised offset, original offset) breakpoints where they diverge.
    """
    out: list[str] = []
    breaks: list[tuple[int, int]] = [(0, 0)]
    for i, ch in enumerate(text):
        if ch in DELETED_CHARS:
            breaks.append((len(out), i + 1))
            continue
        out.append(ch)
    return "".join(out).translate(CHAR_MAP), breaks


def split_paragraphs(text: str) -> list[tuple[int, str]]:
    """Paragraphs with their start offsets: blank-line separated, else one per line."""
    separator = r"\n\s*\n" if re.search(r"\n\s*\n", text) else r"\n"
    paragraphs, pos = [], 0
    for match in re.finditer(separator, text):
        paragraphs.append((pos, text[pos:match.start()]))
        pos = match.end()
    paragraphs.append((pos, text[pos:]))
    return [(start + len(p) - len(p.lstrip()), p.strip()) for start, p in paragraphs if p.strip()]


def boilerplate_reason(paragraph: str) -> str | None:
    flat = " ".join(paragraph.split())
    for reason, pattern in BOILERPLATE:
        if (len(flat) <= LOOSE_MAX_CHARS or reason == "comment form") and pattern.search(flat):
            return reason
    return None


def is_caption(paragraph: str) -> bool:
    return bool(CAPTION.search(" ".join(paragraph.split())))


def clean(raw: str) -> CleanText:
    """Normalise `raw`, drop furniture paragraphs (with a reason), keep captions marked."""
    normal, breaks = normalise_chars(raw)
    kept: list[str] = []
    removed: list[Removed] = []
    captions: list[Caption] = []
    offsets = OffsetMap()
    cursor = 0
    for start, paragraph in split_paragraphs(normal):
        reason = boilerplate_reason(paragraph)
        if reason:
            removed.append(Removed(text=paragraph, reason=reason))
            continue
        if kept:
            cursor += 2
        offsets.add(cursor, _original_offset(start, breaks))
        if is_caption(paragraph):
            captions.append(Caption(start=cursor, end=cursor + len(paragraph)))
        kept.append(paragraph)
        cursor += len(paragraph)
    return CleanText("\n\n".join(kept), removed, captions, offsets)


def _original_offset(offset: int, breaks: list[tuple[int, int]]) -> int:
    i = bisect_right([b[0] for b in breaks], offset) - 1
    norm_start, orig_start = breaks[i]
    return orig_start + (offset - norm_start)
