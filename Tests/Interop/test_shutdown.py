"""SIGTERM while streams are open: connections are closed and the process exits 0."""
import json
import select
import socket
import threading
import time
import urllib.request

from conftest import CASSETTES, Mock


def open_stream(port: int, received: list, started: threading.Event, closed: threading.Event) -> None:
    body = b'{"model":"claude-haiku-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi"}]}'
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=20) as s:
            s.sendall(b"POST /v1/messages HTTP/1.1\r\nhost: 127.0.0.1\r\nx-api-key: k\r\nanthropic-version: 2023-06-01\r\n"
                      b"content-type: application/json\r\ncontent-length: %d\r\n\r\n%s" % (len(body), body))
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                received.append(chunk)
                started.set()
    except ConnectionResetError:
        pass  # a connection still in the listen backlog at shutdown is reset: closed all the same
    closed.set()

def test_sigterm_during_slow_and_stalled_streams_exits_zero_and_closes_them(tmp_path):
    scenario = tmp_path / "slow.yaml"
    scenario.write_text(f"timing: {{first_event: 1ms, per_event: 10s}}\nsteps:\n  - cassette: {CASSETTES / 'haiku.sse'}\n  - hang: true\n")
    mock = Mock("--scenario", str(scenario))
    port = int(mock.base_url.rsplit(":", 1)[1])
    streams = []
    for _ in range(2):  # one slow stream, then one that is never answered
        received, started, closed = [], threading.Event(), threading.Event()
        threading.Thread(target=open_stream, args=(port, received, started, closed), daemon=True).start()
        streams.append((received, started, closed))
        if not streams[1:]:
            # The slow stream has its head before the second connection opens (so it takes step 1).
            assert started.wait(10), "the slow stream never started"
    # Both requests are in the journal (the second waits on the `hang` step) before the signal.
    deadline = time.monotonic() + 10
    while len(json.load(urllib.request.urlopen(f"{mock.base_url}/_mockclaude/journal"))["requests"]) < 2:
        assert time.monotonic() < deadline, "the second request never arrived"
        time.sleep(0.01)
    assert mock.stop() == 0
    for received, _, closed in streams:
        assert closed.wait(5), "a connection stayed open after shutdown"
    assert b"HTTP/1.1 200 OK" in b"".join(streams[0][0])


def test_buffered_log_lines_all_reach_stderr_by_exit_and_within_a_moment(tmp_path):
    """Log lines are buffered (Logs.swift): none is lost at exit, and one arrives while serving."""
    mock = Mock("--log-level", "info", "--timing", "instant")
    headers = {"x-api-key": "k", "anthropic-version": "2023-06-01", "content-type": "application/json"}
    body = b'{"model":"claude-haiku-4-5","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}'
    for _ in range(40):
        request = urllib.request.Request(mock.base_url + "/v1/messages", data=body, headers=headers)
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
    assert mock.stop() == 0
    lines = mock.process.stderr.read().splitlines()
    assert sum("POST /v1/messages -> 200 finished" in line for line in lines) == 40, lines[-3:]


def test_a_log_line_arrives_within_the_flush_interval():
    mock = Mock("--log-level", "info")
    try:
        # The "serving …" line is logged once listening; with no more traffic it must still be
        # written, within the 100 ms flush (5 s allowed here, for a loaded machine).
        ready, _, _ = select.select([mock.process.stderr], [], [], 5)
        assert ready, "no log line within 5 s: the buffer was not flushed"
        assert "serving" in mock.process.stderr.readline()
    finally:
        mock.stop()
