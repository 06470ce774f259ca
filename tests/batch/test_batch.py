"""`iac-review batch`: one row per task x source x stage, resumed after SIGKILL without loss or duplicates."""
from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from iac_review.batch.store import SCHEMA_VERSION
from iac_review.cli.main import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
STAGES = ("static", "synth", "tfjson", "tests")


def _corpus(root: Path, copies: int) -> Path:
    """``copies`` of every example task, each under its own name (our own small corpus)."""
    corpus = root / "corpus"
    for n in range(copies):
        for task in sorted(EXAMPLES.iterdir()):
            if (task / "lib").is_dir():
                shutil.copytree(task, corpus / f"{task.name}-{n:02d}")
    return corpus


def _units(corpus: Path) -> int:
    """Units the corpus holds: one per task and source that the task has."""
    count = 0
    for task in corpus.iterdir():
        lib = task / "lib"
        count += (lib / "MODEL_RESPONSE.md").is_file() + (lib / "IDEAL_RESPONSE.md").is_file()
        count += any(lib.glob("*.py")) or (task / "tap.py").is_file()
    return count


def _rows(store: Path) -> dict:
    with sqlite3.connect(store) as db:
        rows = db.execute("SELECT task, source, stage, status, findings FROM results").fetchall()
    keys = [(t, s, st) for t, s, st, _, _ in rows]
    assert len(keys) == len(set(keys)), "duplicate rows"
    return {(t, s, st): (status, [(f["rule_id"], f["location"]["file"], f["location"]["line"], f["message"])
                                  for f in json.loads(found)])
            for t, s, st, status, found in rows}


def _done(store: Path) -> int:
    try:
        with sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM units").fetchone()[0]
    except sqlite3.Error:   # not created yet, or busy for a moment
        return 0


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(p) for p in (task / "children").read_text().split()}
        except OSError:
            pass
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_every_unit_has_a_row_per_stage_and_a_second_run_skips_them(tmp_path, capsys):
    corpus = _corpus(tmp_path, 1)
    store = tmp_path / "s.sqlite"
    assert main(["batch", str(corpus), "--store", str(store), "--no-synth", "--jobs", "2"]) == 0
    rows = _rows(store)
    assert len(rows) == len(STAGES) * _units(corpus)
    assert {key[2] for key in rows} == set(STAGES)
    assert all(status == "not_run" for (_, _, stage), (status, _) in rows.items() if stage != "static")
    assert any(found for (_, source, _), (_, found) in rows.items() if source == "model")
    capsys.readouterr()
    assert main(["batch", str(corpus), "--store", str(store), "--no-synth"]) == 0
    assert f"0 of {_units(corpus)} units reviewed" in capsys.readouterr().err
    assert _rows(store) == rows


def test_a_batch_killed_halfway_resumes_with_nothing_lost_or_duplicated(tmp_path):
    corpus = _corpus(tmp_path, 6)
    total = _units(corpus)
    reference, store = tmp_path / "reference.sqlite", tmp_path / "killed.sqlite"
    command = [sys.executable, "-m", "iac_review", "batch", str(corpus), "--no-synth", "--jobs", "2", "-q"]
    subprocess.run([*command, "--store", str(reference)], check=True, timeout=600)

    driver = subprocess.Popen([*command, "--store", str(store)])
    deadline = time.monotonic() + 300
    while _done(store) < 4 and driver.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    workers = _children(driver.pid)
    driver.send_signal(signal.SIGKILL)
    driver.wait()
    written = _done(store)
    assert 0 < written < total, f"the kill came at {written} of {total} units"
    time.sleep(0.5)
    assert workers and not any(_alive(pid) for pid in workers), "the workers outlived the driver"

    subprocess.run([*command, "--store", str(store)], check=True, timeout=600)
    assert _done(store) == total
    assert _rows(store) == _rows(reference)


