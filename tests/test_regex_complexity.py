"""Every regular expression in iac_review runs in (near-)linear time on hostile input.

One long line of spaces or ``#`` in a model answer must not cost minutes: patterns
such as ``\\s+(.*?)\\s*#*\\s*$`` backtrack cubically on it. The sweep pumps strings
(prefix + one character repeated + suffix) through each pattern's ``search``, ``match``
and ``finditer``. Every combination runs at a short length first; the few that were
slowest there run again with the character repeated N = 5000 times, where a
super-linear pattern takes many seconds or forever and a linear one microseconds.
(All combinations at N = 5000 for ~450 patterns would take minutes.)

Python's ``re`` cannot be interrupted, so the sweep runs in a child process that
reports each pattern as it finishes; the parent only detects hangs (a generous
per-pattern guard), it does not assert timings.

Patterns come from every module of the package: module-level compiled patterns
(also inside module-level tuples, lists, dicts and sets) and literal patterns
passed inline to ``re.match``/``re.search``/``re.sub``/... (found in the source).

Run ``python tests/test_regex_complexity.py`` to see the slowest patterns.
"""
from __future__ import annotations

import ast
import importlib
import inspect
import json
import os
import pkgutil
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time
import warnings

import pytest

N = 5000          # the hostile length
PROBE_N = 300     # every combination runs at this length to find the worst ones
WORST = 3         # combinations run again at N
PUMPS = (" ", "\t", "#", "*", "_", "`", "a", "A", "1", ".", "/", "\\", "-", "$", "{", "(",
         "'", '"', ":", "=", "\n", " \n", "# ")
PREFIXES = ("", "# a", "## ", "**", "${", "// ", "x", "```", "```\n", "def ", "class ", "import ")
SUFFIXES = ("x", "", "*/", "#", "\n")
PATTERN_GUARD = 5.0    # seconds of silence on one pattern: a hang, not a slow machine
EXTRACT_GUARD = 20.0
OPTIONAL_DEPS = {"checkov"}   # modules needing these may be skipped when they are absent
_INLINE_CALLS = {"compile": 1, "match": 2, "search": 2, "fullmatch": 2, "findall": 2,
                 "finditer": 2, "split": 3, "sub": 4, "subn": 4}   # name -> flags position


# --- child side --------------------------------------------------------------------------------

def _combinations() -> list[tuple[str, str, str]]:
    """(prefix, pump, suffix), without repeats."""
    return list(dict.fromkeys((pre, c, suf) for pre in PREFIXES for c in PUMPS for suf in SUFFIXES))


def _modules():
    """(name, module) for every importable module of the package; prints the skipped ones."""
    import iac_review
    for info in pkgutil.walk_packages(iac_review.__path__, "iac_review."):
        if info.name.endswith("__main__"):
            continue   # runs the CLI on import
        try:
            yield info.name, importlib.import_module(info.name)
        except ModuleNotFoundError as exc:
            if (exc.name or "").split(".")[0] not in OPTIONAL_DEPS:
                raise
            print(f"skip {info.name} (needs the optional dependency {exc.name})", flush=True)


def _held(value, depth: int = 0):
    """Patterns in a value: itself or inside (nested) tuples, lists, sets and dicts."""
    if isinstance(value, re.Pattern):
        yield value
    elif depth < 4 and isinstance(value, (tuple, list, set, frozenset, dict)):
        items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
        for item in items:
            yield from _held(item, depth + 1)


def _inline(module) -> list[tuple[re.Pattern, int]]:
    """Literal patterns given to re.<function>(...) in the module's source, with their line."""
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError):
        return []
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                and node.func.attr in _INLINE_CALLS and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            continue
        position = _INLINE_CALLS[node.func.attr]
        flags = next((k.value for k in node.keywords if k.arg == "flags"),
                     node.args[position] if len(node.args) > position else None)
        try:   # flags are written as re.I | re.M; anything else is skipped
            value = 0 if flags is None else eval(compile(ast.Expression(flags), "<flags>", "eval"),
                                                 {"__builtins__": {}, "re": re})
            found.append((re.compile(node.args[0].value, value), node.lineno))
        except Exception:
            continue
    return found


def collect() -> list[tuple[str, re.Pattern]]:
    """(where, pattern) for every distinct pattern of the package."""
    seen: dict[tuple[str, int], tuple[str, re.Pattern]] = {}
    for name, module in _modules():
        for attr, value in vars(module).items():
            for pattern in _held(value):
                seen.setdefault((pattern.pattern, pattern.flags), (f"{name}.{attr}", pattern))
        for pattern, line in _inline(module):
            seen.setdefault((pattern.pattern, pattern.flags), (f"{name} line {line}", pattern))
    return list(seen.values())


def _run(pattern: re.Pattern, text: str) -> None:
    pattern.search(text)
    pattern.match(text)
    for _ in pattern.finditer(text):
        pass


