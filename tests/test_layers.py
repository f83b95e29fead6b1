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


def _runtime_imports(
    tree: ast.Module, module: str = "cleancli.x", *, init: bool = False
) -> list[str]:
    """The cleancli modules `module` imports, skipping `if TYPE_CHECKING:` blocks: absolute and
    relative imports (`init`: the module is a package's `__init__`, the package relative
    imports count from), a public name taken from the package (`from cleancli import Reject`,
    or `cleancli.run` after `import cleancli`: the module that defines it), and
    `import_module` or `__import__` (under any alias) called with literal names. Names built
    at run time (f-strings, `exec`, `sys.modules`) are not seen."""
    found: list[str] = []
    package = module if init else module.rpartition(".")[0]
    loaders = {"import_module", "__import__"} | _aliases(tree)

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom):
            found.extend(_imported_from(node, package))
        elif isinstance(node, ast.Import):
            found.extend(a.name for a in node.names if a.name.startswith("cleancli"))
        elif isinstance(node, ast.Call):
            found.extend(_loaded(node, loaders))
        elif (
            isinstance(node, ast.Attribute)
            and getattr(node.value, "id", None) == "cleancli"
            and node.attr in HOMES
        ):
            found.append(HOMES[node.attr])
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _aliases(tree: ast.Module) -> set[str]:
    """The names `import_module` goes by in a module (`from importlib import import_module as
    load`)."""
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "importlib"
        for alias in node.names
        if alias.name == "import_module"
    }


def _imported_from(node: ast.ImportFrom, package: str) -> list[str]:
    """What `from … import …` brings in: the module, and each name that is a module itself or
    a public name of the package (resolved to the module that defines it)."""
    source = _resolved("." * node.level + (node.module or ""), package)
    if source == "cleancli":
        return [HOMES.get(alias.name, f"cleancli.{alias.name}") for alias in node.names]
    if not source.startswith("cleancli."):
        return []
    # `from cleancli.cleaning import datelines` imports a module too
    return [source, *(f"{source}.{alias.name}" for alias in node.names)]


def _resolved(name: str, package: str) -> str:
    """A module name, relative ones (".app", "..cli") resolved from `package`."""
    level = len(name) - len(name.lstrip("."))
    if not level:
        return name
    parts = package.split(".")
    base = parts[: len(parts) - level + 1]
    return ".".join([*base, *([name[level:]] if name[level:] else [])])


def _loaded(call: ast.Call, loaders: set[str]) -> list[str]:
    """The cleancli module a call to `import_module` or `__import__` loads, when its name (and
    package, for a relative name) are literals."""
    if (getattr(call.func, "attr", None) or getattr(call.func, "id", None)) not in loaders:
        return []
    given = dict(zip(("name", "package"), call.args, strict=False))
    given.update({k.arg: k.value for k in call.keywords if k.arg in ("name", "package")})
    name, package = given.get("name"), given.get("package")
    literal = isinstance(name, ast.Constant) and isinstance(name.value, str)
    if not literal:
        return []
    base = package.value if isinstance(package, ast.Constant) else ""
    resolved = _resolved(name.value, str(base))
    return [resolved] if resolved.startswith("cleancli") else []


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
        tree = ast.parse(path.read_text())
        for imported in _runtime_imports(tree, module, init=path.name == "__init__.py"):
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
    sneaky = ast.parse(
        "import cleancli\n"
        "from importlib import import_module as load\n"
        "def f():\n"
        "    load('.app', 'cleancli.cli')\n"
        "    __import__(name='cleancli.views.show')\n"
        "    return cleancli.run\n"
    )
    assert _runtime_imports(sneaky, "cleancli.inputs.rawpage") == [
        "cleancli",
        "cleancli.cli.app",
        "cleancli.views.show",
        "cleancli.engines.pipeline",
    ]
    in_init = ast.parse("from .paths import input_paths\ndef f():\n    from ..cli import app\n")
    assert _runtime_imports(in_init, "cleancli.inputs", init=True) == [
        "cleancli.inputs.paths",
        "cleancli.inputs.paths.input_paths",
        "cleancli.cli",
        "cleancli.cli.app",
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
        init = path.name == "__init__.py"
        imported = {_module_of(m, modules) for m in _runtime_imports(tree, module, init=init)}
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
