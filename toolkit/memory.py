"""Give memory the process has freed back to the system.

The build frees large structures on the way (the article texts once near-duplicate
articles are found, the similarity and the LSH buckets once the splits are dealt), but
much of that memory was taken in pieces from the C allocator's heap, between pieces
still in use: freed, it stays resident, and at a million claims it held 100 to 200 MB
of the build's peak. glibc's ``malloc_trim`` hands every free page of the heap back
(it has done so in the middle of the heap, not only at its top, since 2.8). Elsewhere
(another C library, another system) this does nothing.
"""

from __future__ import annotations

import ctypes
import functools


@functools.cache
def _malloc_trim() -> object | None:
    # The C library already loaded into this process first: finding it by name runs
    # ``ldconfig`` in a child process, at the build's peak.
    for name in (None, "libc.so.6"):
        try:
            return ctypes.CDLL(name).malloc_trim
        except (OSError, AttributeError):
            continue
    return None


def release_freed() -> bool:
    """Return the heap's free pages to the system; True if the C library could."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
