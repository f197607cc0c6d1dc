"""The `mockclaude` command line as users type it."""
import pathlib
import subprocess
import time

import json
import re
import urllib.error
import urllib.request

import pytest

from conftest import CASSETTES, SCENARIOS, binary


def run(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([binary(), *args], capture_output=True, text=True, timeout=timeout)


def test_play_prints_text_and_tool_input():
    result = run("play", str(CASSETTES / "tool_use.sse"), "--timing", "instant")
    assert result.returncode == 0, result.stderr
    assert "I'll check the current weather in San Francisco for you." in result.stdout
    assert '[tool_use get_weather] {"location": "San Francisco, CA", "unit": "fahrenheit"}' in result.stdout
    assert "[stop_reason: tool_use, output_tokens: 89]" in result.stdout


def test_a_broken_cassette_stops_serve_with_file_and_line(tmp_path: pathlib.Path):
    bad = tmp_path / "bad.sse"
    bad.write_text('event: message_start\ndata: {"type":"message_start",\n\n')
    result = run("serve", "--cassette", str(bad))
    assert result.returncode != 0
    assert f"{bad}:2: data is not valid JSON" in result.stderr
    assert result.stdout == ""  # no base URL: nothing started


def test_a_broken_scenario_stops_serve_with_a_suggestion(tmp_path: pathlib.Path):
    bad = tmp_path / "x.yaml"
    bad.write_text("steps:\n  - text: hi\n    faults: [disconect]\n")
    result = run("serve", "--scenario", str(bad))
    assert result.returncode != 0
    assert f"{bad}:3: unknown fault 'disconect' (fix: did you mean 'disconnect'?" in result.stderr
    assert result.stdout == ""


def test_bad_timing_is_explained():
    result = run("serve", "--timing", "fast")
    assert result.returncode != 0
    assert "The value 'fast' is invalid for '--timing <timing>'" in result.stderr
    assert "recorded (default), instant, or x<factor> with a factor from 0.001 to 1000000" in result.stderr


@pytest.mark.parametrize("name", sorted(p.name for p in SCENARIOS.glob("*.yaml")))
def test_every_shipped_scenario_serves(serve_args, name):
    base_url = serve_args("--scenario", str(SCENARIOS / name))
    headers = {"x-api-key": "k", "anthropic-version": "2023-06-01", "content-type": "application/json"}
    body = {"model": "claude-haiku-4-5", "max_tokens": 64, "stream": True, "messages": [{"role": "user", "content": "hi"}]}
    request = urllib.request.Request(base_url + "/v1/messages", data=json.dumps(body).encode(), headers=headers)
    try:
        response = urllib.request.urlopen(request, timeout=5)  # returns once the head is in
    except urllib.error.HTTPError as error:
        response = error
    assert response.status in (200, 429), name
    assert response.headers["request-id"].startswith("req_")
    response.close()


def test_validate_passes_the_shipped_files_and_fails_broken_ones():
    shipped = [str(p) for p in sorted(CASSETTES.glob("*.sse")) + sorted(SCENARIOS.glob("*.yaml"))]
    clean = run("validate", *shipped)
    assert clean.returncode == 0, clean.stdout
    assert clean.stdout.strip().endswith(", 0 problems")
    broken = pathlib.Path(__file__).resolve().parents[1] / "Fixtures" / "broken"
    bad = run("validate", str(broken / "out-of-order.sse"), str(broken / "typo-fault.yaml"))
    assert bad.returncode == 1
    assert f"{broken / 'out-of-order.sse'}:10: block index 2, expected 1" in bad.stdout
    assert f"{broken / 'typo-fault.yaml'}:5: unknown fault 'disconect'" in bad.stdout


def test_validate_fix_adds_missing_event_lines(tmp_path: pathlib.Path):
    broken = pathlib.Path(__file__).resolve().parents[1] / "Fixtures" / "broken" / "missing-event-line.sse"
    copy = tmp_path / "c.sse"
    copy.write_text(broken.read_text())
    result = run("validate", "--fix", str(copy))
    assert result.returncode == 0, result.stdout
    assert f"fixed {copy}:4: added 'event: content_block_start'" in result.stdout
    assert "event: content_block_start\n" in copy.read_text()


def test_port_file_holds_the_bound_port_once_listening(tmp_path: pathlib.Path):
    port_file = tmp_path / "mock.port"
    process = subprocess.Popen([binary(), "serve", "--port-file", str(port_file), "--log-level", "warning"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        base_url = process.stdout.readline().strip()
        # The port file is written before the base URL is printed; wait for it all the same.
        deadline = time.monotonic() + 10
        while not port_file.exists():
            assert time.monotonic() < deadline, "no port file"
            time.sleep(0.01)
        port = int(port_file.read_text().strip())
        assert base_url == f"http://127.0.0.1:{port}"
        with urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/v1/models",
                                                           headers={"x-api-key": "k", "anthropic-version": "2023-06-01"})) as response:
            assert response.status == 200
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0


def test_a_signal_sent_as_soon_as_the_port_file_appears_shuts_serve_down(tmp_path: pathlib.Path):
    # A client that learns the port may stop the mock at once: the signal must not be lost
    # (it once was when it came before the handler was in place, and serve never exited).
    for attempt in range(20):
        port_file = tmp_path / f"mock{attempt}.port"
        process = subprocess.Popen([binary(), "serve", "--port-file", str(port_file), "--log-level", "warning"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 10
            while not port_file.exists():
                assert time.monotonic() < deadline, "no port file"
                time.sleep(0.001)  # polling for the file; the signal follows at once
            process.terminate()
            assert process.wait(timeout=10) == 0, f"attempt {attempt}"
        finally:
            process.kill()


def test_an_unwritable_port_file_is_one_clear_line():
    result = run("serve", "--port-file", "/nonexistent-folder/mock.port")
    assert result.returncode != 0
    assert "cannot write --port-file /nonexistent-folder/mock.port" in result.stderr


def test_version():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.strip().count(".") == 2


def test_serve_logs_one_whole_line_per_request():
    # The default log level: a line per request on stderr, each whole, in the order answered.
    process = subprocess.Popen([binary(), "serve"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        base_url = process.stdout.readline().strip()
        body = json.dumps({"model": "claude-haiku-4-5", "max_tokens": 16, "messages": [{"role": "user", "content": "hi"}]}).encode()
        headers = {"x-api-key": "k", "anthropic-version": "2023-06-01", "content-type": "application/json"}
        with urllib.request.urlopen(urllib.request.Request(f"{base_url}/v1/messages", data=body, headers=headers)) as response:
            assert response.status == 200
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(urllib.request.Request(f"{base_url}/v1/nothing", headers=headers))
        assert missing.value.code == 404
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert process.returncode == 0
    line = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (info|warning|error) mockclaude: (.+)$")
    lines = stderr.splitlines()
    assert lines and all(line.match(text) for text in lines), stderr
    answered = [match.group(2) for match in map(line.match, lines) if " -> " in match.group(2)]
    assert answered == ["POST /v1/messages -> 200 finished", "GET /v1/nothing -> 404 finished"]
