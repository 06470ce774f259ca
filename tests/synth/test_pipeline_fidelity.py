"""Synthesis as the pipeline runs it: small trees of our own, one per way a faithful synth can go wrong.

Each tree is written to disk and read with the loader, as a user's project is:
- a file the app reads at synth time (text or binary) is in the sandbox's copy;
- the app runs from the project root, so relative asset paths resolve;
- ``sys.path`` is what ``python <entry>`` gives: the entry's folder, nothing added;
- the environment is CI's: region from lib/AWS_REGION, context from cdktf.json;
- a published provider package that is not installed is "not evaluated", with its pip line;
- a package download at synth time is refused and said, not failed;
- our harness passes the pipeline's keyword arguments, as the pipeline's tap.py does.
"""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from iac_review.core.review import DEFAULT_HARNESS_PARAMS
from iac_review.knowledge import providers
from iac_review.parse.loader import load
from iac_review.synth.outcome import FAILED, NOT_RUN, OK
from iac_review.synth.pool import WorkerPool

CDKTF_JSON = json.dumps({"language": "python", "app": "pipenv run python tap.py"})


@pytest.fixture(scope="module")
def pool():
    with WorkerPool(size=1, timeout=90, memory_mb=2048, preload="cdktf") as pool:
        yield pool


def write_tree(root: Path, files: dict[str, str | bytes]) -> str:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return str(root)


def synth(pool, root: Path, files: dict, **kwargs):
    return pool.synthesize(load(write_tree(root, files)), **kwargs)


def output(outcome, name: str):
    (stack,) = outcome.stacks.values()
    return stack["output"][name]["value"]


def test_files_the_app_reads_are_copied_and_the_region_comes_from_lib(pool, tmp_path):
    outcome = synth(pool, tmp_path, {
        "cdktf.json": CDKTF_JSON,
        "lib/AWS_REGION": "eu-west-3\n",
        "lib/payload.bin": bytes(range(256)) * 4,      # binary: the review never reads it
        "tap.py": """
            import os
            from cdktf import App, TerraformOutput, TerraformStack

            here = os.path.dirname(os.path.abspath(__file__))
            with open(os.path.join(here, "lib", "AWS_REGION")) as fh:
                region = fh.read().strip()
            with open(os.path.join(here, "lib", "payload.bin"), "rb") as fh:
                size = len(fh.read())
            app = App()
            stack = TerraformStack(app, "files")
            TerraformOutput(stack, "region", value=region)
            TerraformOutput(stack, "env_region", value=os.environ["AWS_REGION"])
            TerraformOutput(stack, "size", value=size)
            app.synth()
        """,
    })
    assert outcome.status == OK, outcome.error_message
    assert output(outcome, "region") == "eu-west-3"
    assert output(outcome, "env_region") == "eu-west-3"
    assert output(outcome, "size") == 1024


def test_a_relative_asset_path_resolves_from_the_project_root(pool, tmp_path):
    outcome = synth(pool, tmp_path, {
        "cdktf.json": CDKTF_JSON,
        "lambda_src/handler.py": "def handler(event, context):\n    return event\n",
        "tap.py": """
            from cdktf import App, AssetType, TerraformAsset, TerraformOutput, TerraformStack

            app = App()
            stack = TerraformStack(app, "assets")
            code = TerraformAsset(stack, "code", path="lambda_src", type=AssetType.ARCHIVE)
            TerraformOutput(stack, "asset", value=code.path)
            app.synth()
        """,
    })
    assert outcome.status == OK, outcome.error_message
    assert output(outcome, "asset").endswith(".zip")


def test_the_entry_folder_is_first_on_sys_path_and_nothing_is_added(pool, tmp_path):
    files = {
        "cdktf.json": json.dumps({"language": "python", "app": "python3 bin/main.py"}),
        "lib/__init__.py": "",
        "lib/names.py": "NAME = 'x'\n",
        "bin/main.py": """
            from lib.names import NAME
        """,
    }
    outcome = synth(pool, tmp_path, files)
    assert outcome.status == FAILED
    assert outcome.error_type == "ModuleNotFoundError" and "'lib'" in outcome.error_message
    assert outcome.innermost_frame.path == "bin/main.py"


def test_an_entry_in_a_subfolder_imports_its_siblings(pool, tmp_path):
    outcome = synth(pool, tmp_path, {
        "cdktf.json": json.dumps({"language": "python", "app": "python3 lib/main.py"}),
        "lib/stacks/__init__.py": "",
        "lib/stacks/empty.py": """
            from cdktf import TerraformOutput, TerraformStack

            class Empty(TerraformStack):
                def __init__(self, scope, name):
                    super().__init__(scope, name)
                    TerraformOutput(self, "ok", value="yes")
        """,
        "lib/main.py": """
            from cdktf import App
            from stacks.empty import Empty

            app = App()
            Empty(app, "empty")
            app.synth()
        """,
    })
    assert outcome.status == OK, outcome.error_message


def test_the_context_of_cdktf_json_reaches_the_app(pool, tmp_path):
    outcome = synth(pool, tmp_path, {
        "cdktf.json": json.dumps({"language": "python", "app": "python tap.py",
                                  "context": {"team": "platform"}}),
        "tap.py": """
            from cdktf import App, TerraformOutput, TerraformStack

            app = App(context={"team": "default"})
            stack = TerraformStack(app, "ctx")
            TerraformOutput(stack, "team", value=stack.node.try_get_context("team"))
            app.synth()
        """,
    })
    assert outcome.status == OK, outcome.error_message
    assert output(outcome, "team") == "platform"


