"""Values a notebook stores in its executed copy, for the batch index and the tests to read back.

``record(name, value)`` displays the value under a MIME type of its own (a JSON output that the
HTML export leaves out); ``recorded(notebook)`` collects them from an executed .ipynb.
``json_ready`` turns numpy and pandas values into plain JSON values (NaN, inf and NA as None).
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
from IPython.display import display

RECORD_MIME = "application/vnd.khuyencong.record+json"


def json_ready(value: object) -> object:
    """Plain Python values for strict JSON: numpy scalars unwrapped; NaN, inf, NA and NaT as None."""
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return float(value) if math.isfinite(value) else None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def record(name: str, value: object) -> None:
    """Store a JSON value under `name` in the executed notebook (shown to no reader)."""
    display({RECORD_MIME: {name: json_ready(value)}}, raw=True)


def recorded(notebook: dict) -> dict:
    """Every value stored with `record` in an executed notebook (a parsed .ipynb), by name; later wins."""
    out: dict = {}
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {}).get(RECORD_MIME)
            if data is not None:
                out.update(json.loads(data) if isinstance(data, str) else data)
    return out
