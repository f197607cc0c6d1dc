#!/usr/bin/env python3
"""1,000 clients stream the haiku at its recorded pace from one `mockclaude serve`, all at once.

Prints one JSON object: how many completed byte-identical, the server's peak resident memory
(VmHWM from /proc), and the spread of completion times (max/min: a starved stream shows as a
large ratio). Run by Benchmarks/run; usable alone:

    python3 Benchmarks/slow_streams.py --bin .build/release/mockclaude --clients 1000
"""
import argparse, asyncio, json, os, re, time

from serving import serve

# The replay request's body (Benchmarks/replay.lua, shared with the other benchmark scripts).
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "replay.lua")) as _lua:
    BODY = re.search(r"^wrk\.body = '(.*)'$", _lua.read(), re.M).group(1).encode()


def request(port: int) -> bytes:
    head = (
        f"POST /v1/messages HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\ncontent-type: application/json\r\n"
        f"x-api-key: sk-bench\r\nanthropic-version: 2023-06-01\r\ncontent-length: {len(BODY)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode() + BODY


def dechunk(raw: bytes) -> bytes:
    head, _, rest = raw.partition(b"\r\n\r\n")
    body = b""
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line, 16)
        if size == 0:
            return body
        body, rest = body + rest[:size], rest[size + 2:]
    raise ValueError("body not complete")


async def client(port: int, started: float):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request(port))
    await writer.drain()
    raw = await reader.read(-1)  # the server closes: connection: close
    writer.close()
    return time.monotonic() - started, dechunk(raw)


def peak_rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--cassette", default=os.path.join(os.path.dirname(__file__), "..", "Cassettes", "haiku.sse"))
    args = parser.parse_args()

    with serve(args.bin, "--cassette", args.cassette) as (server, port):
        # The reference body: one stream alone.
        _, reference = await client(port, time.monotonic())
        rss_before = peak_rss_kib(server.pid)
        started = time.monotonic()
        results = await asyncio.gather(*(client(port, started) for _ in range(args.clients)), return_exceptions=True)
        peak = peak_rss_kib(server.pid)

    done = [r for r in results if not isinstance(r, BaseException)]
    identical = [t for t, body in done if body == reference]
    errors = [repr(r) for r in results if isinstance(r, BaseException)][:3]
    times = sorted(identical)
    print(json.dumps({
        "clients": args.clients,
        "completed_identical": len(identical),
        "errors": errors,
        "peak_rss_mib": round(peak / 1024, 1),
        "rss_before_mib": round(rss_before / 1024, 1),
        "fastest_s": round(times[0], 3) if times else None,
        "median_s": round(times[len(times) // 2], 3) if times else None,
        "slowest_s": round(times[-1], 3) if times else None,
        "max_min_ratio": round(times[-1] / times[0], 3) if times else None,
    }))


asyncio.run(main())
