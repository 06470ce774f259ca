"""Unit tests of the Kinesis consumer, with S3 replaced by a recorder."""
import base64
import importlib.util
import json
import os
import types

_PATH = os.path.join(os.path.dirname(__file__), "..", "..", "lib", "lambda", "processor.py")
_SPEC = importlib.util.spec_from_file_location("processor", _PATH)
processor = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(processor)


def _record(payload: str) -> dict:
    return {"kinesis": {"data": base64.b64encode(payload.encode()).decode()}}


class _Recorder:
    def __init__(self):
        self.calls = []

    def put_object(self, **kwargs):
        self.calls.append(kwargs)


def test_decode_keeps_invalid_json_as_text():
    readings = processor.decode([_record('{"temp": 71.5}'), _record("not json")])
    assert readings == [{"temp": 71.5}, {"raw": "not json"}]


def test_handler_writes_one_object_per_batch(monkeypatch):
    recorder = _Recorder()
    monkeypatch.setattr(processor, "_s3", lambda: recorder)
    monkeypatch.setenv("ARCHIVE_BUCKET", "archive")
    context = types.SimpleNamespace(aws_request_id="req-1")
    result = processor.handler({"Records": [_record('{"a": 1}'), _record('{"b": 2}')]}, context)
    assert result["archived"] == 2
    (call,) = recorder.calls
    assert call["Bucket"] == "archive"
    assert call["Key"].startswith("telemetry/") and call["Key"].endswith("/req-1.jsonl")
    assert [json.loads(line) for line in call["Body"].decode().splitlines()] == [{"a": 1}, {"b": 2}]


def test_handler_ignores_empty_batches(monkeypatch):
    monkeypatch.setattr(processor, "_s3", lambda: None)
    assert processor.handler({"Records": []}, None) == {"archived": 0}
