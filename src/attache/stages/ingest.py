"""Reading articles from files: plain text, HTML pages, JSON Lines, and directories of them.

`read_articles` yields an `ArticleInput` for each article it can read and an `InputError` (not
raised) for each one it cannot, so one bad file never stops a batch. What is refused, and why
(docs/reliability.md, "Bad input", has the table and the test of each):

* a file that is not a regular file (FIFO, device, socket: never opened, so a FIFO with no
  writer cannot hang a run), a broken or looping symbolic link, a file the OS will not open;
* a file over the size limit, judged on its size before anything is read: text and JSON Lines
  records over `BYTES_PER_CHAR * max_chars` bytes (they cannot hold `max_chars` characters or
  fewer), HTML pages over `MAX_HTML_BYTES`;
* binary data (NUL bytes, control characters, or the signature of a PDF, ZIP, image, ...);
* invalid UTF-8 in a file that is otherwise UTF-8 (see `decode_bytes` for the encodings read);
* text that is not English (`language_problem`): attache's parser and dictionaries are English;
* an empty file, a page with no article text, a JSON line that is not an object with `text`.
"""

from __future__ import annotations

import errno
import io
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO

from attache.errors import (
    EmptyInput,
    InputError,
    MalformedRecord,
    NotEnglish,
    TooLarge,
    UnreadableInput,
    UnsupportedInput,
    UsageError,
)
from attache.schema import ArticleInput
from attache.settings import Settings
from attache.stages.language import language_problem

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

# A character takes at most 4 bytes in every encoding attache reads, so a text of more than
# 4 * max_chars bytes surely has more than max_chars characters: refused unread.
BYTES_PER_CHAR = 4
# HTML pages: real news pages are well under 2 MB; parsing markup takes about 4 s and 150 MB
# per MB of dense markup, so bigger pages are refused before they are parsed.
MAX_HTML_BYTES = 5_000_000
SNIFF_BYTES = 8192  # bytes looked at to tell text from binary data

BOMS = (  # longest first: the UTF-32-LE BOM begins with the UTF-16-LE one
    (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8"),
    (b"\xff\xfe", "utf-16", "UTF-16"),
    (b"\xfe\xff", "utf-16", "UTF-16"),
)
SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx/.epub)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
# Bytes that do not occur in text (C0 controls other than tab, newlines, form feed, escape).
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\x0c\x1b")
_HIGH = bytes(range(128, 256))
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


# ---- dates -----------------------------------------------------------------------------------

def parse_date(value: str | None, *, what: str = "date") -> str | None:
    """Return `YYYY-MM-DD` for an ISO date or timestamp, None for empty; raise on garbage."""
    if value is None or not str(value).strip():
        return None
    head = str(value).strip()[:10]
    try:
        return date.fromisoformat(head).isoformat()
    except ValueError:
        raise UsageError(f"{what} {_show(value)} is not a date (expected YYYY-MM-DD)") from None


# A publication date outside these years is a typo (0023 for 2023) or a placeholder (9999-12-31);
# and relative dates ("tomorrow") cannot be resolved at the ends of the calendar.
PUBLISHED_YEARS = (1000, 2999)


def parse_published(value: str | None, *, what: str = "published") -> str | None:
    """A publication date: `parse_date`, with a year in `PUBLISHED_YEARS`."""
    parsed = parse_date(value, what=what)
    low, high = PUBLISHED_YEARS
    if parsed is not None and not low <= int(parsed[:4]) <= high:
        raise UsageError(f"{what} {_show(value)} is not a plausible publication date "
                         f"(years {low} to {high})")
    return parsed


