"""The process inside the sandbox: runs CDKTF apps with runpy and reports on a private fd.

Run by path (``python -I -B child.py --fd N [--stub DIR] [--preload provider]``);
it imports nothing from iac_review. Requests arrive as JSON lines on stdin, one
per app: {"dir": <absolute project dir>, "entry": {"kind", "target", "ours"},
"env": {...}, "context": {...}}. Each answer is one JSON line on fd N, so
whatever the app prints (its stdout and stderr go to <dir>/.synth-output.log)
cannot garble it. The first line on fd N is {"ready": true} once the imports are done.

The app runs as ``python <entry>`` runs it: from the project root (the worker is
started there, so node, which resolves relative asset paths against its own
cwd, is there too), with the entry's folder first on ``sys.path`` and nothing
else added (``python -m <module>``: the project root first).

Between requests the worker restores sys.path, os.environ, the cwd, and purges
every module the app imported from outside the Python installation, so the next
app never reuses the previous one's ``lib.tap_stack``.
"""
from __future__ import annotations

import argparse
import glob
import importlib
import importlib.util
import json
import linecache
import os
import runpy
import sys
import time
import traceback

OUTPUT_LOG = ".synth-output.log"
CURRENT: dict = {"dir": None, "context": {}, "network": []}
WORKER_PID = os.getpid()
APPS: list = []
MAX_MESSAGE = 6000


def _library_prefixes(stub: str | None) -> tuple[str, ...]:
    prefixes = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    for p in sys.path:
        if "site-packages" in p or "dist-packages" in p:
            prefixes.add(os.path.realpath(p))
    if stub:
        prefixes.add(os.path.realpath(stub))
    return tuple(p.rstrip(os.sep) + os.sep for p in prefixes)


def _patch_app() -> None:
    import cdktf  # deferred: node starts here; the worker reports ready only after

    original = cdktf.App.__init__

    def __init__(self, *args, **kwargs):  # noqa: N807  (keyword-only in cdktf)
        base = CURRENT["dir"]
        if base:
            if CURRENT["context"]:  # what CDKTF_CONTEXT_JSON gives; node read its env at start
                kwargs["context"] = {**(kwargs.get("context") or {}), **CURRENT["context"]}
            out = kwargs.get("outdir")
            if out is None:
                kwargs["outdir"] = os.path.join(base, "cdktf.out")
            elif not os.path.isabs(str(out)):
                kwargs["outdir"] = os.path.join(base, str(out))  # node's cwd is not the project's
        original(self, *args, **kwargs)
        APPS.append(self)

    cdktf.App.__init__ = __init__


def _clean_message(text: str) -> str:
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("at ")]
    out = "\n".join(lines).strip()
    return out if len(out) <= MAX_MESSAGE else out[:MAX_MESSAGE] + "\n..."


def _frames(exc: BaseException, root: str) -> list[list]:
    prefix = root.rstrip(os.sep) + os.sep
    frames = []
    for fr in traceback.extract_tb(exc.__traceback__):
        path = os.path.realpath(fr.filename)
        if path.startswith(prefix):
            frames.append([path[len(prefix):], fr.lineno or 0, fr.name, (fr.line or "").strip()])
    if isinstance(exc, SyntaxError) and exc.filename:
        path = os.path.realpath(exc.filename)
        if path.startswith(prefix):
            frames.append([path[len(prefix):], exc.lineno or 0, "<module>", (exc.text or "").strip()])
    return frames


def _collect(root: str) -> dict:
    stacks: dict = {}
    outdirs = []
    for app in APPS:
        try:
            outdirs.append(str(app.outdir))
        except Exception:  # noqa: BLE001  (a broken app object: fall back to the default)
            pass
    outdirs.append(os.path.join(root, "cdktf.out"))
    for outdir in dict.fromkeys(outdirs):
        for path in sorted(glob.glob(os.path.join(outdir, "stacks", "*", "cdk.tf.json"))):
            name = os.path.basename(os.path.dirname(path))
            if name in stacks:
                continue
            with open(path, encoding="utf-8") as fh:
                stacks[name] = json.load(fh)
    return stacks


def _entry_path(entry: dict, root: str) -> str:
    """What ``python <entry>`` puts first on sys.path: the script's folder, or the cwd for -m."""
    if entry["kind"] == "module":
        return root
    return os.path.dirname(os.path.realpath(os.path.join(root, entry["target"])))


def _forget_files(root: str) -> None:
    """Every app runs in the same folder: no cached listing or source line may outlive it."""
    importlib.invalidate_caches()
    for path in [p for p in sys.path_importer_cache if str(p).startswith(root)]:
        del sys.path_importer_cache[path]
    linecache.clearcache()


