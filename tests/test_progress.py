"""Progress bars appear only on a terminal; `python -m toolkit` runs the CLI."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from toolkit import progress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_bar_when_piped(monkeypatch: pytest.MonkeyPatch) -> None:
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    assert list(progress.track(range(5), "work")) == [0, 1, 2, 3, 4]
    assert err.getvalue() == ""


def test_bar_on_a_terminal_unless_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    err = _Tty()
    monkeypatch.setattr(sys, "stderr", err)
    assert list(progress.track(range(3), "work", quiet=True)) == [0, 1, 2]
    assert err.getvalue() == ""
    assert list(progress.track(range(3), "work", total=3)) == [0, 1, 2]
    assert "work" in err.getvalue()


def test_python_dash_m_toolkit_runs_the_cli() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "toolkit", "--help"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0
    assert "ingest" in proc.stdout and "validate" in proc.stdout

