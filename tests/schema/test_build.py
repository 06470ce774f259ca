"""The index builder on tiny assemblies of our own, and on the installed providers."""
from __future__ import annotations

import ast
import json
import multiprocessing
import os
import subprocess
import sys

from iac_review.schema.build import build_index
from iac_review.schema.index import SchemaIndex

P = "@cdktf/provider-aws"
W = "cdktf_cdktf_provider_aws.widget_box"   # the tiny provider's module, as the index names it


def _struct(fqn, props, interfaces=()):
    return {"kind": "interface", "datatype": True, "fqn": fqn,
            "interfaces": list(interfaces), "properties": props}


def _prop(name, type_, optional=True):
    return {"name": name, "type": type_, "optional": optional}


TINY_CDKTF = {
    "name": "cdktf", "version": "9.9.9",
    "types": {
        "cdktf.IResolvable": {"kind": "interface", "fqn": "cdktf.IResolvable"},
        "cdktf.TerraformMetaArguments": _struct("cdktf.TerraformMetaArguments", [
            _prop("dependsOn", {"collection": {"kind": "array", "elementtype": {"fqn": "cdktf.X"}}}),
        ]),
        "cdktf.FnGenerated": {"kind": "class", "fqn": "cdktf.FnGenerated", "methods": [
            {"name": "jsonencode", "static": True}]},
        "cdktf.Fn": {"kind": "class", "fqn": "cdktf.Fn", "base": "cdktf.FnGenerated",
                     "methods": [{"name": "rawString", "static": True},
                                 {"name": "toString", "static": False}]},
    },
}

TINY_PROVIDER = {
    "name": P, "version": "1.2.3",
    "submodules": {f"{P}.widgetBox": {}, f"{P}.emptyModule": {}},
    "types": {
        f"{P}.widgetBox.WidgetBoxA": {
            "kind": "class", "fqn": f"{P}.widgetBox.WidgetBoxA", "base": "cdktf.TerraformResource",
            "docs": {"summary": "Represents a {@link https://registry.terraform.io/providers/"
                                "hashicorp/aws/6.0.0/docs/resources/widget_box aws_widget_box}."},
            "initializer": {"parameters": [
                {"name": "scope", "type": {"fqn": "constructs.Construct"}},
                {"name": "id", "type": {"primitive": "string"}},
                {"name": "config", "type": {"fqn": f"{P}.widgetBox.WidgetBoxAConfig"}}]},
        },
        f"{P}.widgetBox.WidgetBoxAConfig": _struct(f"{P}.widgetBox.WidgetBoxAConfig", [
            _prop("boxName", {"primitive": "string"}, optional=False),
            _prop("sizeInGb", {"primitive": "number"}),
            _prop("enabled", {"union": {"types": [{"primitive": "boolean"},
                                                   {"fqn": "cdktf.IResolvable"}]}}),
            _prop("lid", {"fqn": f"{P}.widgetBox.WidgetBoxLid"}),
            _prop("rule", {"union": {"types": [{"fqn": "cdktf.IResolvable"}, {"collection": {
                "kind": "array", "elementtype": {"fqn": f"{P}.widgetBox.WidgetBoxLid"}}}]}}),
            _prop("tags", {"collection": {"kind": "map", "elementtype": {"primitive": "string"}}}),
            _prop("lambda", {"primitive": "string"}),
        ], interfaces=["cdktf.TerraformMetaArguments"]),
        f"{P}.widgetBox.WidgetBoxLid": _struct(f"{P}.widgetBox.WidgetBoxLid", [
            _prop("hingeSide", {"primitive": "string"}, optional=False)]),
        f"{P}.widgetBox.WidgetBoxLidOutputReference": {
            "kind": "class", "fqn": f"{P}.widgetBox.WidgetBoxLidOutputReference",
            "base": "cdktf.ComplexObject"},
    },
}


