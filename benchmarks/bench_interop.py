"""Interop benchmark: an AVeriTeC train-sized split (3,068 claims, about 9 MB).

Prints figures; asserts nothing (targets are read by people, not by the test suite):

* reading the records: the streamed reader (``iter_json_items``: ijson item by item)
  against parsing the whole file at once (``orjson.loads``, what the importer did
  before), each in a fresh child process with the same imports, wall time and the growth of
  peak memory (max RSS) while reading;
  target: the streamed reader's peak stays flat as the file grows (memory is the
  point; it may be slower than orjson);
* the whole import (``import_file``: read, map, merge, schema and offset checks,
  write) of the same file into an empty store; target: the 9 MB split imports with the
  default limits, in seconds rather than minutes;
* the input schema check of FEVER claims lines (``check_input``, 20,000 lines in FEVER's
  layout): the compiled path that answers most lines against jsonschema alone, which
  only explains failures; target: the check stays a few microseconds per line, so a
  145,000-line FEVER train file is checked in about a second, not minutes.

The file is generated in AVeriTeC's published layout (seeded, so runs are comparable);
``--scale`` multiplies the claims to show how peak memory grows with the file.
Run on a shared 2-core machine, figures move with its load: compare the ratios of one
run rather than seconds across runs.
Usage: ``python benchmarks/bench_interop.py [--claims 3068] [--scale 1 4]``
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import resource, sys, time
from pathlib import Path
import ijson, orjson
from toolkit.interop.common import iter_json_items
mode, path = sys.argv[1], Path(sys.argv[2])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
if mode == "stream":
    n = sum(1 for _ in iter_json_items(path))
else:
    n = len(orjson.loads(path.read_bytes()))
took = time.perf_counter() - start
print(n, took, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
"""


def write_split(path: Path, n: int) -> None:
    """``n`` claims in AVeriTeC's layout, about 3 KB each like the train split."""
    with path.open("w", encoding="utf-8") as f:
        f.write("[\n")
        for i in range(n):
            claim = {
                "claim": f"Claim {i}: the council banned bicycles from the square in {2000 + i % 24}.",
                "required_reannotation": False,
                "label": ("Supported", "Refuted", "Not Enough Evidence",
                          "Conflicting Evidence/Cherrypicking")[i % 4],
                "justification": "The council minutes record the vote. " * 30,
                "claim_date": "14-06-2021",
                "speaker": "Social media post",
                "original_claim_url": None,
                "fact_checking_article": f"https://factcheck.example.org/{i}",
                "reporting_source": "Facebook",
                "location_ISO_code": "BR",
                "claim_types": ["Event/Property Claim"],
                "fact_checking_strategies": ["Written Evidence"],
                "questions": [
                    {"question": f"Question {q} about claim {i}?",
                     "answers": [{"answer": "The minutes say otherwise. " * 8,
                                  "answer_type": "Extractive",
                                  "source_url": f"https://source.example.org/{i}/{q}",
                                  "source_medium": "Web text"}]}
                    for q in range(3)
                ],
            }
            f.write(json.dumps(claim, indent=4))
            f.write(",\n" if i + 1 < n else "\n")
        f.write("]\n")


def bench_input_checks(n: int = 20_000) -> None:
    """``check_input`` on ``n`` FEVER lines: compiled first vs jsonschema for every line."""
    import random

    from toolkit.schema import SCHEMA_DIR, StrictValidator, check_input, registry

    rng = random.Random(0)
    rows = [
        {"id": i, "verifiable": "NOT VERIFIABLE", "label": "NOT ENOUGH INFO",
         "claim": f"Claim {i}.", "evidence": [[[i, None, None, None]]]}
        if i % 3 == 2 else
        {"id": i, "verifiable": "VERIFIABLE", "label": "SUPPORTS", "claim": f"Claim {i}.",
         "evidence": [[[i, i + 1, f"Page_{j}", rng.randint(0, 30)]
                       for j in range(rng.randint(1, 3))] for _ in range(rng.randint(1, 4))]}
        for i in range(n)
    ]  # fmt: skip
    schema = json.loads((SCHEMA_DIR / "fever-input.schema.json").read_text(encoding="utf-8"))
    strict = StrictValidator(schema, registry=registry())
    check_input("fever", rows[0])  # compile once, outside the timing
    start = time.perf_counter()
    for row in rows:
        check_input("fever", row, lenient=("label",))
    fast = time.perf_counter() - start
    start = time.perf_counter()
    for row in rows:
        next(strict.iter_errors(row), None)
    slow = time.perf_counter() - start
    print(f"check_input fever, {n} lines: {fast / n * 1e6:.1f} us/line | jsonschema alone"
          f" {slow / n * 1e6:.1f} us/line | x{slow / fast:.0f} faster")


def child(*args: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", *args], capture_output=True, text=True,
                         check=True).stdout
    return out.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=3068)
    parser.add_argument("--scale", type=int, nargs="+", default=[1, 4])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for scale in args.scale:
            n = args.claims * scale
            path = Path(tmp) / f"train-{scale}.json"
            write_split(path, n)
            size = path.stat().st_size / 1e6
            rows = {}
            for mode in ("stream", "whole"):
                count, took, rss = child(CHILD, mode, str(path))
                assert int(count) == n
                rows[mode] = (float(took), int(rss) / 1024)
            (st, sm), (wt, wm) = rows["stream"], rows["whole"]
            print(f"{n:>6} claims, {size:5.1f} MB: streamed {st:5.2f} s, +{sm:5.0f} MB |"
                  f" whole-file {wt:5.2f} s, +{wm:5.0f} MB | time x{st / wt:.1f},"
                  f" memory x{sm / max(wm, 1e-9):.2f} of whole-file")
        path = Path(tmp) / "train-1.json"
        if not path.exists():
            write_split(path, args.claims)
        from toolkit.interop import import_file
        from toolkit.interop.common import ImportOptions

        store = Path(tmp) / "store"
        start = time.perf_counter()
        batch, result = import_file("averitec", path, ImportOptions(created="2026-01-01"),
                                    claims_path=store / "claims.jsonl",
                                    articles_path=store / "articles.jsonl")
        took = time.perf_counter() - start
        print(f"import_file averitec, {args.claims} claims"
              f" ({path.stat().st_size / 1e6:.1f} MB): {took:.2f} s; read {batch.read},"
              f" {result.new_claims} new claims, {len(result.skipped)} skipped")
    bench_input_checks()


if __name__ == "__main__":
    main()
