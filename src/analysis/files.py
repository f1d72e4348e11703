"""File helpers every stage shares: content hashes, atomic writes and folder swaps (with the
recovery of a swap a killed process left), strict JSON, formula-safe spreadsheet cells and file
names escaped for the terminal."""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import math
import numbers
import os
import re
import shutil
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: a command that writes a file need not load pandas
    import pandas as pd


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write data to path via a temporary file in the same folder and a rename (never a half file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


# --- folders replaced as one: the swap, and what a killed swap left --------------------------

#: Test hook: a comma-separated list of "kill:<step>" (this process SIGKILLs itself at that step of
#: a swap or a run) and "no-exchange" (swap folders by two renames, as where renameat2 is missing).
FAULT_ENV = "KHUYENCONG_FAULT"
_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100
#: A temporary entry of a process: ".NAME.tmp-PID-...", ".NAME.stage-PID-...", ".NAME.old-PID" (a
#: folder) or ".NAME.PID.tmp" (a file of atomic_write_bytes).
_LEFTOVER = re.compile(r"^\.(?P<name>.+?)\.(?:(?P<kind>tmp|stage|old)-(?P<pid>\d+)(?:-.*)?|(?P<filepid>\d+)\.tmp)$")


def fault_point(step: str) -> None:
    """Kill this process (SIGKILL, as `kill -9` does) when FAULT_ENV names `step` ("kill:<step>");
    nothing otherwise. Lets the tests kill a real process at each step of a swap or a run."""
    if f"kill:{step}" in os.environ.get(FAULT_ENV, "").split(","):
        os.kill(os.getpid(), signal.SIGKILL)


def pid_alive(pid: int) -> bool:
    """True when a process with this pid exists (zombies count as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (killed, not yet reaped) no longer runs
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    except (OSError, IndexError):
        return True


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where it is not available."""
    if "no-exchange" in os.environ.get(FAULT_ENV, "").split(","):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # the kernel or the file system cannot exchange: two renames instead
    raise OSError(code, os.strerror(code), str(b))


def swap_in(new: Path, final: Path) -> None:
    """Put the folder `new` in the place of `final` (which may not exist) so that a kill at any
    instant leaves `final` whole: the old folder or the new one.

    With an exchange (renameat2) `final` always exists and the old folder, left under `new`'s name,
    is removed; without, `final` is renamed ".NAME.old-PID" first, and a kill before the second
    rename leaves that folder for `recover_swaps` to put back. Every step has a `fault_point`.
    """
    new, final = Path(new), Path(final)
    fault_point("swap-start")
    if not final.exists():
        os.rename(new, final)
        fault_point("swap-renamed")
        return
    if _exchange(new, final):
        fault_point("swap-exchanged")
        shutil.rmtree(new, ignore_errors=True)
        return
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    os.rename(final, old)
    try:
        fault_point("swap-old-moved")
        os.rename(new, final)
    except BaseException:
        os.rename(old, final)  # put the earlier folder back
        raise
    fault_point("swap-new-moved")
    shutil.rmtree(old, ignore_errors=True)


def recover_swaps(parent: Path) -> list[Path]:
    """Finish what killed processes left in `parent`: an ".NAME.old-PID" folder is put back as NAME
    when NAME is missing (a swap killed between its renames), else removed; unfinished temporary
    folders and files (".NAME.tmp-PID-...", ".NAME.stage-PID-...", ".NAME.PID.tmp") are removed.
    Entries of running processes are left alone. Returns the folders put back."""
    parent = Path(parent)
    restored: list[Path] = []
    if not parent.is_dir():
        return restored
    for path in sorted(parent.iterdir()):
        match = _LEFTOVER.match(path.name)
        if not match or pid_alive(int(match.group("pid") or match.group("filepid"))):
            continue
        final = parent / match.group("name")
        if match.group("kind") == "old" and not final.exists() and path.is_dir():
            os.rename(path, final)
            restored.append(final)
        elif path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return restored


# --- text shown to people: escaped file names and values ---------------------------------------

def escaped(text: object) -> str:
    """`text` safe for one terminal line: control characters and undecodable bytes escaped.

    Printable characters (Vietnamese included) stay as they are; a newline becomes ``\\n``, other
    control and format characters ``\\xNN`` / ``\\uNNNN``, and a byte that was not UTF-8 (kept by
    Python as a lone surrogate, "surrogateescape") ``\\xNN``. Returns "" for None.
    """
    if text is None:
        return ""
    out = []
    for char in str(text):
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name
            out.append(f"\\x{code - 0xDC00:02x}")
        elif char.isprintable() or char == " ":
            out.append(char)
        else:
            out.append(repr(char)[1:-1])  # \n, \x1b, \u200b, ...
    return "".join(out)


# --- what the project writes for spreadsheets and tools ------------------------------------------

#: A text cell starting with one of these is run as a formula by spreadsheet programs (OWASP's list).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """A cell value safe to open in a spreadsheet: text starting with = + - @ tab or CR gets a leading '.

    Numbers, None and other non-text values are returned unchanged (a negative number stays a
    number); only ``str`` values are prefixed.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells are formula-safe (see neutralise_formula); numbers untouched.

    Column names are neutralised too, so a header cannot become a formula.
    """
    import pandas as pd  # lazy: start-up of the commands that write files (the no-op report run)

    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise_formula, na_action="ignore")
    out.columns = [neutralise_formula(c) for c in out.columns]
    return out


def flattened(value: object, prefix: str = ""):
    """(dotted name, scalar) pairs of nested JSON-like values, for one-row-per-value CSVs: dict keys
    joined with ".", a list holding dicts or lists numbered, a list of scalars joined with "; "."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from flattened(item, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value):
        for number, item in enumerate(value):
            yield from flattened(item, f"{prefix}.{number}")
    elif isinstance(value, list):
        yield prefix, "; ".join(map(str, value))
    else:
        yield prefix, value


def json_ready(value: object) -> object:
    """`value` as plain values strict JSON can hold: numpy scalars unwrapped; NaN, inf, NA and NaT as None."""
    if isinstance(value, dict):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    if isinstance(value, (bool, str)) or value is None:
        return value
    np, pd = sys.modules.get("numpy"), sys.modules.get("pandas")  # not loaded: no value of theirs here
    if np is not None and isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else None
    if pd is not None and (value is pd.NA or value is pd.NaT):
        return None
    return value


def json_dumps(value: object, **options) -> str:
    """Strict JSON text of `value`: NaN and infinities become null first, never `NaN`/`Infinity`.

    Options go to json.dumps (default: ensure_ascii=False, indent=2); allow_nan is always False,
    so anything left non-finite raises ValueError instead of writing invalid JSON.
    """
    options = {"ensure_ascii": False, "indent": 2, **options, "allow_nan": False}
    return json.dumps(json_ready(value), **options)


def write_json(path: Path, value: object, **options) -> Path:
    """Write strict JSON (json_dumps, with a final newline) to `path` atomically; returns the path."""
    atomic_write_bytes(Path(path), (json_dumps(value, **options) + "\n").encode("utf-8"))
    return Path(path)


def figures_table(figures: dict):
    """A report's figures (nested dicts and lists, analysis.present.recorded) as one table: columns
    `figure` (nested names dotted, e.g. ``profile.staff_total``) and `value`, text cells formula-safe
    (neutralise_formulas), numbers kept as numbers. The PDF's attached CSV and `khuyencong indicators
    --format csv` are this table."""
    import pandas as pd  # lazy: start-up of the commands that write files (the no-op report run)

    return neutralise_formulas(pd.DataFrame(list(flattened(figures)), columns=["figure", "value"]).astype(object))
