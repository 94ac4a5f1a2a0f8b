"""Engines: results in input order and bounded in flight; Dask (a real local cluster) gives byte-identical
outputs to the local engine, survives a killed worker, loads the model once per worker; workers die with
their parent; without Dask, one line saying what to install."""
from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import textwrap
import time
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine_support import install_fake_model, loads, write_corpus, write_pairs
from tqcheck.batch import discover, run_batch
from tqcheck.cli import cli
from tqcheck.configfile import FileConfig, Settings
from tqcheck.engines import in_order, open_engine
from tqcheck.errors import ConfigError, EngineError
from tqcheck.render import render_batch

# found, not imported: Dask takes ~0.6 CPU-s to import, paid at collection by every test process otherwise
pytestmark = pytest.mark.skipif(importlib.util.find_spec("distributed") is None,
                                reason="the Dask engine tests need 'tqcheck[dask]'")

FORMATS = ("json", "junit", "sarif", "text")


def _square_after(task: tuple[int, float]) -> int:
    number, seconds = task
    time.sleep(seconds)
    return number * number


def test_in_order_keeps_input_order_and_bounds_the_tasks_in_flight():
    submitted, yielded = [], []

    def submit(task):
        submitted.append(task)
        return task

    def result_of(task):
        yielded.append(task)
        assert len(submitted) - len(yielded) < 3  # never more than the window pending
        return task * 10

    assert list(in_order(submit, result_of, iter(range(7)), window=3)) == [0, 10, 20, 30, 40, 50, 60]


def test_local_pool_yields_in_input_order_when_tasks_finish_out_of_order():
    tasks = [(k, 0.3 if k < 2 else 0.0) for k in range(6)]  # the first tasks finish last
    with open_engine("local", jobs=2) as engine:
        assert list(engine.map(_square_after, tasks)) == [0, 1, 4, 9, 16, 25]


def test_bad_engine_settings():
    with pytest.raises(ConfigError, match="--scheduler needs --engine dask"):
        open_engine("local", scheduler="tcp://127.0.0.1:8786")
    with pytest.raises(ConfigError, match="unknown engine 'spark'"):
        open_engine("spark")


# ---------------------------------------------------------------- a real local Dask cluster, fake model

@pytest.fixture(scope="module")
def workers_cache(tmp_path_factory) -> Path:
    """The cache folder in the environment the module's Dask workers start with."""
    return tmp_path_factory.mktemp("workers-cache")


