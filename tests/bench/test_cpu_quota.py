"""A benchmarked process and what it forks get a share of a core through a cgroup v1 group, and the group is gone
after the run. These use the real CPU controller, so they run only where it is there and writable (as root here)."""
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from bench import cpu_quota


def writable() -> bool:
    try:
        cpu_quota.check()
    except cpu_quota.QuotaUnavailable:
        return False
    return True


needs_cgroup = pytest.mark.skipif(not writable(), reason='needs a writable cgroup v1 CPU controller')


def cpu_group(pid: int) -> str:
    lines = Path(f'/proc/{pid}/cgroup').read_text().splitlines()
    return next(line.split(':', 2)[2] for line in lines if line.split(':')[1] == 'cpu')


def test_a_machine_without_the_cpu_controller_is_told_so(tmp_path: Path) -> None:
    with pytest.raises(cpu_quota.QuotaUnavailable, match='no cgroup v1 CPU controller'):
        cpu_quota.Groups(0.4, root=tmp_path)


def test_a_share_of_a_core_is_a_quota_per_period_of_at_least_a_millisecond() -> None:
    assert cpu_quota.quota_us(0.4, 100_000) == 40_000
    assert cpu_quota.quota_us(1.5, 100_000) == 150_000
    assert cpu_quota.quota_us(0.001, 100_000) == 1000


@needs_cgroup
def test_a_process_and_what_it_forks_share_its_quota_and_return_to_the_root_group_after_the_run() -> None:
    shell = subprocess.Popen(['sh', '-c', 'sleep 0.3; sleep 30 & wait'])
    child = 0
    try:
        with cpu_quota.Groups(0.25) as groups:
            group = groups.add(shell.pid)
            period = int((group / 'cpu.cfs_period_us').read_text())
            assert int((group / 'cpu.cfs_quota_us').read_text()) == period // 4
            assert cpu_group(shell.pid) == f'/portal-bench-{shell.pid}'
            deadline = time.monotonic() + 10
            while len(members := (group / 'cgroup.procs').read_text().split()) < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            child = next(int(pid) for pid in members if int(pid) != shell.pid)
            assert cpu_group(child) == f'/portal-bench-{shell.pid}'
            assert groups.throttling(shell.pid).throttled == 0
        assert not group.exists()
        assert cpu_group(shell.pid) == '/'
        assert cpu_group(child) == '/'
    finally:
        if child:
            os.kill(child, signal.SIGKILL)
        shell.kill()
        shell.wait()
