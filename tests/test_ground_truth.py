"""The sample's results against the committed ground truth (tests/ground_truth/), compared exactly.

A failure here means a result changed. If the change is intended, refresh on purpose with
`make ground-truth` (tests/ground_truth/refresh.py) and review the diff of tests/ground_truth/.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pytest

GROUND_TRUTH = Path(__file__).resolve().parent / "ground_truth"
sys.path.insert(0, str(GROUND_TRUTH))
import refresh  # noqa: E402

REFRESH = "refresh on purpose with `make ground-truth` and review the diff"


@pytest.fixture(scope="module")
def outputs(sample_processed) -> dict[str, object]:
    """The ground-truth outputs of the shipped sample, rebuilt once per test run (conftest.sample_years)."""
    return refresh.outputs(sample_processed)


def test_every_committed_file_is_rebuilt(outputs):
    committed = {p.name for p in GROUND_TRUTH.iterdir() if p.suffix in (".csv", ".json")
                 and not p.name.endswith(".dtypes.json")}
    assert committed == set(outputs), REFRESH


@pytest.mark.parametrize("year", refresh.YEARS)
def test_units_equal_the_committed_csv(outputs, year, tmp_path):
    units = outputs[f"units-{year}.csv"]
    committed_path = GROUND_TRUTH / f"units-{year}.csv"
    assert refresh.dtypes(units) == json.loads(committed_path.with_suffix(".dtypes.json").read_text()), REFRESH
    refresh.write({committed_path.name: units}, tmp_path)  # the same CSV round trip as the committed file
    pd.testing.assert_frame_equal(refresh.read_units_csv(tmp_path / committed_path.name),
                                  refresh.read_units_csv(committed_path), check_exact=True)


@pytest.mark.parametrize("name", sorted(n for y in refresh.YEARS for n in
                                        [f"national-{y}.json"] + [f"province-{y}-{c}.json" for c in refresh.PROVINCES[y]]))
def test_indicators_equal_the_committed_json(outputs, name):
    committed = json.loads((GROUND_TRUTH / name).read_text(encoding="utf-8"))
    assert json.loads(json.dumps(outputs[name], ensure_ascii=False)) == committed, REFRESH


def test_units_csv_round_trip_keeps_values_and_dtypes(outputs, tmp_path):
    units = outputs["units-2025.csv"]
    refresh.write({"u.csv": units}, tmp_path)
    pd.testing.assert_frame_equal(refresh.read_units_csv(tmp_path / "u.csv"), units.reset_index(drop=True))
