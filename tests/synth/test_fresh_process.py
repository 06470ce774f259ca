"""Each app of a warm pool runs in a new process: a hostile app changes nothing for the next one.

One worker, three apps in a row: a probe, a hostile app, the probe again. The
probe writes what it sees (json.dumps, marker files in HOME and /tmp, modules
the hostile app left, the cdktf classes it uses) into its stack, so the two
probe outcomes are equal only if nothing of the hostile app reached the second.
The same hostile apps do get through when one process runs every app (the
pool's ``fresh=False``), which shows that each test can fail.
"""
from __future__ import annotations

import json
import os

import pytest
from synth_helpers import app_project

from iac_review import sandbox_bwrap
from iac_review.parse.loader import load
from iac_review.sandbox import namespaces_available
from iac_review.synth.outcome import FAILED, OK
from iac_review.synth.pool import Worker, WorkerPool

PROBE = """
    import json, os, sys
    import cdktf
    from cdktf import App, TerraformOutput, TerraformStack
    places = [os.path.expanduser("~/.iac-marker"), os.path.join(os.environ.get("TMPDIR", "/tmp"), "iac-marker"),
              "/tmp/iac-marker"]
    seen = {
        "json": json.dumps({"a": 1}),
        "markers": sorted(p for p in places if os.path.exists(p)),
        "modules": sorted(n for n in sys.modules if n.startswith("hostile")),
        "synth": cdktf.App.synth.__qualname__,
    }
    app = App()
    stack = TerraformStack(app, "probe")
    TerraformOutput(stack, "seen", value=str(sorted(seen.items())))
    app.synth()
"""

FORGED = '{"status": "ok", "stacks": {"forged": {}}}\\n'

HOSTILE = {
    # the process's json.dumps answers for the next app
    "patched_json": """
        import json
        _real = json.dumps
        def dumps(obj, *args, **kwargs):
            if isinstance(obj, dict):
                obj = {**obj, "status": "ok", "stacks": {"forged": {}}}
            return _real(obj, *args, **kwargs)
        json.dumps = dumps
        raise SystemExit(0)
    """,
    # a library class patched for every later app of the process
    "patched_library": """
        import cdktf
        def synth(self):
            return None
        cdktf.App.synth = synth
        raise SystemExit(0)
    """,
    # a module left in sys.modules under a name the next app may import
    "module_left": """
        import sys, types
        import cdktf
        leftover = types.ModuleType("hostile_leftover")
        leftover.__file__ = cdktf.__file__   # passes for a library module, which a worker keeps warm
        sys.modules["hostile_leftover"] = leftover
        raise SystemExit(0)
    """,
    # a forged answer on every inherited descriptor, the result channel included
    "result_fds": f"""
        import os
        for fd in range(3, 1024):
            try:
                os.write(fd, b'{FORGED}' * 20)
            except OSError:
                pass
        raise SystemExit(0)
    """,
    # files the next app would read
    "scratch_files": """
        import os
        for path in (os.path.expanduser("~/.iac-marker"), os.path.join(os.environ.get("TMPDIR", "/tmp"), "iac-marker"),
                     "/tmp/iac-marker"):
            try:
                with open(path, "w") as fh:
                    fh.write("left")
            except OSError:
                pass
        raise SystemExit(0)
    """,
    # a process left running that writes a forged stack into the next app's folder
    "daemon": """
        import os, time
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                here = os.getcwd()
                for _ in range(1500):
                    try:
                        os.makedirs(os.path.join(here, "cdktf.out", "stacks", "forged"), exist_ok=True)
                        with open(os.path.join(here, "cdktf.out", "stacks", "forged", "cdk.tf.json"), "w") as fh:
                            fh.write("{}")
                    except OSError:
                        pass
                    time.sleep(0.01)
                os._exit(0)
            os._exit(0)
        time.sleep(0.1)
        raise SystemExit(0)
    """,
    # the warm parent killed: the pool replaces the worker
    "kills_its_parent": """
        import os, signal
        os.kill(os.getppid(), signal.SIGKILL)
        raise SystemExit(0)
    """,
}


def _essence(outcome):
    """What an app's outcome says (the backend path names the worker's folder: left out)."""
    return (outcome.status, outcome.error_type, sorted(outcome.stacks),
            [stack.get("output") for stack in outcome.stacks.values()])


def _probe_twice_around(pool, hostile):
    before = pool.synthesize(app_project(PROBE))
    pool.synthesize(app_project(hostile))
    after = pool.synthesize(app_project(PROBE))
    return before, after


@pytest.fixture(scope="module")
def one_worker():
    with WorkerPool(size=1, timeout=20, memory_mb=1024, max_processes=64, preload="cdktf") as pool:
        yield pool


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_the_next_app_sees_nothing_of_a_hostile_one(name, one_worker):
    before, after = _probe_twice_around(one_worker, HOSTILE[name])
    assert before.status == OK, before.error_message
    assert _essence(after) == _essence(before)


@pytest.mark.parametrize("name", ["patched_json", "patched_library", "module_left"])
def test_one_process_for_every_app_lets_them_through(name):
    with WorkerPool(size=1, timeout=20, memory_mb=1024, max_processes=64, preload="cdktf",
                    fresh=False) as pool:
        before, after = _probe_twice_around(pool, HOSTILE[name])
    assert before.status == OK, before.error_message
    assert _essence(after) != _essence(before)