def child(only: int | None = None) -> None:
    """Print one line per pattern (``begin``/``end``); with ``only``, one line per input too."""
    patterns = collect()
    combinations = _combinations()
    print(f"count {len(patterns)}", flush=True)
    for index, (where, pattern) in enumerate(patterns):
        if only is not None and index != only:
            continue
        print(f"begin {index} {json.dumps([where, pattern.pattern])}", flush=True)
        start = time.perf_counter()
        probed = []
        for pre, c, suf in combinations:
            if only is not None:
                print(f"input {json.dumps(f'{pre!r} + {c!r} * {PROBE_N} + {suf!r}')}", flush=True)
            began = time.perf_counter()
            _run(pattern, pre + c * PROBE_N + suf)
            probed.append((time.perf_counter() - began, pre, c, suf))
        for _, pre, c, suf in sorted(probed, reverse=True)[:WORST]:
            if only is not None:
                print(f"input {json.dumps(f'{pre!r} + {c!r} * {N} + {suf!r}')}", flush=True)
            _run(pattern, pre + c * N + suf)
        print(f"end {index} {time.perf_counter() - start:.4f}", flush=True)
    print("done", flush=True)


# --- parent side -------------------------------------------------------------------------------

def _env() -> dict:
    """The child imports the same iac_review as this process."""
    import iac_review
    src = os.path.dirname(os.path.dirname(iac_review.__file__))
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))}


class _Child:
    """The sweep in a subprocess; lines are read in a thread so waits can time out."""

    def __init__(self, *args: str):
        self.errors = tempfile.TemporaryFile("w+")   # a full stderr pipe would stall the child
        self.proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE,
                                     stderr=self.errors, text=True, env=_env())
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def next(self, timeout: float) -> str | None:
        """The next line; None at the end of output; raises queue.Empty on silence."""
        return self.lines.get(timeout=timeout)

    def stop(self) -> str:
        """Kill the child (if still running); its stderr."""
        self.proc.kill()
        self.proc.wait()
        self.errors.seek(0)
        return self.errors.read()


def _culprit(index: int) -> str:
    """Re-run one hung pattern reporting each input, to name the input it hangs on."""
    sweep, last = _Child("--only", str(index)), "?"
    try:
        while True:
            line = sweep.next(PATTERN_GUARD)
            if line is None:
                return "none (it finished when run alone)"
            if line.startswith("input "):
                last = json.loads(line[6:])
    except queue.Empty:
        return last
    finally:
        sweep.stop()


def sweep() -> tuple[list[tuple[float, str, str]], list[str]]:
    """[(seconds, where, pattern)] for every pattern, and the skip notes; fails on a hang."""
    run, times, notes = _Child("--child"), [], []
    current = None
    try:
        while True:
            try:
                line = run.next(PATTERN_GUARD if current else 120.0)
            except queue.Empty:
                if current is None:
                    pytest.fail("the regex sweep child printed nothing for 120 s (importing iac_review?)")
                where, pattern = current[1]
                run.stop()
                pytest.fail(f"regex {pattern!r} ({where}) ran over {PATTERN_GUARD:.0f} s on hostile "
                            f"input; it hangs on {_culprit(current[0])}: make it linear")
            if line is None:
                pytest.fail(f"the regex sweep child died:\n{run.stop()[-3000:]}")
            kind, _, rest = line.partition(" ")
            if kind == "skip":
                notes.append(rest)
            elif kind == "begin":
                index, _, info = rest.partition(" ")
                current = (int(index), json.loads(info))
            elif kind == "end":
                times.append((float(rest.split()[1]), *current[1]))
                current = None
            elif kind == "done":
                return times, notes
    finally:
        run.stop()


def test_every_regex_is_linear_on_hostile_input():
    times, notes = sweep()
    for note in notes:
        warnings.warn(f"regex sweep skipped {note}", stacklevel=1)
    assert len(times) > 100, f"only {len(times)} patterns found: is the collection broken?"


_EXTRACT = r"""
import json, sys
from iac_review.parse.markdown import extract
big = 1_000_000
text = ("# Answer\n\n" + "#" * big + "\n\n" + " " * big + "\n\n" + "# a" + " " * big + "x\n"
        + "```python\n# lib/stack.py\nfrom cdktf import TerraformStack\n```\n")
out = extract(text, "answer.md")
print(json.dumps({f.path: f.text for f in out.files}))
"""


def test_extract_survives_megabyte_lines():
    """Megabyte lines of '#' and of spaces, and a huge heading right above a block."""
    try:
        done = subprocess.run([sys.executable, "-c", _EXTRACT], capture_output=True, text=True,
                              timeout=EXTRACT_GUARD, env=_env())
    except subprocess.TimeoutExpired:
        pytest.fail(f"markdown extraction of megabyte lines ran over {EXTRACT_GUARD:.0f} s")
    assert done.returncode == 0, done.stderr[-3000:]
    files = json.loads(done.stdout)
    assert files == {"lib/stack.py": "# lib/stack.py\nfrom cdktf import TerraformStack\n"}


if __name__ == "__main__":
    if sys.argv[1:2] == ["--only"]:
        child(int(sys.argv[2]))
    elif sys.argv[1:2] == ["--child"]:
        child()
    else:   # by hand: the slowest patterns
        for seconds, where, pattern in sorted(sweep()[0], reverse=True)[:25]:
            print(f"{seconds:8.3f}s  {where}  {pattern!r}")
