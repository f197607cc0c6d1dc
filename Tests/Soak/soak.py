#!/usr/bin/env python3
"""Soak: mixed traffic against one `mockclaude serve` for a while, from many clients at once.

Well-behaved clients stream the haiku and check every byte; others are cut off by disconnect,
reset and stall faults, send malformed requests and hostile numbers, or post to the admin API.
At the end it prints requests and errors by kind, the server's RSS (before, peak, after) and
whether it is still serving, and exits non-zero if any well-behaved client got wrong bytes or
the server died.

    swift build -c release
    python3 Tests/Soak/soak.py --bin .build/release/mockclaude --seconds 300 --clients 32
"""
import argparse
import collections
import http.client
import json
import pathlib
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
HAIKU = ROOT / "Cassettes" / "haiku.sse"
HEADERS = {"x-api-key": "k", "anthropic-version": "2023-06-01", "content-type": "application/json"}
BODY = json.dumps({"model": "claude-haiku-4-5", "max_tokens": 64, "stream": True,
                   "messages": [{"role": "user", "content": "hi"}]}).encode()


def wire_bytes(path: pathlib.Path) -> bytes:
    lines = path.read_text().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return "".join(line + "\n" for line in lines if not line.startswith(":@")).encode()


def rss_kib(pid: int) -> int:
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


SCENARIO = f"""
timing: instant
rules:
  - match: {{header: {{x-soak: disconnect}}}}
    steps: [{{cassette: {HAIKU}, disconnect: {{after_events: 3}}}}]
  - match: {{header: {{x-soak: reset}}}}
    steps: [{{cassette: {HAIKU}, reset: {{after_events: 2}}}}]
  - match: {{header: {{x-soak: stall}}}}
    steps: [{{cassette: {HAIKU}, stall: {{after_events: 2}}}}]
  - match: {{header: {{x-soak: error}}}}
    steps: [{{cassette: {HAIKU}, error_event: {{at: 3}}}}]
  - steps: [{{cassette: {HAIKU}}}]
"""

HOSTILE = [
    b"HELLO\r\n\r\n",
    b"POST /v1/messages HTTP/1.1\r\nhost: a\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n",
    b"GET /v1/models?= HTTP/1.1\r\nhost: a\r\nx-api-key: k\r\nanthropic-version: 2023-06-01\r\nconnection: close\r\n\r\n",
    b"GET /v1/models HTTP/1.1\r\nhost: a\r\nx-big: " + b"a" * 100_000 + b"\r\n\r\n",
]
for number in ["1e20", "1e999999", "9223372036854775808", "-1e19"]:
    body = ('{"model":"claude-haiku-4-5","max_tokens":%s,"messages":[{"role":"user","content":"hi"}]}' % number).encode()
    HOSTILE.append(b"POST /v1/messages HTTP/1.1\r\nhost: a\r\nx-api-key: k\r\nanthropic-version: 2023-06-01\r\n"
                   b"connection: close\r\ncontent-length: %d\r\n\r\n%s" % (len(body), body))


def raw(port: int, data: bytes, timeout: float) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        out = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    return out
                out += chunk
        except (socket.timeout, ConnectionResetError):
            return out


