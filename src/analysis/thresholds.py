"""The assessment's thresholds (src/analysis/assessment.yml): rating limits, size bands, list lengths.

Read once and cached; the indicator functions take them as an argument (``thresholds``) and use
these when none is given.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from analysis.config import ASSESSMENT_CONFIG, read_yaml


@cache
def assessment_thresholds(path: str | None = None) -> dict:
    """The parsed assessment.yml: size_bands, staffing, network, remuneration, network_ranking_top."""
    return read_yaml(Path(path or ASSESSMENT_CONFIG))