def test_tiny_assembly_index():
    index = SchemaIndex(build_index(TINY_PROVIDER, TINY_CDKTF))
    assert index.provider_version == "1.2.3"
    assert index.module_exists(W) and index.module_exists("cdktf_cdktf_provider_aws.empty_module")
    assert not index.module_exists("widget_box")          # keys carry their package
    assert index.kind(W, "WidgetBoxA") == "resource"
    assert index.kind(W, "WidgetBoxLid") == "struct"
    assert index.kind(W, "WidgetBoxLidOutputReference") == "reference"
    assert index.config_of(W, "WidgetBoxA") == f"{W}.WidgetBoxAConfig"
    assert index.tf_type(W, "WidgetBoxA") == "aws_widget_box"
    fields = index.fields(f"{W}.WidgetBoxAConfig")
    assert fields["box_name"].json_name == "boxName" and fields["box_name"].required
    assert fields["size_in_gb"].type == "n"
    assert fields["enabled"].type == "b"              # IResolvable dropped from the union
    assert fields["lid"].struct == f"{W}.WidgetBoxLid"
    assert fields["rule"].list_struct == f"{W}.WidgetBoxLid"
    assert fields["tags"].type == "M:s"
    assert "lambda_" in fields                        # Python keywords get a trailing _
    assert fields["depends_on"].json_name == "dependsOn"   # inherited meta-argument
    assert index.cdktf_static["Fn"] == ["jsonencode", "raw_string"]
    assert index.providers["cdktf_cdktf_provider_aws"]["terraform_provider"] == ""
    assert index.modules_defining("WidgetBoxLid") == [W]


R = "@cdktf/provider-dice"
TINY_OTHER = {
    "name": R, "version": "0.4.0",
    "targets": {"python": {"module": "cdktf_cdktf_provider_dice",
                           "distName": "cdktf-cdktf-provider-dice"}},
    "submodules": {f"{R}.roll": {}, f"{R}.widgetBox": {}},
    "types": {
        f"{R}.roll.Roll": {
            "kind": "class", "fqn": f"{R}.roll.Roll", "base": "cdktf.TerraformResource",
            "initializer": {"parameters": [{"name": "config", "type": {"fqn": f"{R}.roll.RollConfig"}}]},
        },
        f"{R}.roll.RollConfig": _struct(f"{R}.roll.RollConfig", [
            _prop("sides", {"primitive": "number"}, optional=False),
            _prop("cup", {"fqn": f"{R}.roll.RollCup"}),
        ], interfaces=["cdktf.TerraformMetaArguments"]),
        f"{R}.roll.RollCup": _struct(f"{R}.roll.RollCup", [_prop("color", {"primitive": "string"})]),
        f"{R}.widgetBox.WidgetBoxLid": _struct(f"{R}.widgetBox.WidgetBoxLid", [
            _prop("shape", {"primitive": "string"})]),
    },
}


def test_several_providers_keep_apart():
    """Two providers with a module of the same name: each key says which one it is."""
    index = SchemaIndex(build_index(TINY_PROVIDER, TINY_CDKTF, TINY_OTHER))
    dice = "cdktf_cdktf_provider_dice"
    assert index.primary == "cdktf_cdktf_provider_aws" and index.has_provider(dice)
    assert index.version_of(dice) == "0.4.0" and index.provider_version == "1.2.3"
    assert index.kind(f"{dice}.roll", "Roll") == "resource"
    assert index.kind(f"{dice}.widget_box", "WidgetBoxA") is None
    assert index.config_of(f"{dice}.roll", "Roll") == f"{dice}.roll.RollConfig"
    fields = index.fields(f"{dice}.roll.RollConfig")
    assert fields["sides"].required and fields["cup"].struct == f"{dice}.roll.RollCup"
    assert fields["depends_on"].type == "L:o"             # cdktf's meta-arguments stay cdktf's
    assert index.fields(f"{W}.WidgetBoxLid").keys() == {"hinge_side"}
    assert index.fields(f"{dice}.widget_box.WidgetBoxLid").keys() == {"shape"}
    assert index.modules_defining("WidgetBoxLid") == [W, f"{dice}.widget_box"]
    assert index.nearest_module(f"{dice}.rol") == f"{dice}.roll"
    assert index.modules_of(dice) == [f"{dice}.roll", f"{dice}.widget_box"]
    assert index.info()["other_providers"] == {"cdktf-cdktf-provider-dice": "0.4.0"}


