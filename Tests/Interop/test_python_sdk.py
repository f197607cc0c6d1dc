"""The official Python SDK against `mockclaude serve`, changing nothing but the base URL."""
import anthropic
import pytest

HAIKU = "Silent morning code\nTests pass in the quiet light\nThe mock speaks like rain"
ASK = [{"role": "user", "content": "Write a haiku about testing"}]


def client(base_url: str, **kwargs) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=base_url, api_key="test-key", **kwargs)


def test_messages_create_returns_the_assembled_message(serve):
    message = client(serve("haiku.sse")).messages.create(model="claude-haiku-4-5", max_tokens=256, messages=ASK)
    assert message.content[0].type == "text"
    assert message.content[0].text == HAIKU
    assert message.stop_reason == "end_turn"
    assert message.stop_sequence is None
    assert message.usage.input_tokens == 14
    assert message.usage.output_tokens == 21
    assert message._request_id == "req_011CVb5gkRrSnK5kHkAhE7pF"


def test_text_stream_and_final_message(serve):
    with client(serve("haiku.sse", timing="x10")).messages.stream(model="claude-haiku-4-5", max_tokens=256, messages=ASK) as stream:
        pieces = list(stream.text_stream)
        final = stream.get_final_message()
    assert len(pieces) == 6
    assert "".join(pieces) == HAIKU
    assert final.content[0].text == HAIKU
    assert final.usage.output_tokens == 21


def test_tool_use_stream_yields_the_input_dict(serve):
    with client(serve("tool_use.sse")).messages.stream(
        model="claude-sonnet-4-6", max_tokens=1024, messages=[{"role": "user", "content": "Weather in SF?"}],
        tools=[{"name": "get_weather", "input_schema": {"type": "object", "properties": {"location": {"type": "string"}}}}],
    ) as stream:
        final = stream.get_final_message()
    tool = final.content[1]
    assert tool.type == "tool_use"
    assert tool.name == "get_weather"
    assert tool.id == "toolu_01T1x1fJ34qAmk2tNTrN7Up6"
    assert tool.input == {"location": "San Francisco, CA", "unit": "fahrenheit"}
    assert final.stop_reason == "tool_use"


def test_thinking_stream_keeps_thinking_and_signature(serve):
    with client(serve("thinking.sse")).messages.stream(
        model="claude-sonnet-4-6", max_tokens=4096, messages=[{"role": "user", "content": "Is 1027 prime?"}],
        thinking={"type": "enabled", "budget_tokens": 2048},
    ) as stream:
        kinds = [event.type for event in stream]
        final = stream.get_final_message()
    assert "thinking" in kinds and "signature" in kinds
    assert [block.type for block in final.content] == ["thinking", "text"]
    assert final.content[0].thinking.endswith("So it is not prime.")
    assert final.content[0].signature.startswith("EqQBCgIYAhIM")
    assert final.content[1].text == "No. 1027 = 13 × 79, so it is not prime."


def test_several_cassettes_answer_in_order(serve):
    c = client(serve("haiku.sse", "tool_use.sse"))
    first = c.messages.create(model="claude-haiku-4-5", max_tokens=10, messages=ASK)
    second = c.messages.create(model="claude-haiku-4-5", max_tokens=10, messages=ASK)
    assert first.id == "msg_01XFDUDYJgAACzvnptvVoYEL"
    assert second.content[1].input["unit"] == "fahrenheit"


def test_beta_resource_works(serve):
    message = client(serve("haiku.sse")).beta.messages.create(model="claude-haiku-4-5", max_tokens=256, messages=ASK)
    assert message.content[0].text == HAIKU


def test_error_event_mid_stream_raises_api_status_error(serve):
    c = client(serve("overloaded_mid_stream.sse"))
    received = []
    with pytest.raises(anthropic.APIStatusError) as caught:
        with c.messages.stream(model="claude-haiku-4-5", max_tokens=10, messages=ASK) as stream:
            for text in stream.text_stream:
                received.append(text)
    assert caught.value.type == "overloaded_error"
    assert "".join(received) == "Once upon a time, in a valley between"


def test_non_streaming_error_stream_is_overloaded_error(serve):
    with pytest.raises(anthropic.OverloadedError) as caught:
        client(serve("overloaded_mid_stream.sse"), max_retries=0).messages.create(model="claude-haiku-4-5", max_tokens=10, messages=ASK)
    assert caught.value.status_code == 529


def test_validation_error_is_bad_request(serve):
    with pytest.raises(anthropic.BadRequestError) as caught:
        client(serve()).messages.create(model="claude-haiku-4-5", max_tokens=10, messages=[])
    assert caught.value.body["error"]["message"] == "messages: at least one message is required"
    assert caught.value.request_id.startswith("req_")
