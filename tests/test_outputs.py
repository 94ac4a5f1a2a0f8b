"""Output files: checked before any work, written through links, write errors as one line and exit 2."""
from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from fakes import HashEmbedder

from tqcheck.cli import cli
from tqcheck.cli.batch import artifact_names
from tqcheck.cli.outputs import check_output_folder, check_outputs, write_output
from tqcheck.errors import OutputError

DE = "Der Zug nach Hamburg hat heute 20 Minuten Verspätung. Die Fahrgäste warten geduldig auf dem Bahnsteig.\n"
EN = "The train to Hamburg is 20 minutes late today. The passengers are waiting patiently on the platform.\n"


@pytest.fixture
def pair(tmp_path):
    (tmp_path / "de.txt").write_text(DE, encoding="utf-8")
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    return str(tmp_path / "de.txt"), str(tmp_path / "en.txt")


@pytest.fixture
def no_model(monkeypatch):
    """The commands get a fake embedder; ``calls`` counts checks that started (work done)."""
    import tqcheck.embed
    import tqcheck.pipeline

    calls = []

    def load(name):
        calls.append(name)
        return HashEmbedder()

    monkeypatch.setattr(tqcheck.pipeline, "load_embedder", load)
    monkeypatch.setattr(tqcheck.embed, "load_embedder", load)
    return calls


def _one_line_exit_2(result):
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    # progress lines ('tqcheck: STAGE DONE/TOTAL', every 10 s on a non-terminal) appear on a slow machine
    lines = [ln for ln in result.stderr.strip().splitlines() if not re.fullmatch(r"tqcheck: [a-z ]+ \d+/\d+", ln)]
    assert "Traceback" not in result.stderr and len(lines) == 1, result.stderr


@pytest.mark.parametrize("command", [["check"], ["align"]])
def test_unwritable_output_is_refused_before_the_work(tmp_path, pair, no_model, command):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = CliRunner().invoke(cli, command + [*pair, "-o", str(blocker / "out.json")])
    _one_line_exit_2(result)
    assert no_model == []  # nothing was embedded


def test_write_failure_at_the_end_is_one_line_and_exit_2(tmp_path, pair, no_model, monkeypatch):
    def full_disk(src, dst):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full_disk)
    out = tmp_path / "report.json"
    result = CliRunner().invoke(cli, ["check", *pair, "--source-lang", "de", "--format", "json", "-o", str(out)])
    _one_line_exit_2(result)
    assert "No space left" in result.stderr and not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no half-written file left


def test_force_writes_through_a_symlink(tmp_path, pair, no_model):
    real = tmp_path / "reports" / "latest.json"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    refused = CliRunner().invoke(cli, ["check", *pair, "--source-lang", "de", "--format", "json", "-o", str(link)])
    _one_line_exit_2(refused)
    result = CliRunner().invoke(cli, ["check", *pair, "--source-lang", "de", "--format", "json", "-o", str(link),
                                      "--force"])
    assert result.exit_code in (0, 1), result.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert '"schema"' in real.read_text()


def test_a_link_to_an_input_is_refused(tmp_path, pair):
    link = tmp_path / "sneaky.txt"
    link.symlink_to(pair[1])
    with pytest.raises(OutputError, match="input"):
        check_outputs([str(link)], list(pair), force=True)
    hard = tmp_path / "hard.txt"
    os.link(pair[1], hard)
    with pytest.raises(OutputError, match="input"):
        check_outputs([str(hard)], list(pair), force=True)


def test_two_outputs_must_differ(tmp_path):
    with pytest.raises(OutputError, match="different"):
        check_outputs([str(tmp_path / "a"), str(tmp_path / "." / "a")], [], force=False)


def test_a_pipe_or_device_is_written_into_not_replaced(tmp_path):
    """``--output /dev/null --force`` used to replace /dev/null with a regular file (os.replace over it)."""
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    write_output(str(fifo), "hello", [], force=True)
    reader.join(10)
    assert received == ["hello"] and fifo.is_fifo()


def test_html_dir_not_empty_is_refused_up_front(tmp_path):
    folder = tmp_path / "html"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine")
    with pytest.raises(OutputError, match="not empty"):
        check_output_folder(str(folder), ["a.html"], [], force=False)
    check_output_folder(str(folder), ["a.html"], [], force=True)
    check_output_folder(str(tmp_path / "new" / "deeper"), ["a.html"], [], force=False)
    (tmp_path / "plain").write_text("x")
    with pytest.raises(OutputError, match="not a folder"):
        check_output_folder(str(tmp_path / "plain"), ["a.html"], [], force=True)


def test_batch_html_dir_refused_before_anything_is_written(tmp_path, pair, no_model):
    folder = tmp_path / "html"
    folder.mkdir()
    (folder / "old.html").write_text("x")
    summary = tmp_path / "summary.json"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.de.txt").write_text(DE, encoding="utf-8")
    (tmp_path / "docs" / "a.en.txt").write_text(EN, encoding="utf-8")
    result = CliRunner().invoke(cli, ["batch", str(tmp_path / "docs"), "--json", str(summary),
                                      "--html-dir", str(folder), "--no-cache"])
    _one_line_exit_2(result)
    assert not summary.exists() and no_model == []


def test_artifact_names_never_collide():
    names = artifact_names(["a/b", "a__b", "a:b", "A__b", "x"])
    assert len({n.lower() for n in names}) == 5 and names[0] == "a__b.html" and names[-1] == "x.html"
