"""The apps form a ladder (README, "The ladder"): each app imports only the apps of the rungs
below its own, at module level and inside functions alike. Every module of every app is read
with ``ast`` (migrations and tests aside); nothing is imported, so a function-level import
that would only fail at run time is caught here."""

import ast
import graphlib
from pathlib import Path

from django.apps import apps

PROJECT = Path(__file__).resolve().parent.parent

# Bottom to top. An app may import the apps of the rungs below its own: never one on its own
# rung, never one above.
LADDER = (
    ("emulation_portal",),  # the kernel: settings, Celery, PDF, Excel in and out, forms
    ("units", "criteria"),
    ("campaigns",),
    ("scoring",),
    ("registrations",),
    ("awards",),
    ("reports",),
    ("demo",),  # the demo loader, the scale seeder, the benchmarks: imported by no app
)
RUNG = {app: level for level, rung in enumerate(LADDER) for app in rung}

# The project's wiring sits above every app: it routes to them, starts them, and the home view
# sends each role to its app's page.
WIRING = {
    "emulation_portal.urls",
    "emulation_portal.wsgi",
    "emulation_portal.asgi",
    "emulation_portal.celery",
    "emulation_portal.views",
}

# (module, app it imports) that break the ladder. None do since scoring and awards became
# apps; an entry added here that is not needed fails test_every_known_exception_is_still_needed.
KNOWN_EXCEPTIONS: set[tuple[str, str]] = set()


def _modules(app: str):
    for path in sorted((PROJECT / app).rglob("*.py")):
        parts = path.relative_to(PROJECT).with_suffix("").parts
        if "migrations" in parts or "tests" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def _imports() -> list[tuple[str, str, str]]:
    """(module, imported app, "path:line") for every import of another app of the ladder."""
    found = []
    for app in RUNG:
        for module, path in _modules(app):
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue  # relative imports stay inside their app
                for name in names:
                    imported = name.split(".")[0]
                    if imported in RUNG and imported != app:
                        where = f"{path.relative_to(PROJECT)}:{node.lineno}"
                        found.append((module, imported, where))
    return found


def _upward() -> dict[tuple[str, str], list[str]]:
    upward: dict[tuple[str, str], list[str]] = {}
    for module, imported, where in _imports():
        app = module.split(".")[0]
        if module not in WIRING and RUNG[imported] >= RUNG[app]:
            upward.setdefault((module, imported), []).append(where)
    return upward


def test_every_app_of_the_project_is_on_the_ladder():
    project_apps = {
        config.name for config in apps.get_app_configs() if Path(config.path).parent == PROJECT
    }
    assert project_apps | {"emulation_portal"} == set(RUNG)


def test_no_app_imports_one_on_its_rung_or_above():
    new = {pair: where for pair, where in _upward().items() if pair not in KNOWN_EXCEPTIONS}
    assert not new, "Imports that climb the ladder:\n" + "\n".join(
        f"  {module} imports {app} ({', '.join(where)})" for (module, app), where in new.items()
    )


def test_every_known_exception_is_still_needed():
    assert KNOWN_EXCEPTIONS - set(_upward()) == set(), "Remove these from KNOWN_EXCEPTIONS"


def test_the_apps_import_no_circle_but_the_known_exceptions():
    # Read from the imports themselves, not from LADDER: a wrong ladder cannot hide a circle.
    graph: dict[str, set[str]] = {app: set() for app in RUNG}
    for module, imported, _where in _imports():
        if module not in WIRING and (module, imported) not in KNOWN_EXCEPTIONS:
            graph[module.split(".")[0]].add(imported)
    graphlib.TopologicalSorter(graph).prepare()  # raises CycleError naming the circle


def _module_of(module: str, path: Path, node: ast.ImportFrom) -> list[str]:
    """The project modules an ``import from`` names, relative ones resolved."""
    if node.level:
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        base = ".".join(package[: len(package) - node.level + 1])
        target = f"{base}.{node.module}" if node.module else base
    else:
        target = node.module or ""
    # ``from .x import y`` may name a module y of package x.
    return [target, *(f"{target}.{alias.name}" for alias in node.names)]


def test_no_app_has_a_circle_of_modules():
    # Inside an app too: a circle that holds only because one side imports inside a function
    # is a circle (services publish tasks by name, so tasks may import services).
    for app in RUNG:
        modules = dict(_modules(app))
        graph: dict[str, set[str]] = {module: set() for module in modules}
        for module, path in modules.items():
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                if isinstance(node, ast.ImportFrom):
                    names = _module_of(module, path, node)
                elif isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                else:
                    continue
                graph[module] |= {name for name in names if name in modules and name != module}
        # A package's __init__ importing its own modules is not a circle with them.
        for module in graph:
            graph[module] = {name for name in graph[module] if not module.startswith(f"{name}.")}
        graphlib.TopologicalSorter(graph).prepare()
