"""Data flows one way: each module imports only foundations and earlier stages.

Foundations (small shared records and tables) import no stage. Stages, in order:
read < segment < extract < resolve < graph < (query, export, validate) < evaluate
< pipeline < cli. Only pipeline and cli compose more than one stage.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kg

PACKAGE_DIR = Path(kg.__file__).resolve().parent

FOUNDATIONS = ["kg", "errors", "resources", "ids", "model", "textview", "lexicon", "docnumber", "dates", "vocab", "executors", "datatypes", "digests"]
STAGES: list[list[str]] = [
    ["read"],
    ["segment"],
    ["extract"],
    ["resolve"],
    ["graph"],
    ["store", "export", "validate"],
    ["query"],
    ["csvexport", "evaluate", "network", "viz", "push"],
    ["pipeline"],
    ["serve", "api"],
    ["cli"],
    ["__main__"],
]
RANK = {name: i for i, names in enumerate(STAGES) for name in names}
COMPOSERS = {"pipeline", "api", "cli", "__main__"}


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE_DIR.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE_DIR.rglob("*.py")) if "_resources" not in p.parts}


def layer_of(module: str) -> str:
    """``kg.extract.names`` → ``extract``; ``kg.read`` → ``read``; ``kg`` → ``kg``."""
    parts = module.split(".")
    return "kg" if len(parts) == 1 else parts[1]


def imported_modules(module: str) -> set[str]:
    """Every ``kg`` module imported anywhere in ``module`` (also inside functions)."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            # ``from kg import x`` may name a submodule
            for alias in node.names:
                if f"{target}.{alias.name}" in MODULES:
                    found.add(f"{target}.{alias.name}")
    return {m for m in found if m == "kg" or m.startswith("kg.")}


def test_architecture_every_module_has_a_layer():
    unplaced = sorted(m for m in MODULES if layer_of(m) not in FOUNDATIONS and layer_of(m) not in RANK)
    assert not unplaced, f"add these modules to a layer in tests/test_architecture.py: {unplaced}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer_of(m) in FOUNDATIONS))
def test_architecture_foundation_imports_no_stage(module):
    stages = sorted(m for m in imported_modules(module) if layer_of(m) in RANK)
    assert not stages, f"{module} imports stages {stages}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer_of(m) in RANK))
def test_architecture_stage_imports_only_earlier_stages(module):
    own = layer_of(module)
    wrong = sorted(
        m
        for m in imported_modules(module)
        if layer_of(m) in RANK and layer_of(m) != own and RANK[layer_of(m)] >= RANK[own]
    )
    assert not wrong, f"{module} ({own}) imports later or same-level stages: {wrong}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer_of(m) in RANK and layer_of(m) not in COMPOSERS))
def test_architecture_only_pipeline_and_cli_compose_stages(module):
    own = layer_of(module)
    stages = {layer_of(m) for m in imported_modules(module) if layer_of(m) in RANK} - {own}
    assert len(stages) <= 1, f"{module} composes several stages: {sorted(stages)}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_architecture_module_is_at_most_400_lines(module):
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= 400, f"{module} has {lines} lines"
