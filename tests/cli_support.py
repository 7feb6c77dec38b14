"""Run a ``claimkit`` command in the test's own process, as the console script would.

A subprocess pays the interpreter's start and the imports (scikit-learn, datasets) on
every call: seconds each, and most of what the CLI tests cost. In-process, the same Typer
app parses the same arguments, the same ``handle_errors`` turns errors into one line on
stderr and an exit code, and the output streams are kept apart as a terminal sees them.
What a process would show as a traceback (an exception no handler caught) is re-raised
here, so it fails the test instead of passing as "exit code 1".

Tests about being a process (the console entry point, shell completion, locks between
processes, ``kill -9``) start real processes instead.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from toolkit.cli import app


@dataclass(frozen=True)
class Ran:
    """What a finished command left: its exit code and its two output streams."""

    returncode: int
    stdout: str
    stderr: str


def claimkit(*args: str, cwd: Path | None = None) -> Ran:
    """``claimkit ARGS`` run in this process (in ``cwd`` if given)."""
    with contextlib.chdir(cwd or os.getcwd()):
        result = CliRunner().invoke(app, list(args), prog_name="claimkit")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a user would have seen a traceback
    return Ran(result.exit_code, result.stdout, result.stderr)