class Soak:
    def __init__(self, port: int, deadline: float, expected: bytes):
        self.port, self.deadline, self.expected = port, deadline, expected
        self.counts = collections.Counter()
        self.lock = threading.Lock()

    def count(self, key: str) -> None:
        with self.lock:
            self.counts[key] += 1

    def good_stream(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("POST", "/v1/messages", BODY, HEADERS)
            response = connection.getresponse()
            body = response.read()
            self.count("good: correct bytes" if response.status == 200 and body == self.expected else "good: WRONG BYTES")
        except Exception as error:  # a well-behaved client must never fail
            self.count(f"good: FAILED ({type(error).__name__})")
        finally:
            connection.close()

    def faulted(self, kind: str) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1 if kind == "stall" else 10)
        try:
            connection.request("POST", "/v1/messages", BODY, dict(HEADERS, **{"x-soak": kind}))
            response = connection.getresponse()
            response.read()
            self.count(f"{kind}: completed")
        except Exception as error:
            self.count(f"{kind}: cut ({type(error).__name__})")
        finally:
            connection.close()

    def hostile(self, rng: random.Random) -> None:
        reply = raw(self.port, rng.choice(HOSTILE), timeout=5)
        status = reply[9:12].decode(errors="replace") if reply.startswith(b"HTTP/1.1 ") else "none"
        self.count(f"hostile: {status}")

    def admin(self, rng: random.Random) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            if rng.random() < 0.5:
                connection.request("GET", "/_mockclaude/journal")
            else:
                connection.request("POST", "/_mockclaude/faults", "{latency: 1e300s}", {"content-type": "application/yaml"})
            response = connection.getresponse()
            response.read()
            self.count(f"admin: {response.status}")
        finally:
            connection.close()

    def client(self, seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < self.deadline:
            roll = rng.random()
            if roll < 0.55:
                self.good_stream()
            elif roll < 0.85:
                self.faulted(rng.choice(["disconnect", "reset", "stall", "error"]))
            elif roll < 0.97:
                self.hostile(rng)
            else:
                self.admin(rng)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=str(ROOT / ".build" / "release" / "mockclaude"))
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--journal-entries", type=int, default=10_000, help="passed to serve")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        scenario = pathlib.Path(folder) / "soak.yaml"
        scenario.write_text(SCENARIO)
        server = subprocess.Popen([args.bin, "serve", "--port", "0", "--log-level", "warning", "--scenario", str(scenario),
                                   "--journal-entries", str(args.journal_entries)],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        base = server.stdout.readline().strip()
        port = int(base.rsplit(":", 1)[1])
        soak = Soak(port, time.monotonic() + args.seconds, wire_bytes(HAIKU))
        soak.good_stream()  # warm up, then measure the baseline
        before = peak = rss_kib(server.pid)
        threads = [threading.Thread(target=soak.client, args=(seed,), daemon=True) for seed in range(args.clients)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        while any(thread.is_alive() for thread in threads):
            peak = max(peak, rss_kib(server.pid))
            if server.poll() is not None:
                break
            time.sleep(0.5)  # sampling interval for RSS, not synchronisation
        elapsed = time.monotonic() - started
        alive = server.poll() is None
        after_counts = dict(soak.counts)
        soak.counts.clear()
        soak.good_stream()  # still serving correct bytes?
        still_correct = soak.counts.get("good: correct bytes", 0) == 1
        after = rss_kib(server.pid) if alive else 0
        kept = dropped = 0
        after_reset = 0
        if alive:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/_mockclaude/journal")
            journal = json.loads(connection.getresponse().read())
            kept, dropped = len(journal["requests"]), journal.get("dropped", 0)
            connection.request("POST", "/_mockclaude/reset")  # empties the journal
            connection.getresponse().read()
            connection.close()
            after_reset = rss_kib(server.pid)
        server.terminate()
        code = server.wait(timeout=10)

    total = sum(after_counts.values())
    print(f"soak: {args.clients} clients for {elapsed:.0f} s: {total} requests ({total / elapsed:.0f}/s)")
    for key, value in sorted(after_counts.items()):
        print(f"  {key:40} {value}")
    print(f"RSS before {before / 1024:.1f} MiB, peak {peak / 1024:.1f} MiB, after {after / 1024:.1f} MiB "
          f"(journal: {kept} entries kept, {dropped} dropped), after a journal reset {after_reset / 1024:.1f} MiB")
    print(f"server alive: {alive}; correct stream afterwards: {still_correct}; exit code on SIGTERM: {code}")
    wrong = sum(v for k, v in after_counts.items() if k.startswith("good:") and k != "good: correct bytes")
    ok = alive and still_correct and wrong == 0 and code == 0
    print("soak " + ("passed" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
