"""`khuyencong verify`: check a year's published set against its manifest and the current inputs.

Every report the manifest knows is accounted for (a failed one is named as failed); every file an
index page links is checked (a link to a file no manifest entry records is named); each output is
rendered again into a temporary folder and compared, byte for byte, with the sha256 recorded in
reports/<year>/manifest.json, and the published file too (missing or differs). Inputs that no
longer match the hashes the reports were rendered from are named first. A corrupt or missing
manifest is refused by name. Reports are reproducible (same inputs, code and environment give the
same bytes), so any difference means a changed input, code or environment, or a tampered file.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from analysis import reference
from analysis.collection import page as status_page
from analysis.config import NOTEBOOKS_DIR, PROCESSED_DIR, PUBLISHED_DIR, REPORTS_DIR, relative_to_root
from analysis.faults import Fault
from analysis.reports import lifetime, manifest, plan
from analysis.reports.plan import sha256_path
from analysis.reports.run import ReportError, WarmWorkers, run_reports

#: The index pages of a year whose links verify follows.
INDEX_PAGES = ("index.html", "index.en.html")


@dataclass
class Verdict:
    """What verify found: one Fault per problem (missing, differs, failed, inputs changed), the number
    of outputs compared."""

    problems: list[Fault] = field(default_factory=list)
    compared: int = 0

    @property
    def exit_status(self) -> int:
        return 1 if self.problems else 0

    def summary(self) -> Fault:
        """The last line: every output reproduces, how many do not, or how many problems in all."""
        outputs = [p for p in self.problems if p.code in _OUTPUT_PROBLEMS]
        if not self.problems:
            return Fault("verify.all_reproduce", n=self.compared)
        if len(outputs) == len(self.problems):
            return Fault("verify.some_differ", bad=len(outputs), n=self.compared)
        return Fault("verify.problems", bad=len(self.problems), n=self.compared)


_OUTPUT_PROBLEMS = {"verify.missing", "verify.differs_rendered", "verify.differs_published", "verify.unlisted"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def linked_files(page: Path) -> set[str]:
    """The files of the year's folder that an index page links (relative links inside the folder;
    no other page, anchor, address or embedded data; releases are checked with `--release N`)."""
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    found = set()
    for link in parser.links:
        rel = link.split("#", 1)[0].split("?", 1)[0]
        if not rel or ":" in rel or rel.startswith(("/", "..", "releases/")) or rel in INDEX_PAGES:
            continue
        found.add(Path(rel).as_posix())
    return found


def report_command(year: int, out: Path, processed_dir: Path) -> str:
    """`khuyencong report --year Y` with the --out and --processed the user gave (when not the defaults)."""
    parts = [f"khuyencong report --year {year}"]
    if Path(out).resolve() != REPORTS_DIR.resolve():
        parts.append(f"--out {relative_to_root(out)}")
    if Path(processed_dir).resolve() != PROCESSED_DIR.resolve():
        parts.append(f"--processed {relative_to_root(processed_dir)}")
    return " ".join(parts)


def checked_entries(year_dir: Path, command: str) -> dict:
    """The manifest's reports; ReportError naming the manifest when it is missing or cannot be read."""
    path = year_dir / manifest.MANIFEST_NAME
    problem = manifest.manifest_problem(path)
    if problem == "missing":
        raise ReportError("verify.no_manifest", path=relative_to_root(path), command=command)
    if problem is None and not manifest.load_manifest(path)["reports"]:
        problem = "it lists no report"
    if problem:
        raise ReportError("verify.corrupt_manifest", path=relative_to_root(path), reason=problem,
                          command=f"{command} --force")
    return manifest.load_manifest(path)["reports"]


def changed_inputs(year: int, entries: dict, processed_dir: Path, notebooks_dir: Path) -> list[str]:
    """The inputs (shown as paths) whose sha256 differs from the one a built report recorded."""
    data = plan.data_inputs(year, processed_dir)
    where = {name: Path(processed_dir) / (name if name == "panel.parquet" else f"{year}/{name}") for name in data}
    changed: dict[str, None] = {}
    for entry in entries.values():
        if entry.get("status") != "built":
            continue
        job = plan.Job(entry.get("stem", ""), entry.get("kind", ""), entry.get("notebook", ""), {}, "", "", "", "")
        now = plan.job_inputs(job, data, notebooks_dir)
        shown = {**where, "notebook": Path(notebooks_dir) / job.notebook, "published": PUBLISHED_DIR / "figures.csv",
                 "code": Path("src/analysis")}
        for name, digest in entry.get("inputs", {}).items():
            if now.get(name, "missing") != digest:
                changed[relative_to_root(shown.get(name, Path(name)))] = None
    return list(changed)


