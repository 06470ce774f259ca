"""The lazy stub gives the stock output; the warm pool synthesizes, recovers and forgets apps."""
from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from synth_helpers import app_project

from iac_review.parse.loader import load
from iac_review.synth.outcome import FAILED, NOT_RUN, OK
from iac_review.synth.pool import WorkerPool
from iac_review.synth.run import synthesize

EXAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sensor-ingest"
WORKDIR = re.compile(r"/[^\"]*?/iac-review-synth-[^/\"]+")


def normalized(stacks: dict) -> str:
    """The JSON text with the sandbox work dir (node's cwd, in the local backend path) masked."""
    return WORKDIR.sub("<work>", json.dumps(stacks))


@pytest.fixture(scope="module")
def example():
    return load(str(EXAMPLE), source="code")


@pytest.fixture(scope="module")
def cold(example):
    """Stock and lazy one-shot synths of the example, side by side."""
    with ThreadPoolExecutor(2) as ex:
        stock = ex.submit(synthesize, example, lazy=False, timeout=150)
        lazy = ex.submit(synthesize, example, lazy=True, timeout=150)
        return stock.result(), lazy.result()


@pytest.fixture(scope="module")
def warm_pool():
    with WorkerPool(size=1, timeout=60, memory_mb=2048) as pool:
        yield pool


def test_lazy_stub_output_is_identical_to_stock(cold):
    stock, lazy = cold
    assert stock.status == OK, stock
    assert lazy.status == OK, lazy
    assert list(stock.stacks) == ["TapStackreview"]
    assert normalized(stock.stacks) == normalized(lazy.stacks)


def test_warm_pool_matches_cold_and_recovers(warm_pool, example, cold):
    first = warm_pool.synthesize(example)
    assert first.status == OK, first
    assert normalized(first.stacks) == normalized(cold[1].stacks)
    broken = app_project("""
        from cdktf import App, TerraformStack
        from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
        app = App()
        stack = TerraformStack(app, "Broken")
        S3Bucket(stack, "b", bucket_prefix=123)
        app.synth()
    """)
    failed = warm_pool.synthesize(broken)
    assert failed.status == FAILED and failed.error_type == "TypeError"
    assert failed.innermost_frame.path == "tap.py" and failed.innermost_frame.line == 6
    again = warm_pool.synthesize(example)
    assert again.status == OK and normalized(again.stacks) == normalized(first.stacks)
    assert again.seconds < 10


STACK = """
from cdktf import TerraformOutput, TerraformStack


class {name}(TerraformStack):
    def __init__(self, scope, ns, environment_suffix, aws_region="x"):
        super().__init__(scope, ns)
        TerraformOutput(self, "which", value="{value}-" + environment_suffix + "-" + aws_region)
"""


def test_modules_are_purged_between_apps(fast_pool):
    one = app_project("", **{"lib/__init__.py": "", "lib/tap_stack.py": STACK.format(name="TapStack", value="one")})
    two = app_project("", **{"lib/__init__.py": "", "lib/tap_stack.py": STACK.format(name="TapStack", value="two")})
    del one.files["tap.py"], two.files["tap.py"]  # no entry point: our harness runs them
    out_one, out_two = fast_pool.synthesize(one), fast_pool.synthesize(two)
    assert out_one.status == OK, out_one
    assert out_one.entry == "harness (TapStack took environment_suffix, aws_region)"
    assert out_one.stacks["TapStackreview"]["output"]["which"]["value"] == "one-review-us-east-1"
    assert out_two.stacks["TapStackreview"]["output"]["which"]["value"] == "two-review-us-east-1"


def test_nested_namespace_packages_are_purged_without_killing_the_worker(fast_pool):
    # lib/lib/tap_stack.py without __init__.py: namespace packages 'lib' and 'lib.lib';
    # purging 'lib' first once made reading 'lib.lib'.__path__ raise KeyError: 'lib'
    nested = app_project(
        """
        from cdktf import App
        from lib.lib.tap_stack import TapStack
        app = App()
        TapStack(app, "Nested", environment_suffix="n")
        app.synth()
        """, **{"lib/lib/tap_stack.py": STACK.format(name="TapStack", value="nested")})
    first, second = fast_pool.synthesize(nested), fast_pool.synthesize(nested)
    assert first.status == OK, first
    assert second.status == OK, second   # the purge runs after each app: a crash there loses the answer
    assert second.stacks["Nested"]["output"]["which"]["value"] == "nested-n-x"


def test_cdktf_json_app_and_missing_entry(fast_pool):
    project = app_project("", **{"main.py": """
        from cdktf import App, TerraformOutput, TerraformStack
        app = App(outdir="relative-out")
        TerraformOutput(TerraformStack(app, "Main"), "x", value="y")
        app.synth()
    """, "cdktf.json": '{"language": "python", "app": "pipenv run python main.py"}'})
    del project.files["tap.py"]
    outcome = fast_pool.synthesize(project)
    assert outcome.status == OK and outcome.entry == "cdktf.json app: pipenv run python main.py"
    assert list(outcome.stacks) == ["Main"]
    empty = app_project("", **{"README.md": "nothing"})
    del empty.files["tap.py"]
    assert fast_pool.synthesize(empty).status == NOT_RUN


def test_app_that_never_synthesizes(fast_pool):
    outcome = fast_pool.synthesize(app_project("from cdktf import App\napp = App()\n"))
    assert outcome.status == FAILED and outcome.error_type == "NoStacks"
