"""The index builder on a tiny assembly of our own, and on the installed provider."""
from __future__ import annotations

import json
import multiprocessing
import os

from iac_review.schema.build import build_index
from iac_review.schema.index import SchemaIndex

P = "@cdktf/provider-aws"


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
    assert index.module_exists("widget_box") and index.module_exists("empty_module")
    assert index.kind("widget_box", "WidgetBoxA") == "resource"
    assert index.kind("widget_box", "WidgetBoxLid") == "struct"
    assert index.kind("widget_box", "WidgetBoxLidOutputReference") == "reference"
    assert index.config_of("widget_box", "WidgetBoxA") == "widget_box.WidgetBoxAConfig"
    assert index.tf_type("widget_box", "WidgetBoxA") == "aws_widget_box"
    fields = index.fields("widget_box.WidgetBoxAConfig")
    assert fields["box_name"].json_name == "boxName" and fields["box_name"].required
    assert fields["size_in_gb"].type == "n"
    assert fields["enabled"].type == "b"              # IResolvable dropped from the union
    assert fields["lid"].struct == "widget_box.WidgetBoxLid"
    assert fields["rule"].list_struct == "widget_box.WidgetBoxLid"
    assert fields["tags"].type == "M:s"
    assert "lambda_" in fields                        # Python keywords get a trailing _
    assert fields["depends_on"].json_name == "dependsOn"   # inherited meta-argument
    assert index.cdktf_static["Fn"] == ["jsonencode", "raw_string"]
    assert index.data["provider"]["terraform_provider"] == ""
    assert index.modules_defining("WidgetBoxLid") == ["widget_box"]


def test_installed_provider_index(schema_index):
    info = schema_index.info()
    assert info["modules"] > 1000 and info["resources"] > 1000 and info["structs"] > 5000
    assert schema_index.kind("s3_bucket_versioning", "S3BucketVersioningA") == "resource"
    assert schema_index.kind("s3_bucket_versioning", "S3BucketVersioning") is None
    assert schema_index.kind("s3_bucket", "S3BucketVersioning") == "struct"
    mode = schema_index.fields("kinesis_stream.KinesisStreamConfig")["stream_mode_details"]
    assert mode.struct == "kinesis_stream.KinesisStreamStreamModeDetails"
    assert "sub" not in schema_index.cdktf_static["Fn"]
    assert "jsonencode" in schema_index.cdktf_static["Fn"]


def _build_into(cache_dir: str, queue) -> None:
    os.environ["IAC_REVIEW_CACHE_DIR"] = cache_dir
    from iac_review.schema.cache import load_index_data
    data, path, built = load_index_data(rebuild=True)
    queue.put((str(path), built, data["provider"]["version"]))


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
    assert data is not None and data["provider"]["version"] == results[0][2]
    json.dumps(data["provider"])


def test_cache_rebuilt_when_corrupt(tmp_path, monkeypatch):
    monkeypatch.setenv("IAC_REVIEW_CACHE_DIR", str(tmp_path))
    from iac_review.schema import cache
    data, path, built = cache.load_index_data()
    path.write_bytes(b"not gzip")
    data2, path2, built2 = cache.load_index_data()
    assert built2 and data2["modules"].keys() == data["modules"].keys()
