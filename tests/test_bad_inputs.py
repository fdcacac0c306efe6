"""Bad input (issue 8, point 1): every bad item named with a reason, in the run summary and in
the `ingest_errors` table; every good item of the same run stored; exit code 1 when anything
failed; no traceback.

`test_one_run_over_every_kind_of_bad_input` runs the real command (`python -m attache.cli
ingest DIR --db FILE`, as a user would) once over a folder that mixes good files with one of
each bad kind. The focused tests below it check each reader path directly, and what can only
be checked in-process (memory, hanging).

Tests run as root, where `chmod 000` does not stop a read. The unreadable files are therefore
ones whose opening fails for root too: a broken symbolic link, a symbolic link to itself (the
OS refuses with ELOOP), and a FIFO with no writer (never opened: opening it would block).
`test_a_file_without_read_permission` adds `chmod 000` when the tests run as another user.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import duckdb
import pytest

from attache.errors import (
    EmptyInput,
    InputError,
    MalformedRecord,
    NotEnglish,
    TooLarge,
    UnreadableInput,
    UnsupportedInput,
)
from attache.schema import ArticleInput
from attache.stages.ingest import decode_bytes, read_articles, read_file
from attache.stages.language import language_problem

ROOT = Path(__file__).parents[1]
MB = 1024 * 1024

ARTICLE = """Kazakhstan and China agree to expand trade

Chinese Vice Premier Ding Xuexiang met with Kazakh President Kassym-Jomart Tokayev on Monday in
Astana, and the two sides agreed to deepen cooperation in trade, energy and transport.

The two leaders said that they would expand cultural exchanges between the two countries in the
coming years, according to a joint statement issued after the talks.
"""
LATIN1 = """Café talks: France and Kazakhstan sign energy deal

French Foreign Minister Jean-Noël Barrot met with his Kazakh counterpart on Tuesday in Paris,
and the two ministers signed an agreement on uranium supplies, the ministry said after the talks.

The agreement was welcomed by the Élysée, which said that it would strengthen the partnership
between the two countries.
"""
FRENCH = """Le président reçoit son homologue kazakh

Le président de la République a reçu mardi à l'Élysée son homologue kazakh pour une visite d'État
de deux jours, au cours de laquelle les deux dirigeants ont signé plusieurs accords de coopération
dans les domaines de l'énergie, des transports et de l'éducation. Selon un communiqué publié à
l'issue de la rencontre, la France et le Kazakhstan entendent renforcer leur partenariat
stratégique, notamment dans le secteur de l'uranium, dont le pays d'Asie centrale est le premier
producteur mondial. Les ministres des affaires étrangères se réuniront au printemps prochain.
"""
RUSSIAN = """Путин принял Токаева в Кремле

Президент России во вторник принял в Кремле президента Казахстана, прибывшего с двухдневным
государственным визитом. В ходе встречи стороны подписали ряд соглашений о сотрудничестве в
области энергетики, транспорта и образования.
"""
CHINESE = """中哈两国签署合作协议

