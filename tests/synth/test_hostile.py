"""Hostile apps of our own writing end as outcomes and change nothing outside the sandbox.

Each app runs twice: one-shot (``synthesize``) and through a warm pool whose
workers only preload cdktf (so a killed worker is replaced in about a second).
"""
from __future__ import annotations

import json
import os
import socket
import threading
import time
import uuid
from pathlib import Path

import pytest
from synth_helpers import app_project

from iac_review.synth.outcome import CRASHED, FAILED, OK, TIMEOUT
from iac_review.synth.run import synthesize

REPO = Path(__file__).resolve().parents[2]
MODES = ["oneshot", "pool"]


def run(mode, pool, project, **kw):
    if mode == "pool":
        return pool.synthesize(project)
    return synthesize(project, lazy=False, timeout=kw.get("timeout", 6),
                      memory_mb=kw.get("memory_mb", 1024), max_processes=64)


@pytest.mark.parametrize("mode", MODES)
def test_credentials_do_not_reach_the_app(mode, fast_pool, monkeypatch, no_strays):
    fake = {"AWS_ACCESS_KEY_ID": "AKIAFAKEFAKEFAKE0001", "AWS_SECRET_ACCESS_KEY": "fake-secret-xyz",
            "AWS_SESSION_TOKEN": "fake-token-xyz", "AWS_PROFILE": "fake-profile",
            "GITHUB_TOKEN": "ghp_fakefakefake"}
    for k, v in fake.items():
        monkeypatch.setenv(k, v)
    project = app_project("""
        import json, os
        raise RuntimeError("ENV=" + json.dumps(dict(os.environ)))
    """)
    outcome = run(mode, fast_pool, project)
    assert outcome.status == FAILED and outcome.error_message.startswith("ENV=")
    seen = json.loads(outcome.error_message[4:])
    for k, v in fake.items():
        assert k not in seen and v not in outcome.error_message
    assert seen["AWS_REGION"] == "us-east-1"          # the harness's value, not the parent's
    assert seen["HOME"] != os.environ.get("HOME")


@pytest.mark.parametrize("mode", MODES)
def test_writes_outside_the_work_dir_fail(mode, fast_pool, no_strays):
    mark = uuid.uuid4().hex
    targets = [Path.home() / f"iac-review-hostile-{mark}", REPO / f"iac-review-hostile-{mark}",
               Path("/tmp") / f"iac-review-hostile-{mark}"]
    project = app_project(f"""
        import os
        results = []
        for path in {[str(t) for t in targets]!r}:
            try:
                with open(path, "w") as fh:
                    fh.write("pwned")
                results.append("wrote " + path)
            except OSError as exc:
                results.append(f"{{type(exc).__name__}} {{path}}")
        raise RuntimeError(" | ".join(results))
    """)
    try:
        outcome = run(mode, fast_pool, project)
        assert outcome.status == FAILED
        assert not targets[0].exists(), "the app wrote into the user's HOME"
        assert not targets[1].exists(), "the app wrote into the user's files"
        if outcome.enforced.get("filesystem_readonly_except_workdir"):
            assert not targets[2].exists(), "the app wrote into /tmp"
            # A built view gives the app a private /tmp: writing there is allowed, and lost (also
            # for a HOME or checkout that lies under /tmp, as on some CI runners).
            message = outcome.error_message
            if outcome.enforced.get("filesystem_view"):
                for target in targets:
                    if str(target).startswith("/tmp/"):
                        message = message.replace(f"wrote {target}", "")
            assert "wrote" not in message
    finally:
        for t in targets:
            if t.exists():
                t.unlink()


@pytest.mark.parametrize("mode", MODES)
def test_network_is_isolated(mode, fast_pool, no_strays):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.5)
    port = server.getsockname()[1]
    accepted = []

    def accept():
        try:
            conn, _ = server.accept()
            accepted.append(conn)
        except OSError:
            pass
    thread = threading.Thread(target=accept)
    thread.start()
    project = app_project(f"""
        import socket
        try:
            socket.create_connection(("127.0.0.1", {port}), timeout=2).sendall(b"leak")
            raise RuntimeError("CONNECTED")
        except OSError as exc:
            raise RuntimeError(f"BLOCKED {{type(exc).__name__}}: {{exc}}")
    """)
    try:
        outcome = run(mode, fast_pool, project)
    finally:
        thread.join()
        server.close()
        for conn in accepted:
            conn.close()
    assert outcome.status == FAILED
    if not outcome.enforced.get("network_isolated"):
        pytest.skip("unshare --net is not available here: the child keeps the network")
    assert outcome.error_message.startswith("BLOCKED"), outcome.error_message
    assert not accepted


