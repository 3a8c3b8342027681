"""The servers bench/load.py measures: the portal (app.py as `make run` serves it) or an empty NiceGUI app.

    .venv/bin/python bench/load_server.py app|empty

Both get the same instruments, read over HTTP at /bench/stats: every cyclic garbage collection's pause and the
objects it freed (through `gc.callbacks`), the longest lag of the event loop, and how many NiceGUI clients (open
pages) the process holds. The portal also gets POST /bench/sign-in, which runs the real portal sign-in use case
(password check included) for a simulated browser, so a burst of sign-ins needs no browser.

`BENCH_WITHOUT=NAME[,NAME...]` serves the portal without those patches of `integrations.framework.PATCHES` (a name
ending in `.*` leaves out every patch under that prefix, e.g. `closed_clients.*`): the tuple is filtered before
app.py calls `framework.install()`, so the app's own code has no such switch (bench/instructions.py --without).
`BENCH_RESPONSE_TIMEOUT=SECONDS` gives every page that long to be built instead of NiceGUI's 3 s, for a server
slowed down by valgrind on a busy machine (bench/instructions.py sets it).
"""
from __future__ import annotations

import asyncio
import collections
import ctypes
import gc
import os
import runpy
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from uuid import uuid4

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class Instruments:
    def __init__(self) -> None:
        self.reset()
        self._started = (0.0, 0.0)
        gc.callbacks.append(self._gc)

    def reset(self) -> dict:
        self.pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}
        self.cpu: dict[int, list[float]] = {0: [], 1: [], 2: []}
        self.lag = 0.0
        self.freed: dict[int, int] = {0: 0, 1: 0, 2: 0}  # objects each generation's collections found unreachable
        return {}

    def _gc(self, phase: str, info: dict) -> None:
        if phase == 'start':
            self._started = (time.perf_counter(), time.thread_time())
        else:  # wall time (what the event loop waits) and CPU time (what the collection itself costs)
            self.pauses[info['generation']].append((time.perf_counter() - self._started[0]) * 1000)
            self.cpu[info['generation']].append((time.thread_time() - self._started[1]) * 1000)
            self.freed[info['generation']] += info['collected']

    async def watch_loop(self) -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(0.02)
            self.lag = max(self.lag, (time.perf_counter() - started - 0.02) * 1000)

    def stats(self) -> dict:
        from nicegui import Client
        return {
            'clients': len(Client.instances),
            'gc': {str(g): {'count': len(p), 'max_ms': max(p, default=0.0), 'total_ms': sum(p)}
                   for g, p in self.pauses.items()},
            'gc_max_ms': max((max(p, default=0.0) for p in self.pauses.values()), default=0.0),
            'gc_cpu_max_ms': max((max(p, default=0.0) for p in self.cpu.values()), default=0.0),
            'gc_freed': {str(g): n for g, n in self.freed.items()},
            'loop_lag_max_ms': self.lag,
            'thresholds': gc.get_threshold(),
            'frozen': gc.get_freeze_count(),
        }

    def collect(self) -> dict:
        started = time.perf_counter()
        gc.collect()
        ctypes.CDLL('libc.so.6').malloc_trim(0)
        return {'ms': (time.perf_counter() - started) * 1000, 'objects': len(gc.get_objects()),
                'kinds': collections.Counter(type(o).__qualname__ for o in gc.get_objects()).most_common(12)}

    async def memory(self, trace: str = '') -> dict:
        """Where the process's memory is: glibc's heap (all its arenas: in use, free inside, mapped apart), the
        objects the collector tracks by kind, and `trace=start|compare|stop` for tracemalloc (`compare`: what grew
        since the last start or compare, by the line that allocated it)."""
        import tracemalloc

        class MallInfo2(ctypes.Structure):
            _fields_ = [(name, ctypes.c_size_t) for name in ('arena', 'ordblks', 'smblks', 'hblks', 'hblkhd',
                                                              'usmblks', 'fsmblks', 'uordblks', 'fordblks',
                                                              'keepcost')]
        libc = ctypes.CDLL('libc.so.6')
        libc.mallinfo2.restype = MallInfo2
        info = libc.mallinfo2()
        mib = 1024 * 1024
        answer: dict = {'heap_mib': info.arena / mib, 'in_use_mib': info.uordblks / mib,
                        'free_inside_mib': info.fordblks / mib, 'mmapped_mib': info.hblkhd / mib,
                        'top_free_mib': info.keepcost / mib, 'objects': len(gc.get_objects()),
                        'kinds': collections.Counter(type(o).__qualname__ for o in gc.get_objects()).most_common(25)}
        if trace == 'start':
            tracemalloc.start(int(os.environ.get('BENCH_TRACE_FRAMES', '1')))
            self._trace = tracemalloc.take_snapshot()
        elif trace in {'compare', 'stop'} and tracemalloc.is_tracing():
            snapshot = tracemalloc.take_snapshot()
            diff = snapshot.compare_to(self._trace, 'traceback')
            answer['grew'] = [[str(d.size_diff // 1024) + ' KiB', d.count_diff, *map(str, d.traceback.format()[-6:])]
                              for d in diff[:30]]
            answer['traced_mib'] = tracemalloc.get_traced_memory()[0] / mib
            self._trace = snapshot
            if trace == 'stop':
                tracemalloc.stop()
        return answer


def add_routes(instruments: Instruments) -> None:
    from nicegui import app
    app.add_api_route('/bench/stats', instruments.stats)
    app.add_api_route('/bench/reset', instruments.reset, methods=['POST'])
    app.add_api_route('/bench/collect', instruments.collect, methods=['POST'])
    app.add_api_route('/bench/memory', instruments.memory, methods=['POST'])
    if os.environ.get('BENCH_GARBAGE'):
        async def garbage(about: str = '') -> dict:
            """What the last page loads left for the cycle collector; `about`: a kind whose first instance's
            referrers (within that garbage) are listed, to find what closes its cycle."""
            gc.set_debug(gc.DEBUG_SAVEALL)
            gc.collect()
            kinds = collections.Counter(type(o).__qualname__ for o in gc.garbage)
            total = len(gc.garbage)
            referrers = []
            found = next((o for o in gc.garbage if type(o).__qualname__ == about), None) if about else None
            inside = {id(o) for o in gc.garbage}
            for _step in range(12):  # a chain of referrers, one step at a time, until it comes back round
                if found is None:
                    break
                referrer = next((r for r in gc.get_referrers(found) if id(r) in inside and r is not gc.garbage), None)
                if referrer is not None:
                    keys = [k for k, v in referrer.items() if v is found][:3] if isinstance(referrer, dict) else []
                    referrers.append(f'{type(referrer).__qualname__} {keys} {str(referrer)[:160]}')
                found = referrer
            gc.garbage.clear()
            gc.set_debug(0)
            gc.collect()
            return {'total': total, 'kinds': kinds.most_common(40), 'referrers': referrers}
        app.add_api_route('/bench/garbage', garbage, methods=['POST'])
    if os.environ.get('BENCH_PROFILE'):  # a cProfile of the event loop's thread, written to that file
        import cProfile
        profile = cProfile.Profile()

        async def start() -> None:  # async: it must run on the event loop's thread, not in a worker
            profile.enable()

        async def stop() -> None:
            profile.disable()
            profile.dump_stats(os.environ['BENCH_PROFILE'])
        app.add_api_route('/bench/profile-start', start, methods=['POST'])
        app.add_api_route('/bench/profile-stop', stop, methods=['POST'])
    app.on_startup(lambda: asyncio.get_running_loop().create_task(instruments.watch_loop()))


async def sign_in(email: str, password: str) -> dict:
    """The portal's sign-in use case for one simulated browser; returns how long it took."""
    from domain.access import signing
    from domain.models import SessionKind
    started = time.perf_counter()
    browser = SimpleNamespace(browser_id=str(uuid4()), ip='127.0.0.1', user_agent='bench')
    await signing.sign_in(SessionKind.PORTAL, email, password, browser)  # type: ignore[arg-type]
    return {'ms': (time.perf_counter() - started) * 1000}


def leave_out_patches(names: str) -> None:
    """Drop the named patches from `integrations.framework.PATCHES` before app.py installs them."""
    from integrations import framework
    wanted = [name.strip() for name in names.split(',') if name.strip()]

    def named(patch_name: str, name: str) -> bool:
        return patch_name.startswith(name[:-1]) if name.endswith('.*') else patch_name == name
    for name in wanted:
        if not any(named(patch.name, name) for patch in framework.PATCHES):
            sys.exit(f'BENCH_WITHOUT: no patch {name!r}; the patches are '
                     f'{", ".join(patch.name for patch in framework.PATCHES)}')
    framework.PATCHES = tuple(patch for patch in framework.PATCHES
                              if not any(named(patch.name, name) for name in wanted))


def give_pages_time(seconds: float) -> None:
    """Every page made from now on waits `seconds` for its build (NiceGUI's `response_timeout`)."""
    from nicegui.page import page
    make = page.__init__

    def __init__(self: page, *args: object, **kwargs: object) -> None:
        make(self, *args, **kwargs)
        self.response_timeout = seconds
    page.__init__ = __init__  # type: ignore[method-assign]


def serve_app() -> None:
    from nicegui import app
    if os.environ.get('BENCH_WITHOUT'):
        leave_out_patches(os.environ['BENCH_WITHOUT'])
    if os.environ.get('BENCH_RESPONSE_TIMEOUT'):
        give_pages_time(float(os.environ['BENCH_RESPONSE_TIMEOUT']))
    add_routes(Instruments())
    app.add_api_route('/bench/sign-in', sign_in, methods=['POST'])
    os.chdir(ROOT)
    runpy.run_path(str(ROOT / 'app.py'), run_name='__main__')


def serve_empty() -> None:
    from nicegui import ui
    if os.environ.get('BENCH_RESPONSE_TIMEOUT'):
        give_pages_time(float(os.environ['BENCH_RESPONSE_TIMEOUT']))
    add_routes(Instruments())

    @ui.page('/')
    def index() -> None:
        ui.label('Hello')

    ui.run(host='127.0.0.1', port=int(os.environ['PORT']), reload=False, show=False, show_welcome_message=False,
           storage_secret='bench', language='en-US')


if __name__ in {'__main__', '__mp_main__'}:
    serve_app() if sys.argv[1] == 'app' else serve_empty()