def verify_year(year: int, out: Path = REPORTS_DIR, processed_dir: Path = PROCESSED_DIR,
                notebooks_dir: Path = NOTEBOOKS_DIR, jobs: int | None = None, quiet: bool = True) -> Verdict:
    """Check reports/<year>/ (see the module docstring); the Verdict lists every problem.

    Every built report of the manifest is rendered again (same languages, provinces and formats)
    from `processed_dir` into a temporary folder of this process, removed afterwards (and by the
    next run if this one is killed). ReportError when the manifest is missing or corrupt.
    """
    out, processed_dir = Path(out), Path(processed_dir)
    year_dir = out / str(year)
    command = report_command(year, out, processed_dir)
    entries = checked_entries(year_dir, command)
    verdict = Verdict()
    for path in changed_inputs(year, entries, processed_dir, Path(notebooks_dir)):
        verdict.problems.append(Fault("verify.inputs_changed", path=path, command=f"{command} --force"))
    expected: dict[str, str] = {}  # every output a report records: relative path -> sha256
    for key, entry in sorted(entries.items()):
        attempt = entry.get("last_attempt") or {}
        if entry.get("status") != "built" or attempt.get("status") == "failed":
            error = (entry if entry.get("status") != "built" else attempt).get("error") or {}
            verdict.problems.append(Fault("verify.failed", key=key, line=error.get("line", "?")))
        if entry.get("status") == "built":
            expected.update(entry.get("outputs", {}))
    linked: dict[str, str] = {}
    for page in INDEX_PAGES:
        if (year_dir / page).exists():
            for rel in sorted(linked_files(year_dir / page)):
                linked.setdefault(rel, page)
    built = {k: e for k, e in entries.items() if e.get("status") == "built" and e.get("outputs")}
    lifetime.remove_leftovers()
    tmp = lifetime.private_folder(lifetime.VERIFY_PREFIX)
    try:
        geo = reference.geo_for_year(year)
        with WarmWorkers(jobs, Path(notebooks_dir)) as workers:  # both editions on the same workers
            for lang in sorted({entry.get("lang", "vi") for entry in built.values()}):
                chosen = [e for e in built.values() if e.get("lang", "vi") == lang]
                codes = sorted({e["parameters"]["province"] for e in chosen if e.get("kind") == "province"})
                formats = tuple(sorted({f for e in chosen for f in e.get("formats", [])}))
                run_reports(year, [reference.province(code, geo) for code in codes], formats, jobs, True, tmp,
                            lang, quiet, Path(notebooks_dir), processed_dir, workers=workers)
        again = tmp / str(year)
        for rel, digest in sorted(expected.items()):
            verdict.compared += 1
            _compare(verdict, year_dir / rel, sha256_path(again / rel), digest)
        for rel, page in sorted(linked.items()):
            if rel in expected:
                continue
            if (rel.split("/", 1)[0] == "data" or rel in status_page.PAGES) and (again / rel).exists():
                # the open data and the collection's status pages: as the run renders them again
                verdict.compared += 1
                _compare(verdict, year_dir / rel, sha256_path(again / rel), sha256_path(again / rel))
            else:
                verdict.problems.append(Fault("verify.unlisted", path=str(year_dir / rel), page=page))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return verdict


def _compare(verdict: Verdict, published: Path, rendered: str, recorded: str) -> None:
    """Add what is wrong with one output: missing, differs when rendered again, differs as published."""
    if not published.exists():
        verdict.problems.append(Fault("verify.missing", path=str(published)))
    elif rendered != recorded:
        verdict.problems.append(Fault("verify.differs_rendered", path=str(published)))
    elif sha256_path(published) != recorded:
        verdict.problems.append(Fault("verify.differs_published", path=str(published)))
