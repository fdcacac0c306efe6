"""Shared pytest fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from attache.pipeline import Pipeline


@pytest.fixture(scope="session")
def corpora_dir() -> Path:
    """The evaluation corpora root: $ATTACHE_CORPORA, else ../shared/corpora next to the repo.

    Tests that use it are skipped when the folder is absent (the corpora are not shipped).
    """
    configured = os.environ.get("ATTACHE_CORPORA")
    default = Path(__file__).parents[1] / ".." / "shared" / "corpora"
    root = Path(configured) if configured else default
    root = root.resolve()
    if not root.is_dir():
        pytest.skip(f"evaluation corpora not found at {root} (set ATTACHE_CORPORA to use them)")
    return root


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    """The real pipeline (spaCy model, knowledge base, gazetteer), loaded once per test run."""
    return Pipeline()
