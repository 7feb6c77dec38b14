"""The project's one exception family.

The CLI catches :class:`ClaimkitError`, prints ``Error: <message>`` on one line and
exits with :attr:`ClaimkitError.exit_code`. Anything else is a bug and is allowed to
crash loudly with a traceback.
"""

from __future__ import annotations

import errno


class ClaimkitError(Exception):
    """Base class for every error a user can cause and fix.

    Messages name the file (and line, where there is one) and say what is wrong,
    so that the one line printed by the CLI is enough to fix the input.
    """

    exit_code = 1

    def __init__(self, message: str, *, path: object = None, line: int | None = None):
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        return f"{where}{self.message}"


class DataError(ClaimkitError):
    """The input data is wrong (bad JSON, schema violation, changed seed...): exit 1."""

    exit_code = 1


class UsageError(ClaimkitError):
    """The command was called wrongly (unknown name, bad option combination): exit 2."""

    exit_code = 2


_OS_HINTS = {
    errno.EACCES: "check the permissions, or choose another path",
    errno.EPERM: "check the permissions, or choose another path",
    errno.EROFS: "the file system is read-only; choose a writable folder",
    errno.ENOSPC: "the disk is full; free some space and run again (nothing was changed)",
    errno.EDQUOT: "the disk quota is full; free some space and run again (nothing was changed)",
    errno.EISDIR: "it is a folder; give a file",
    errno.ENOTDIR: "a part of the path is a file, not a folder; check the path",
    errno.ENOENT: "no such file or folder; check the path",
    errno.EEXIST: "it already exists; remove it or choose another path",
    errno.ENAMETOOLONG: "the name is too long; choose a shorter path",
    errno.EMFILE: "too many open files; raise the limit (ulimit -n) and run again",
}


def os_error(exc: OSError) -> ClaimkitError:
    """The environment's error (permission, disk full, read-only...) as one of ours.

    Every OSError a command meets is the machine saying no, not a bug in claimkit, so
    it gets the same one line as bad data: the path, what happened, what to do.
    """
    what = exc.strerror or type(exc).__name__
    hint = _OS_HINTS.get(exc.errno or -1, "check the path and run again")
    path = exc.filename if exc.filename is not None else None
    if exc.filename2 is not None:
        what = f"{what} (with {exc.filename2})"
    return DataError(f"{what} ({hint})", path=path)
