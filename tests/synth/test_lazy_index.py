"""The provider's JavaScript entry, made lazy, gives node the same modules, loaded on first use."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from iac_review.synth.lazy_index import MARKER, lazy_source, make_lazy

ENTRY = """"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.second = exports.first = void 0;
exports.first = require("./first");
exports.second = require("./second-module");
"""


def test_each_eager_require_becomes_a_getter():
    lazy = lazy_source(ENTRY)
    assert 'exports.first = require("./first");' not in lazy
    assert lazy.count("get: function ()") == 2
    assert lazy.rstrip().endswith(MARKER)
    assert lazy_source(lazy) == lazy   # idempotent


def test_an_entry_without_eager_requires_is_left_alone(tmp_path):
    index = tmp_path / "index.js"
    index.write_text('module.exports = { a: 1 };\n')
    assert make_lazy(index) is False
    assert index.read_text() == 'module.exports = { a: 1 };\n'


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_node_loads_a_submodule_only_when_it_is_used(tmp_path):
    (tmp_path / "first.js").write_text('globalThis.loaded = (globalThis.loaded || []).concat("first");\n'
                                       'exports.Thing = class Thing {};\n')
    (tmp_path / "second-module.js").write_text('globalThis.loaded = (globalThis.loaded || []).concat("second");\n'
                                               'exports.Other = 2;\n')
    (tmp_path / "index.js").write_text(ENTRY)
    assert make_lazy(tmp_path / "index.js")
    script = ("const m = require(process.argv[1]);"
              "const before = globalThis.loaded || [];"
              "const thing = m.first.Thing; const again = m.first.Thing;"
              "console.log(JSON.stringify({before, after: globalThis.loaded, same: thing === again,"
              " keys: Object.keys(m).sort()}));")
    out = subprocess.run(["node", "-e", script, str(tmp_path / "index.js")], capture_output=True,
                         text=True, check=True, timeout=30).stdout
    seen = json.loads(out)
    assert seen == {"before": [], "after": ["first"], "same": True, "keys": ["first", "second"]}
