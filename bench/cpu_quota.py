"""CPU quotas for benchmarked processes (cgroup v1), and the CPU that the processes of a run used.

Each quota is a group /sys/fs/cgroup/cpu/portal-bench-<pid> whose cpu.cfs_quota_us is the fraction of a core times
cpu.cfs_period_us; the process joins it by its id, and every process it forks afterwards is in it too. Groups are
removed when the run ends, Ctrl-C and errors included: processes still in a group go back to the root group first.
"""
from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass
from pathlib import Path

CPU_ROOT = Path('/sys/fs/cgroup/cpu')
PREFIX = 'portal-bench-'
TICKS = os.sysconf('SC_CLK_TCK')


class QuotaUnavailable(Exception):
    pass


def check(root: Path = CPU_ROOT) -> None:
    """Raise QuotaUnavailable with what to do when groups cannot be made under `root`."""
    if not (root / 'cpu.cfs_quota_us').exists():
        raise QuotaUnavailable(f'no cgroup v1 CPU controller at {root} (a cgroup v2-only machine has none): '
                               f'run without --cpu-quota')
    if not os.access(root, os.W_OK):
        raise QuotaUnavailable(f'{root} is not writable: --cpu-quota needs root (or a delegated cgroup)')


def quota_us(fraction: float, period_us: int) -> int:
    """cfs_quota_us for `fraction` of a core; the kernel refuses less than 1 ms."""
    return max(round(fraction * period_us), 1000)


@dataclass
class Throttling:
    periods: int = 0
    throttled: int = 0
    throttled_seconds: float = 0.0

    def __sub__(self, other: Throttling) -> Throttling:
        return Throttling(self.periods - other.periods, self.throttled - other.throttled,
                          self.throttled_seconds - other.throttled_seconds)


class Groups:
    """The quota groups of one run; `remove_all` (or leaving the `with` block) takes them all away."""

    def __init__(self, fraction: float, root: Path = CPU_ROOT) -> None:
        check(root)
        self.fraction = fraction
        self.root = root
        self.groups: dict[int, Path] = {}

    def __enter__(self) -> Groups:
        return self

    def __exit__(self, *_) -> None:
        self.remove_all()

    def add(self, pid: int) -> Path:
        """A group of its own for process `pid`, limited to the fraction of a core."""
        group = self.root / f'{PREFIX}{pid}'
        group.mkdir()
        self.groups[pid] = group
        period = int((group / 'cpu.cfs_period_us').read_text())
        (group / 'cpu.cfs_quota_us').write_text(str(quota_us(self.fraction, period)))
        (group / 'cgroup.procs').write_text(str(pid))
        return group

    def throttling(self, pid: int) -> Throttling:
        stat = dict(line.split() for line in (self.groups[pid] / 'cpu.stat').read_text().splitlines())
        return Throttling(int(stat['nr_periods']), int(stat['nr_throttled']), int(stat['throttled_time']) / 1e9)

    def remove_all(self) -> None:
        for pid in list(self.groups):
            self.remove(pid)

    def remove(self, pid: int) -> None:
        group = self.groups.pop(pid)
        for _ in range(50):
            for leftover in (group / 'cgroup.procs').read_text().split():
                try:
                    (self.root / 'cgroup.procs').write_text(leftover)
                except ProcessLookupError:  # it ended meanwhile
                    pass
            try:
                group.rmdir()
                return
            except FileNotFoundError:
                return
            except OSError:  # busy while an ending process leaves it
                time.sleep(0.1)
        print(f'could not remove {group}: remove it with rmdir once its processes have ended', flush=True)


def snapshot(apps: dict[str, int], haproxy: int, database: str, groups: Groups | None) -> dict:
    """CPU seconds used so far by each part of a run (the difference of two is what happened between them): the
    app processes by name and process id, their groups' throttling, HAProxy, PostgreSQL's backends serving
    `database`, the load generator (this process) and the whole machine."""
    return {'wall': time.perf_counter(), 'machine': machine_busy()[0],
            'apps': {name: process_cpu(pid) for name, pid in apps.items()},
            'throttling': {name: groups.throttling(pid) for name, pid in apps.items()} if groups else {},
            'haproxy': process_cpu(haproxy), 'postgres': postgres_cpu(database), 'load': own_cpu()}


def process_cpu(pid: int) -> float:
    """CPU seconds used by a process (all its threads) and by its children that have ended."""
    try:
        fields = Path(f'/proc/{pid}/stat').read_text().rsplit(')', 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return sum(int(value) for value in fields[11:15]) / TICKS


def postgres_cpu(database: str) -> float:
    """CPU seconds of the PostgreSQL backends on this machine that serve `database` (their process title names it);
    other databases on the same server, such as other people's tests, are left out."""
    total = 0.0
    for entry in Path('/proc').iterdir():
        try:
            if entry.name.isdigit() and (entry / 'comm').read_text().strip() == 'postgres' and \
                    f' {database} ' in (entry / 'cmdline').read_text():
                total += process_cpu(int(entry.name))
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def own_cpu() -> float:
    """CPU seconds of this process (the load generator)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def machine_busy() -> tuple[float, float]:
    """Busy and total CPU seconds of the whole machine since it started (every core; /proc/stat)."""
    values = [int(value) for value in Path('/proc/stat').read_text().split('\n', 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle and waiting for I/O
    total = sum(values[:8])  # without guest time, which is counted in user already
    return (total - idle) / TICKS, total / TICKS
