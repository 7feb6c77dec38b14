"""Safety benchmark: many people writing to one store at once, nothing lost.

Starts N real ``claimkit`` processes at the same moment on a scratch copy of the
project: half ``contribute`` a new claim each, half ``annotate`` an existing claim (each
as a different person). Every one must exit 0 and every claim and judgment must be in
``data/claims.jsonl`` afterwards. Prints ``N submitted, N kept`` plus what was lost,
failed or left behind, and the wall time next to the same writes run one after another.

Target (issue 11): N submitted, N kept; 0 lost; 0 temporary files left.

Usage: ``python benchmarks/bench_safety.py [--processes 50]``
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CLAIMKIT = [sys.executable, "-m", "toolkit"]
WORDS = [
    "amber", "basalt", "canyon", "dahlia", "ember", "falcon", "garnet", "harbor", "indigo",
    "jasper", "kettle", "lantern", "meadow", "nectar", "oyster", "pepper", "quartz", "raven",
    "saffron", "tundra", "umber", "violet", "walnut", "yarrow", "zephyr", "anchor", "bramble",
    "cobalt", "drizzle", "estuary", "fjord", "glacier", "hamlet", "iris", "juniper", "kelp",
    "lagoon", "marble", "nutmeg", "orchid", "pebble", "quill", "reef", "sierra", "thistle",
    "upland", "vapor", "willow", "xylophone", "yeoman", "zinnia", "acorn", "beacon", "cedar",
    "delta", "echo", "fable", "grove", "heron", "islet", "jetty",
]


def claim_text(i: int) -> str:
    """A claim no other in the run resembles (random words: no near duplicates)."""
    words = random.Random(i).sample(WORDS, 9)
    return f"The {words[0]} {words[1]} council sold {i + 3} {' '.join(words[2:])} crates."


def setup(root: Path, n: int) -> tuple[list[list[str]], set[str], set[tuple[str, str]]]:
    for name in ("seeds", "data"):
        shutil.copytree(REPO / name, root / name)
    ids = [json.loads(line)["id"] for line in (root / "data/claims.jsonl").read_text().splitlines()]
    commands, texts, judgments = [], set(), set()
    for i in range(n):
        if i % 2 == 0:
            text = claim_text(i)
            (root / f"c{i}.jsonl").write_text(json.dumps(
                {"claim": text, "label": "NOT_ENOUGH_INFO", "annotator": f"writer-{i}"}) + "\n")
            commands.append([*CLAIMKIT, "contribute", f"c{i}.jsonl"])
            texts.add(text)
        else:
            cid = ids[i % len(ids)]
            (root / f"a{i}.jsonl").write_text(json.dumps(
                {"claim_id": cid, "annotator": f"reviewer-{i}", "label": "REFUTED",
                 "created": "2026-12-01T00:00:00Z"}) + "\n")
            commands.append([*CLAIMKIT, "annotate", f"a{i}.jsonl"])
            judgments.add((cid, f"reviewer-{i}"))
    return commands, texts, judgments


def kept(root: Path, texts: set[str], judgments: set[tuple[str, str]]) -> tuple[int, int]:
    claims = [json.loads(line) for line in (root / "data/claims.jsonl").read_text().splitlines()]
    have_texts = {c["claim"] for c in claims}
    have_judgments = {(c["id"], a["annotator"]) for c in claims for a in c["annotations"]}
    return len(texts & have_texts), len(judgments & have_judgments)


def run(n: int, *, at_once: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="claimkit-bench-safety-") as tmp:
        root = Path(tmp)
        commands, texts, judgments = setup(root, n)
        start = time.perf_counter()
        if at_once:
            procs = [subprocess.Popen(c, cwd=root, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE, text=True) for c in commands]
            errors = [p.communicate()[1] for p in procs]
            codes = [p.returncode for p in procs]
        else:
            done = [subprocess.run(c, cwd=root, capture_output=True, text=True) for c in commands]
            errors = [d.stderr for d in done]
            codes = [d.returncode for d in done]
        seconds = time.perf_counter() - start
        claims_kept, judgments_kept = kept(root, texts, judgments)
        leftovers = [p.name for p in root.rglob("*") if p.name.endswith(".claimkit-tmp")]
        return {
            "submitted": len(commands),
            "kept": claims_kept + judgments_kept,
            "claims": claims_kept,
            "judgments": judgments_kept,
            "failed": sum(c != 0 for c in codes),
            "tracebacks": sum("Traceback" in e for e in errors),
            "waited": sum("waiting for" in e for e in errors),
            "leftovers": len(leftovers),
            "seconds": seconds,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=50)
    parser.add_argument("--no-serial", action="store_true",
                        help="skip the one-after-another run used as the time reference")
    args = parser.parse_args()
    at_once = run(args.processes, at_once=True)
    print(f"{at_once['submitted']} submitted, {at_once['kept']} kept"
          f" ({at_once['claims']} claims, {at_once['judgments']} judgments)")
    print(f"lost {at_once['submitted'] - at_once['kept']}, failed {at_once['failed']},"
          f" tracebacks {at_once['tracebacks']}, temporary files left {at_once['leftovers']},"
          f" processes that waited for the lock {at_once['waited']}")
    print(f"all at once: {at_once['seconds']:.1f} s")
    if not args.no_serial:
        serial = run(args.processes, at_once=False)
        ratio = at_once["seconds"] / serial["seconds"]
        print(f"one after another: {serial['seconds']:.1f} s"
              f" ({serial['submitted']} submitted, {serial['kept']} kept);"
              f" at once / one after another = {ratio:.2f}")


if __name__ == "__main__":
    main()
