"""The tests stage's sandboxed run: verdicts, coverage, and test files that are hostile.

Every project here is of our own writing. The pool is the synth tests' fast
pool (cdktf preloaded, short limits); each run forks a fresh process from it.
"""
from __future__ import annotations

import json
import os
import textwrap
import uuid
from pathlib import Path

from iac_review.api import ReviewConfig, review
from iac_review.core.workspace import Project, SourceFile
from iac_review.reporters import json_
from iac_review.synth.suite import CRASHED, RAN, TIMEOUT, plan

REPO = Path(__file__).resolve().parents[2]

LIB = """
    def bucket_name(environment, shared=False):
        if shared:
            return "shared-" + environment
        return "app-" + environment
"""

STACK = """
    from cdktf import TerraformStack
    from cdktf_cdktf_provider_aws.provider import AwsProvider
    from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket


    class TapStack(TerraformStack):
        def __init__(self, scope, construct_id, environment_suffix="dev"):
            super().__init__(scope, construct_id)
            AwsProvider(self, "aws", region="us-east-1")
            S3Bucket(self, "logs", bucket=f"logs-{environment_suffix}")
"""


def suite_project(tests: str, lib: str = LIB, **extra: str) -> Project:
    files = {"lib/__init__.py": "", "lib/naming.py": lib, "tests/__init__.py": "",
             "tests/unit/__init__.py": "", "tests/unit/test_naming.py": tests, **extra}
    return Project(input="<test>", kind="project",
                   files={k: SourceFile(k, textwrap.dedent(v)) for k, v in files.items()})


def run(pool, project: Project, timeout: float = 60):
    return pool.run_tests(project, plan(project), timeout=timeout)


def test_a_run_reports_passes_failures_and_branch_coverage(fast_pool, no_strays):
    outcome = run(fast_pool, suite_project("""
        from lib.naming import bucket_name


        def test_app_bucket():
            assert bucket_name("qa") == "app-qa"


        def test_wrong_expectation():
            name = bucket_name("qa")
            assert name == "qa-app"
    """))
    assert outcome.status == RAN and outcome.exit_code == 1 and not outcome.passed
    assert outcome.counts["passed"] == 1 and outcome.counts["failed"] == 1
    [case] = outcome.cases
    assert case.name == "test_wrong_expectation" and case.error_type == "AssertionError"
    assert case.frame_in("tests/unit/test_naming.py").line == 11
    assert "app-qa" in case.message
    assert 0 < outcome.coverage < 100
    [naming] = [f for f in outcome.files if f.path == "lib/naming.py"]
    assert naming.missing_lines == (4,)                  # the shared branch never ran
    assert outcome.passed_ids == ("tests/unit/test_naming.py::test_app_bucket",)


def test_a_test_module_that_cannot_import_is_a_collection_error(fast_pool, no_strays):
    outcome = run(fast_pool, suite_project("""
        from lib.naming import BucketNamer


        def test_never_runs():
            assert BucketNamer()
    """))
    assert outcome.status == RAN and outcome.exit_code == 2
    [error] = outcome.collection_errors
    assert error.error_type == "ImportError" and "BucketNamer" in error.message
    assert error.frame_in("tests/unit/test_naming.py").line == 2


def test_the_stack_is_built_in_the_tests_with_the_provider(fast_pool, no_strays):
    outcome = run(fast_pool, suite_project("""
        import json

        from cdktf import Testing

        from lib.tap_stack import TapStack


        def test_bucket():
            synthesized = json.loads(Testing.synth(TapStack(Testing.app(), "t", environment_suffix="t")))
            assert synthesized["resource"]["aws_s3_bucket"]["logs"]["bucket"] == "logs-t"
    """, **{"lib/tap_stack.py": STACK}), timeout=120)
    assert outcome.passed, outcome.summary() + outcome.output_tail[-2000:]
    assert outcome.coverage == 100.0 or any(f.path == "lib/naming.py" for f in outcome.files)


def test_a_hanging_test_is_killed_and_the_next_run_is_clean(fast_pool, no_strays):
    hanging = run(fast_pool, suite_project("""
        def test_waits_forever():
            while True:
                pass
    """), timeout=5)
    assert hanging.status == TIMEOUT and "5 s" in hanging.reason
    after = run(fast_pool, suite_project("""
        def test_quick():
            assert 1 + 1 == 2
    """))
    assert after.passed


