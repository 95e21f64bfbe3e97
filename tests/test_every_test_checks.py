"""Every test checks something: an ``assert``, ``pytest.raises``/``warns``/``fail``, a query-count assertion,
or a call to a helper (anywhere under tests/) that does one of these. A test that only runs code passes
whatever the code does, so the guard fails on one."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).parent
CHECKS = {
    "raises",
    "warns",
    "fail",
    "assertNumQueries",
    "django_assert_num_queries",
    "django_assert_max_num_queries",
}


def what_it_does(function: ast.AST) -> tuple[bool, set[str]]:
    """Whether the function asserts, and the names of what it calls."""
    asserts, calls = False, set()
    for inner in ast.walk(function):
        if isinstance(inner, ast.Assert):
            asserts = True
        elif isinstance(inner, ast.Call):
            if isinstance(inner.func, ast.Name):
                calls.add(inner.func.id)
            elif isinstance(inner.func, ast.Attribute):
                calls.add(inner.func.attr)
    return asserts or bool(calls & CHECKS), calls


def test_every_test_asserts_something():
    functions = []
    for path in sorted(TESTS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                where = f"{path.relative_to(TESTS.parent)}:{node.lineno} {node.name}"
                functions.append((where, node.name, *what_it_does(node)))
    checking = {name for _, name, checks, _ in functions if checks}
    grown = True
    while grown:  # a helper that calls a checking helper checks too
        more = {name for _, name, _, calls in functions if name not in checking and calls & checking}
        checking |= more
        grown = bool(more)
    unchecked = [
        where
        for where, name, checks, calls in functions
        if name.startswith("test") and not checks and not calls & checking
    ]
    assert unchecked == [], "these tests check nothing:\n" + "\n".join(unchecked)
