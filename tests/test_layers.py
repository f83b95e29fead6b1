"""The package layout is the architecture: each package imports only the layers below it.

docs/design.md draws the layers. Every import of a cleancli module counts, at the top of a
module or inside a function, except those under `if TYPE_CHECKING:` (names for annotations,
never imported at run time).
"""

from __future__ import annotations

import ast
from pathlib import Path

import cleancli

SRC = Path(__file__).resolve().parent.parent / "src" / "cleancli"

#: The public names `from cleancli import …` loads, and the modules that define them.
HOMES: dict[str, str] = cleancli._HOMES  # noqa: SLF001 - the package's own table
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


def _runtime_imports(tree: ast.Module, module: str = "cleancli.x") -> list[str]:
    """The cleancli modules `module` imports, skipping `if TYPE_CHECKING:` blocks: absolute and
    relative imports, a public name taken from the package (`from cleancli import Reject`: the
    module that defines it), and `importlib.import_module("cleancli…")` with a literal name."""
    found: list[str] = []
    package = module.rpartition(".")[0]

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom):
            found.extend(_imported_from(node, package))
        elif isinstance(node, ast.Import):
            found.extend(a.name for a in node.names if a.name.startswith("cleancli"))
        elif isinstance(node, ast.Call) and _names_a_module(node):
            found.append(node.args[0].value)  # type: ignore[attr-defined]
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _imported_from(node: ast.ImportFrom, package: str) -> list[str]:
    """What `from … import …` brings in: the module, and each name that is a module itself or
    a public name of the package (resolved to the module that defines it)."""
    if node.level:  # relative: counted from the importing module's package
        base = package.split(".")[: len(package.split(".")) - node.level + 1]
        source = ".".join([*base, *([node.module] if node.module else [])])
    else:
        source = node.module or ""
    if source == "cleancli":
        return [HOMES.get(alias.name, f"cleancli.{alias.name}") for alias in node.names]
    if not source.startswith("cleancli."):
        return []
    # `from cleancli.cleaning import datelines` imports a module too
    return [source, *(f"{source}.{alias.name}" for alias in node.names)]


def _names_a_module(call: ast.Call) -> bool:
    name = getattr(call.func, "attr", None) or getattr(call.func, "id", None)
    first = call.args[0] if call.args else None
    return (
        name == "import_module"
        and isinstance(first, ast.Constant)
        and isinstance(first.value, str)
        and first.value.startswith("cleancli")
    )


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
        for imported in _runtime_imports(ast.parse(path.read_text()), module):
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


def test_the_layer_rule_sees_relative_imports_public_names_and_import_module():
    tree = ast.parse(
        "from ..cli import app\n"
        "from . import shapes\n"
        "from cleancli import Reject, strip\n"
        "import importlib\n"
        "def f():\n"
        "    return importlib.import_module('cleancli.engines.pipeline')\n"
    )
    found = _runtime_imports(tree, "cleancli.inputs.rawpage")
    assert found == [
        "cleancli.cli",
        "cleancli.cli.app",
        "cleancli.inputs",
        "cleancli.inputs.shapes",
        "cleancli.record",
        "cleancli.stages.strip",
        "cleancli.engines.pipeline",
    ]
    assert {_layer(m) for m in found} - {"inputs", "core", *MAY_IMPORT["inputs"]} == {
        "cli",
        "stages",
        "engines",
    }


def test_no_import_cycle_between_modules():
    """No two modules need each other, at the top or inside a function: each module's place in
    the layers is below everything it imports."""
    graph: dict[str, set[str]] = {}
    modules = _modules()
    for module, path in modules.items():
        tree = ast.parse(path.read_text())
        imported = {_module_of(m, modules) for m in _runtime_imports(tree, module)}
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
