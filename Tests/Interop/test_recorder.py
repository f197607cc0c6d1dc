"""`mockclaude record` as users run it: the Python SDK through the recording proxy, the
session replayed, one-shot recording, and the refusals."""
import os
import pathlib
import subprocess

import anthropic

from conftest import CASSETTES, Mock, binary

ASK = [{"role": "user", "content": "Write a haiku about testing"}]


class Recorder(Mock):
    def __init__(self, *args: str, env=None):
        self.process = subprocess.Popen([binary(), "record", "--log-level", "warning", *args], stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, env=env)
        self.base_url = self.process.stdout.readline().strip()
        if not self.base_url.startswith("http://"):
            self.process.kill()
            raise RuntimeError(f"record did not start: {self.process.stderr.read()}")


def test_the_sdk_through_the_recorder_then_the_replay(serve, tmp_path: pathlib.Path):
    upstream = serve("haiku.sse", "tool_use.sse", timing="x10")
    recorder = Recorder("--upstream", upstream, "--port", "0", "--out", str(tmp_path))
    try:
        # The fake key is split so no key-shaped text is committed.
        via_proxy = anthropic.Anthropic(base_url=recorder.base_url, api_key="sk-ant-" + "test-not-a-real-key-1234567890")
        with via_proxy.messages.stream(model="claude-haiku-4-5", max_tokens=256, messages=ASK) as stream:
            streamed = "".join(stream.text_stream)
            first = stream.get_final_message()
        second = via_proxy.messages.create(model="claude-haiku-4-5", max_tokens=256, messages=ASK)
    finally:
        assert recorder.stop() == 0
    assert streamed.startswith("Silent")
    assert first.usage.output_tokens == 21
    assert second.content[1].input == {"location": "San Francisco, CA", "unit": "fahrenheit"}

    session = tmp_path / "session.yaml"
    assert session.exists()
    for path in tmp_path.iterdir():
        assert "sk-ant-test-not-a-real-key" not in path.read_text()

    replay = Mock("--scenario", str(session), "--timing", "instant")
    try:
        again = anthropic.Anthropic(base_url=replay.base_url, api_key="k")
        with again.messages.stream(model="claude-haiku-4-5", max_tokens=256, messages=ASK) as stream:
            assert "".join(stream.text_stream) == streamed
        assert again.messages.create(model="claude-haiku-4-5", max_tokens=256, messages=ASK).content == second.content
    finally:
        assert replay.stop() == 0


def record_one_then_go_offline(serve, tmp_path: pathlib.Path, mode: str) -> "Recorder":
    """Records ASK once through the proxy, then starts the recorder in `mode` with the upstream gone."""
    recorder = Recorder("--upstream", serve("haiku.sse"), "--out", str(tmp_path))
    anthropic.Anthropic(base_url=recorder.base_url, api_key="k").messages.create(model="claude-haiku-4-5", max_tokens=5, messages=ASK)
    assert recorder.stop() == 0
    return Recorder("--upstream", "http://127.0.0.1:1", "--out", str(tmp_path), "--mode", mode)


def test_once_replays_an_existing_session_without_the_network(serve, tmp_path: pathlib.Path):
    # The upstream is gone now; --mode once finds the session and replays it.
    offline = record_one_then_go_offline(serve, tmp_path, "once")
    try:
        message = anthropic.Anthropic(base_url=offline.base_url, api_key="k").messages.create(model="claude-haiku-4-5", max_tokens=5, messages=ASK)
        assert message.content[0].text.startswith("Silent")
    finally:
        assert offline.stop() == 0


def test_none_answers_only_what_was_recorded(serve, tmp_path: pathlib.Path):
    offline = record_one_then_go_offline(serve, tmp_path, "none")
    try:
        client = anthropic.Anthropic(base_url=offline.base_url, api_key="k", max_retries=0)
        assert client.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=ASK).content[0].text.startswith("Silent")
        other = [{"role": "user", "content": "A question nobody recorded"}]
        try:
            client.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=other)
            raise AssertionError("an unrecorded question was answered")
        except anthropic.APIStatusError as error:
            assert error.status_code == 418
            assert "body.messages" in error.message and "A question nobody recorded" in error.message
            assert "record it with: mockclaude record --mode new_episodes" in error.message
    finally:
        assert offline.stop() == 0


