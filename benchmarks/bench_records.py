"""Records codec benchmark: the one generic codec against the hand-written methods it replaced.

Issue 14 asks that serialization be declared once (``toolkit.records.to_dict`` /
``decode``, driven by each dataclass's fields) and measured against the eleven
hand-written ``to_dict``/``from_dict`` pairs it replaced, on 200,000 claims. Prints,
side by side, encode (record -> dict) and decode (dict -> record) times of both and
their ratio, and checks that both give the same JSONL bytes and equal records.

The replaced module is not copied into the project: it is read from git history
(``--rev``, default the last commit that had it) and imported under another name.

Claims are the shipped ``data/claims.jsonl`` (gold claims with annotations, headline and
body sources) plus an imported claim with external evidence and an origin, repeated
with fresh ids up to ``--claims``.

Usage: ``python benchmarks/bench_records.py [--claims 200000] [--rev 2f54389] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import time
from pathlib import Path

import orjson

from toolkit.jsonl import dumps
from toolkit.records import Claim, decode, encode

REPO = Path(__file__).resolve().parent.parent
#: The last commit whose records.py had the hand-written to_dict/from_dict methods.
BEFORE = "2f54389"

IMPORTED = {
    "id": "0123456789abcdef", "claim": "The bridge opened in 1932.", "label": "REFUTED",
    "evidence": [[{"url": "https://example.org/bridge", "exact": "It opened in 1931.",
                   "accessed": "2026-11-01"}]],
    "source": None, "method": "import:averitec", "rule": None, "status": "gold",
    "annotations": [{"annotator": "averitec", "label": "REFUTED", "created": "2026-11-01",
                     "note": None, "origin": {"format": "averitec", "id": 7,
                                              "label": "Refuted", "fields": {"speaker": "x"}}}],
    "checkworthiness": None,
}  # fmt: skip


def old_records(rev: str):
    """``toolkit/records.py`` as it was at ``rev``, imported as ``records_before``."""
    text = subprocess.run(["git", "-C", str(REPO), "show", f"{rev}:toolkit/records.py"],
                          check=True, capture_output=True, text=True).stdout  # fmt: skip
    spec = importlib.util.spec_from_loader("records_before", loader=None)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["records_before"] = module
    exec(compile(text, f"{rev}:toolkit/records.py", "exec"), module.__dict__)
    return module


def claim_dicts(n: int) -> list[dict]:
    """``n`` claim records: the shipped ones and an imported one, with fresh ids."""
    lines = (REPO / "data" / "claims.jsonl").read_bytes().splitlines()
    templates = [orjson.loads(line) for line in lines if line.strip()] + [IMPORTED]
    out = []
    for i in range(n):
        d = orjson.loads(orjson.dumps(templates[i % len(templates)]))
        d["id"] = f"{i:016x}"
        out.append(d)
    return out


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=200_000)
    ap.add_argument("--rev", default=BEFORE)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    old = old_records(args.rev)
    dicts = claim_dicts(args.claims)
    new_claims = [decode(Claim, d) for d in dicts]
    old_claims = [old.Claim.from_dict(d) for d in dicts]

    # Same bytes out, and decoding gives the same records (labels compare equal to strings).
    same_bytes = all(dumps(encode(a)) == dumps(b.to_dict()) == dumps(d)
                     for a, b, d in zip(new_claims, old_claims, dicts, strict=True))  # fmt: skip
    print(f"{args.claims} claims; identical JSONL bytes (codec, hand-written, input): {same_bytes}")

    rows = [
        ("encode (record -> dict)",
         best(lambda: [encode(c) for c in new_claims], args.repeat),
         best(lambda: [c.to_dict() for c in old_claims], args.repeat)),
        ("decode (dict -> record)",
         best(lambda: [decode(Claim, d) for d in dicts], args.repeat),
         best(lambda: [old.Claim.from_dict(d) for d in dicts], args.repeat)),
    ]  # fmt: skip
    print(f"{'':24} {'codec':>9} {'hand-written':>13} {'ratio':>7}")
    for name, new_t, old_t in rows:
        print(f"{name:24} {new_t:8.3f}s {old_t:12.3f}s {new_t / old_t:6.2f}x")
    per = (rows[0][1] + rows[1][1]) / args.claims * 1e6
    print(f"codec, encode + decode: {per:.1f} us per claim (best of {args.repeat})")


if __name__ == "__main__":
    main()
