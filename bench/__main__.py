"""`python -m bench` (`make bench`): run the benchmarks, print a summary table, and rewrite
bench/RESULTS.md from the stored results.

    python -m bench                     # everything (the 1M-article dedup scale takes ~1 h)
    python -m bench --only polling,memory
    python -m bench --skip dedup_scale
    python -m bench --quick             # tiny inputs, prints only: RESULTS.md is not touched
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence

from bench import report


def _names(value: str) -> list[str]:
    names = [n.strip() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in report.BENCHMARKS]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown benchmark {', '.join(unknown)}; known: {', '.join(report.BENCHMARKS)}"
        )
    return names


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--only", type=_names, default=None, help="comma-separated names")
    parser.add_argument("--skip", type=_names, default=[], help="comma-separated names")
    parser.add_argument("--quick", action="store_true", help="tiny inputs; RESULTS.md untouched")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)
    if args.list:
        for name, (mod, title) in report.BENCHMARKS.items():
            print(f"{name:<12} {title} ({mod})")
        return 0
    logging.basicConfig(level=logging.CRITICAL)  # per-page library warnings are noise here
    names = [n for n in (args.only or report.BENCHMARKS) if n not in args.skip]
    records = []
    for name in names:
        print(f"-- {name}: {report.BENCHMARKS[name][1]} ...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        result = report.module(name).run(quick=args.quick)
        seconds = time.perf_counter() - started
        if args.quick:
            records.append({"name": name, "result": result, "seconds": seconds})
        else:
            records.append(report.save(name, result, seconds, quick=False))
        print(f"   done in {seconds:.0f} s", file=sys.stderr, flush=True)
    print(
        report.table(
            ("benchmark", "figure", "value", "baseline", "target"), report.summary(records)
        )
    )
    if not args.quick:
        print(f"\nwrote {report.write_results()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
