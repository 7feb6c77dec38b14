"""cli.py resolves its option aliases by name at run time (string annotations), so a
module-level name assigned twice silently changes the options of every command that
used the first one. The interop section once did that to --claims/--articles."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

CLI = Path(__file__).resolve().parent.parent / "toolkit" / "cli.py"


def test_no_module_level_name_in_cli_is_assigned_twice() -> None:
    tree = ast.parse(CLI.read_text(encoding="utf-8"))
    names = Counter(
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    )
    assert [n for n, k in names.items() if k > 1] == []
