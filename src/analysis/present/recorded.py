"""Values a notebook stores in its executed copy, for the batch index and the tests to read back.

``record(name, value)`` displays the value under a MIME type of its own (a JSON output that the
HTML export leaves out); ``recorded(notebook)`` collects them from an executed .ipynb.
Values are made JSON-ready by ``analysis.files.json_ready`` (NaN, inf and NA as None).
"""

from __future__ import annotations

import json

from IPython.display import display

from analysis.files import json_ready

RECORD_MIME = "application/vnd.khuyencong.record+json"


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
