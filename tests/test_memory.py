"""Freed heap memory goes back to the system (glibc), measured on this process's RSS."""

from __future__ import annotations

import subprocess
import sys

import pytest

from toolkit.memory import release_freed

_PROGRAM = """
import gc
from toolkit.memory import release_freed
def rss():
    return int(open('/proc/self/status').read().split('VmRSS:')[1].split()[0]) // 1024
# strings of a few KB come from the C heap; one in ten is kept, so the freed ones
# sit between live blocks, not only at the top of the heap
texts = [('x' * 3000) + str(i) for i in range(60000)]
kept = texts[::10]
del texts
gc.collect()
before = rss()
print(release_freed(), before, rss())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_freed_heap_pages_leave_the_resident_memory() -> None:
    out = subprocess.run([sys.executable, "-c", _PROGRAM], capture_output=True, text=True,
                         check=True).stdout.split()  # fmt: skip
    released, before, after = out[0] == "True", int(out[1]), int(out[2])
    if not released:
        pytest.skip("this C library has no malloc_trim")
    assert before - after > 50, (before, after)  # about 160 MB of freed strings


def test_release_freed_is_safe_to_call_again() -> None:
    first = release_freed()
    assert release_freed() is first


def test_finding_the_c_library_starts_no_process(monkeypatch) -> None:
    """Finding libc by name runs ``ldconfig`` in a child process; the one already loaded
    is used instead (the build calls this at its memory peak)."""
    import subprocess

    from toolkit import memory

    def refuse(*args, **kwargs):
        raise AssertionError(f"started a process: {args}")

    memory._malloc_trim.cache_clear()
    monkeypatch.setattr(subprocess, "Popen", refuse)
    try:
        assert isinstance(memory.release_freed(), bool)  # and no process was started
    finally:
        memory._malloc_trim.cache_clear()