def run_record(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([binary(), "record", *args], capture_output=True, text=True, timeout=60, env=env)


def test_refusals_say_why(tmp_path: pathlib.Path):
    none = run_record("--mode", "none", "--out", str(tmp_path))
    assert none.returncode != 0 and "does not exist; record it first with --mode once" in none.stderr
    blocked = tmp_path / "file"
    blocked.write_text("x")
    unwritable = run_record("--out", str(blocked / "sub"))
    assert unwritable.returncode != 0 and "cannot write to" in unwritable.stderr
    env = {k: v for k, v in os.environ.items() if k != "ANTHROPIC_API_KEY"}
    no_key = run_record("--prompt", "hi", "--out", str(tmp_path / "x.sse"), env=env)
    assert no_key.returncode != 0 and "set ANTHROPIC_API_KEY" in no_key.stderr


def test_one_shot_writes_a_cassette_and_prints_the_text(serve, tmp_path: pathlib.Path):
    upstream = serve("haiku.sse")
    out = tmp_path / "haiku.sse"
    env = dict(os.environ, ANTHROPIC_API_KEY="sk-ant-" + "test-one-shot-key-0987654321")
    result = run_record("--prompt", "Write a haiku", "--upstream", upstream, "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert "Silent morning code" in result.stdout
    assert "12 events" in result.stderr
    text = out.read_text()
    assert "sk-ant-test-one-shot-key" not in text
    assert subprocess.run([binary(), "validate", str(out)], capture_output=True).returncode == 0
    wire = "".join(line + "\n" for line in text.split("\n")[:-1] if not line.startswith(":@"))
    original = "".join(line + "\n" for line in (CASSETTES / "haiku.sse").read_text().split("\n")[:-1] if not line.startswith(":@"))
    assert wire == original


def test_all_records_again_over_an_existing_session(serve, tmp_path: pathlib.Path):
    first_upstream = serve("haiku.sse")
    recorder = Recorder("--upstream", first_upstream, "--out", str(tmp_path))
    anthropic.Anthropic(base_url=recorder.base_url, api_key="k").messages.create(model="claude-haiku-4-5", max_tokens=5, messages=ASK)
    assert recorder.stop() == 0
    second_upstream = serve("tool_use.sse")
    again = Recorder("--upstream", second_upstream, "--out", str(tmp_path), "--mode", "all")
    try:
        message = anthropic.Anthropic(base_url=again.base_url, api_key="k").messages.create(model="claude-haiku-4-5", max_tokens=5, messages=ASK)
        assert message.stop_reason == "tool_use"  # forwarded, not replayed
    finally:
        assert again.stop() == 0
    replay = Mock("--scenario", str(tmp_path / "session.yaml"), "--timing", "instant")
    try:
        replayed = anthropic.Anthropic(base_url=replay.base_url, api_key="k").messages.create(model="claude-haiku-4-5", max_tokens=5, messages=ASK)
        assert replayed.stop_reason == "tool_use"  # the session now holds the new recording
    finally:
        assert replay.stop() == 0


def delays(cassette: pathlib.Path) -> list[float]:
    """The `:@ +Nms` delays of a cassette, in milliseconds."""
    values = []
    for line in cassette.read_text().split("\n"):
        if line.startswith(":@ +"):
            text = line[4:]
            values.append(float(text[:-2]) if text.endswith("ms") else float(text[:-1]) * 1000)
    return values


def test_recorded_delays_match_the_upstreams(serve, tmp_path: pathlib.Path):
    upstream = serve("haiku.sse", timing="recorded")
    recorder = Recorder("--upstream", upstream, "--out", str(tmp_path))
    try:
        with anthropic.Anthropic(base_url=recorder.base_url, api_key="k").messages.stream(
                model="claude-haiku-4-5", max_tokens=256, messages=ASK) as stream:
            list(stream.text_stream)
    finally:
        assert recorder.stop() == 0
    recorded = delays(next(tmp_path.glob("session-001-*.sse")))
    original = delays(CASSETTES / "haiku.sse")
    assert len(recorded) == len(original)
    for got, want in zip(recorded, original):
        assert abs(got - want) <= 30, (recorded, original)