@pytest.fixture(scope="module")
def dask_engine(workers_cache):
    """Two single-threaded worker processes with the fake model installed (shared by this module's tests)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TQCHECK_CACHE_DIR", str(workers_cache))
        engine = open_engine("dask", jobs=2, worker_setup=install_fake_model)
    with engine:
        yield engine


@pytest.fixture()
def corpus(tmp_path, monkeypatch):
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return write_corpus(tmp_path / "corpus")


def _local_outputs(pairs, monkeypatch, cache_dir=None) -> dict[str, str]:
    """The reference run: local engine, in this process, fake model."""
    import tqcheck.embed

    monkeypatch.setattr(tqcheck.embed, "load_embedder", tqcheck.embed.load_embedder)
    install_fake_model()
    result = run_batch(pairs, FileConfig(), Settings(model="fake"), cache_dir=cache_dir)
    return {fmt: render_batch(result, fmt) for fmt in FORMATS}


def test_dask_outputs_are_byte_identical_to_the_local_engine(corpus, dask_engine, monkeypatch):
    pairs = discover(str(corpus))
    seen = []
    result = run_batch(pairs, FileConfig(), Settings(model="fake"), cache_dir=None, engine=dask_engine,
                       on_result=lambda done, total, r: seen.append((done, total, r.pair.id)))
    assert seen == [(k + 1, len(pairs), p.id) for k, p in enumerate(pairs)]  # streamed in input order
    statuses = {r.pair.id: r.status for r in result.results}
    assert statuses["doc05"] == "error" and statuses["zz-binary"] == "error"
    assert statuses["doc03"] == "fail"  # wrong numbers
    assert {fmt: render_batch(result, fmt) for fmt in FORMATS} == _local_outputs(pairs, monkeypatch)


def test_each_worker_loads_the_model_once(corpus, dask_engine):
    pairs = discover(str(corpus))
    run_batch(pairs, FileConfig(), Settings(model="fake"), cache_dir=None, engine=dask_engine)
    run_batch(pairs, FileConfig(), Settings(model="fake"), cache_dir=None, engine=dask_engine)
    per_worker = dask_engine.client.run(loads)
    assert len(per_worker) == 2
    assert all(len(pids) <= 1 for pids in per_worker.values()), per_worker
    assert sum(len(pids) for pids in per_worker.values()) >= 1


def test_cli_with_a_scheduler_address_caches_where_the_workers_run(corpus, dask_engine, workers_cache, tmp_path,
                                                                   monkeypatch):
    address = dask_engine.client.scheduler.address
    out = tmp_path / "out"
    out.mkdir()
    args = ["batch", str(corpus), "--model", "fake", "--engine", "dask", "--scheduler", address, "-q"]
    first = CliRunner().invoke(cli, args + ["--json", str(out / "1.json"), "--junit", str(out / "1.xml"),
                                            "--sarif", str(out / "1.sarif")])
    assert first.exit_code == 1, first.output
    cached = sorted(workers_cache.glob("embeddings/*/*/*.vec"))
    assert cached and not list(workers_cache.glob("**/*.tmp"))
    assert not (tmp_path / "cache").exists()  # the client's own cache folder is not the workers'
    second = CliRunner().invoke(cli, args + ["--json", str(out / "2.json")])  # now from the workers' cache
    assert second.exit_code == 1 and sorted(workers_cache.glob("embeddings/*/*/*.vec")) == cached
    reference = _local_outputs(discover(str(corpus)), monkeypatch)
    assert (out / "1.json").read_text(encoding="utf-8") == reference["json"]
    assert (out / "2.json").read_text(encoding="utf-8") == reference["json"]
    assert (out / "1.xml").read_text(encoding="utf-8") == reference["junit"]
    assert (out / "1.sarif").read_text(encoding="utf-8") == reference["sarif"]


def test_a_worker_killed_mid_run_loses_nothing_and_counts_nothing_twice(tmp_path, monkeypatch):
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))
    pairs = discover(str(write_corpus(tmp_path / "corpus", documents=14)))
    killed = []
    after_kill = tmp_path / "killed"  # the workers' checks are slow until a worker is killed, then fast
    with open_engine("dask", jobs=2, worker_setup=partial(install_fake_model, delay=0.05,
                                                          fast_once=str(after_kill))) as engine:
        client = engine.client

        def kill_one(done, total, result):
            if done == 2 and not killed:  # kill a worker that is running a task right now
                busy = sorted(address for address, keys in client.processing().items() if keys)
                pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                after_kill.touch()

        seen = []
        result = run_batch(pairs, FileConfig(), Settings(model="fake"), cache_dir="", engine=engine,
                           on_result=lambda d, t, r: (seen.append(r.pair.id), kill_one(d, t, r)))
        engine.client.wait_for_workers(2, timeout=60)  # the nanny starts a replacement
        after = set(engine.client.run(os.getpid).values())
    assert killed and killed[0] not in after and len(after) == 2
    assert seen == [p.id for p in pairs] and len(set(seen)) == len(pairs)  # each pair exactly once, in order
    assert {fmt: render_batch(result, fmt) for fmt in FORMATS} == _local_outputs(pairs, monkeypatch)


# ---------------------------------------------------------------- pair files: chunks of units are the tasks

def _local_check(path: Path, monkeypatch, fmt: str) -> str:
    """The reference: ``tqcheck check PAIRS.tsv`` in this process (no engine), fake model."""
    import tqcheck.embed

    monkeypatch.setattr(tqcheck.embed, "load_embedder", tqcheck.embed.load_embedder)
    install_fake_model()
    result = CliRunner().invoke(cli, ["check", str(path), "--model", "fake", "--source-lang", "de", "--format", fmt])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def test_pair_file_on_a_dask_cluster_gives_the_same_tsv_and_json(dask_engine, tmp_path, monkeypatch):
    pairs = write_pairs(tmp_path / "pairs.tsv", 1100)  # three chunks of 512 units
    address = dask_engine.client.scheduler.address
    base = ["check", str(pairs), "--model", "fake", "--source-lang", "de", "--engine", "dask", "--scheduler", address]
    on_dask = CliRunner().invoke(cli, base + ["--format", "tsv", "-o", str(tmp_path / "out.tsv")])
    assert on_dask.exit_code == 1, on_dask.output
    streamed = (tmp_path / "out.tsv").read_text(encoding="utf-8")
    rows = streamed.splitlines()[1:]
    assert ["\t".join(r.split("\t")[:2]) for r in rows] == pairs.read_text(encoding="utf-8").splitlines()[1:]
    as_json = CliRunner().invoke(cli, base + ["--format", "json"])
    assert as_json.exit_code == 1
    assert streamed == _local_check(pairs, monkeypatch, "tsv")
    assert as_json.stdout == _local_check(pairs, monkeypatch, "json")


def test_pair_file_with_a_worker_killed_mid_run_reports_every_pair_once(tmp_path, monkeypatch):
    from tqcheck.config import CheckConfig
    from tqcheck.engines.units import engine_unit_reports
    from tqcheck.readers import read_units
    from tqcheck.render.tsv import tsv_rows

    pairs = write_pairs(tmp_path / "pairs.tsv", 600)
    config = CheckConfig(source_lang="de", model="fake")
    with open_engine("local", jobs=1, worker_setup=install_fake_model) as engine:
        expected = [tsv_rows(r) for r in engine_unit_reports(read_units(str(pairs), "tsv"), config, engine,
                                                             cache_dir=None, chunk_size=50)]
    killed = []
    after_kill = tmp_path / "killed"  # the workers' checks are slow until a worker is killed, then fast
    with open_engine("dask", jobs=2, worker_setup=partial(install_fake_model, delay=0.01,
                                                          fast_once=str(after_kill))) as engine:
        client = engine.client
        got = []
        for report in engine_unit_reports(read_units(str(pairs), "tsv"), config, engine, cache_dir="",
                                          chunk_size=50):
            got.append(tsv_rows(report))
            if len(got) == 2:
                busy = sorted(address for address, keys in client.processing().items() if keys)
                killed.append(client.run(os.getpid, workers=busy[:1])[busy[0]])
                os.kill(killed[0], signal.SIGKILL)
                after_kill.touch()
    assert killed and got == expected
    ids = [line.split("\t")[0] for chunk in got for line in chunk.splitlines()]
    assert len(ids) == 600 and len(set(ids)) == 600


def test_a_long_pair_stream_leaves_no_chunk_behind_in_the_client(dask_engine, tmp_path):
    """Dask's message logs kept every chunk sent (client and local scheduler): 2.4 MB per 1,000 lines."""
    import gc

    from tqcheck.config import CheckConfig
    from tqcheck.engines.units import engine_unit_reports
    from tqcheck.flags import DETECTORS
    from tqcheck.readers import read_units
    from tqcheck.types import Unit

    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("source\ttarget\n" + "".join(f"Der Zug {k} kommt spät-zqx.\tThe train {k} is late-zqx.\n"
                                                    for k in range(1200)), encoding="utf-8")
    config = CheckConfig(source_lang="de", model="fake", ignored_flags=frozenset(DETECTORS))
    done = sum(len(r.units) for r in engine_unit_reports(read_units(str(pairs), "tsv"), config, dask_engine,
                                                         cache_dir=None, chunk_size=20))
    assert done == 1200
    gc.collect()
    left = [o for o in gc.get_objects() if isinstance(o, Unit) and o.source.endswith("-zqx.")]
    # all 1,200 stayed before the fix; a few recent chunks may still be referenced (seen once under load)
    assert len(left) < 600, len(left)


