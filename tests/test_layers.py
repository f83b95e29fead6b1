"""The package layout is the architecture: each package imports only the layers below it.

docs/design.md draws the layers. Every import of a cleancli module counts, at the top of a
module or inside a function, except those under `if TYPE_CHECKING:` (names for annotations,
never imported at run time).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "cleancli"

#: The modules at the package's top level form the core, below every layer.
CORE = {"record", "schema", "errors", "options", "scripts"}
#: What each layer may import, besides itself and the core.
MAY_IMPORT = {
    "core": set(),
    "inputs": set(),
    "cleaning": set(),
    "outputs": {"inputs"},
    "stages": {"inputs", "cleaning"},
    "engines": {"inputs", "cleaning", "stages", "outputs"},
    "views": {"inputs", "cleaning", "stages", "outputs", "engines"},
    "tools": {"inputs", "cleaning", "stages", "outputs", "engines"},
    "cli": {"inputs", "cleaning", "stages", "outputs", "engines", "views", "tools"},
}


def _layer(module: str) -> str | None:
    """The layer of a dotted module under cleancli; None for the package itself (the public
    API, which loads names from every layer on demand)."""
    parts = module.split(".")
    if parts[0] != "cleancli" or len(parts) == 1:
        return None
    return "core" if parts[1] in CORE or parts[1] == "__main__" else parts[1]


def _runtime_imports(tree: ast.Module) -> list[str]:
    """The cleancli modules a module imports, skipping `if TYPE_CHECKING:` blocks."""
    found: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "cleancli":
                found.extend(f"cleancli.{alias.name}" for alias in node.names)
            elif node.module.startswith("cleancli."):
                found.append(node.module)
                # `from cleancli.cleaning import datelines` imports a module too
                found.extend(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.extend(a.name for a in node.names if a.name.startswith("cleancli"))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _module_of(name: str, modules: dict[str, Path]) -> str | None:
    """`name` when it is a module of cleancli's (not the package itself), else None."""
    return name if name in modules and name != "cleancli" else None


def _modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(SRC.rglob("*.py")):
        dotted = ".".join(path.relative_to(SRC.parent).with_suffix("").parts)
        modules[dotted.removesuffix(".__init__")] = path
    return modules


def test_every_module_sits_in_a_known_layer():
    unknown = [m for m in _modules() if m != "cleancli" and _layer(m) not in MAY_IMPORT]
    assert not unknown, "modules outside the layers docs/design.md names: " + ", ".join(unknown)


def test_imports_only_go_down_the_layers():
    wrong = []
    for module, path in _modules().items():
        layer = _layer(module)
        if layer is None or module == "cleancli.__main__":
            continue
        allowed = {layer, "core", *MAY_IMPORT[layer]}
        for imported in _runtime_imports(ast.parse(path.read_text())):
            target = _layer(imported)
            if target is not None and target not in allowed:
                wrong.append(f"{module} ({layer}) imports {imported} ({target})")
    assert not wrong, "\n".join(wrong)


def test_the_layer_rule_sees_a_wrong_import():
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from cleancli.cli.env import Environment\n"
        "def f():\n"
        "    from cleancli.views.show import record_view\n"
    )
    assert _runtime_imports(tree) == ["cleancli.views.show", "cleancli.views.show.record_view"]
    assert _layer("cleancli.views.show") == "views"
    assert "views" not in MAY_IMPORT["stages"]


def test_no_import_cycle_between_modules():
    """No two modules need each other, at the top or inside a function: each module's place in
    the layers is below everything it imports."""
    graph: dict[str, set[str]] = {}
    modules = _modules()
    for module, path in modules.items():
        imported = {_module_of(m, modules) for m in _runtime_imports(ast.parse(path.read_text()))}
        graph[module] = {m for m in imported if m is not None and m != module}
    seen: set[str] = set()
    path: list[str] = []

    def walk(node: str) -> None:
        assert node not in path, "import cycle: " + " -> ".join([*path, node])
        if node in seen:
            return
        path.append(node)
        for nxt in sorted(graph[node]):
            walk(nxt)
        path.pop()
        seen.add(node)

    for module in sorted(graph):
        walk(module)
