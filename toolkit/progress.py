"""Progress bars that show only where a person is watching.

A bar is drawn on stderr when it is a terminal and ``quiet`` is false; piped or
redirected output, CI logs and ``--quiet`` get nothing but the final summary line.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def track(
    items: Iterable[T], description: str, *, total: int | None = None, quiet: bool = False
) -> Iterator[T]:
    """Yield ``items``, drawing a progress bar when stderr is an interactive terminal."""
    if quiet or not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(description, total=total)
        for item in items:
            yield item
            progress.advance(task)
