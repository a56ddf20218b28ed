"""The code's layout: one name per domain in every layer, a kernel that imports no domain, no
import cycles (deferred imports count), and services that speak no HTTP."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.services import DOMAINS

ROOT = Path(__file__).resolve().parent.parent
API = ROOT / "api"

# The layers every domain has, by the same name.
LAYERS = ("api/resources/{}.py", "api/schemas/{}.py", "api/models/{}.py", "api/services/{}/")
# What lives in the layers beside the domains: the kernel's part of each layer.
KERNEL_MODULES = {
    "api/resources": {"__init__", "health", "docs", "audit"},
    "api/schemas": {"__init__", "common"},
    "api/models": {"__init__", "base", "core"},
}
KERNEL = ("api.core", "api.models.base", "api.models.core", "api.schemas.common")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(path): path for path in API.rglob("*.py")}


def _imports(module: str) -> Iterator[tuple[str, int]]:
    """Every module `module` imports, at the top or inside a function, with its line."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            for alias in node.names:
                # `from api.services.files import library` imports the module `library`.
                candidate = f"{base}.{alias.name}"
                yield (candidate if candidate in MODULES else base), node.lineno


GRAPH = {
    module: {target for target, _ in _imports(module) if target in MODULES} for module in MODULES
}


def _within(module: str, prefixes: tuple[str, ...] | str) -> bool:
    prefixes = (prefixes,) if isinstance(prefixes, str) else prefixes
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def _cycles() -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(GRAPH[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    return found


def _is_package_export(source: str, target: str) -> bool:
    """A package's `__init__` importing its own submodules, which import back from the
    package, is how a package is put together, not a cycle between two parts."""
    return _within(target, source) and MODULES[source].name == "__init__.py"


def test_no_import_cycles():
    cycles = [
        component
        for component in _cycles()
        if not all(
            _is_package_export(a, b) or _is_package_export(b, a)
            for a in component
            for b in component
            if b in GRAPH[a]
        )
    ]
    assert cycles == []


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_domain_has_one_name_in_every_layer(domain):
    missing = [
        layer.format(domain) for layer in LAYERS if not (ROOT / layer.format(domain)).exists()
    ]
    assert missing == []
    # Its access rules: where the object is found within reach, and its permissions.
    assert (API / "services" / domain / "access.py").is_file()


def test_the_layers_hold_only_domains_and_the_kernel():
    strays = []
    for layer, kernel in KERNEL_MODULES.items():
        for path in (ROOT / layer).glob("*.py"):
            if path.stem not in kernel and path.stem not in DOMAINS:
                strays.append(f"{layer}/{path.name}")
    services = {p.name for p in (API / "services").iterdir() if not p.name.startswith("__")}
    strays += [f"api/services/{name}" for name in sorted(services - set(DOMAINS))]
    assert strays == []


def test_the_kernel_imports_no_domain():
    domain_modules = ("api.services", "api.resources", "api.demo", "api.cli")
    crossings = [
        f"{module} imports {target}"
        for module in MODULES
        if _within(module, KERNEL)
        for target in GRAPH[module]
        if _within(target, domain_modules)
        or (_within(target, ("api.models", "api.schemas")) and not _within(target, KERNEL))
        or target == "api"
    ]
    assert crossings == []


def test_services_raise_domain_errors_not_http():
    http = ("flask_smorest", "werkzeug.exceptions")
    found = []
    for module, path in MODULES.items():
        if not _within(module, "api.services"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (
                (node.module == "api.core.errors" and any(a.name == "abort" for a in node.names))
                or (node.module == "flask" and any(a.name == "abort" for a in node.names))
                or any(_within(node.module or "", h) for h in http)
            ):
                found.append(f"{module}:{node.lineno}")
    assert found == []


def test_no_layer_imports_the_one_above_it():
    """Models know no schema, service or resource; schemas and services know no resource;
    and no domain's code knows the demo data."""
    above = {
        "api.models": ("api.schemas", "api.services", "api.resources", "api.demo"),
        "api.schemas": ("api.resources", "api.demo"),
        "api.services": ("api.resources", "api.demo"),
        "api.resources": ("api.demo",),
    }
    found = [
        f"{module} imports {target}"
        for layer, forbidden in above.items()
        for module in MODULES
        if _within(module, layer)
        for target in GRAPH[module]
        if _within(target, forbidden)
    ]
    assert found == []


def test_the_cycle_check_sees_deferred_imports(tmp_path, monkeypatch):
    """The check reads imports inside functions too: a cycle hidden by a deferred import
    is still a cycle."""
    monkeypatch.setitem(GRAPH, "api.services.files.library", {"api.services.board.posts"})
    monkeypatch.setitem(GRAPH, "api.services.board.posts", {"api.services.files.library"})
    assert ["api.services.board.posts", "api.services.files.library"] in _cycles()
