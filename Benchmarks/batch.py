#!/usr/bin/env python3
"""A 100,000-request batch against `mockclaude serve --virtual-clock`, measured from outside.

Creates the batch over HTTP, moves the virtual clock a day on, retrieves it (every result is
produced then) and downloads the results as a stream, counting lines. Prints one JSON object:
seconds per phase and in all, the request body's size, and the server's resident memory before
the batch and at its peak (VmHWM from /proc: the server alone, not this client). Run by
Benchmarks/run; usable alone:

    python3 Benchmarks/batch.py --bin .build/release/mockclaude --requests 100000
"""
import argparse, http.client, json, sys, time

from serving import serve

HEADERS = {"x-api-key": "sk-bench", "anthropic-version": "2023-06-01", "content-type": "application/json"}


def status_kib(pid: int, key: str) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(key):
                return int(line.split()[1])
    return 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--requests", type=int, default=100_000)
    args = parser.parse_args()

    body = bytearray(b'{"requests":[')
    for index in range(args.requests):
        if index:
            body += b","
        body += (
            '{"custom_id":"req-%d","params":{"model":"claude-haiku-4-5","max_tokens":64,'
            '"messages":[{"role":"user","content":"Question number %d?"}]}}' % (index, index)
        ).encode()
    body += b"]}"

    with serve(args.bin, "--virtual-clock", "--timing", "instant") as (server, port):
        before = status_kib(server.pid, "VmRSS:")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

        def call(method, path, payload=None, headers=HEADERS):
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            data = response.read()
            if response.status != 200:
                sys.exit(f"{method} {path}: {response.status} {data[:300]!r}")
            return json.loads(data)

        started = time.monotonic()
        created = call("POST", "/v1/messages/batches", bytes(body))
        create = time.monotonic() - started
        after_create = status_kib(server.pid, "VmHWM:")
        call("POST", "/_mockclaude/clock/advance", b'{"seconds": 90000}', {"content-type": "application/json"})
        started = time.monotonic()
        ended = call("GET", f"/v1/messages/batches/{created['id']}")
        end = time.monotonic() - started
        after_end = status_kib(server.pid, "VmHWM:")
        started = time.monotonic()
        connection.request("GET", f"/v1/messages/batches/{created['id']}/results", headers=HEADERS)
        response = connection.getresponse()
        lines = 0
        size = 0
        while chunk := response.read(1 << 16):
            lines += chunk.count(b"\n")
            size += len(chunk)
        download = time.monotonic() - started
        peak = status_kib(server.pid, "VmHWM:")

    print(json.dumps({
        "requests": args.requests,
        "body_mib": round(len(body) / 1048576, 1),
        "create_s": round(create, 3), "end_s": round(end, 3), "download_s": round(download, 3),
        "total_s": round(create + end + download, 3),
        "succeeded": ended["request_counts"]["succeeded"], "result_lines": lines, "results_mib": round(size / 1048576, 1),
        "rss_before_mib": round(before / 1024, 1), "peak_rss_mib": round(peak / 1024, 1),
        "growth_mib": round((peak - before) / 1024, 1),
        "peak_after_create_mib": round(after_create / 1024, 1), "peak_after_end_mib": round(after_end / 1024, 1),
    }))


main()
