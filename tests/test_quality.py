"""The code stays ruff-clean and mypy-clean, the layers hold (import-linter), and the CLI
loads only what a command needs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return found


def test_ruff_clean():
    result = subprocess.run(
        [tool("ruff"), "check", "tuinotes", "tests", "bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_clean_on_the_whole_package():
    result = subprocess.run([tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_layers_and_engine_imports_are_kept():
    """cli > tui > library > indexer > search > notes > model; only the TUI imports
    Textual; only the Whoosh backend imports Whoosh."""
    result = subprocess.run([tool("lint-imports")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


LOADED = """
import sys
from tuinotes import cli
try:
    cli.main({args!r})
except SystemExit:
    pass
print(",".join(sorted({{*sys.modules, *(m.split(".")[0] for m in sys.modules)}})))
"""


def loaded_by(*args: str, notes: Path | None = None) -> set[str]:
    extra = ["--notes", str(notes)] if notes else []
    result = subprocess.run(
        [sys.executable, "-c", LOADED.format(args=[*args, *extra])],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return set(result.stdout.strip().splitlines()[-1].split(","))


def test_cli_help_loads_neither_textual_nor_whoosh():
    loaded = loaded_by("--help")
    assert "tuinotes" in loaded
    assert not loaded & {"textual", "rich", "whoosh", "markdown_it", "yaml"}


def test_a_cli_command_does_not_load_textual(notes):
    loaded = loaded_by("search", "backpressure", notes=notes)
    assert "whoosh" in loaded  # it really searched
    assert not loaded & {"textual", "textual_serve"}


def test_a_search_on_an_index_up_to_date_loads_no_note_parser(notes):
    """The parser (markdown-it, YAML, the recognisers' patterns) costs a CLI search most of
    its start-up; it loads only when a note has to be read."""
    loaded_by("index", notes=notes)
    loaded = loaded_by("search", "backpressure", notes=notes)
    assert "whoosh" in loaded
    assert not loaded & {"markdown_it", "yaml", "frontmatter"}
    # nor what Whoosh imports and never uses here (`search/lean_whoosh.py`)
    assert not loaded & {"asyncio", "http", "ssl", "email", "whoosh.lang.morph_en"}


def _imports_of(path: Path) -> set[str]:
    """The tuinotes modules a file imports, wherever in it (type-only and lazy ones too)."""
    import ast

    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tuinotes"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("tuinotes"))
    return found


def test_no_module_imports_itself_back_through_others():
    """No import circle, not even a type-only one (app -> screen -> app was one)."""
    package = ROOT / "tuinotes"
    graph: dict[str, set[str]] = {}
    for path in package.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        graph[name] = {m for m in _imports_of(path) if m != name}

    def cycle_from(start: str) -> list[str] | None:
        stack, seen = [(start, [start])], set()
        while stack:
            node, trail = stack.pop()
            for nxt in graph.get(node, ()):
                if nxt == start:
                    return [*trail, start]
                if nxt not in seen and not start.startswith(nxt + ".") and nxt in graph:
                    seen.add(nxt)
                    stack.append((nxt, [*trail, nxt]))
        return None

    circles = [c for name in sorted(graph) if (c := cycle_from(name))]
    assert not circles, "\n".join(" -> ".join(c) for c in circles)


def test_a_stand_in_loads_the_real_module_when_called():
    """Whoosh's word variations, stood in for while it loads, still work when asked for."""
    script = (
        "import sys, tuinotes.search.lean_whoosh\n"
        "from whoosh.query import terms\n"
        "print('whoosh.lang.morph_en' in sys.modules, 'rendering' in terms.variations('render'))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.split() == ["False", "True"], result.stderr


def test_whoosh_loads_as_it_is_while_another_thread_runs():
    """The stand-ins `search/lean_whoosh.py` puts in `sys.modules` while Whoosh loads are
    only used when no other thread could import them meanwhile."""
    script = (
        "import sys, threading, time\n"
        "threading.Thread(target=time.sleep, args=(1,), daemon=True).start()\n"
        "import tuinotes.search.lean_whoosh\n"
        "print('asyncio' in sys.modules, 'urllib.request' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.split() == ["True", "True"], result.stderr