# ---------------------------------------------------------------- errors, missing Dask, parent death

def test_without_dask_one_line_saying_what_to_install(corpus, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # what an install without the extra looks like
    result = CliRunner().invoke(cli, ["batch", str(corpus), "--engine", "dask", "--model", "fake"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == \
        ["tqcheck: error: --engine dask needs Dask distributed: pip install 'tqcheck[dask]'"]


def test_unreachable_scheduler_and_scheduler_without_dask(corpus, monkeypatch):
    import tqcheck.engines.dask as dask_engine_module

    monkeypatch.setattr(dask_engine_module, "CONNECT_TIMEOUT_SECONDS", 1)
    result = CliRunner().invoke(cli, ["batch", str(corpus), "--engine", "dask", "--scheduler",
                                      "tcp://127.0.0.1:9"])
    assert result.exit_code == 2 and "cannot connect to the Dask scheduler at tcp://127.0.0.1:9" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    result = CliRunner().invoke(cli, ["batch", str(corpus), "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2 and "--scheduler needs --engine dask" in result.stderr


PARENT = textwrap.dedent("""
    import os, sys, time
    from tqcheck.engines import open_engine
    engine = open_engine(sys.argv[1], jobs=2)
    if sys.argv[1] == "dask":
        pids = list(engine.client.run(os.getpid).values())
    else:
        pool = engine._start()
        for future in [pool.submit(time.sleep, 0.5) for _ in range(4)]:
            future.result()
        pids = list(pool._processes)
    print(" ".join(map(str, sorted(set(pids)))), flush=True)
    time.sleep(600)
""")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as fh:
        return fh.read().split()[2] != "Z"


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_workers_die_with_their_parent(engine):
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    parent = subprocess.Popen([sys.executable, "-c", PARENT, engine], stdout=subprocess.PIPE, text=True, env=env)
    try:
        workers = [int(pid) for pid in parent.stdout.readline().split()]
    finally:
        parent.kill()
        parent.wait()
    assert workers and parent.pid not in workers
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in workers if _alive(pid)]


INTERRUPTED = textwrap.dedent("""
    import sys
    from functools import partial
    from engine_support import install_fake_model
    import tqcheck.engines
    real_open = tqcheck.engines.open_engine
    # each worker's first embedding call answers at once (and leaves its pid in $FAKE_MODEL_CALLED), every later
    # one takes 3 seconds a text: a pair takes half a minute
    slow = partial(install_fake_model, delay=3.0, free_calls=1)
    tqcheck.engines.open_engine = lambda *a, **k: real_open(*a, **{**k, "worker_setup": slow})
    from tqcheck.cli import cli
    cli(sys.argv[1:])
""")


def _session(sid: int) -> list[int]:
    """The live processes of session ``sid`` (a process started with ``start_new_session`` and its children)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                found.append(int(entry))
    return found


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_ctrl_c_stops_the_workers_at_once_with_one_line(engine, tmp_path):
    """SIGINT to the whole process group (what Ctrl-C on a terminal does) while workers run long checks."""
    corpus = write_corpus(tmp_path / "corpus", documents=12)
    for k, text in enumerate(sorted(corpus.glob("doc*.txt"))):
        # a sentence of its own in every file, so no later check is all cache hits (the batch could end first)
        text.write_text(text.read_text(encoding="utf-8") + f"Abschnitt{k} endet hier.\n", encoding="utf-8")
    root = Path(__file__).resolve().parents[1]
    called = tmp_path / "called"
    called.mkdir()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), str(root / "tests")]),
           "TQCHECK_CACHE_DIR": str(tmp_path / "cache"), "FAKE_MODEL_CALLED": str(called)}
    env.pop("GITHUB_ACTIONS", None)
    run = subprocess.Popen([sys.executable, "-c", INTERRUPTED, "batch", str(corpus), "--model", "fake",
                            "--engine", engine, "--jobs", "2", "--json", str(tmp_path / "s.json")],
                           stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while len(list(called.iterdir())) < 2:  # both workers are in their checks, past their first model call
            assert run.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        workers = [pid for pid in _session(run.pid) if pid != run.pid]
        assert len(workers) >= 2 and {int(p.name) for p in called.iterdir()} <= set(workers), workers
        sent = time.monotonic()
        os.killpg(run.pid, signal.SIGINT)
        rest = run.stderr.read()
        code = run.wait(timeout=60)
        took = time.monotonic() - sent
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    assert code == 130, rest
    assert rest.strip().splitlines()[-1:] == ["tqcheck: interrupted"] and "Traceback" not in rest, rest
    # measured 0.3 s (local) and 1.0 s (dask); waiting for the running checks took 60 s (local) and, with Dask's
    # graceful close (the nanny waits 4 s before it kills a busy worker), 5.0 s
    assert took < 3.5, took
    assert not (tmp_path / "s.json").exists()
    deadline = time.monotonic() + 10
    while _session(run.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _session(run.pid) == []  # no worker, nanny or helper process outlives the run


def test_a_local_cluster_logs_nothing_below_an_error_until_it_has_closed():
    """After Ctrl-C the scheduler's connection to a killed worker closed late, inside Dask's own close, once
    Dask had given its log handlers their level back: "Batched Comm Closed" and a traceback reached the
    terminal before "tqcheck: interrupted" (seen in a suite run under load)."""
    import logging

    from distributed.comm import CommClosedError

    from tqcheck.engines.dask import DaskEngine

    class Records(logging.Handler):
        def __init__(self) -> None:
            super().__init__(logging.DEBUG)
            self.messages: list[str] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.messages.append(record.getMessage())

    level = logging.getLogger("distributed").level  # INFO, from Dask's configuration
    engine = DaskEngine(jobs=1, processes=False)
    cluster = engine.client and engine._cluster
    records = Records()
    logging.getLogger("distributed").addHandler(records)
    dask_close = cluster.close

    def close_then_lose_a_connection(*args, **kwargs):  # what the scheduler did late in the close
        answer = dask_close(*args, **kwargs)
        logging.getLogger("distributed.batched").info("Batched Comm Closed", exc_info=CommClosedError())
        return answer

    cluster.close = close_then_lose_a_connection
    try:
        engine.close(abort=True)
    finally:
        logging.getLogger("distributed").removeHandler(records)
    assert records.messages == []
    assert logging.getLogger("distributed").level == level  # given back once the cluster is gone


# ---------------------------------------------------------------- the real bundled model

@pytest.mark.slow
def test_real_model_dask_and_local_cli_outputs_are_identical(tmp_path, monkeypatch):
    """``tqcheck batch --engine dask --jobs 2`` against ``--engine local --jobs 2``, each with a cold cache."""
    corpus = write_corpus(tmp_path / "corpus", documents=4)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    files = {}
    for engine in ("local", "dask"):
        monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / f"cache-{engine}"))
        out = tmp_path / engine
        out.mkdir()
        result = CliRunner().invoke(cli, ["batch", str(corpus), "--engine", engine, "--jobs", "2", "-q",
                                          "--json", str(out / "s.json"), "--junit", str(out / "s.xml"),
                                          "--sarif", str(out / "s.sarif")])
        assert result.exit_code == 1, result.output
        files[engine] = {p.name: p.read_bytes() for p in out.iterdir()}
        assert len(list((tmp_path / f"cache-{engine}").glob("embeddings/*/*/*.vec"))) > 10
    assert files["dask"] == files["local"] and len(files["dask"]) == 3


def test_readme_says_how_to_run_on_a_cluster():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Scaling out (`--engine dask`)"):]
    section = section[:section.index("\n## ", 5)]
    for needed in ("pip install 'tqcheck[dask]'", "dask scheduler --port 8786",
                   "dask worker tcp://SCHEDULER:8786 --nworkers C --nthreads 1",
                   "--engine dask --scheduler tcp://SCHEDULER:8786"):
        assert needed in section, needed
    options = {opt for param in cli.commands["batch"].params for opt in param.opts}
    assert {"--engine", "--scheduler", "--jobs"} <= options
