"""Run inside a reused (warm) Jupyter kernel by the batch: preload imports, then reset between reports.

``warm_up`` imports what the notebooks use, so later reports skip that cost; ``fresh_namespace``
empties the user namespace (IPython's reset: variables, imports, In/Out history), closes figures
and restores matplotlib's settings, so every report starts as in a new kernel.
"""

from __future__ import annotations

_RC: dict = {}

WARM_UP_CODE = "import analysis.kernel; analysis.kernel.warm_up()"
RESET_CODE = "__import__('analysis.kernel').kernel.fresh_namespace()"


def warm_up() -> None:
    """Import the notebooks' modules and remember matplotlib's settings (run once per kernel)."""
    import matplotlib
    import matplotlib.pyplot  # noqa: F401
    import pandas  # noqa: F401
    import seaborn  # noqa: F401

    from analysis import dataset, indicators, maps, params, plots, present, store  # noqa: F401

    maps.outlines("vn63"), maps.outlines("vn34")

    _RC.clear()
    # the backend and interactive mode belong to the kernel's inline display, not to a report
    _RC.update({k: v for k, v in matplotlib.rcParams.items() if k not in ("backend", "interactive")})


def fresh_namespace() -> None:
    """Reset the kernel to a clean namespace (keeps imported modules cached in sys.modules)."""
    import matplotlib
    import matplotlib.pyplot as plt
    from IPython import get_ipython

    plt.close("all")
    if _RC:
        with __import__("warnings").catch_warnings():
            __import__("warnings").simplefilter("ignore")
            matplotlib.rcParams.update(_RC)
    shell = get_ipython()
    if shell is not None:
        shell.reset(new_session=False, aggressive=False)
