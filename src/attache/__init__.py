"""attache: news about international relations in, structured event data out.

    from attache import Pipeline, ArticleInput
    article = Pipeline().extract(ArticleInput(id="a1", text="...", published="2023-11-30"))
"""

from attache.batch import IngestReport, extract_records, ingest, load_inputs
from attache.errors import AttacheError, InputError, StoreError, UsageError
from attache.pipeline import Pipeline
from attache.schema import (
    Actor,
    Agreement,
    Article,
    ArticleInput,
    Event,
    Evidence,
    ExtractionResult,
    Fact,
    Place,
    Relation,
    Timex,
    record_json_schema,
)
from attache.settings import Settings
from attache.store import Store

__all__ = [
    "Actor",
    "Agreement",
    "Article",
    "ArticleInput",
    "AttacheError",
    "Event",
    "Evidence",
    "ExtractionResult",
    "Fact",
    "IngestReport",
    "InputError",
    "Pipeline",
    "Place",
    "Relation",
    "Settings",
    "Store",
    "StoreError",
    "Timex",
    "UsageError",
    "extract_records",
    "ingest",
    "load_inputs",
    "record_json_schema",
]