@pytest.mark.skipif(not providers.installed("cdktf_cdktf_provider_random"),
                    reason="the random provider's bindings are not installed")
def test_the_random_provider_the_pipeline_installs_is_there(pool, tmp_path):
    outcome = synth(pool, tmp_path, {
        "tap.py": """
            from cdktf import App, TerraformStack
            from cdktf_cdktf_provider_random.provider import RandomProvider
            from cdktf_cdktf_provider_random.password import Password

            app = App()
            stack = TerraformStack(app, "rnd")
            RandomProvider(stack, "random")
            Password(stack, "pw", length=20, special=True)
            app.synth()
        """,
    })
    assert outcome.status == OK, outcome.error_message
    (stack,) = outcome.stacks.values()
    assert stack["resource"]["random_password"]["pw"]["length"] == 20


def test_a_published_provider_that_is_not_installed_is_not_evaluated(pool, tmp_path):
    module = next(m for m in sorted(providers.PREBUILT) if not providers.installed(m))
    outcome = synth(pool, tmp_path, {"tap.py": f"import {module}.provider\n"})
    assert outcome.status == NOT_RUN
    assert providers.install_line(module) in outcome.reason


def test_a_provider_package_that_does_not_exist_is_the_code_s_fault(pool, tmp_path):
    outcome = synth(pool, tmp_path, {"tap.py": "import cdktf_cdktf_provider_awss.provider\n"})
    assert outcome.status == FAILED and outcome.error_type == "ModuleNotFoundError"


def test_a_package_download_at_synth_is_refused_and_said(pool, tmp_path):
    outcome = synth(pool, tmp_path, {
        "handler/requirements.txt": "requests==2.32.3\n",
        "tap.py": """
            import subprocess
            import sys

            from cdktf import App, TerraformStack

            app = App()
            TerraformStack(app, "build")
            subprocess.run([sys.executable, "-m", "pip", "install", "-r", "handler/requirements.txt",
                            "-t", "dist"], check=True)
            app.synth()
        """,
    })
    assert outcome.status == NOT_RUN
    assert "downloads packages while synthesizing (tap.py:9)" in outcome.reason
    assert [(a.kind, a.path, a.line) for a in outcome.network] == [("packages", "tap.py", 9)]


def test_an_sdk_looking_for_credentials_is_not_network_use(pool, tmp_path):
    outcome = synth(pool, tmp_path, {
        "tap.py": """
            import socket

            sock = socket.socket()
            sock.settimeout(0.2)
            try:
                sock.connect(("169.254.169.254", 80))
            except OSError:
                pass
            raise RuntimeError("no credentials")
        """,
    })
    assert outcome.status == FAILED and outcome.error_type == "RuntimeError"
    assert outcome.network == []


HARNESS_STACK = """
    from cdktf import TerraformStack

    class TapStack(TerraformStack):
        def __init__(self, scope, construct_id, environment_suffix="dev"):
            super().__init__(scope, construct_id)
"""


def test_the_harness_passes_the_pipeline_s_arguments(pool, tmp_path):
    files = {"lib/__init__.py": "", "lib/tap_stack.py": HARNESS_STACK}
    strict = synth(pool, tmp_path / "strict", files, harness_params=DEFAULT_HARNESS_PARAMS)
    assert strict.status == FAILED and strict.error_type == "TypeError"
    assert "state_bucket" in strict.error_message
    lenient = synth(pool, tmp_path / "lenient", files, harness_params=())
    assert lenient.status == OK, lenient.error_message


def test_the_user_s_tree_is_left_as_it_was(pool, tmp_path):
    files = {"cdktf.json": CDKTF_JSON, "data/seed.txt": "seed\n", "tap.py": """
        import os
        from cdktf import App, TerraformOutput, TerraformStack

        with open("data/seed.txt", "w") as fh:
            fh.write("changed")
        os.remove("cdktf.json")
        app = App()
        TerraformOutput(TerraformStack(app, "w"), "o", value="v")
        app.synth()
    """}
    before = {p: p.read_bytes() for p in Path(write_tree(tmp_path, files)).rglob("*") if p.is_file()}
    outcome = pool.synthesize(load(str(tmp_path)))
    assert outcome.status == OK, outcome.error_message
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before


def test_an_app_leaves_nothing_for_the_next_app_of_the_worker(pool, tmp_path):
    planted = synth(pool, tmp_path / "first", {"tap.py": """
        import os
        from pathlib import Path

        Path("planted.py").write_text("PLANTED = True")
        Path(os.environ["HOME"], ".aws").mkdir()
        Path(os.environ["HOME"], ".aws", "config").write_text("[default]\\nregion = xx-planted-1\\n")
        raise RuntimeError("planted")
    """})
    assert planted.error_type == "RuntimeError"
    probe = synth(pool, tmp_path / "second", {"tap.py": """
        import os
        from cdktf import App, TerraformOutput, TerraformStack

        app = App()
        stack = TerraformStack(app, "probe")
        TerraformOutput(stack, "seen", value=str(sorted(
            p for p in ("planted.py", os.path.join(os.environ["HOME"], ".aws")) if os.path.exists(p))))
        app.synth()
    """})
    assert probe.status == OK, probe.error_message
    assert output(probe, "seen") == "[]"
