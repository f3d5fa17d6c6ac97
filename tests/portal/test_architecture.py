"""The house's arrows, checked from the source: portal <- checklists, stakeholders <- meetings
(import-linter's layers contract in pyproject.toml), no import cycle between modules (grimp, the
graph import-linter is built on), and portal never reaching into an app by name."""

import ast
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("portal", "checklists", "stakeholders", "meetings")
LONG_MODULE_LINES = 500


def test_the_layers_contract_is_kept():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def import_cycles(graph) -> list[list[str]]:
    """Every strongly connected group of modules larger than one (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return groups


def test_no_module_imports_itself_round_a_cycle():
    # Function-local imports count too: a cycle hidden inside a function is still a cycle.
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    assert import_cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for importer, imported in [("a.x", "a.y"), ("a.y", "a.z"), ("a.z", "a.x"), ("a.z", "a.w")]:
        graph.add_import(importer=importer, imported=imported)
    assert import_cycles(graph) == [["a.x", "a.y", "a.z"]]


def python_files(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def test_portal_loads_no_app_model_by_name():
    offenders = []
    for path in python_files("portal"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "get_model":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                label = node.value.split(".", 1)[0]
                if label in PACKAGES[1:] and "." in node.value and path.name != "settings.py":
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value!r}")
    allowed = {"portal/urls.py"}  # wires every app's URLs, by design
    assert [o for o in offenders if o.split(":")[0] not in allowed] == []


def test_no_module_is_longer_than_it_needs_to_be():
    """Over 500 lines only where the module's first docstring says why it must be long."""
    long_ones = []
    for package in PACKAGES:
        for path in python_files(package):
            text = path.read_text(encoding="utf-8")
            if text.count("\n") <= LONG_MODULE_LINES:
                continue
            docstring = ast.get_docstring(ast.parse(text)) or ""
            if "long because" not in docstring.lower():
                long_ones.append(f"{path.relative_to(ROOT)} ({text.count(chr(10))} lines)")
    assert long_ones == []
