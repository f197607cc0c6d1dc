"""The official Python SDK against scripted faults: retries, overload, disconnects, tool loops."""
import time

import anthropic
import pytest

ASK = [{"role": "user", "content": "Write a haiku about testing"}]
HAIKU = "Silent morning code\nTests pass in the quiet light\nThe mock speaks like rain"


def client(base_url: str, **kwargs) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=base_url, api_key="test-key", **kwargs)


def create(c: anthropic.Anthropic):
    return c.messages.create(model="claude-haiku-4-5", max_tokens=64, messages=ASK)


def test_429_with_retry_after_is_waited_for_then_529_retried_then_success(scenario):
    c = client(scenario("retry-then-ok.yaml"))
    started = time.monotonic()
    message = create(c)
    elapsed = time.monotonic() - started
    assert message.content[0].text == HAIKU
    # retry-after: 1 is honoured (1 s), then the 529 backs off 0.375-1 s before the third attempt.
    assert elapsed >= 1.0 + 0.375, elapsed
    assert elapsed < 5, elapsed


def test_429_retry_after_alone_takes_about_that_long(scenario):
    c = client(scenario("""
timing: instant
steps:
  - rate_limited: {retry_after: 1}
  - text: after the wait
"""))
    started = time.monotonic()
    message = create(c)
    elapsed = time.monotonic() - started
    assert message.content[0].text == "after the wait"
    assert 1.0 <= elapsed < 1.9, elapsed


def test_529_exhausts_the_retries_and_raises_overloaded_error(scenario):
    c = client(scenario("""
timing: instant
steps:
  - overloaded: 529
    times: 3
  - text: fourth request
"""))
    with pytest.raises(anthropic.OverloadedError) as caught:
        create(c)
    assert caught.value.status_code == 529
    assert caught.value.body["error"]["type"] == "overloaded_error"
    # Exactly three attempts were made: the next request gets the fourth step.
    assert create(c).content[0].text == "fourth request"


def test_x_should_retry_false_stops_the_retries(scenario):
    c = client(scenario("""
timing: instant
steps:
  - overloaded: 529
    should_retry: false
  - text: second request
"""))
    with pytest.raises(anthropic.OverloadedError):
        create(c)
    assert create(c).content[0].text == "second request"


def test_mid_stream_disconnect_is_a_connection_error_and_is_not_retried(scenario):
    c = client(scenario("mid-stream-disconnect.yaml"))
    received = []
    with pytest.raises(Exception) as caught:
        with c.messages.stream(model="claude-haiku-4-5", max_tokens=64, messages=ASK) as stream:
            for text in stream.text_stream:
                received.append(text)
    assert not isinstance(caught.value, anthropic.APIStatusError)
    assert "incomplete" in str(caught.value) or "closed" in str(caught.value), repr(caught.value)
    assert received == ["Silent", " morning code"]  # five events: start, block start, ping, two deltas, then the cut
    # Not retried: the next request is the scenario's second step, whole.
    with c.messages.stream(model="claude-haiku-4-5", max_tokens=64, messages=ASK) as stream:
        assert "".join(stream.text_stream) == HAIKU


def test_error_event_raises_api_status_error(scenario):
    c = client(scenario("overloaded-event.yaml"))
    with pytest.raises(anthropic.APIStatusError) as caught:
        with c.messages.stream(model="claude-haiku-4-5", max_tokens=64, messages=ASK) as stream:
            list(stream.text_stream)
    assert caught.value.type == "overloaded_error"
    assert not isinstance(caught.value, anthropic.OverloadedError)  # a 200 stream: the generic class


def test_tool_loop_completes_with_the_sdk_accumulating_messages(scenario):
    c = client(scenario("tool-loop.yaml"))
    tools = [{"name": "get_weather", "input_schema": {"type": "object", "properties": {"location": {"type": "string"}}}}]
    messages = [{"role": "user", "content": "What is the weather in Paris?"}]
    with c.messages.stream(model="claude-sonnet-4-6", max_tokens=256, messages=messages, tools=tools) as stream:
        first = stream.get_final_message()
    assert first.stop_reason == "tool_use"
    call = next(block for block in first.content if block.type == "tool_use")
    assert call.name == "get_weather"
    assert call.input == {"location": "Paris, France", "unit": "celsius"}

    messages += [
        {"role": "assistant", "content": first.content},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": call.id, "content": "18C, sunny"}]},
    ]
    with c.messages.stream(model="claude-sonnet-4-6", max_tokens=256, messages=messages, tools=tools) as stream:
        final = stream.get_final_message()
    assert final.stop_reason == "end_turn"
    assert final.content[0].text == "It is 18°C and sunny in Paris."


def test_rate_limit_headers_reach_the_client(scenario):
    c = client(scenario("rate-limit-headers.yaml"), max_retries=0)
    with pytest.raises(anthropic.RateLimitError) as caught:
        create(c)
    headers = caught.value.response.headers
    assert headers["retry-after"] == "2"
    assert headers["retry-after-ms"] == "1500"
    assert headers["anthropic-ratelimit-requests-remaining"] == "0"


def test_unmatched_request_is_the_mocks_own_error(scenario):
    c = client(scenario("""
rules:
  - name: only-opus
    match: {model: claude-opus-4-6}
    steps: [{text: hi}]
"""))
    with pytest.raises(anthropic.APIStatusError) as caught:
        create(c)
    assert caught.value.status_code == 418
    assert caught.value.body["error"]["type"] == "mockclaude_no_match"
    assert "model: expected 'claude-opus-4-6', got 'claude-haiku-4-5'" in caught.value.body["error"]["message"]
