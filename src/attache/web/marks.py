"""Cut an article's text into segments, each with the marks (actors, time expressions, places,
event evidence, captions) that cover it, so the reader page can show them without overlaps
breaking the HTML: a segment lies entirely inside or outside every mark."""

from __future__ import annotations

from dataclasses import dataclass

from attache.schema import Article


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str
    label: str
    anchor: str | None = None


@dataclass(frozen=True)
class Segment:
    text: str
    marks: tuple[Mark, ...]

    @property
    def classes(self) -> str:
        return " ".join(sorted({f"m-{m.kind}" for m in self.marks}))

    @property
    def title(self) -> str:
        return "; ".join(dict.fromkeys(m.label for m in self.marks))

    @property
    def anchors(self) -> list[str]:
        return [m.anchor for m in self.marks if m.anchor]


def article_marks(article: Article) -> list[Mark]:
    """Every mark on the article's text, with a label for the tooltip."""
    marks = [Mark(m.start, m.end, "actor", f"actor {a.id} ({a.kind})")
             for a in article.actors for m in a.mentions]
    marks += [Mark(t.start, t.end, "timex", f"time {t.value or '?'} ({t.granularity or t.kind})")
              for t in article.timexes]
    marks += [Mark(p.start, p.end, "place", f"place {p.name}, {p.country or '?'}")
              for p in article.places]
    marks += [Mark(e.evidence.start, e.evidence.end, "evidence",
                   f"event {e.id}: {e.plover} {e.cameo}", anchor=e.id) for e in article.events]
    marks += [Mark(c.start, c.end, "caption", "photo caption") for c in article.captions]
    return [m for m in marks if 0 <= m.start < m.end <= len(article.text)]


def segments(text: str, marks: list[Mark]) -> list[Segment]:
    """`text` cut at every mark boundary; an anchor goes on the first segment of its mark."""
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    placed: set[str] = set()
    result: list[Segment] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = tuple(m if m.anchor not in placed else _no_anchor(m)
                         for m in marks if m.start <= start and end <= m.end)
        placed.update(m.anchor for m in covering if m.anchor)
        result.append(Segment(text[start:end], covering))
    return result


def _no_anchor(mark: Mark) -> Mark:
    return Mark(mark.start, mark.end, mark.kind, mark.label)