def _show(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "...'"


# ---- files -----------------------------------------------------------------------------------

def read_articles(
    paths: Iterable[str | Path], published: str | None = None, *, max_chars: int | None = None
) -> Iterator[ArticleInput | InputError]:
    """Yield every article under `paths`; `published` fills in a missing publication date.

    `max_chars` (default: the setting's default) sets the size limits; articles that are not
    English are yielded as `NotEnglish` errors.
    """
    default_date = parse_published(published, what="--published")
    limit = max_chars or Settings().max_chars
    for path in iter_files(paths):
        if isinstance(path, InputError):
            yield _printable(path)
            continue
        for item in read_file(path, max_chars=limit):
            if isinstance(item, ArticleInput):
                item.id, item.origin = _valid(item.id), _valid(item.origin or str(path))
                problem = language_problem(item.text)
                if problem is not None:
                    yield NotEnglish(problem, origin=item.origin)
                    continue
                if item.published is None:
                    item.published = default_date
                yield item
            else:
                yield _printable(item)


def _printable(error: InputError) -> InputError:
    """A file name that is not UTF-8 (Python keeps its bytes as surrogates) cannot be printed
    or stored: its bad bytes become U+FFFD in the origin and the message."""
    error.origin = None if error.origin is None else _valid(error.origin)
    error.message = _valid(error.message)
    return error


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists() or path.is_symlink():
            yield path  # read_file says what is wrong with a broken or looping link
        else:
            yield UnreadableInput("no such file or directory", origin=str(path))


def _walk(root: Path) -> Iterator[Path | InputError]:
    """The files under `root`, sorted, following symbolic links to directories; a link back
    to a directory already read (a loop) is reported once and not followed."""
    errors: list[InputError] = []

    def on_error(err: OSError) -> None:
        errors.append(UnreadableInput(_os_reason(err), origin=err.filename))

    seen: dict[tuple[int, int], str] = {}
    for folder, dirs, files in os.walk(root, followlinks=True, onerror=on_error):
        try:
            info = os.stat(folder)
        except OSError as err:
            errors.append(UnreadableInput(_os_reason(err), origin=folder))
            dirs[:] = []
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen:
            dirs[:] = []
            first = seen[key]
            reason = (f"symbolic link loop back to {first}; not read again"
                      if Path(folder).is_relative_to(first)
                      else f"another link to {first}, which was read already; not read again")
            errors.append(UnreadableInput(reason, origin=folder))
        else:
            seen[key] = folder
            dirs.sort()
            for name in sorted(files):
                if not name.startswith("."):
                    yield Path(folder) / name
        yield from errors
        errors.clear()
    yield from errors


def read_file(path: Path, *, max_chars: int | None = None
              ) -> Iterator[ArticleInput | InputError]:
    """The article(s) in one file, or the reason it cannot be read."""
    limit = max_chars or Settings().max_chars
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield UnsupportedInput(
            f"unknown extension {suffix or '(none)'!r}; expected one of "
            + ", ".join(sorted(SUPPORTED_SUFFIXES)),
            origin=str(path),
        )
        return
    try:
        size = _regular_file_size(path)
        if suffix in JSONL_SUFFIXES:
            yield from _jsonl_articles(path, BYTES_PER_CHAR * limit)
            return
        html = suffix in HTML_SUFFIXES
        text = _read_text(path, size, MAX_HTML_BYTES if html else BYTES_PER_CHAR * limit,
                          "HTML page" if html else "text file")
        if not html and len(text) > limit:
            raise TooLarge(f"file has {len(text):,} characters, more than the max_chars "
                           f"setting ({limit:,})", origin=str(path))
    except InputError as err:
        err.origin = err.origin or str(path)
        yield err
        return
    yield _html_article(text, path) if html else _text_article(text, path)


def _regular_file_size(path: Path) -> int:
    """The size of `path` if it is a regular file (links followed); else an `InputError`.

    Nothing is opened: a FIFO, a device or a socket would block or never end."""
    try:
        info = path.stat()
    except OSError as err:
        if path.is_symlink():
            target = os.readlink(path)
            if err.errno == errno.ELOOP:
                raise UnreadableInput(f"symbolic link loop ({target})") from None
            raise UnreadableInput(f"broken symbolic link: its target {target} "
                                  f"cannot be read ({_os_reason(err)})") from None
        raise UnreadableInput(_os_reason(err)) from None
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableInput("is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableInput(f"not a regular file ({_file_kind(info.st_mode)}); "
                              "only regular files are read")
    return info.st_size


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a FIFO / named pipe"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "a special file"


def _os_reason(err: OSError) -> str:
    return err.strerror or str(err)


def _read_text(path: Path, size: int, limit: int, what: str) -> str:
    if size > limit:
        raise TooLarge(f"{what} is {size:,} bytes, over the {limit:,}-byte limit; "
                       "it was not read")
    if size == 0:
        raise EmptyInput("file is empty (0 bytes)")
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # the file may have grown since it was measured
    except OSError as err:
        raise UnreadableInput(_os_reason(err)) from None
    if len(data) > limit:
        raise TooLarge(f"{what} is over the {limit:,}-byte limit; it was not read")
    return decode_bytes(data, origin=str(path))


def decode_bytes(data: bytes, *, origin: str, what: str = "file") -> str:
    """Text from bytes (`what`: a file, or a line of one), or an `UnreadableInput` saying why
    not.

    * a byte-order mark says the encoding: UTF-8, UTF-16 or UTF-32 (either byte order);
    * UTF-16 without a mark is recognised when it is mostly ASCII (every other byte NUL);
    * NUL bytes, many control characters or the signature of a known binary format: refused;
    * valid UTF-8 is UTF-8;
    * otherwise, bytes with more well-formed multi-byte UTF-8 characters than stray high bytes
      are refused as invalid UTF-8 (decoding them as anything else would garble the good
      ones), and the rest are a legacy single-byte encoding, read as Windows-1252 (a superset
      of Latin-1's printable characters).
    """
    for mark, codec, name in BOMS:
        if data.startswith(mark):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as err:
                raise UnreadableInput(f"invalid {name} (starts with a {name} byte-order mark; "
                                      f"bad bytes at offset {err.start:,})", origin=origin
                                      ) from None
    codec16 = _bare_utf16(data[:SNIFF_BYTES])
    if codec16 is not None:
        try:
            return data.decode(codec16)
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: judged as bytes below
    reason = binary_reason(data[:SNIFF_BYTES])
    if reason is not None:
        raise UnreadableInput(f"binary {what} ({reason}), not text", origin=origin)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        sequences = _UTF8_SEQUENCE.findall(data)
        stray = len(data.translate(None, delete=bytes(range(128)))) - sum(map(len, sequences))
        if len(sequences) > stray:
            raise UnreadableInput(
                f"invalid UTF-8: bytes {data[err.start:err.start + 4]!r} at offset "
                f"{err.start:,} are not UTF-8, in a {what} that is otherwise UTF-8 "
                f"({len(sequences):,} good multi-byte characters, {stray:,} bad bytes); "
                "re-save it as UTF-8", origin=origin) from None
        return data.decode("cp1252", errors="replace")


def _bare_utf16(head: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' for mostly-ASCII UTF-16 without a byte-order mark."""
    pairs = len(head) // 2
    if pairs < 8:
        return None
    even, odd = head[0:pairs * 2:2].count(0), head[1:pairs * 2:2].count(0)
    if odd >= 0.9 * pairs and even == 0:
        return "utf-16-le"
    if even >= 0.9 * pairs and odd == 0:
        return "utf-16-be"
    return None


def binary_reason(head: bytes) -> str | None:
    """Why the first bytes of a file are not text, or None."""
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    if b"\x00" in head:
        return "contains NUL bytes"
    controls = len(head) - len(head.translate(None, delete=_CONTROL))
    if head and controls > max(8, len(head) // 50):
        return f"{controls} control characters in its first {len(head):,} bytes"
    return None


# ---- the three formats -----------------------------------------------------------------------

def _text_article(text: str, path: Path) -> ArticleInput | InputError:
    lines = text.strip().splitlines()
    if not lines:
        return EmptyInput("file holds only white space", origin=str(path))
    title, body = lines[0].strip(), "\n".join(lines[1:]).strip()
    if not body:
        return EmptyInput("file has a title line but no article text", origin=str(path))
    return ArticleInput(id=path.stem, title=title, text=body, origin=str(path))


def _html_article(markup: str, path: Path) -> ArticleInput | InputError:
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(
            markup, include_comments=False, include_tables=False, with_metadata=True
        )
    except Exception as err:  # a third-party parser on hostile markup (RecursionError too)
        return UnreadableInput(f"the HTML page could not be parsed ({type(err).__name__}: "
                               f"{str(err)[:200]})", origin=str(path))
    body = getattr(extracted, "text", None) if extracted is not None else None
    if not body or not body.strip():
        return EmptyInput("no article text found in the HTML page" + _html_trouble(markup),
                          origin=str(path))
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


def _html_trouble(markup: str) -> str:
    """Why a page gave no text, when the HTML parser says (e.g. nesting too deep)."""
    from lxml import etree

    parser = etree.HTMLParser(recover=True)
    try:
        etree.fromstring(markup.encode("utf-8", "replace"), parser)
    except Exception:  # the reason is a courtesy; the page is refused anyway
        return ""
    for entry in parser.error_log:
        if "depth" in entry.message.lower():
            return (" (elements are nested deeper than the HTML parser's limit of 256 levels;"
                    " it stops reading there)")
    return ""


def _jsonl_articles(path: Path, limit: int) -> Iterator[ArticleInput | InputError]:
    """The records of a JSON Lines file, read line by line (a file can hold many articles);
    a line over `limit` bytes is skipped unread."""
    try:
        handle = path.open("rb")
    except OSError as err:
        yield UnreadableInput(_os_reason(err), origin=str(path))
        return
    records = 0
    with handle:
        for number, line in _numbered_lines(handle, limit, str(path)):
            origin = f"{path}:{number}"
            if isinstance(line, InputError):
                line.origin = line.origin or origin
                yield line
                if number == 0:
                    return  # the whole file is unreadable
                records += 1
                continue
            if not line.strip():
                continue
            records += 1
            try:
                yield article_from_line(line, origin=origin, default_id=f"{path.stem}-{number}")
            except InputError as err:
                yield err
    if records == 0:
        yield EmptyInput("file holds no JSON Lines records", origin=str(path))


def _numbered_lines(handle: IO[bytes], limit: int, origin: str
                    ) -> Iterator[tuple[int, str | InputError]]:
    """(line number, decoded line or the reason it cannot be read); number 0: the file."""
    head = handle.read(SNIFF_BYTES)
    handle.seek(0)
    for mark, codec, name in BOMS:
        if head.startswith(mark) and codec != "utf-8-sig":
            yield from _wide_lines(handle, codec, name, limit)
            return
    reason = binary_reason(head.removeprefix(b"\xef\xbb\xbf"))
    if reason is not None:
        yield 0, UnreadableInput(f"binary file ({reason}), not text", origin=origin)
        return
    number = 0
    while raw := handle.readline(limit + 1):
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            _skip_line(handle)
            yield number, TooLarge(f"line is over the {limit:,}-byte limit (4 x max_chars); "
                                   "it was not read")
            continue
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            yield number, decode_bytes(raw, origin="", what="line")
        except InputError as err:
            err.origin = None
            yield number, err


def _wide_lines(handle: IO[bytes], codec: str, name: str, limit: int
                ) -> Iterator[tuple[int, str | InputError]]:
    text = io.TextIOWrapper(handle, encoding=codec, errors="strict", newline=None)
    number = 0
    try:
        while line := text.readline(limit // 2 + 1):
            number += 1
            if len(line) > limit // 2 and not line.endswith("\n"):
                while (rest := text.readline(1 << 20)) and not rest.endswith("\n"):
                    pass
                yield number, TooLarge(f"line is over the {limit // 2:,}-character limit")
                continue
            yield number, line
    except UnicodeDecodeError:
        yield number + 1, UnreadableInput(f"invalid {name} from this line on; the rest of "
                                          "the file was not read")
    finally:
        text.detach()


def _skip_line(handle: IO[bytes]) -> None:
    while (chunk := handle.readline(1 << 20)) and not chunk.endswith(b"\n"):
        pass


def article_from_line(line: str, *, origin: str, default_id: str) -> ArticleInput:
    """One JSON Lines record; raises `MalformedRecord` for anything that is not a JSON object
    with a non-empty `text` string."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise MalformedRecord(f"not valid JSON ({err.msg} at column {err.colno})",
                              origin=origin) from None
    except RecursionError:
        raise MalformedRecord("not read: JSON nested too deeply", origin=origin) from None
    except ValueError as err:  # e.g. an integer of more than 4,300 digits
        raise MalformedRecord(f"not valid JSON ({str(err)[:120]})", origin=origin) from None
    return article_from_json(record, origin=origin, default_id=default_id)


def article_from_json(record: object, *, origin: str, default_id: str) -> ArticleInput:
    """One JSON object (`text` required; `title`, `published`, `url`, `source`, `id`) to input.

    Unpaired UTF-16 surrogates (from `\\ud800`-style escapes) become U+FFFD: they cannot be
    written as UTF-8."""
    if not isinstance(record, dict):
        raise MalformedRecord(f"a JSON Lines record must be an object, not "
                              f"{_json_kind(record)}", origin=origin)
    text = record.get("text")
    if "text" not in record:
        raise MalformedRecord("record has no 'text' field", origin=origin)
    if not isinstance(text, str):
        raise MalformedRecord(f"record's 'text' is {_json_kind(text)}, not a string",
                              origin=origin)
    if not text.strip():
        raise MalformedRecord("record's 'text' is empty", origin=origin)
    return ArticleInput(
        id=_optional_str(record.get("id")) or default_id,
        title=_optional_str(record.get("title")),
        text=_valid(text),
        published=_lenient_date(record.get("published")),
        url=_optional_str(record.get("url")),
        source=_optional_str(record.get("source")),
        origin=origin,
    )


def _json_kind(value: object) -> str:
    kinds = {list: "an array", str: "a string", bool: "a boolean", int: "a number",
             float: "a number", dict: "an object", type(None): "null"}
    return kinds.get(type(value), type(value).__name__)


def _valid(text: str) -> str:
    return _SURROGATE.sub("\ufffd", text)


def _optional_str(value: object) -> str | None:
    return _valid(str(value)) if value not in (None, "") else None


def _lenient_date(value: object) -> str | None:
    try:
        return parse_published(str(value)) if value else None
    except (UsageError, ValueError):
        return None