def test_a_test_that_ends_its_process_gives_no_verdict(fast_pool, no_strays):
    """``os._exit(0)`` fools a plain pytest run into exit status 0; here it is a crash."""
    outcome = run(fast_pool, suite_project("""
        import os


        def test_leaves():
            os._exit(0)
    """))
    assert outcome.status == CRASHED and not outcome.passed


def test_a_hostile_test_file_is_contained(fast_pool, no_strays, monkeypatch, tmp_path):
    """The test file does what hostile stack code does: read credentials, write outside its
    folder, reach the network, leave a process behind. None of it reaches the host or the next run."""
    mark = uuid.uuid4().hex
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", f"secret-{mark}")
    targets = [Path.home() / f"iac-review-hostile-{mark}", REPO / f"iac-review-hostile-{mark}",
               Path("/tmp") / f"iac-review-hostile-{mark}", tmp_path / "written"]
    user_file = tmp_path / "user.txt"
    user_file.write_text("unchanged", encoding="utf-8")
    outcome = run(fast_pool, suite_project(f"""
        import os
        import socket
        import subprocess


        def test_secrets():
            assert "secret-{mark}" not in repr(dict(os.environ))
            assert "AWS_SECRET_ACCESS_KEY" not in os.environ


        def test_writes_outside():
            for target in {[str(t) for t in targets]!r}:
                try:
                    with open(target, "w") as fh:
                        fh.write("escaped")
                except OSError:
                    pass
            try:
                with open({str(user_file)!r}, "w") as fh:
                    fh.write("changed")
            except OSError:
                pass


        def test_network():
            with socket.socket() as sock:
                sock.settimeout(2)
                try:
                    sock.connect(("1.1.1.1", 443))
                    connected = True
                except OSError:
                    connected = False
            assert not connected


        def test_leaves_a_process():
            subprocess.Popen(["sleep", "300"], start_new_session=True)
    """))
    assert outcome.status == RAN, outcome.reason
    assert outcome.counts["passed"] == 4, [(c.name, c.message) for c in outcome.cases]
    for target in targets:
        assert not target.exists(), target
    assert user_file.read_text(encoding="utf-8") == "unchanged"
    after = run(fast_pool, suite_project("""
        import os


        def test_clean_home():
            assert not [n for n in os.listdir(os.environ["HOME"]) if n.startswith("iac-review-hostile")]
    """))
    assert after.passed, [(c.name, c.message) for c in after.cases]


def test_a_review_reports_failing_tests_with_the_synthesized_json(tmp_path):
    project = tmp_path / "project"
    files = {"lib/__init__.py": "", "lib/tap_stack.py": STACK, "tests/__init__.py": "",
             "tests/unit/__init__.py": "", "tap.py": """
        from cdktf import App

        from lib.tap_stack import TapStack

        app = App()
        TapStack(app, "TapStackdev", environment_suffix="dev")
        app.synth()
    """, "tests/unit/test_tap_stack.py": """
        import json

        from cdktf import Testing

        from lib.tap_stack import TapStack


        def test_bucket_is_versioned():
            synthesized = json.loads(Testing.synth(TapStack(Testing.app(), "t", environment_suffix="t")))
            assert "aws_s3_bucket_versioning" in synthesized["resource"]
    """}
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(textwrap.dedent(text), encoding="utf-8")
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    result = review([str(project)], ReviewConfig(synth=True, synth_timeout=120))
    item = result.inputs[0]
    assert item.synth.ok and item.suite.status == RAN and item.suite.exit_code == 1
    [finding] = [f for f in item.findings if f.rule_id == "TST003"]
    assert finding.location.file == "tests/unit/test_tap_stack.py" and finding.location.line == 11
    assert "the synthesized JSON has no `aws_s3_bucket_versioning`" in finding.message
    doc = json.loads(json_.render(result))
    assert doc["inputs"][0]["tests"]["passed"] is False
    assert doc["inputs"][0]["tests"]["counts"]["failed"] == 1
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before
    assert not os.path.exists(project / ".coverage")
