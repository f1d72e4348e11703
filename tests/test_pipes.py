"""`khuyencong trace ... | head -1` and `indicators --format csv | head -1`: a reader that goes away
ends the command quietly (no BrokenPipeError traceback), with a real pipe in a subprocess. The reader
is `head -n 0`, which exits before the command (a second of imports) writes: the write always meets
a closed pipe, whatever the size of the output."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("command", [
    ["trace", "--year", "2022", "staff_field"],
    ["indicators", "--year", "2022", "--format", "csv"],
])
def test_closed_pipe_ends_quietly(sample_build, command):
    processed = str(sample_build.out_dir.parent)
    script = f"{sys.executable} -m analysis {' '.join(command)} --processed {processed} | head -n 0; " \
             "echo \"status=${PIPESTATUS[0]}\" >&2"
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120)
    assert done.stderr.strip() == "status=141", done.stderr  # no traceback, no message: the reader left
    full = subprocess.run(["bash", "-c", f"{sys.executable} -m analysis {' '.join(command)} --processed {processed}"
                           " | head -1"], capture_output=True, text=True, timeout=120)
    assert full.stdout.count("\n") == 1 and "Traceback" not in full.stderr, full.stderr
