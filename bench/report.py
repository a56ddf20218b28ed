"""The results: a plain-text table for people and a JSON file for later comparison."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

COLUMNS = ["endpoint", "requests", "errors", "p50 ms", "p95 ms", "req/s", "SQL/req", "p50 × floor"]
LEFT_ALIGNED = {"endpoint"}


def scenario_problems(result: dict[str, Any]) -> list[str]:
    """Why a scenario's numbers cannot be trusted; empty when it ran cleanly."""
    problems = []
    if result.get("failure"):
        problems.append(result["failure"])
    if result.get("errors"):
        problems.append(f"{result['errors']} errors")
    if result.get("warmup_errors"):
        problems.append(f"{result['warmup_errors']} warm-up errors")
    if result.get("timed_out") or result.get("completed", 0) < result.get("planned", 0):
        problems.append(f"incomplete ({result.get('completed', 0)}/{result.get('planned')})")
    return problems


def _number(value: float | None, digits: int) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:.{digits}f}"


def _sql_cell(sql: dict[str, Any] | None) -> str:
    if not sql or sql.get("mean") is None:
        return "-"
    mean = sql["mean"]
    text = f"{mean:.0f}" if float(mean).is_integer() else f"{mean:.1f}"
    if sql["min"] != sql["max"]:
        text += f" (max {sql['max']})"
    return text


def _row(result: dict[str, Any]) -> list[str]:
    latency = result.get("latency_ms") or {}
    return [
        result["name"],
        str(result.get("completed", 0)),
        str(result.get("errors", 0)),
        _number(latency.get("p50"), 2),
        _number(latency.get("p95"), 2),
        _number(result.get("throughput_rps"), 0),
        _sql_cell(result.get("sql_statements")),
        _number(result.get("p50_x_floor"), 1),
    ]


def render_table(results: list[dict[str, Any]]) -> str:
    rows = [_row(result) for result in results]
    widths = [max(len(cells[i]) for cells in [COLUMNS, *rows]) for i in range(len(COLUMNS))]

    def line(cells: list[str]) -> str:
        padded = [
            cell.ljust(width) if name in LEFT_ALIGNED else cell.rjust(width)
            for name, cell, width in zip(COLUMNS, cells, widths, strict=True)
        ]
        return " | ".join(padded)

    out = [line(COLUMNS), "-+-".join("-" * width for width in widths)]
    for result, cells in zip(results, rows, strict=True):
        problems = scenario_problems(result)
        out.append(line(cells) + (f"  <- FAILED: {', '.join(problems)}" if problems else ""))
    return "\n".join(out)


def render_problems(results: list[dict[str, Any]]) -> str:
    """Status counts and sample answers of every scenario that had errors."""
    out = []
    for result in results:
        if not scenario_problems(result):
            continue
        out.append(f"{result['name']}: statuses {result.get('statuses', {})}")
        out.extend(f"    {sample}" for sample in result.get("error_samples", []))
    return "\n".join(out)


def write_json(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".json.partial")
    partial.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    partial.replace(path)


def print_timings(
    title: str,
    rows: list[tuple[str, dict[str, Any], str]],
    notes: list[str],
    problems: list[str],
    label_width: int = 44,
) -> int:
    """Print a table of (label, timing summary, target) rows with its notes and missed targets;
    1 when a request failed or a target was missed, else 0."""
    print(title)
    print(
        f"  {'request':<{label_width}} | runs |  p50 ms |  p95 ms | SQL/req    | target ms | errors"
    )
    failed = bool(problems)
    for label, row, target in rows:
        failed = failed or row["errors"] > 0
        print(
            f"  {label:<{label_width}} | {row['runs']:4d} | {row['p50']:7.1f} | "
            f"{row['p95']:7.1f} | {row['sql']:<10} | {target:>9} | {row['errors']:6d}"
        )
    for note in notes:
        print(f"  {note}")
    for problem in problems:
        print(f"  MISSED: {problem}")
    return 1 if failed else 0
