"""The README's layout section is a tree of the code: one line per module, saying its job.

A newcomer reads the tree to find where a thing lives; this keeps it from drifting. Every
module under toolkit/ has exactly one line, at the depth of its folder, and every line
names a module or folder that exists.
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def _tree() -> list[str]:
    section = README.split("\n## Layout\n", 1)[1]
    block = re.search(r"```\n(.*?)```", section, flags=re.S)
    assert block, "the Layout section has no code block"
    return block.group(1).splitlines()


def _listed_modules() -> dict[str, str]:
    """Path of each module or folder in the toolkit part of the tree -> its job."""
    listed: dict[str, str] = {}
    folders: list[str] = []
    for line in _tree():
        m = re.match(r"^( *)(\S+)\s*(.*)$", line)
        if not m:
            continue
        indent, name, job = len(m.group(1)) // 2, m.group(2), m.group(3)
        folders = folders[:indent]
        if indent == 0 and name != "toolkit/":
            folders = []
            continue
        path = "/".join([*folders, name]).rstrip("/")
        if name.endswith("/"):
            folders.append(name.rstrip("/"))
        if path.startswith("toolkit"):
            listed[path] = job
    return listed


def _modules() -> set[str]:
    return {
        str(p.relative_to(REPO))
        for p in (REPO / "toolkit").rglob("*.py")
        if p.name not in ("__init__.py", "__main__.py") and "schemas" not in p.parts
    }


def test_every_module_has_one_line_with_its_job() -> None:
    listed = _listed_modules()
    missing = sorted(_modules() - set(listed))
    assert missing == [], f"modules missing from the README layout: {missing}"
    assert all(job.strip() for job in listed.values()), "a line without its job"


def test_every_listed_module_exists() -> None:
    gone = sorted(p for p in _listed_modules() if not (REPO / p).exists())
    assert gone == [], f"the README layout names what is not there: {gone}"