@pytest.mark.parametrize("mode", MODES)
def test_endless_loop_times_out_and_the_run_continues(mode, fast_pool, no_strays):
    outcome = run(mode, fast_pool, app_project("while True:\n    pass\n"), timeout=3)
    assert outcome.status == TIMEOUT
    after = run(mode, fast_pool, app_project("raise ValueError('next app runs')\n"))
    assert after.status == FAILED and after.error_type == "ValueError"


@pytest.mark.parametrize("mode", MODES)
def test_fork_bomb_is_contained(mode, fast_pool, no_strays):
    project = app_project("""
        import os, time
        for _ in range(100000):
            try:
                os.fork()
            except OSError:
                time.sleep(0.01)
    """)
    outcome = run(mode, fast_pool, project, timeout=4)
    assert outcome.status in (CRASHED, TIMEOUT, FAILED)
    assert outcome.status != OK
    after = run(mode, fast_pool, app_project("raise ValueError('still alive')\n"))
    assert after.error_type == "ValueError"


@pytest.mark.parametrize("mode", MODES)
def test_memory_hog_is_killed(mode, fast_pool, no_strays):
    project = app_project("""
        blocks = []
        for _ in range(100):                      # 10 GB in 100 MB steps
            blocks.append(b"x" * (100 * 1024 * 1024))
    """)
    outcome = run(mode, fast_pool, project, memory_mb=1024)
    assert outcome.status in (CRASHED, FAILED)
    assert outcome.error_type in ("MemoryLimit", "MemoryError"), outcome
    after = run(mode, fast_pool, app_project("raise ValueError('still alive')\n"))
    assert after.error_type == "ValueError"


@pytest.mark.parametrize("mode", MODES)
def test_the_shared_jsii_cache_cannot_be_changed_for_later_reviews(mode, fast_pool, no_strays):
    """jsii runs the cached JavaScript of every later worker: an app that rewrites it must not reach it."""
    from iac_review.synth.lazy_provider import jsii_cache_root
    shared = jsii_cache_root()
    if shared is None:
        pytest.skip("no shared jsii package cache here")
    before = {p: p.read_bytes() for p in shared.rglob("package.json") if "node_modules" not in p.parts}
    project = app_project("""
        import os
        from pathlib import Path

        root = Path(os.environ.get("JSII_RUNTIME_PACKAGE_CACHE_ROOT", "/nonexistent"))
        changed = []
        for path in root.rglob("package.json"):
            if "node_modules" in path.parts:
                continue
            try:
                path.write_text("{}")   # a root process ignores file modes: only the mount stops it
                changed.append(str(path))
            except OSError:
                pass
        raise RuntimeError(f"rewrote {len(changed)} files")
    """)
    outcome = run(mode, fast_pool, project)
    assert outcome.status == FAILED and "rewrote" in outcome.error_message
    after = {p: p.read_bytes() for p in before}
    assert after == before


def test_a_process_the_app_leaves_running_cannot_answer_for_the_next_app(no_strays):
    # The daemon waits until the worker runs the next app, then writes a forged result to
    # every fd it inherited (the result pipe among them).
    daemon = app_project("""
        import os, time
        if os.fork() == 0:
            time.sleep(3)
            for fd in range(3, 64):
                try:
                    os.write(fd, b'{"status": "ok", "stacks": {"forged": {}}}\\n')
                except OSError:
                    pass
            os._exit(0)
        raise RuntimeError("left a daemon behind")
    """)
    clean = app_project("""
        from cdktf import App, TerraformStack, TerraformOutput
        class Clean(TerraformStack):
            def __init__(self, scope, name):
                super().__init__(scope, name)
                TerraformOutput(self, "answer", value="42")
        app = App()
        Clean(app, "clean")
        app.synth()
    """)
    from iac_review.synth.pool import WorkerPool
    with WorkerPool(size=1, timeout=10, memory_mb=1024, max_processes=64, preload="cdktf") as pool:
        assert pool.synthesize(daemon).status == FAILED
        first = pool.synthesize(clean)
        time.sleep(4)   # the daemon, had it survived, has written by now
        second = pool.synthesize(clean)
    for outcome in (first, second):
        assert outcome.status == OK and list(outcome.stacks) == ["clean"], (outcome.status, list(outcome.stacks))
