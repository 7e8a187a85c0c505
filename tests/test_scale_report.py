"""The scale benchmark's summary: timeouts count as lower bounds, never as finished runs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "scale.py"


def _scale():
    spec = importlib.util.spec_from_file_location("scale_benchmark", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_query_summary_ranks_timeouts_above_every_finished_query():
    scale = _scale()
    summary = scale._latency_summary({"a": [10.0, 12.0, 11.0], "b": [300.0]}, ["c", "d"], 20)
    assert summary["queries"] == 4 and summary["finished"] == 2 and summary["within_200_ms"] == 1
    assert summary["median_of_medians_ms"] == "> 20000 (timeouts)"  # the middle of 11, 300, inf, inf
    assert summary["per_query"]["c"] == {"timeout_s": 20}
    finished = scale._latency_summary({"a": [10.0], "b": [30.0], "c": [50.0]})
    assert finished["median_of_medians_ms"] == 30.0 and finished["max_median_ms"] == 50.0


def test_speed_up_is_a_lower_bound_when_the_baseline_validation_timed_out():
    scale = _scale()
    ours = {
        "ingest": {"seconds": 10.0, "documents_per_second": 10.0},
        "validate": {"seconds": 5.0},
        "queries": {"queries": 22, "within_200_ms": 22, "median_of_medians_ms": 3.0},
    }
    base = {"ingest": {"seconds": 50.0, "documents_per_second": 2.0}, "validate": {"timeout_s": 600}}
    text = scale.table([{"documents": 100, "budgetkg": ours, "baseline": base}])
    assert "| 100 | baseline | 2.0 | — | > 600 s | >650.0 |" in text
    assert "100 documents: ingest + validate at least 43x faster than the baseline" in text
    done = {**base, "validate": {"seconds": 100.0}}
    assert "ingest + validate 10x faster" in scale.table([{"documents": 100, "budgetkg": ours, "baseline": done}])
