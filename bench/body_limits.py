"""How much a big request body grows the server: `python app.py` on a fresh SQLite database gets chunked POSTs
(no Content-Length) of 64 MiB and 200 MB to the webhook and to other addresses, and a declared 200 MB body.

    .venv/bin/python bench/body_limits.py

Prints the answer, the server's resident memory before and after each, how much of the body the client got out
before the server stopped reading, and how long the answer took. Target: 413 (or a 4xx that reads nothing), and
memory within a few MiB of where it was.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024
CHUNK = b'x' * (64 * 1024)


def rss_mib(pid: int) -> float:
    for line in Path(f'/proc/{pid}/status').read_text().splitlines():
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
    return float('nan')


def post_chunked(port: int, path: str, total: int) -> tuple[str, int]:
    sock = socket.create_connection(('127.0.0.1', port), timeout=60)
    sock.sendall(f'POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n'.encode())
    sent = 0

    def send_body() -> None:
        nonlocal sent
        try:
            while sent < total:
                sock.sendall(b'%x\r\n' % len(CHUNK) + CHUNK + b'\r\n')
                sent += len(CHUNK)
            sock.sendall(b'0\r\n\r\n')
        except OSError:
            pass
    sender = threading.Thread(target=send_body, daemon=True)
    sender.start()
    answer = b''
    while b'\r\n' not in answer:
        data = sock.recv(4096)
        if not data:
            break
        answer += data
    sock.close()
    sender.join(timeout=60)
    return answer.split(b'\r\n', 1)[0].decode(errors='replace'), sent


def post_declared(port: int, path: str, length: int) -> tuple[str, int]:
    with socket.create_connection(('127.0.0.1', port), timeout=10) as sock:
        sock.sendall(f'POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {length}\r\n\r\n'.encode())
        return sock.recv(4096).split(b'\r\n', 1)[0].decode(errors='replace'), 0


def main() -> None:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
    data = Path(tempfile.mkdtemp(prefix='bench-body-'))
    env = {**os.environ, 'DATA_DIR': str(data), 'PORT': str(port), 'LOCALSTRIPE_PORT': 'off',
           'DATABASE_URL': f'sqlite://{data / "portal.sqlite3"}'}
    subprocess.run([sys.executable, '-m', 'integrations.database', 'migrate'], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    server = subprocess.Popen([sys.executable, 'app.py'], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        for _ in range(150):
            try:
                if httpx.get(f'http://127.0.0.1:{port}/healthz', timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        httpx.post(f'http://127.0.0.1:{port}/stripe/webhook', content=b'{}')
        print(f'{"request":58} {"answer":28} {"RSS before":>10} {"after":>8} {"sent":>9} {"time":>7}')
        cases = [('chunked 64 MiB  POST /stripe/webhook', post_chunked, '/stripe/webhook', 64 * MIB),
                 ('chunked 200 MB  POST /stripe/webhook', post_chunked, '/stripe/webhook', 200_000_000),
                 ('chunked 64 MiB  POST /_nicegui_ws/socket.io/ (polling)', post_chunked,
                  '/_nicegui_ws/socket.io/?EIO=4&transport=polling', 64 * MIB),
                 ('chunked 64 MiB  POST /no-such-address', post_chunked, '/no-such-address', 64 * MIB),
                 ('declared 200 MB POST /stripe/webhook', post_declared, '/stripe/webhook', 200_000_000)]
        for name, send, path, size in cases:
            before = rss_mib(server.pid)
            started = time.perf_counter()
            answer, sent = send(port, path, size)
            took = time.perf_counter() - started
            time.sleep(0.3)
            after = rss_mib(server.pid)
            print(f'{name:58} {answer[:28]:28} {before:8.1f} MiB {after:6.1f} MiB {sent / MIB:6.1f} MiB {took:6.2f} s')
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == '__main__':
    main()
