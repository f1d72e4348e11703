"""The report machinery, in the order a run goes through it.

``plan`` (which reports, their input hashes and keys) → ``lock`` and ``snapshot`` (one run per
folder, one version of the data) → ``pool`` (worker processes, each with a warm Jupyter kernel
running papermill; ``kernel`` is the code run inside that kernel, ``lifetime`` makes sure neither
outlives the run) → ``render`` (HTML, PDF) → ``manifest`` → ``index`` (the index pages) → ``run``
(``run_reports``, what `khuyencong report` calls) and ``verify``.
"""