def test_installed_provider_index(schema_index):
    aws = "cdktf_cdktf_provider_aws"
    info = schema_index.info()
    assert info["modules"] > 1000 and info["resources"] > 1000 and info["structs"] > 5000
    assert schema_index.kind(f"{aws}.s3_bucket_versioning", "S3BucketVersioningA") == "resource"
    assert schema_index.kind(f"{aws}.s3_bucket_versioning", "S3BucketVersioning") is None
    assert schema_index.kind(f"{aws}.s3_bucket", "S3BucketVersioning") == "struct"
    mode = schema_index.fields(f"{aws}.kinesis_stream.KinesisStreamConfig")["stream_mode_details"]
    assert mode.struct == f"{aws}.kinesis_stream.KinesisStreamStreamModeDetails"
    assert "sub" not in schema_index.cdktf_static["Fn"]
    assert "jsonencode" in schema_index.cdktf_static["Fn"]


def test_installed_other_providers(schema_index):
    """The pinned random, null, archive and tls bindings are indexed beside AWS."""
    assert set(schema_index.info()["other_providers"]) >= {
        "cdktf-cdktf-provider-random", "cdktf-cdktf-provider-null",
        "cdktf-cdktf-provider-archive", "cdktf-cdktf-provider-tls"}
    password = "cdktf_cdktf_provider_random.password"
    assert schema_index.kind(password, "Password") == "resource"
    assert schema_index.tf_type(password, "Password") == "random_password"
    fields = schema_index.fields(schema_index.config_of(password, "Password"))
    assert fields["length"].required and fields["special"].type == "b"
    assert schema_index.kind("cdktf_cdktf_provider_null.resource", "Resource") == "resource"
    assert schema_index.kind("cdktf_cdktf_provider_archive.data_archive_file",
                             "DataArchiveFile") == "data"
    assert schema_index.kind("cdktf_cdktf_provider_tls.private_key", "PrivateKey") == "resource"


def test_installed_providers_are_found_without_importing_them():
    code = ("import sys; from iac_review.schema.cache import installed_providers; "
            "print(installed_providers()); "
            "print([m for m in sys.modules if m.startswith(('cdktf', 'jsii'))])")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    found, imported = (ast.literal_eval(line) for line in run.stdout.splitlines())
    assert found[0] == "cdktf_cdktf_provider_aws"
    assert {"cdktf_cdktf_provider_random", "cdktf_cdktf_provider_tls"} <= set(found)
    assert imported == []


def _build_into(cache_dir: str, queue) -> None:
    os.environ["IAC_REVIEW_CACHE_DIR"] = cache_dir
    from iac_review.schema.cache import load_index_data
    data, path, built = load_index_data(rebuild=True)
    queue.put((str(path), built, data["providers"]["cdktf_cdktf_provider_aws"]["version"]))


def test_two_processes_building_at_once(tmp_path):
    """Both builds finish, and the cache file left behind is complete."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_build_into, args=(str(tmp_path), queue)) for _ in range(2)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=300)
        assert proc.exitcode == 0
    results = [queue.get(timeout=5) for _ in procs]
    assert results[0][0] == results[1][0]
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    from iac_review.schema.cache import read_cached
    from pathlib import Path
    data = read_cached(Path(results[0][0]))
    assert data is not None and data["version"] == results[0][2]
    json.dumps(data)


def test_cache_rebuilt_when_corrupt(tmp_path, monkeypatch):
    monkeypatch.setenv("IAC_REVIEW_CACHE_DIR", str(tmp_path))
    from iac_review.schema import cache
    data, path, built = cache.load_index_data()
    path.write_bytes(b"not gzip")
    data2, path2, built2 = cache.load_index_data()
    aws = "cdktf_cdktf_provider_aws"
    assert built2 and data2["providers"][aws]["modules"].keys() == data["providers"][aws]["modules"].keys()


def test_each_provider_has_its_own_cache_file(tmp_path, monkeypatch):
    """A provider whose cache file is missing is built alone; the others are read."""
    monkeypatch.setenv("IAC_REVIEW_CACHE_DIR", str(tmp_path))
    from iac_review.schema import cache
    cache.load_index_data()
    files = {p.name.split("-")[1] for p in tmp_path.glob("schema-*.json.gz")}
    assert {"aws", "cdktf", "random", "null", "archive", "tls"} <= files
    aws_file = next(tmp_path.glob("schema-aws-*.json.gz"))
    before = aws_file.stat().st_mtime_ns
    next(tmp_path.glob("schema-random-*.json.gz")).unlink()
    data, _, built = cache.load_index_data()
    assert built and "cdktf_cdktf_provider_random" in data["providers"]
    assert aws_file.stat().st_mtime_ns == before