def test_a_forged_report_changes_only_its_own_outcome(one_worker):
    # The app owns its process, so it may lie about itself; the report is checked for shape.
    bad = app_project("""
        import os
        for fd in range(3, 1024):
            try:
                os.write(fd, b'{"status": "ok", "frames": [1, 2], "network": ["x"], "seconds": "x"}\\n')
            except OSError:
                pass
        os._exit(0)
    """)
    outcome = one_worker.synthesize(bad)
    assert outcome.status in ("ok", "failed")   # no internal error from a malformed report
    assert one_worker.synthesize(app_project(PROBE)).status == OK


@pytest.fixture()
def limited_worker():
    worker = Worker(memory_mb=1024, max_processes=64, preload="cdktf", cpu_seconds=2, file_mb=5)
    yield worker
    worker.close()


def test_an_app_that_spends_its_cpu_time_is_stopped(limited_worker):
    outcome = limited_worker.synthesize(app_project("""
        while True:
            pass
    """), timeout=60)
    assert (outcome.status, outcome.error_type) == (FAILED, "CpuLimit"), outcome.error_message
    assert outcome.enforced["rlimit_cpu_s"] == 2
    assert limited_worker.synthesize(app_project(PROBE), timeout=60).status == OK


def test_an_app_that_writes_a_huge_file_is_stopped(limited_worker):
    outcome = limited_worker.synthesize(app_project("""
        with open("big.bin", "wb") as fh:
            for _ in range(10):
                fh.write(b"x" * 1024 * 1024)
    """), timeout=60)
    # Python ignores SIGXFSZ, so the write fails (EFBIG) instead of the process being killed
    assert outcome.status == FAILED
    assert outcome.error_type == "FileSizeLimit" or "File too large" in outcome.error_message
    assert outcome.enforced["rlimit_fsize_mb"] == 5


def _bytes_on_disk(folder) -> int:
    total = 0
    for root, _, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_blocks * 512
            except OSError:
                pass
    return total


@pytest.mark.skipif(not sandbox_bwrap.available(), reason="needs bubblewrap: without it the app writes to disk")
def test_an_app_cannot_fill_the_disk(one_worker):
    outcome = one_worker.synthesize(app_project("""
        import json, os
        written = {}
        for place in (os.getcwd(), os.path.expanduser("~"), "/tmp", os.path.dirname(os.getcwd())):
            count, error = 0, None
            try:
                for number in range(400):
                    with open(os.path.join(place, f"fill-{number}.bin"), "wb") as fh:
                        fh.write(b"x" * (1024 * 1024))
                    count += 1
            except OSError as exc:
                error = exc.errno
            written[place] = [count, error]
        raise RuntimeError(json.dumps(written))
    """))
    written = json.loads(outcome.error_message)
    assert all(count < 300 and error is not None for count, error in written.values()), written
    worker = one_worker._all[0]
    assert _bytes_on_disk(worker.root) < 16 * 1024 * 1024
    assert outcome.enforced["writes_in_memory"] is True
    assert one_worker.synthesize(app_project(PROBE)).status == OK


def test_the_app_sees_its_project_as_it_is_on_disk(one_worker, tmp_path):
    """Under bubblewrap the project is copied into the sandbox's memory: modes and links stay."""
    (tmp_path / "cdktf.json").write_text('{"language": "python", "app": "python tap.py"}')
    (tmp_path / "build.sh").write_text("#!/bin/sh\necho built\n")
    (tmp_path / "build.sh").chmod(0o755)
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "data.txt").write_text("data")
    os.symlink("assets/data.txt", tmp_path / "data-link")
    (tmp_path / "tap.py").write_text(
        "import os, subprocess\n"
        "from cdktf import App, TerraformOutput, TerraformStack\n"
        "built = subprocess.run(['./build.sh'], capture_output=True, text=True).stdout.strip()\n"
        "seen = [built, os.path.islink('data-link'), open('data-link').read()]\n"
        "app = App()\n"
        "stack = TerraformStack(app, 'probe')\n"
        "TerraformOutput(stack, 'seen', value=str(seen))\n"
        "app.synth()\n")
    outcome = one_worker.synthesize(load(str(tmp_path)))
    assert outcome.status == OK, outcome.error_message
    assert outcome.stacks["probe"]["output"]["seen"]["value"] == "['built', True, 'data']"


@pytest.mark.skipif(not namespaces_available(), reason="needs unshare namespaces (the older sandbox)")
def test_the_older_sandbox_keeps_forking_a_process_per_app(monkeypatch):
    # Each app takes some 25 pid numbers (python, two node processes, their threads); the
    # older sandbox lowers pid_max in its pid namespace, which must not run out after wrapping.
    monkeypatch.setenv(sandbox_bwrap.SANDBOX_CHOICE, "unshare")
    with WorkerPool(size=1, timeout=20, memory_mb=1024, max_processes=64, preload="cdktf") as pool:
        outcomes = [pool.synthesize(app_project(PROBE)) for _ in range(40)]
    assert [o.status for o in outcomes] == [OK] * 40, [o.error_message for o in outcomes if o.status != OK]
    assert outcomes[0].enforced["filesystem_view"] is False   # it did run in the older sandbox
