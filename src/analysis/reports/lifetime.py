"""Processes and temporary files that must not outlive a report run.

A worker asks Linux to send it SIGTERM when the main process dies, a kernel asks for SIGKILL when
its worker dies (``die_with_parent``, prctl PR_SET_PDEATHSIG), so a `kill -9` of the run stops
everything within seconds. Temporary folders carry the pid of the process that made them, and
``remove_leftovers`` deletes those of processes that no longer run (an earlier crash, a killed
`khuyencong verify` included).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from analysis.files import pid_alive, recover_swaps

PR_SET_PDEATHSIG = 1
#: Prefixes of this project's temporary folders, each followed by "<pid>-".
KERNEL_PREFIX = "khuyencong-kernel-"
SNAPSHOT_PREFIX = "khuyencong-snapshot-"
VERIFY_PREFIX = "khuyencong-verify-"
_OWNED = re.compile(rf"^(?:{KERNEL_PREFIX}|{SNAPSHOT_PREFIX}|{VERIFY_PREFIX})(\d+)-")


def die_with_parent(signum: int, parent_pid: int = 0) -> bool:
    """Ask to receive `signum` when the parent process dies (Linux); True when it is in place.

    When `parent_pid` is given and the parent is already another process (it died before this
    call), this process exits at once. Returns False where prctl is not available.
    """
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, int(signum), 0, 0, 0) != 0:
        return False
    if parent_pid and os.getppid() != parent_pid:
        os._exit(1)
    return True


def private_folder(prefix: str) -> Path:
    """A new temporary folder named after this process (prefix + pid), mode 0700."""
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-"))


def remove_leftovers(out_dir: Path | None = None) -> int:
    """Remove kernel socket folders, data snapshots and verify folders of dead processes, and (when
    `out_dir` is given, which the caller holds locked) every unfinished temporary file under it and
    what a killed run left beside it (files.recover_swaps: staged sets, a swap half done). Returns
    the count."""
    removed = 0
    root = Path(tempfile.gettempdir())
    for path in root.iterdir():
        match = _OWNED.match(path.name)
        if match and path.is_dir() and not pid_alive(int(match.group(1))):
            shutil.rmtree(path, ignore_errors=True)
            removed += 1
    if out_dir is not None:
        removed += len(recover_swaps(Path(out_dir).parent))
    if out_dir is not None and Path(out_dir).is_dir():
        for path in Path(out_dir).rglob(".*.tmp"):
            path.unlink(missing_ok=True)
            removed += 1
    return removed
