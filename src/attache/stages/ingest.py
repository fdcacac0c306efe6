"""Reading articles from files: plain text, HTML pages, JSON Lines, and directories of them.

`read_articles` yields an `ArticleInput` for each article it can read and an `InputError` (not
raised) for each one it cannot, so one bad file never stops a batch.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from attache.errors import (
    EmptyInput,
    InputError,
    MalformedRecord,
    UnreadableInput,
    UnsupportedInput,
    UsageError,
)
from attache.schema import ArticleInput

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES


def parse_date(value: str | None, *, what: str = "date") -> str | None:
    """Return `YYYY-MM-DD` for an ISO date or timestamp, None for empty; raise on garbage."""
    if value is None or not str(value).strip():
        return None
    head = str(value).strip()[:10]
    try:
        return date.fromisoformat(head).isoformat()
    except ValueError:
        raise UsageError(f"{what} {value!r} is not a date (expected YYYY-MM-DD)") from None


def read_articles(
    paths: Iterable[str | Path], published: str | None = None
) -> Iterator[ArticleInput | InputError]:
    """Yield every article under `paths`; `published` fills in a missing publication date."""
    default_date = parse_date(published, what="--published")
    for path in iter_files(paths):
        if isinstance(path, InputError):
            yield path
            continue
        for item in read_file(path):
            if isinstance(item, ArticleInput) and item.published is None:
                item.published = default_date
            yield item


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists():
            yield path
        else:
            yield UnreadableInput("no such file or directory", origin=str(path))


def _walk(root: Path) -> Iterator[Path | InputError]:
    seen: set[tuple[int, int]] = set()

    def on_error(err: OSError) -> None:
        errors.append(UnreadableInput(err.strerror or str(err), origin=err.filename))

    errors: list[InputError] = []
    for folder, dirs, files in os.walk(root, followlinks=True, onerror=on_error):
        stat = os.stat(folder)
        if (stat.st_dev, stat.st_ino) in seen:
            dirs[:] = []
            errors.append(UnreadableInput("directory loop (symlink) skipped", origin=folder))
            continue
        seen.add((stat.st_dev, stat.st_ino))
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if name.startswith("."):
                continue
            yield path
        yield from errors
        errors.clear()
    yield from errors


def read_file(path: Path) -> Iterator[ArticleInput | InputError]:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield UnsupportedInput(
            f"unknown extension {suffix or '(none)'!r}; expected one of "
            + ", ".join(sorted(SUPPORTED_SUFFIXES)),
            origin=str(path),
        )
        return
    try:
        text = decode_bytes(path.read_bytes(), origin=str(path))
    except OSError as err:
        yield UnreadableInput(err.strerror or str(err), origin=str(path))
        return
    except InputError as err:
        yield err
        return
    if suffix in JSONL_SUFFIXES:
        yield from _jsonl_articles(text, path)
    elif suffix in HTML_SUFFIXES:
        yield _html_article(text, path)
    else:
        yield _text_article(text, path)


def decode_bytes(data: bytes, *, origin: str) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252; refuse binary."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:8192]:
        raise UnreadableInput("binary file (contains NUL bytes), not text", origin=origin)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _text_article(text: str, path: Path) -> ArticleInput | InputError:
    lines = text.strip().splitlines()
    if not lines:
        return EmptyInput("file is empty", origin=str(path))
    title, body = lines[0].strip(), "\n".join(lines[1:]).strip()
    if not body:
        return EmptyInput("file has a title line but no article text", origin=str(path))
    return ArticleInput(id=path.stem, title=title, text=body, origin=str(path))


def _html_article(markup: str, path: Path) -> ArticleInput | InputError:
    import trafilatura

    extracted = trafilatura.bare_extraction(
        markup, include_comments=False, include_tables=False, with_metadata=True
    )
    body = getattr(extracted, "text", None) if extracted is not None else None
    if not body or not body.strip():
        return EmptyInput("no article text found in the HTML page", origin=str(path))
    published = getattr(extracted, "date", None)
    return ArticleInput(
        id=path.stem,
        title=getattr(extracted, "title", None),
        text=body,
        published=_lenient_date(published),
        url=getattr(extracted, "url", None),
        source=getattr(extracted, "sitename", None),
        origin=str(path),
        html=True,
    )


def _jsonl_articles(text: str, path: Path) -> Iterator[ArticleInput | InputError]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        origin = f"{path}:{number}"
        try:
            record = json.loads(line)
            yield article_from_json(record, origin=origin, default_id=f"{path.stem}-{number}")
        except json.JSONDecodeError as err:
            yield MalformedRecord(f"not valid JSON ({err.msg})", origin=origin)
        except InputError as err:
            yield err


def article_from_json(record: object, *, origin: str, default_id: str) -> ArticleInput:
    """One JSON object (`text` required; `title`, `published`, `url`, `source`, `id`) to input."""
    if not isinstance(record, dict):
        raise MalformedRecord("a JSON Lines record must be an object", origin=origin)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise MalformedRecord("record has no non-empty 'text' field", origin=origin)
    return ArticleInput(
        id=str(record.get("id") or default_id),
        title=_optional_str(record.get("title")),
        text=text,
        published=_lenient_date(record.get("published")),
        url=_optional_str(record.get("url")),
        source=_optional_str(record.get("source")),
        origin=origin,
    )


def _optional_str(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def _lenient_date(value: object) -> str | None:
    try:
        return parse_date(str(value)) if value else None
    except UsageError:
        return None
