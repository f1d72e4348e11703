"""One run at a time per folder: a lock file naming its holder (pid, command, start time).

The lock is an flock on ``<folder>/.khuyencong.lock``, so the operating system releases it when its
holder dies, however it dies; the file is removed on a normal release. A file found with a
holder's name in it therefore belongs to a process that died, and is taken over with a warning.
`khuyencong build` locks its processed folder, `khuyencong report` its reports folder for the whole
run and the processed folder while it copies its snapshot, so the two respect each other.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from analysis.faults import Fault, reason
from analysis.files import pid_alive

LOCK_NAME = ".khuyencong.lock"


class LockHeld(Exception):
    """Another live process holds the folder's lock (the message names it); exit status 2."""

    exit_status = 2


def describe(holder: dict) -> str:
    """The holder as people read it: "khuyencong report --year 2022 (pid 1234, started 2026-11-26 13:05:00 UTC)"."""
    if not holder:
        return "another process"
    return (f"{holder.get('command', '?')} (pid {holder.get('pid', '?')}, host {holder.get('host', '?')}, "
            f"started {holder.get('started', '?')})")


def _read(fd: int) -> dict:
    try:
        data = os.pread(fd, 65536, 0)
        return json.loads(data.decode("utf-8")) if data.strip() else {}
    except (OSError, ValueError):
        return {"command": "an unreadable lock"}


def _command() -> str:
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    return " ".join([name, *sys.argv[1:]])[:300]


def _open(path: Path) -> int:
    """The lock file's descriptor (created, with its folder, when missing); Fault in one line when a
    folder is in its place or it cannot be created."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except IsADirectoryError:
        raise Fault("lock.not_a_file", path=str(path)) from None
    except OSError as exc:
        raise Fault("lock.cannot_open", path=str(path), reason=reason(exc)) from None


def _takeover(folder: Path, previous: dict) -> Fault:
    """The warning of a lock file left by a holder that no longer holds its flock: "no longer
    running" only when its pid (on this host) is gone; a live pid is another process by now."""
    pid, host = previous.get("pid"), previous.get("host")
    gone = isinstance(pid, int) and host in (None, socket.gethostname()) and not pid_alive(pid)
    return Fault("lock.taken_over_dead" if gone else "lock.taken_over_released", folder=str(folder),
                 holder=describe(previous))


@contextmanager
def hold(folder: Path, wait: bool = False, poll_s: float = 0.5, command: str | None = None) -> Iterator[dict]:
    """Hold `folder`'s lock for the block; yields the holder record written into the lock file.

    Raises LockHeld naming the holder when another live process has it (or waits for it with
    `wait`). A lock left by a dead process is taken over, with a warning on stderr. faults.Fault
    (one line) when the lock file cannot be created or a folder is in its place.
    """
    folder = Path(folder)
    path = folder / LOCK_NAME
    said = False
    while True:
        fd = _open(path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read(fd)
            os.close(fd)
            if not wait:
                raise LockHeld(f"{folder} is in use by {describe(holder)}; "
                               f"run again when it has finished, or pass --wait") from None
            if not said:
                print(f"waiting for {describe(holder)} to finish with {folder}", file=sys.stderr)
                said = True
            time.sleep(poll_s)
            continue
        try:  # the holder before us may have removed the file on release: lock the file at `path`
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    previous = _read(fd)
    if previous:
        print(_takeover(folder, previous), file=sys.stderr)
    holder = {"pid": os.getpid(), "command": command or _command(), "host": socket.gethostname(),
              "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")}
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(holder, ensure_ascii=False) + "\n").encode("utf-8"), 0)
        yield holder
    finally:
        try:
            path.unlink()  # before the release, so a waiting run opens a fresh file
        except OSError:
            pass
        os.close(fd)
