"""Every audit row is written in the transaction of the change it describes, so the row exists exactly when the
change does.

An `audit.record(...)` call in domain/ passes when it is inside an `async with in_transaction(...)` block of its own
function, or its function runs inside its caller's transaction. A function runs inside one when the scheduler calls it
as a job's `do` in the transaction that claims the unit, or when its docstring says it runs "inside the ...
transaction" and every use of it in domain/ is a call that is itself inside a transaction (by the same rule, to any
depth). A function handed around instead of called cannot be followed, so it fails. The few rows that stand alone
(they describe no change of their own) are named in `ALONE` with the reason.

Why static: the service tests (tests/services/audit/test_rows_roll_back.py) make the row fail for a handful of use
cases and see the change undone; only a scan reaches all of them, including the next one written.
"""
from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[3] / 'domain'
SAYS_INSIDE = re.compile(r"inside the [\w' ]*transaction")

ALONE = {
    'access.signing.sign_in': 'a failed sign-in: its row and the failure count stand alone, nothing else changed',
    'access.second_step.submit_code': 'a wrong code at sign-in: its row and the failure count stand alone',
    'jobs.staff.run_job_now': 'who asked for a run; the job does its work in transactions of its own, one per unit',
    'payments.refunds.refund_card_payment': "who asked for a refund the processor's webhook recorded first (with its "
                                            'row): no change of its own',
    'payments.online.abandon_payment': 'the client closed the payment dialog: what changes after it is the card '
                                       "processor's answer, recorded by fail or settle in transactions of their own",
}


@dataclass
class Scan:
    records: list[tuple[str, str, bool]] = field(default_factory=list)  # (where, function, inside a block)
    uses: dict[str, list[tuple[str, str, bool]]] = field(default_factory=lambda: defaultdict(list))
    docs: dict[str, str] = field(default_factory=dict)  # function -> its docstring, whitespace folded
    job_steps: set[str] = field(default_factory=set)  # functions the runner calls inside a unit's transaction

    def inside(self, function: str, seen: frozenset[str] = frozenset()) -> bool:
        """Whether `function` always runs inside a transaction its callers opened."""
        if function in self.job_steps:
            return True
        if function in seen or not SAYS_INSIDE.search(self.docs.get(function, '')):
            return False
        uses = self.uses[function.rpartition('.')[2]]
        return bool(uses) and all(not where.startswith('ref:') and (block or self.inside(caller, seen | {function}))
                                  for where, caller, block in uses)

    def outside(self) -> list[str]:
        return [f'{where} in {function}' for where, function, block in self.records
                if not block and function not in ALONE and not self.inside(function)]


def _opens_transaction(node: ast.AST) -> bool:
    return isinstance(node, ast.AsyncWith) and any(
        isinstance(item.context_expr, ast.Call) and ast.unparse(item.context_expr.func).endswith('in_transaction')
        for item in node.items)


def _walk(node: ast.AST, function: str, block: bool) -> Iterator[tuple[ast.AST, str, bool]]:
    """Every node with the function it is in (`module.name`) and whether it is inside a transaction block there."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from _walk(child, f'{function.partition(":")[0]}:{child.name}', False)
            continue
        here = block or _opens_transaction(child)
        yield child, function, here
        yield from _walk(child, function, here)


def scan(sources: dict[str, str], job_steps: set[str] | None = None) -> Scan:
    """Scan modules given as {dotted name: source}."""
    found = Scan(job_steps=job_steps or set())
    for module, source in sources.items():
        tree = ast.parse(source)
        called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                found.docs[f'{module}.{node.name}'] = ' '.join((ast.get_docstring(node) or '').split())
        for node, place, block in _walk(tree, f'{module}:', False):
            function = place.replace(':', '.')
            where = f'{module.replace(".", "/")}.py:{getattr(node, "lineno", 0)}'
            if isinstance(node, ast.Call) and ast.unparse(node.func) == 'audit.record':
                found.records.append((where, function, block))
            name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ''
            if name:
                found.uses[name].append((where if id(node) in called else f'ref:{where}', function, block))
    return found


def _domain() -> Scan:
    from domain.jobs.catalogue import JOBS
    steps = {f'jobs.catalogue.{job.do.__name__}' for job in JOBS.values() if job.in_transaction}
    sources = {'.'.join(path.relative_to(DOMAIN).with_suffix('').parts): path.read_text()
               for path in sorted(DOMAIN.rglob('*.py'))}
    return scan(sources, steps)


def test_every_audit_row_is_written_inside_the_transaction_of_its_change():
    found = _domain()
    assert len(found.records) > 90
    assert found.outside() == [], 'audit rows written outside the transaction of their change (wrap both in ' \
        '`async with in_transaction():`, or name the function in ALONE with why)'


def test_the_rows_said_to_stand_alone_are_still_written_outside_a_transaction():
    found = _domain()
    alone = {function for _where, function, block in found.records if not block}
    assert sorted(set(ALONE) - alone) == [], 'no longer stands alone: take it out of ALONE'


HELPERS = '''
async def write(actor):
    """The work inside the caller's transaction."""
    await audit.record(actor, audit.Action.X)

async def good(actor):
    async with in_transaction():
        await Row.filter(id=1).update(a=1)
        await write(actor)

async def bad(actor):
    await Row.filter(id=1).update(a=1)
    await audit.record(actor, audit.Action.X)
'''


def test_the_scan_finds_a_row_outside_and_a_helper_called_outside():
    assert scan({'area.mod': HELPERS}).outside() == ['area/mod.py:13 in area.mod.bad']
    called_outside = HELPERS + '\nasync def also(actor):\n    await write(actor)\n'
    assert scan({'area.mod': called_outside}).outside() == ['area/mod.py:4 in area.mod.write',
                                                            'area/mod.py:13 in area.mod.bad']
    handed_around = HELPERS + '\nSTEPS = [write]\n'
    assert 'area/mod.py:4 in area.mod.write' in scan({'area.mod': handed_around}).outside()
    as_job = 'async def step(unit):\n    await audit.record(SYSTEM, audit.Action.X)\n'
    assert scan({'jobs.catalogue': as_job}).outside() == ['jobs/catalogue.py:2 in jobs.catalogue.step']
    assert scan({'jobs.catalogue': as_job}, {'jobs.catalogue.step'}).outside() == []
