"""Run inside a reused (warm) Jupyter kernel by the report workers: preload imports, then reset
between reports.

``warm_up`` imports what the notebooks use, so later reports skip that cost, and ties the kernel's
life to its worker's; ``fresh_namespace`` empties the user namespace (IPython's reset: variables,
imports, In/Out history), closes figures and restores matplotlib's settings, so every report starts
as in a new kernel.
"""

from __future__ import annotations

import gc
import os
import signal
import warnings

from analysis.reports.lifetime import die_with_parent

_RC: dict = {}

WARM_UP_CODE = "import analysis.reports.kernel; analysis.reports.kernel.warm_up()"
RESET_CODE = "__import__('analysis.reports.kernel').reports.kernel.fresh_namespace()"


def warm_up() -> None:
    """Import the notebooks' modules and remember matplotlib's settings (run once per kernel).

    The kernel is killed (SIGKILL) when the worker that started it dies, whatever killed the worker.
    """

    die_with_parent(signal.SIGKILL, int(os.environ.get("JPY_PARENT_PID") or 0))

    import matplotlib  # lazy: kernel warm-up
    import matplotlib.pyplot  # noqa: F401  # lazy: kernel warm-up
    import pandas  # noqa: F401  # lazy: kernel warm-up
    import seaborn  # noqa: F401  # lazy: kernel warm-up

    from analysis import dataset, indicators, key_figures, maps, params, plots, reconciliation, report_inputs, trends  # noqa: F401  # lazy: kernel warm-up
    from analysis.present import blocks, furniture, method, national, profile, quality, recorded, summary  # noqa: F401  # lazy: kernel warm-up

    maps.outlines("vn63"), maps.outlines("vn34")

    _RC.clear()
    # the backend and interactive mode belong to the kernel's inline display, not to a report
    _RC.update({k: v for k, v in matplotlib.rcParams.items() if k not in ("backend", "interactive")})


def fresh_namespace() -> None:
    """Reset the kernel to a clean namespace (keeps imported modules cached in sys.modules); the next
    cell is numbered 1 (run this code with store_history=False)."""

    import matplotlib  # lazy: kernel warm-up
    import matplotlib.pyplot as plt  # lazy: kernel warm-up
    from IPython import get_ipython  # lazy: kernel warm-up

    plt.close("all")
    if _RC:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matplotlib.rcParams.update(_RC)
    shell = get_ipython()
    if shell is not None:
        shell.reset(new_session=False, aggressive=False)
        shell.execution_count = 1  # the report's first cell is [1], as in a new kernel (reproducible notebooks)
    # What survives the reset (modules, fonts, the year's tables) is kept for the kernel's life: frozen,
    # the collector no longer walks it at every reset and every collection during a report (a tenth to
    # a third of a second per report); what a report leaves unreachable is still collected at the next reset.
    gc.freeze()
