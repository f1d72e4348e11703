"""analysis.present.recorded: values a notebook records for the batch round-trip through the .ipynb file."""

from __future__ import annotations

import json

from analysis.present import recorded


def test_record_recorded_round_trip(monkeypatch):
    shown = []
    monkeypatch.setattr(recorded, "display", lambda obj, raw=False: shown.append((obj, raw)))
    recorded.record("national", {"staff_total": 1290, "field_share": 0.4, "bands": ["over_30"]})
    recorded.record("lang", "vi")
    assert [raw for _, raw in shown] == [True, True]
    assert all(set(obj) == {recorded.RECORD_MIME} for obj, _ in shown)
    notebook = {"cells": [
        {"cell_type": "markdown", "source": "# title"},
        {"cell_type": "code", "outputs": [{"output_type": "stream", "name": "stdout", "text": "x"},
                                          {"output_type": "display_data", "data": shown[0][0], "metadata": {}}]},
        {"cell_type": "code", "outputs": [{"output_type": "display_data", "data": shown[1][0], "metadata": {}}]},
    ]}
    notebook = json.loads(json.dumps(notebook))    # as read back from the .ipynb file
    assert recorded.recorded(notebook) == {"national": {"staff_total": 1290, "field_share": 0.4,
                                                       "bands": ["over_30"]},
                                          "lang": "vi"}


def test_recorded_reads_json_text_data():
    notebook = {"cells": [{"cell_type": "code", "outputs": [
        {"output_type": "display_data", "data": {recorded.RECORD_MIME: '{"year": 2022}',
                                                 "text/plain": "<IPython.core.display.JSON object>"}}]}]}
    assert recorded.recorded(notebook) == {"year": 2022}


def test_recorded_later_value_wins_and_empty_notebook():
    notebook = {"cells": [{"outputs": [{"data": {recorded.RECORD_MIME: {"n": 1}}}]},
                          {"outputs": [{"data": {recorded.RECORD_MIME: {"n": 2}}}]}]}
    assert recorded.recorded(notebook) == {"n": 2}
    assert recorded.recorded({"cells": []}) == {}
