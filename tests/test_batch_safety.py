"""batch safety: manifest paths confined to their folder, links followed only inside, workers die with the parent."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqcheck.batch import discover
from tqcheck.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SECRET = "root:x:0:0:TOPSECRETCONTENT\n"


@pytest.fixture
def layout(tmp_path):
    """A manifest folder with one good pair, and a secret file next to (outside) it."""
    outside = tmp_path / "runner-secret.txt"
    outside.write_text(SECRET)
    work = tmp_path / "work"
    (work / "docs").mkdir(parents=True)
    (work / "docs" / "a.de.txt").write_text("Guten Morgen. Wie geht es?", encoding="utf-8")
    (work / "docs" / "a.en.txt").write_text("Good morning. How are you?", encoding="utf-8")
    return work, outside


@pytest.mark.parametrize("row", ["../runner-secret.txt", "{outside}", "docs/../../runner-secret.txt"])
def test_manifest_paths_outside_its_folder_are_refused(layout, row):
    work, outside = layout
    manifest = work / "m.csv"
    manifest.write_text(f"id,source,target\nbad,{row.format(outside=outside)},docs/a.en.txt\n"
                        "good,docs/a.de.txt,docs/a.en.txt\n", encoding="utf-8")
    pairs = {p.id: p for p in discover(str(manifest))}
    assert "outside" in pairs["bad"].problem and "--allow-outside" in pairs["bad"].problem
    assert pairs["good"].problem is None
    allowed = {p.id: p for p in discover(str(manifest), allow_outside=True)}
    assert allowed["bad"].problem is None


def test_links_are_followed_only_inside(layout):
    work, outside = layout
    (work / "docs" / "b.de.txt").symlink_to(outside)
    (work / "docs" / "b.en.txt").write_text("Hello.", encoding="utf-8")
    (work / "docs" / "c.de.txt").symlink_to(work / "docs" / "a.de.txt")  # inside: fine
    (work / "docs" / "c.en.txt").write_text("Good morning.", encoding="utf-8")
    pairs = {p.id: p for p in discover(str(work))}
    assert "outside" in pairs["docs/b"].problem
    assert pairs["docs/c"].problem is None and pairs["docs/a"].problem is None


def test_batch_never_copies_an_outside_file_into_its_outputs(layout, tmp_path):
    work, outside = layout
    manifest = work / "m.jsonl"
    manifest.write_text(f'{{"id": "leak", "source": "{outside}", "target": "{outside}"}}\n', encoding="utf-8")
    summary = tmp_path / "summary.json"
    result = CliRunner().invoke(cli, ["batch", str(manifest), "--json", str(summary), "--no-cache"])
    assert result.exit_code == 2
    assert "TOPSECRET" not in summary.read_text() and "TOPSECRET" not in result.stdout + result.stderr


WORKERS = textwrap.dedent("""
    import sys, time
    from tqcheck.engines.local import LocalEngine

    if __name__ == "__main__":
        pool = LocalEngine(jobs=2)._start()  # the pool of 'batch --jobs 2'
        futures = [pool.submit(time.sleep, 120) for _ in range(2)]
        time.sleep(1.5)
        print(" ".join(str(pid) for pid in pool._processes), flush=True)
        time.sleep(120)
""")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


@pytest.mark.timeout(120)
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_with_a_killed_parent(tmp_path):
    """kill -9 of a 'batch --jobs 2' left its workers computing (two with the model loaded)."""
    script = tmp_path / "parent.py"
    script.write_text(WORKERS)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env)
    try:
        workers = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(workers) == 2 and all(_alive(pid) for pid in workers)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
            time.sleep(0.2)
        assert not any(_alive(pid) for pid in workers)
    finally:
        for pid in workers if "workers" in locals() else []:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
