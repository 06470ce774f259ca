"""JSON from the reviewed input (metadata.json, cdktf.json, policy strings) that never raises
anything but ValueError: a document nested deeper than Python's parser can follow is
invalid input, not a crash."""
from __future__ import annotations

import json
from typing import Any


def loads(text: str) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("the JSON is nested too deeply to read") from None
