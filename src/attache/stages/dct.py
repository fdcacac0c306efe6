"""stub"""
from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple


class InferredDate(NamedTuple):
    date: dt.date
    confidence: float
    how: str

def infer_dct(doc_or_text: Any) -> InferredDate | None:
    return None
