"""Read a DuckDB store while another process writes it: serve a private snapshot copy.

DuckDB lets one process write a file, and while it does no other process can open the file,
not even read-only ("Could not set lock on file"); a reader that holds the file open likewise
stops `attache ingest` from starting. So the server never opens the user's database. It copies
the file (and its write-ahead log, `<file>.wal`, which holds commits not yet checkpointed) into
a private folder and opens the copy read-only. A background thread compares the file's and
the log's size and modification time every `refresh_seconds` (or five times the last copy's
duration, if longer, so that copying a big file takes at most a sixth of the time); when they
change it takes a new copy and swaps it in, so new articles appear within seconds while
requests keep being answered from the previous copy.

A copy is consistent when neither file changed while it was taken (checked with `stat`
before and after; otherwise retried): the database file only changes at a checkpoint, and a
log copied in the middle of an append ends in a partial entry, which DuckDB skips on replay as
it would after a crash. A copy that does not open, or has another schema version, is dropped
and the previous one kept.

A snapshot in use by a request is closed and deleted only when the last request using it ends.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from attache.errors import StoreError
from attache.store import SCHEMA_VERSION

_log = logging.getLogger(__name__)
_T = TypeVar("_T")
Signature = tuple[tuple[int, int] | None, tuple[int, int] | None]


def signature(path: Path) -> Signature:
    """(mtime_ns, size) of the database file and of its write-ahead log (None if absent)."""
    return _stat(path), _stat(_wal(path))


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_mtime_ns, info.st_size


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


@dataclass
class Snapshot:
    """One read-only copy of the store and the requests using it."""

    path: Path
    con: duckdb.DuckDBPyConnection
    source: Signature
    generation: int
    taken_at: float
    users: int = 0
    retired: bool = False
    memo: dict[str, Any] = field(default_factory=dict)

    def discard(self) -> None:
        self.con.close()
        for path in (self.path, _wal(self.path)):
            path.unlink(missing_ok=True)


class Snapshots:
    """The current snapshot of `source`, refreshed in the background when the file changes."""

    def __init__(self, source: Path, workdir: Path | None = None, refresh_seconds: float = 2.0,
                 warm: Callable[[duckdb.DuckDBPyConnection], dict[str, Any]] | None = None
                 ) -> None:
        self.source = Path(source)
        self._own_dir = workdir is None
        self._dir = Path(tempfile.mkdtemp(prefix="attache-serve-")) if workdir is None else workdir
        self._dir.mkdir(parents=True, exist_ok=True)
        self._refresh_seconds = refresh_seconds
        self._warm = warm
        self._lock = threading.Lock()
        self._numbers = count(1)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._copy_seconds = 0.0
        self._current = self._take()

    @property
    def current(self) -> Snapshot:
        return self._current

    def start(self) -> None:
        """Watch the source file in a background thread."""
        self._thread = threading.Thread(target=self._watch, name="attache-snapshots", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        with self._lock:
            self._current.retired = True
            self._release_if_idle(self._current)
        if self._own_dir:
            shutil.rmtree(self._dir, ignore_errors=True)

    @contextmanager
    def reader(self) -> Iterator[tuple[Snapshot, duckdb.DuckDBPyConnection]]:
        """The current snapshot and a connection of this request's own on it."""
        with self._lock:
            snapshot = self._current
            snapshot.users += 1
            cursor = snapshot.con.cursor()
        try:
            yield snapshot, cursor
        finally:
            cursor.close()
            with self._lock:
                snapshot.users -= 1
                self._release_if_idle(snapshot)

    def memo(self, snapshot: Snapshot, key: str, compute: Callable[[], _T]) -> _T:
        """`compute()` once per snapshot (a snapshot never changes)."""
        if key not in snapshot.memo:
            snapshot.memo[key] = compute()
        result: _T = snapshot.memo[key]
        return result

    def refresh(self) -> bool:
        """Take a new snapshot if the source changed; True if one was swapped in."""
        if signature(self.source) == self._current.source:
            return False
        fresh = self._take()
        with self._lock:
            old, self._current = self._current, fresh
            old.retired = True
            self._release_if_idle(old)
        return True

    def _watch(self) -> None:
        # a big file is checked less often: copying takes at most a sixth of the time
        while not self._stop.wait(max(self._refresh_seconds, 5 * self._copy_seconds)):
            try:
                self.refresh()
            except StoreError as error:
                _log.warning("keeping the previous snapshot: %s", error)

    def _release_if_idle(self, snapshot: Snapshot) -> None:
        if snapshot.retired and snapshot.users == 0:
            snapshot.discard()

    def _take(self, attempts: int = 5) -> Snapshot:
        """Copy the store and open the copy; retried while the source changes under us."""
        if not self.source.is_file():
            raise StoreError(f"no store at {self.source.name}")
        for attempt in range(attempts):
            target = self._dir / f"snapshot-{next(self._numbers)}.duckdb"
            before, began = signature(self.source), time.monotonic()
            _copy(self.source, target)
            self._copy_seconds = time.monotonic() - began
            if signature(self.source) == before:
                return self._open(target, before)
            _remove(target)
            time.sleep(0.05 * (attempt + 1))
        raise StoreError(f"{self.source.name} kept changing while it was copied")

    def _open(self, target: Path, source: Signature) -> Snapshot:
        try:
            con = duckdb.connect(str(target), read_only=True)
        except duckdb.Error as error:
            _remove(target)
            raise StoreError(f"snapshot of {self.source.name} does not open: {error}") from None
        snapshot = Snapshot(target, con, source, int(target.stem.split("-")[1]), time.time())
        try:
            _check_version(con, self.source.name)
            if self._warm is not None:
                cursor = con.cursor()
                try:
                    snapshot.memo.update(self._warm(cursor))
                finally:
                    cursor.close()
        except BaseException:
            snapshot.discard()
            raise
        return snapshot


def _copy(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)
    # a log checkpointed away meanwhile is caught by the signature check, which retries
    with contextlib.suppress(FileNotFoundError):
        shutil.copyfile(_wal(source), _wal(target))


def _remove(target: Path) -> None:
    for path in (target, _wal(target)):
        path.unlink(missing_ok=True)


def _check_version(con: duckdb.DuckDBPyConnection, name: str) -> None:
    try:
        row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    except duckdb.Error:
        raise StoreError(f"{name} is not an attache store") from None
    found = row[0] if row else None
    if found != SCHEMA_VERSION:
        raise StoreError(f"store schema version {found}, this attache needs {SCHEMA_VERSION}")
