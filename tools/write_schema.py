"""Write the extraction record's JSON Schema to src/attache/data/record.schema.json."""

from __future__ import annotations

import json
from pathlib import Path

from attache.schema import record_json_schema

OUT = Path(__file__).resolve().parents[1] / "src" / "attache" / "data" / "record.schema.json"

if __name__ == "__main__":
    OUT.write_text(json.dumps(record_json_schema(), indent=2, sort_keys=True) + "\n")
    print(f"wrote {OUT}")