国家主席周二在人民大会堂会见了来华进行国事访问的哈萨克斯坦总统。双方在会谈中签署了能源、交通和教育等
领域的多项合作协议。根据会后发表的联合声明，中国和哈萨克斯坦将进一步深化全面战略伙伴关系。
"""
PAGE = (Path(__file__).parent / "data" / "ding_visits_astana.html").read_text()
BROKEN_PAGE = """<html><head><title>Turkmenistan talks</title><body><div><p>Turkmen Foreign
Minister Rashid Meredov met with Chinese Vice Premier Ding Xuexiang on Wednesday in Ashgabat, the
two sides said after the talks in the Turkmen capital.<p>The two countries agreed to <b>expand
<i>gas supplies</b> and to deepen cooperation</i> in transport, Meredov said.</span></td>
<table><tr><td>unclosed cell<div><p>China and Turkmenistan upgraded their ties to a comprehensive
strategic partnership in January, according to the joint statement.
</div></html"""


def _utf8_with_bad_bytes() -> bytes:
    """A UTF-8 file whose accents and curly quotes are intact but one, cut in half, and a
    stray 0xff byte (as when a file is cut and pasted together)."""
    text = LATIN1.replace("signed", "\u201csigned\u201d").encode("utf-8")
    return text.replace("\u201d".encode(), b"\xe2\x80", 1) + b"\xff trailing\n"


def _write_100_mb(path: Path) -> None:
    line = ("Kazakhstan and China agreed to expand trade in Astana on Monday. " * 16 + "\n")
    block = (line * (MB // len(line) + 1)).encode("ascii")[:MB]
    with path.open("wb") as out:
        for _ in range(100):
            out.write(block)


def _nested_html(depth: int) -> str:
    return ("<html><body>" + "<div>" * depth + "<p>" + ARTICLE.split("\n\n")[1] + "</p>"
            + "</div>" * depth + "</body></html>")


def _huge_html(size: int) -> str:
    filler = "<div class='promo'><span>Subscribe</span><a href='/x'>more</a></div>\n"
    return "<html><body>" + filler * (size // len(filler) + 1) + PAGE + "</body></html>"


GOOD_JSONL = [
    {"id": "jsonl-good-1", "text": ARTICLE, "published": "2023-11-27"},
    "{this is not json",
    {"id": "jsonl-no-text", "title": "A record without text"},
    {"id": "jsonl-good-2", "text": LATIN1, "published": "not a date"},
]


def _build_mixed(folder: Path) -> dict[str, tuple[str, str]]:
    """The mixed folder; returns the bad items: file name (or name:line) -> (code, reason)."""
    folder.mkdir()
    # good inputs
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "utf16.txt").write_bytes(  # with a byte-order mark
        ARTICLE.replace("Monday", "Tuesday").encode("utf-16"))
    (folder / "latin1.txt").write_bytes(LATIN1.encode("latin-1"))
    (folder / "page.html").write_text(PAGE, encoding="utf-8")
    (folder / "broken.html").write_text(BROKEN_PAGE, encoding="utf-8")
    (folder / "records.jsonl").write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in GOOD_JSONL) + "\n")
    # a file name that is not UTF-8 (Latin-1 e-acute): stored and reported with U+FFFD
    (Path(os.fsdecode(bytes(folder) + b"/caf\xe9.txt"))).write_text(
        ARTICLE.replace("Monday", "Saturday"))
    (Path(os.fsdecode(bytes(folder) + b"/caf\xe9.docx"))).write_text("x")
    (folder / "folder.txt").mkdir()  # a directory named like a text file is a directory
    (folder / "folder.txt" / "inside.txt").write_text(ARTICLE.replace("Monday", "Friday"))
    # bad inputs
    (folder / "empty.txt").write_bytes(b"")
    (folder / "[red]x[").mkdir()  # Rich markup in a path, "[red]x[/b].txt": printed as it is
    (folder / "[red]x[" / "b].txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "report.html").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\n" * 50)
    _write_100_mb(folder / "dump.txt")
    (folder / "huge.html").write_text(_huge_html(20 * MB))
    (folder / "nested.html").write_text(_nested_html(100_000))
    (folder / "bad-utf8.txt").write_bytes(_utf8_with_bad_bytes())
    (folder / "french.txt").write_text(FRENCH, encoding="utf-8")
    (folder / "russian.txt").write_text(RUSSIAN, encoding="utf-8")
    (folder / "chinese.txt").write_text(CHINESE, encoding="utf-8")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not really a document")
    (folder / "loop").mkdir()
    (folder / "loop" / "back").symlink_to("..")  # loop/back -> loop: a symbolic link loop
    (folder / "loop" / "inner.txt").write_text(ARTICLE.replace("Monday", "Sunday"))
    (folder / "dangling.txt").symlink_to(folder / "deleted.txt")
    (folder / "self.txt").symlink_to("self.txt")
    os.mkfifo(folder / "pipe.txt")
    return {
        "empty.txt": ("ATT103", "file is empty (0 bytes)"),
        "b].txt": ("ATT103", "file is empty (0 bytes)"),
        "binary.txt": ("ATT101", "binary file (contains NUL bytes), not text"),
        "report.html": ("ATT101", "binary file (a PDF document), not text"),
        "dump.txt": ("ATT105", "text file is 104,857,600 bytes, over the 8,000,000-byte limit"),
        "huge.html": ("ATT105", "HTML page is 20,"),
        "nested.html": ("ATT103", "nested deeper than the HTML parser's limit of 256 levels"),
        "bad-utf8.txt": ("ATT101", "invalid UTF-8: bytes"),
        "french.txt": ("ATT106", "text does not look like English"),
        "russian.txt": ("ATT106", "of its letters are in Cyrillic script"),
        "chinese.txt": ("ATT106", "100% of its letters are in CJK script"),
        "notes.docx": ("ATT102", "unknown extension '.docx'"),
        "caf\ufffd.docx": ("ATT102", "unknown extension '.docx'"),
        "records.jsonl:2": ("ATT104", "not valid JSON"),
        "records.jsonl:3": ("ATT104", "record has no 'text' field"),
        "back": ("ATT101", "symbolic link loop back to"),
        "dangling.txt": ("ATT101", "broken symbolic link"),
        "self.txt": ("ATT101", "symbolic link loop"),
        "pipe.txt": ("ATT101", "not a regular file (a FIFO / named pipe)"),
    }


GOOD_IDS = {"good", "utf16", "latin1", "page", "broken", "jsonl-good-1", "jsonl-good-2",
            "inside", "inner", "caf\ufffd"}


@pytest.mark.slow
def test_one_run_over_every_kind_of_bad_input(tmp_path: Path) -> None:
    folder, db = tmp_path / "inputs", tmp_path / "bad.duckdb"
    bad = _build_mixed(folder)
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "attache.cli", "ingest", str(folder),
                          "--db", str(db)], capture_output=True, text=True, timeout=600,
                         cwd=ROOT, stdin=subprocess.DEVNULL)
    elapsed = time.monotonic() - started
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "Traceback" not in output and "Error:" not in output, output
    assert f"added {len(GOOD_IDS)} articles" in run.stdout, output
    assert f"skipped 0 already stored; {len(bad)} problems" in run.stdout, output

    with duckdb.connect(str(db), read_only=True) as con:
        errors = con.execute("SELECT origin, code, reason FROM ingest_errors").fetchall()
        stored = {row[0] for row in con.execute("SELECT id FROM articles").fetchall()}
        events = con.execute("SELECT count(*) FROM events").fetchone()
    by_name = {Path(origin).name: (code, reason) for origin, code, reason in errors}
    assert len(errors) == len(bad), errors
    for name, (code, reason) in bad.items():
        assert name in by_name, f"{name} not in ingest_errors: {sorted(by_name)}"
        assert by_name[name][0] == code, (name, by_name[name])
        assert reason in by_name[name][1], (name, by_name[name])
        line = next((x for x in run.stderr.splitlines() if f"{name}:" in x
                     and f"({code})" in x), None)
        assert line is not None, f"{name} not named in the run summary:\n{run.stderr}"
        assert reason in " ".join(run.stderr.split()), (name, reason)

    assert "[red]x[/b].txt:" in run.stderr, run.stderr  # markup in a path is not markup
    assert stored == GOOD_IDS, (stored, output)
    assert events is not None and events[0] > 0
    assert elapsed < 300, f"the run took {elapsed:.0f} s"


# ---- focused tests on the reader -------------------------------------------------------------

def _one(path: Path, **kwargs: int) -> ArticleInput | InputError:
    items = list(read_articles([path], **kwargs))
    assert len(items) == 1, items
    return items[0]


def test_a_100_mb_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    _write_100_mb(path)
    tracemalloc.start()
    started = time.monotonic()
    try:
        result = _one(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(result, TooLarge)
    assert result.origin == str(path)
    assert "104,857,600 bytes" in result.message and "not read" in result.message
    assert time.monotonic() - started < 2
    assert peak < MB, f"reading took {peak:,} bytes of memory"


def test_a_text_over_max_chars_is_refused_by_characters(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("Title\n\n" + "é" * 3000)  # 6,007 bytes: within 4 x 2,000
    result = _one(path, max_chars=2000)
    assert isinstance(result, TooLarge)
    assert "3,007 characters, more than the max_chars setting (2,000)" in result.message


def test_empty_and_blank_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n \t\n")
    (tmp_path / "title-only.txt").write_text("Just a title\n")
    (tmp_path / "empty.jsonl").write_text("\n\n")
    reasons = {Path(str(e.origin)).name: e.message for e in read_articles([tmp_path])
               if isinstance(e, EmptyInput)}
    assert reasons == {
        "blank.txt": "file holds only white space",
        "empty.jsonl": "file holds no JSON Lines records",
        "empty.txt": "file is empty (0 bytes)",
        "title-only.txt": "file has a title line but no article text",
    }


def test_encodings(tmp_path: Path) -> None:
    body = ARTICLE.replace("agreed", "\u201cagreed\u201d")
    cases = {
        "utf8.txt": body.encode("utf-8"),
        "utf8-bom.txt": body.encode("utf-8-sig"),
        "utf16.txt": body.encode("utf-16"),
        "utf16-be-bom.txt": b"\xfe\xff" + body.encode("utf-16-be"),
        "utf16-no-bom.txt": body.encode("utf-16-le"),
        "utf32.txt": body.encode("utf-32"),
        "cp1252.txt": body.encode("cp1252"),
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        result = _one(tmp_path / name)
        assert isinstance(result, ArticleInput), (name, result)
        assert result.text == body.split("\n", 2)[2].strip(), name
    (tmp_path / "latin1.txt").write_bytes(LATIN1.encode("latin-1"))
    latin = _one(tmp_path / "latin1.txt")
    assert isinstance(latin, ArticleInput) and "Jean-Noël" in latin.text
    assert latin.title == "Café talks: France and Kazakhstan sign energy deal"


def test_invalid_utf8_and_broken_utf16_are_refused(tmp_path: Path) -> None:
    (tmp_path / "bad-utf8.txt").write_bytes(_utf8_with_bad_bytes())
    result = _one(tmp_path / "bad-utf8.txt")
    assert isinstance(result, UnreadableInput)
    assert result.message.startswith("invalid UTF-8: bytes b'\\xe2\\x80 ")
    assert "re-save it as UTF-8" in result.message
    (tmp_path / "bad-utf16.txt").write_bytes(b"\xff\xfe" + "Title\n\nText".encode("utf-16-le")
                                             + b"\x00\xd8")  # an unpaired surrogate at the end
    broken = _one(tmp_path / "bad-utf16.txt")
    assert isinstance(broken, UnreadableInput) and broken.message.startswith("invalid UTF-16")


@pytest.mark.parametrize(("head", "kind"), [
    (b"%PDF-1.4\n", "a PDF document"), (b"PK\x03\x04\x14\x00", "a ZIP archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\x1f\x8b\x08\x00", "gzip-compressed data"),
    (b"\x7fELF\x02\x01", "an executable"), (b"abc\x00def", "contains NUL bytes"),
    (bytes(range(1, 32)) * 20, "control characters"),
])
def test_binary_data_is_refused(head: bytes, kind: str) -> None:
    with pytest.raises(UnreadableInput) as caught:
        decode_bytes(head + b"text " * 100, origin="x.txt")
    assert kind in caught.value.message and "binary file" in caught.value.message


def test_html_broken_deep_and_huge(tmp_path: Path) -> None:
    (tmp_path / "broken.html").write_text(BROKEN_PAGE)
    page = _one(tmp_path / "broken.html")
    assert isinstance(page, ArticleInput) and "Meredov" in page.text
    (tmp_path / "nested.html").write_text(_nested_html(100_000))
    nested = _one(tmp_path / "nested.html")
    assert isinstance(nested, EmptyInput) and "256 levels" in nested.message
    (tmp_path / "shallow.html").write_text(_nested_html(200))  # deep, but within the limit
    assert isinstance(_one(tmp_path / "shallow.html"), ArticleInput)
    (tmp_path / "huge.html").write_text(_huge_html(20 * MB))
    started = time.monotonic()
    huge = _one(tmp_path / "huge.html")
    assert isinstance(huge, TooLarge) and "over the 5,000,000-byte limit" in huge.message
    assert time.monotonic() - started < 1
    (tmp_path / "no-text.html").write_text("<html><head><title>x</title></head><body></body>"
                                           "</html>")
    assert isinstance(_one(tmp_path / "no-text.html"), EmptyInput)


def test_json_lines_bad_records(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "ok", "text": ARTICLE}),
        "{broken",
        json.dumps({"title": "no text"}),
        json.dumps({"text": 42}),
        json.dumps({"text": "   "}),
        json.dumps(["an", "array"]),
        "[" * 100_000 + "]" * 100_000,  # deeper than json's recursion limit
        '{"text": ' + "9" * 5000 + "}",  # more digits than int() takes
        json.dumps({"id": "surrogate", "text": "Lone \ud800 surrogate " + ARTICLE}),
        "",
        json.dumps({"id": "last", "text": ARTICLE, "published": "2023-13-45"}),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    results = {str(r.origin).rsplit(":", 1)[1]: r for r in read_articles([path])}
    assert sorted(results, key=int) == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "11"]
    assert isinstance(results["1"], ArticleInput) and results["1"].id == "ok"
    expected = {"2": "not valid JSON", "3": "record has no 'text' field",
                "4": "record's 'text' is a number, not a string", "5": "record's 'text' is empty",
                "6": "must be an object, not an array", "7": "JSON nested too deeply",
                "8": "not valid JSON"}
    for line, reason in expected.items():
        assert isinstance(results[line], MalformedRecord), (line, results[line])
        assert reason in str(results[line]), (line, results[line])
    surrogate = results["9"]
    assert isinstance(surrogate, ArticleInput) and surrogate.text.startswith("Lone \ufffd")
    last = results["11"]
    assert isinstance(last, ArticleInput) and last.published is None


def test_json_lines_encodings_and_long_lines(tmp_path: Path) -> None:
    record = json.dumps({"id": "wide", "text": ARTICLE}, ensure_ascii=False)
    (tmp_path / "utf16.jsonl").write_bytes((record + "\n").encode("utf-16"))
    (tmp_path / "bom.jsonl").write_bytes((record.replace("wide", "bom") + "\n")
                                         .encode("utf-8-sig"))
    (tmp_path / "long.jsonl").write_text(json.dumps({"text": "x " * 5000}) + "\n" + record
                                         .replace("wide", "after-long") + "\n")
    (tmp_path / "binary.jsonl").write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(256)) * 10)
    results = {str(r.origin): r for r in read_articles([tmp_path], max_chars=2000)}
    ids = sorted(r.id for r in results.values() if isinstance(r, ArticleInput))
    assert ids == ["after-long", "bom", "wide"]
    too_long = results[f"{tmp_path / 'long.jsonl'}:1"]
    assert isinstance(too_long, TooLarge) and "8,000-byte limit" in too_long.message
    binary = results[str(tmp_path / "binary.jsonl")]
    assert isinstance(binary, UnreadableInput) and "gzip" in binary.message


def test_languages() -> None:
    assert language_problem(ARTICLE) is None
    assert language_problem(LATIN1) is None
    assert language_problem("Bonjour.") is None  # too short to tell: taken as English
    french = language_problem(FRENCH)
    assert french is not None and french.startswith("text does not look like English: 0%")
    assert "Cyrillic" in (language_problem(RUSSIAN) or "")
    assert "in CJK script" in (language_problem(CHINESE) or "")
    examples = [item for item in read_articles([ROOT / "examples"])
                if isinstance(item, NotEnglish)]
    assert examples == []  # no bundled (English) example is taken for another language


def test_links_loops_fifos_and_directories(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text(ARTICLE)
    (tmp_path / "a" / "up").symlink_to("..")
    (tmp_path / "b").symlink_to("a")  # a second way to the same folder
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "self.txt").symlink_to("self.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "dir.txt").mkdir()
    results = list(read_articles([tmp_path, tmp_path / "missing.txt", tmp_path / "self.txt"]))
    good = [r for r in results if isinstance(r, ArticleInput)]
    assert [g.origin for g in good] == [str(tmp_path / "a" / "one.txt")]
    reasons = sorted((Path(str(e.origin)).name, e.message) for e in results
                     if isinstance(e, InputError))
    names = [name for name, _ in reasons]
    assert names == ["b", "dangling.txt", "missing.txt", "pipe.txt", "self.txt", "self.txt",
                     "up"], reasons
    text = dict(reasons)
    assert text["up"].startswith("symbolic link loop back to")
    assert text["b"] == f"another link to {tmp_path / 'a'}, which was read already; not read again"
    assert text["dangling.txt"].startswith("broken symbolic link")
    assert text["self.txt"].startswith("symbolic link loop")
    assert text["pipe.txt"] == ("not a regular file (a FIFO / named pipe); only regular files "
                                "are read")


def test_a_fifo_does_not_hang_the_run(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    results: list[object] = []
    reader = threading.Thread(target=lambda: results.extend(read_file(fifo)), daemon=True)
    reader.start()
    reader.join(10)
    if reader.is_alive():  # unblock the reader before failing
        with open(fifo, "w"):
            pass
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert len(results) == 1 and isinstance(results[0], UnreadableInput)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_file_without_read_permission(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(ARTICLE)
    path.chmod(0)
    result = _one(path)
    assert isinstance(result, UnreadableInput) and "Permission denied" in result.message


def test_unknown_extensions(tmp_path: Path) -> None:
    for name in ("notes.docx", "data.csv", "README", "page.php"):
        (tmp_path / name).write_text(ARTICLE)
    results = list(read_articles([tmp_path]))
    assert all(isinstance(r, UnsupportedInput) for r in results)
    assert sorted(r.message.split(";")[0] for r in results if isinstance(r, InputError)) == [
        "unknown extension '(none)'", "unknown extension '.csv'",
        "unknown extension '.docx'", "unknown extension '.php'"]
