"""The project's one exception family.

The CLI catches :class:`ClaimkitError`, prints ``Error: <message>`` on one line and
exits with :attr:`ClaimkitError.exit_code`. Anything else is a bug and is allowed to
crash loudly with a traceback.
"""

from __future__ import annotations


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
