"""openapi/openapi.json is generated from the app, complete and current."""

from __future__ import annotations

from pathlib import Path

import orjson

from app.openapi import openapi_document, render

COMMITTED = Path(__file__).resolve().parents[1] / "openapi" / "openapi.json"


def test_committed_openapi_is_current():
    assert COMMITTED.read_bytes() == render(), (
        "openapi/openapi.json is stale: run `make openapi` and commit the result"
    )


def test_every_operation_and_parameter_is_documented():
    doc = openapi_document()
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            assert operation.get("summary"), f"{where} has no summary"
            assert operation.get("description"), f"{where} has no description"
            for param in operation.get("parameters", []):
                name = f"{where} parameter {param['name']}"
                assert param.get("description"), f"{name} has no description"
                schema = param.get("schema", {})
                has_example = "example" in param or "examples" in param or "examples" in schema
                assert has_example, f"{name} has no example"


def test_errors_are_documented_as_problem_json():
    doc = openapi_document()
    assert "Problem" in doc["components"]["schemas"]
    post = doc["paths"]["/articles"]["post"]
    for status in ("401", "413", "422"):
        assert "application/problem+json" in post["responses"][status]["content"]
    assert set(post["requestBody"]["content"]) == {"text/markdown", "application/json"}


def test_document_is_json_serialisable_and_stable():
    assert orjson.loads(render()) == orjson.loads(render())
