"""SIGTERM while streams are open: connections are closed and the process exits 0."""
import json
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