def run_one(request: dict, libraries: tuple[str, ...]) -> dict:
    root = os.path.realpath(request["dir"])
    entry = request["entry"]
    saved_path, saved_env, saved_argv = list(sys.path), dict(os.environ), list(sys.argv)
    saved_cwd = os.getcwd()
    baseline = set(sys.modules)
    APPS.clear()
    _forget_files(root)
    CURRENT.update(dir=root, context=request.get("context") or {}, network=[])
    result: dict = {"status": "ok"}
    log_fd = os.open(os.path.join(root, OUTPUT_LOG), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    saved_out, saved_err = os.dup(1), os.dup(2)
    started = time.perf_counter()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(log_fd, 1)
        os.dup2(log_fd, 2)
        os.environ.update(request.get("env") or {})
        os.chdir(root)
        sys.path.insert(0, _entry_path(entry, root))
        try:
            if entry["kind"] == "module":
                sys.argv = [entry["target"]]
                runpy.run_module(entry["target"], run_name="__main__", alter_sys=True)
            else:
                script = os.path.join(root, entry["target"])
                sys.argv = [script]
                runpy.run_path(script, run_name="__main__")
        except SystemExit as exc:
            if exc.code not in (None, 0):
                result.update(status="failed", error_type="SystemExit",
                              error_message=f"the app exited with status {exc.code!r}",
                              frames=_frames(exc, root))
        except BaseException as exc:  # noqa: BLE001  (anything the app raises is the evidence)
            result.update(status="failed", error_type=type(exc).__name__,
                          error_message=_clean_message(str(exc)), frames=_frames(exc, root))
            if isinstance(exc, ImportError) and exc.name:
                result["error_module"] = exc.name
        try:
            result["stacks"] = _collect(root)
        except Exception as exc:  # noqa: BLE001
            result["stacks"] = {}
            if result["status"] == "ok":
                result.update(status="failed", error_type=type(exc).__name__,
                              error_message=f"cannot read the synthesized JSON: {exc}")
        if result["status"] == "ok" and not result["stacks"]:
            result.update(status="failed", error_type="NoStacks",
                          error_message="the app ran but wrote no cdk.tf.json "
                                        "(no App, no stack, or app.synth() never called)")
    finally:
        if os.getpid() != WORKER_PID:
            os._exit(0)  # a process the app forked must never act as the worker
        result["seconds"] = time.perf_counter() - started
        result["network"] = list(CURRENT["network"])
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except Exception:  # noqa: BLE001
            pass
        os.dup2(saved_out, 1)
        os.dup2(saved_err, 2)
        for fd in (saved_out, saved_err, log_fd):
            os.close(fd)
        CURRENT.update(dir=None, context={}, network=[])
        APPS.clear()
        sys.path[:] = saved_path
        sys.argv = saved_argv
        os.environ.clear()
        os.environ.update(saved_env)
        try:
            os.chdir(saved_cwd)
        except OSError:
            pass
        _purge(baseline, libraries)
    return result


def _purge(baseline: set, libraries: tuple[str, ...]) -> None:
    # Decide for every module first, then delete: reading a namespace package's
    # __path__ looks up its parent in sys.modules (lib/lib/x.py: 'lib.lib' needs
    # 'lib'), so deleting while deciding raises KeyError.
    doomed = [name for name, module in list(sys.modules.items())
              if name not in baseline and not _is_library(module, libraries)]
    for name in doomed:
        sys.modules.pop(name, None)


def _is_library(module, libraries: tuple[str, ...]) -> bool:
    """A module of an installed library the app imported (a provider submodule): kept warm."""
    try:
        file = getattr(module, "__file__", None)
        files = [file] if file else list(getattr(module, "__path__", None) or [])
        return bool(files) and all(os.path.realpath(f).startswith(libraries) for f in files)
    except Exception:  # noqa: BLE001  (the app may leave any object in sys.modules)
        return False


def _watch_network() -> None:
    """Install the audit hook of child_network.py (a sibling file: nothing is on sys.path)."""
    path = os.path.join(os.path.dirname(os.path.realpath(__file__)), "child_network.py")
    spec = importlib.util.spec_from_file_location("_iac_review_child_network", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.install(CURRENT)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fd", type=int, required=True)
    parser.add_argument("--stub", default=None)
    parser.add_argument("--preload", default="none", choices=("none", "cdktf", "provider"))
    args = parser.parse_args()
    out = os.fdopen(args.fd, "w", buffering=1, encoding="utf-8")
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)  # the app cannot read our requests
    os.close(null)
    if args.stub:
        sys.path.insert(0, args.stub)
        os.environ["PYTHONPATH"] = args.stub  # for any python the app starts itself
    libraries = _library_prefixes(args.stub)
    try:
        _watch_network()
        if args.preload != "none":
            _patch_app()
        if args.preload == "provider":
            import cdktf_cdktf_provider_aws.provider  # noqa: F401  deferred: node loads the 131 MB assembly
    except BaseException as exc:  # noqa: BLE001
        out.write(json.dumps({"ready": False, "error": f"{type(exc).__name__}: {exc}"}) + "\n")
        return 1
    out.write(json.dumps({"ready": True, "pid": os.getpid()}) + "\n")
    patched = args.preload != "none"
    for line in requests:
        if not line.strip():
            continue
        request = json.loads(line)
        if not patched:
            try:
                _patch_app()
            except BaseException as exc:  # noqa: BLE001
                out.write(json.dumps({"status": "failed", "error_type": type(exc).__name__,
                                      "error_message": f"cannot import cdktf: {exc}"}) + "\n")
                continue
            patched = True
        result = run_one(request, libraries)
        out.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