def test_the_ray_engine_writes_the_same_rows(tmp_path):
    pytest.importorskip("ray")
    corpus = _corpus(tmp_path, 1)
    local, ray = tmp_path / "local.sqlite", tmp_path / "ray.sqlite"
    assert main(["batch", str(corpus), "--store", str(local), "--no-synth", "-q"]) == 0
    assert main(["batch", str(corpus), "--store", str(ray), "--no-synth", "-q", "--engine", "ray"]) == 0
    assert _rows(ray) == _rows(local)
    with sqlite3.connect(ray) as db:
        workers = {w for (w,) in db.execute("SELECT worker FROM units")}
    assert workers and all(":" in w for w in workers)


def test_bad_stores_and_empty_corpora_are_usage_errors(tmp_path, capsys):
    not_a_store = tmp_path / "x.sqlite"
    not_a_store.write_text("hello")
    corpus = _corpus(tmp_path, 1)
    assert main(["batch", str(corpus), "--store", str(not_a_store), "--no-synth"]) == 2
    assert "not an iac-review store" in capsys.readouterr().err
    assert not_a_store.read_text() == "hello"
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION + "0",))
    assert main(["batch", str(corpus), "--store", str(other), "--no-synth"]) == 2
    assert "use another --store file" in capsys.readouterr().err
    for content in (b"x", b"not a database at all"):   # SQLite would take a short file over
        foreign = tmp_path / "foreign.sqlite"
        foreign.write_bytes(content)
        assert main(["batch", str(corpus), "--store", str(foreign), "--no-synth"]) == 2
        assert main(["stats", str(foreign)]) == 2
        assert foreign.read_bytes() == content
    theirs = tmp_path / "theirs.sqlite"
    with sqlite3.connect(theirs) as db:
        db.execute("CREATE TABLE accounts (id INTEGER)")
    before = theirs.read_bytes()
    assert main(["batch", str(corpus), "--store", str(theirs), "--no-synth"]) == 2
    assert "iac-review adds nothing to it" in capsys.readouterr().err
    assert theirs.read_bytes() == before
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["batch", str(empty), "--store", str(tmp_path / "e.sqlite"), "--no-synth"]) == 2
    assert "no task folders" in capsys.readouterr().err
    assert main(["batch", str(corpus), "--store", str(tmp_path / "e.sqlite"), "--sources", "modle"]) == 2


def test_a_unit_the_review_cannot_finish_is_kept_apart_and_retried(tmp_path, monkeypatch):
    from iac_review.batch import run, worker

    corpus = _corpus(tmp_path, 1)
    calls = []

    def flaky(unit, config, settings):   # runs in the driver: the engine is replaced below
        calls.append(unit["task"])
        if unit["task"].startswith("payments") and unit["source"] == "model" and calls.count(unit["task"]) < 4:
            return worker.failed(unit, settings, "RuntimeError: boom")
        return worker.review_unit(unit, config, settings)

    def inline(units, config, settings, jobs):
        from dataclasses import asdict
        for unit in units:
            yield flaky(asdict(unit), config, settings)

    monkeypatch.setattr(run.engines, "run_local", inline)
    store = tmp_path / "s.sqlite"
    assert main(["batch", str(corpus), "--store", str(store), "--no-synth", "-q"]) == 3
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT status FROM units WHERE task LIKE 'payments%' AND source='model'"
                          ).fetchone() == ("error",)
    assert main(["batch", str(corpus), "--store", str(store), "--no-synth", "-q"]) == 0
    with sqlite3.connect(store) as db:
        statuses = {s for (s,) in db.execute("SELECT status FROM units")}
    assert statuses == {"ok"}


def test_ctrl_c_stops_at_once_and_the_next_run_resumes(tmp_path):
    corpus = _corpus(tmp_path, 6)
    store = tmp_path / "s.sqlite"
    command = [sys.executable, "-m", "iac_review", "batch", str(corpus), "--no-synth", "--jobs", "2",
               "-q", "--store", str(store)]
    driver = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while _done(store) < 2 and driver.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    workers = _children(driver.pid)
    driver.send_signal(signal.SIGINT)
    assert driver.wait(timeout=20) == 130
    assert "interrupted" in driver.stderr.read()
    time.sleep(0.5)
    assert not any(_alive(pid) for pid in workers)
    assert 0 < _done(store) < _units(corpus)
    subprocess.run(command, check=True, timeout=600)
    assert _done(store) == _units(corpus)
