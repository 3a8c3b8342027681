"""The layout by area holds: areas of domain/ import each other without cycles, and the root stays small."""
import ast
from collections import defaultdict
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / 'domain'
AREAS = {path.name for path in DOMAIN.iterdir() if (path / '__init__.py').exists() and path.name != 'models'}


def area_imports() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    for path in DOMAIN.rglob('*.py'):
        area = path.relative_to(DOMAIN).parts[0]
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split('.')[0] == 'domain':
                for name in [node.module, *(f'{node.module}.{alias.name}' for alias in node.names)]:
                    parts = name.split('.')
                    if len(parts) > 1 and parts[1] in AREAS and parts[1] != area:
                        edges[area].add(parts[1])
    return edges


def cycle_through(edges: dict[str, set[str]], start: str) -> list[str] | None:
    def walk(area: str, path: list[str]) -> list[str] | None:
        for target in sorted(edges[area]):
            if target == start:
                return [*path, target]
            if target not in path:
                found = walk(target, [*path, target])
                if found:
                    return found
        return None
    return walk(start, [start])


def test_no_area_of_the_domain_imports_itself_back_through_another():
    edges = area_imports()
    assert {'documents', 'payments', 'access'} <= AREAS
    cycles = [cycle for area in sorted(AREAS) if (cycle := cycle_through(edges, area))]
    assert cycles == [], f'areas import each other in a circle: {" -> ".join(cycles[0])}'


def test_the_domain_root_keeps_only_what_every_area_uses():
    modules = [path.name for path in DOMAIN.glob('*.py') if path.name != '__init__.py']
    assert len(modules) < 10, modules


def test_every_area_says_what_it_owns():
    for area in AREAS:
        assert ast.get_docstring(ast.parse((DOMAIN / area / '__init__.py').read_text())), area
