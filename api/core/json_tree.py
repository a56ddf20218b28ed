"""A walk over a JSON document (objects, arrays and their values), iterative so that no depth
exhausts Python's recursion limit: the one walk the body limits, the text rule and the problem
types share."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any


def nodes(value: Any, *, keys: bool = False) -> Iterator[tuple[int, Any]]:
    """Every node of `value` with its depth (1 for `value` itself); with `keys`, objects' keys
    as nodes too."""
    stack = [(1, value)]
    while stack:
        depth, node = stack.pop()
        yield depth, node
        if isinstance(node, Mapping):
            for key, child in node.items():
                if keys:
                    stack.append((depth + 1, key))
                stack.append((depth + 1, child))
        elif isinstance(node, list | tuple):
            stack.extend((depth + 1, child) for child in node)


def leaves(value: Any) -> list[Any]:
    """The values of `value` that are neither objects nor arrays."""
    return [node for _, node in nodes(value) if not isinstance(node, Mapping | list | tuple)]
