"""Simulating the API over many answers, from the official Python SDK: rate limits on a virtual
clock, prompt caching, and schema-true synthesized answers checked by an independent validator
(jsonschema)."""
import datetime
import json
import math
import urllib.request

import anthropic
import jsonschema
import pytest

from conftest import SCENARIOS

MODEL = "claude-sonnet-4-5"


def admin(base_url: str, method: str, path: str, body: str | None = None) -> dict:
    request = urllib.request.Request(base_url + "/_mockclaude/" + path, method=method,
                                     data=body.encode() if body is not None else None,
                                     headers={"content-type": "application/yaml"} if body is not None else {})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def client(base_url: str, **options) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=base_url, api_key="test-key", **options)


# ---------------------------------------------------------------- rate limits

def test_200_requests_against_60_a_minute_on_the_virtual_clock(serve_args):
    base_url = serve_args("--scenario", str(SCENARIOS / "rate-limited-client.yaml"), "--virtual-clock")
    c = client(base_url, max_retries=0)
    # The client's own model of the requests bucket: 60, refilling one a second of mock time.
    level, elapsed = 60.0, 0
    last_remaining = None
    refused = 0
    for number in range(200):
        while True:
            try:
                raw = c.messages.with_raw_response.create(
                    model=MODEL, max_tokens=64, messages=[{"role": "user", "content": f"request {number}"}])
            except anthropic.RateLimitError as error:
                headers = error.response.headers
                assert error.body["error"]["type"] == "rate_limit_error"
                assert headers["x-should-retry"] == "true"
                assert level < 1, f"request {number} refused while the bucket held {level}"
                wait = int(headers["retry-after"])
                assert wait == math.ceil(1 - level), "retry-after is the whole seconds until one request fits"
                assert headers["anthropic-ratelimit-requests-remaining"] == "0"
                refused += 1
                admin(base_url, "POST", "clock/advance", json.dumps({"seconds": wait}))
                elapsed += wait
                level = min(60.0, level + wait)
                last_remaining = None  # time moved: the bucket refilled
                continue
            assert level >= 1, f"request {number} succeeded although the bucket held {level}"
            level -= 1
            headers = raw.headers
            remaining = int(headers["anthropic-ratelimit-requests-remaining"])
            assert remaining == math.floor(level)
            if last_remaining is not None:
                assert remaining < last_remaining, "remaining went up without time passing"
            last_remaining = remaining
            assert headers["anthropic-ratelimit-requests-limit"] == "60"
            assert int(headers["anthropic-ratelimit-output-tokens-limit"]) == 8000
            datetime.datetime.strptime(headers["anthropic-ratelimit-requests-reset"], "%Y-%m-%dT%H:%M:%SZ")
            assert raw.parse().content[0].text == "Hello from a rate-limited mock."
            break
    assert refused == 140  # 60 at once, then one a second
    assert elapsed == 140


def test_per_model_limits_and_the_sdks_own_retry(serve_args):
    base_url = serve_args("--scenario", str(SCENARIOS / "rate-limited-client.yaml"), "--virtual-clock")
    c = client(base_url, max_retries=0)
    for _ in range(5):
        c.messages.create(model="claude-opus-4-6", max_tokens=64, messages=[{"role": "user", "content": "hi"}])
    with pytest.raises(anthropic.RateLimitError) as caught:
        c.messages.create(model="claude-opus-4-6", max_tokens=64, messages=[{"role": "user", "content": "hi"}])
    assert caught.value.response.headers["retry-after"] == "12"  # 5 a minute: one every 12 s
    assert "5 requests per minute" in caught.value.body["error"]["message"]
    # Other models have their own buckets.
    c.messages.create(model=MODEL, max_tokens=64, messages=[{"role": "user", "content": "hi"}])


# ---------------------------------------------------------------- prompt caching

LONG_SYSTEM = "You are a meticulous assistant for a shipping company. " * 500  # about 7,000 tokens


def cached_request(c, ttl=None, tools=None, user="Where is parcel 7?", stream=False):
    control = {"type": "ephemeral"} | ({"ttl": ttl} if ttl else {})
    params = dict(model=MODEL, max_tokens=64, system=[{"type": "text", "text": LONG_SYSTEM, "cache_control": control}],
                  messages=[{"role": "user", "content": user}])
    if tools:
        params["tools"] = tools
    if stream:
        with c.messages.stream(**params) as events:
            start = None
            for event in events:
                if event.type == "message_start":
                    start = event.message.usage
            return start, events.get_final_message().usage
    return c.messages.create(**params).usage


def test_write_read_read_then_expiry_then_write_again(serve_args):
    base_url = serve_args("--scenario", str(SCENARIOS / "prompt-caching.yaml"), "--virtual-clock")
    c = client(base_url)
    first = cached_request(c)
    assert first.cache_creation_input_tokens > 4000 and first.cache_read_input_tokens == 0
    assert first.cache_creation.ephemeral_5m_input_tokens == first.cache_creation_input_tokens
    assert first.cache_creation.ephemeral_1h_input_tokens == 0
    written = first.cache_creation_input_tokens
    total = c.messages.count_tokens(model=MODEL, system=[{"type": "text", "text": LONG_SYSTEM}],
                                    messages=[{"role": "user", "content": "Where is parcel 7?"}]).input_tokens
    assert first.input_tokens == total - written  # only what follows the breakpoint

    for _ in range(2):
        usage = cached_request(c)
        assert (usage.cache_read_input_tokens, usage.cache_creation_input_tokens) == (written, 0)
        assert usage.input_tokens == first.input_tokens

    entries = admin(base_url, "GET", "cache")["entries"]
    assert len(entries) == 1 and entries[0]["tokens"] == written and entries[0]["ttl"] == "5m" and entries[0]["reads"] == 2

    admin(base_url, "POST", "clock/advance", json.dumps({"seconds": 299}))
    assert cached_request(c).cache_read_input_tokens == written  # a read refreshes the five minutes
    admin(base_url, "POST", "clock/advance", json.dumps({"seconds": 301}))
    again = cached_request(c)
    assert (again.cache_creation_input_tokens, again.cache_read_input_tokens) == (written, 0)

    # Streams report the same numbers in message_start and the final message.
    start, final = cached_request(c, stream=True)
    assert start.cache_read_input_tokens == final.cache_read_input_tokens == written
    assert final.output_tokens > 1

    admin(base_url, "POST", "reset")
    assert admin(base_url, "GET", "cache")["entries"] == []
    assert cached_request(c).cache_creation_input_tokens == written


def test_one_hour_ttl_survives_and_a_changed_tool_list_invalidates(serve_args):
    base_url = serve_args("--scenario", str(SCENARIOS / "prompt-caching.yaml"), "--virtual-clock")
    c = client(base_url)
    first = cached_request(c, ttl="1h")
    assert first.cache_creation.ephemeral_1h_input_tokens == first.cache_creation_input_tokens > 0
    admin(base_url, "POST", "clock/advance", json.dumps({"seconds": 3000}))
    assert cached_request(c, ttl="1h").cache_read_input_tokens == first.cache_creation_input_tokens
    tools = [{"name": "track", "description": "Track a parcel", "input_schema": {"type": "object"}}]
    changed = cached_request(c, ttl="1h", tools=tools)
    assert changed.cache_read_input_tokens == 0 and changed.cache_creation_input_tokens > first.cache_creation_input_tokens


def test_too_many_breakpoints_is_the_apis_400(serve_args):
    c = client(serve_args("--scenario", str(SCENARIOS / "prompt-caching.yaml")))
    block = {"type": "text", "text": "x", "cache_control": {"type": "ephemeral"}}
    with pytest.raises(anthropic.BadRequestError) as caught:
        c.messages.create(model=MODEL, max_tokens=8, system=[block] * 5, messages=[{"role": "user", "content": "hi"}])
    assert caught.value.body["error"]["message"] == "A maximum of 4 blocks with cache_control may be provided. Found 5."


# ---------------------------------------------------------------- schema-true answers

# Real-world tool schemas (weather, calendar, GitHub issue, order search with $defs, flight
# booking with definitions and multipleOf) and a structured-output schema; the fuzz corpus uses
# the same file.
FIXTURE = json.loads((SCENARIOS.parent / "Tests/Fixtures/tool-schemas.json").read_text())
TOOLS = FIXTURE["tools"]
CONTACT = FIXTURE["structured_outputs"][0]

CHECKER = jsonschema.FormatChecker()


def load_seed(base_url: str, seed: int) -> None:
    text = (SCENARIOS / "schema-tools.yaml").read_text().replace("seed: 42", f"seed: {seed}")
    admin(base_url, "POST", "scenario", text)


def test_tool_inputs_are_valid_instances_over_300_seeds(serve_args):
    base_url = serve_args("--scenario", str(SCENARIOS / "schema-tools.yaml"))
    c = client(base_url)
    seen = {tool["name"]: set() for tool in TOOLS}
    for seed in range(300):
        load_seed(base_url, seed)
        for tool in TOOLS:
            message = c.messages.create(model=MODEL, max_tokens=2048, tools=TOOLS,
                                        tool_choice={"type": "tool", "name": tool["name"]},
                                        messages=[{"role": "user", "content": "go"}])
            assert message.stop_reason == "tool_use"
            call = message.content[0]
            assert call.type == "tool_use" and call.name == tool["name"]
            jsonschema.validate(call.input, tool["input_schema"], format_checker=CHECKER)
            seen[tool["name"]].add(json.dumps(call.input, sort_keys=True))
    for name, inputs in seen.items():
        assert len(inputs) > 20, f"{name}: only {len(inputs)} distinct inputs over 300 seeds"


def test_streamed_tool_input_accumulates_to_a_valid_instance_and_repeats_by_seed(serve_args):
    base_url = serve_args("--scenario", str(SCENARIOS / "schema-tools.yaml"))
    c = client(base_url)
    results = []
    for attempt in range(2):
        load_seed(base_url, 7)
        inputs = []
        for tool in TOOLS:
            with c.messages.stream(model=MODEL, max_tokens=2048, tools=TOOLS, tool_choice={"type": "any"},
                                   messages=[{"role": "user", "content": "go"}]) as stream:
                fragments = [event.delta.partial_json for event in stream
                             if event.type == "content_block_delta" and event.delta.type == "input_json_delta"]
                final = stream.get_final_message()
            call = final.content[0]
            schema = next(t["input_schema"] for t in TOOLS if t["name"] == call.name)
            jsonschema.validate(call.input, schema, format_checker=CHECKER)
            assert fragments[0] == "" and json.loads("".join(fragments)) == call.input
            assert len({len(f) for f in fragments[1:-1]}) > 1 or len(fragments) <= 3, "fragment sizes vary"
            inputs.append((call.name, call.input))
        results.append(inputs)
    assert results[0] == results[1], "the same seed gives the same tool calls"


def test_structured_output_text_is_a_valid_instance_over_300_seeds(serve_args):
    base_url = serve_args("--scenario", str(SCENARIOS / "schema-tools.yaml"))
    c = client(base_url)
    for seed in range(300):
        load_seed(base_url, seed)
        message = c.messages.create(model=MODEL, max_tokens=2048, messages=[{"role": "user", "content": "extract"}],
                                    extra_body={"output_config": {"format": {"type": "json_schema", "schema": CONTACT}}})
        assert message.stop_reason == "end_turn"
        jsonschema.validate(json.loads(message.content[0].text), CONTACT, format_checker=CHECKER)


def test_unsupported_structured_output_keyword_is_a_400(serve_args):
    c = client(serve_args("--scenario", str(SCENARIOS / "schema-tools.yaml")))
    schema = {"type": "object", "properties": {"age": {"type": "integer", "minimum": 0}}, "additionalProperties": False}
    with pytest.raises(anthropic.BadRequestError) as caught:
        c.messages.create(model=MODEL, max_tokens=64, messages=[{"role": "user", "content": "x"}],
                          extra_body={"output_config": {"format": {"type": "json_schema", "schema": schema}}})
    assert "'minimum'" in caught.value.body["error"]["message"]
    assert caught.value.body["error"]["type"] == "invalid_request_error"


def test_a_schema_the_generator_cannot_satisfy_is_a_clear_400(serve_args):
    c = client(serve_args("--scenario", str(SCENARIOS / "schema-tools.yaml")), max_retries=0)
    tool = {"name": "code", "input_schema": {"type": "object", "properties": {"sku": {"type": "string", "pattern": "^(?!X)[A-Z]{3}$"}},
                                              "required": ["sku"]}}
    with pytest.raises(anthropic.BadRequestError) as caught:
        c.messages.create(model=MODEL, max_tokens=64, tools=[tool], tool_choice={"type": "any"},
                          messages=[{"role": "user", "content": "x"}])
    assert caught.value.body["error"]["type"] == "mockclaude_cannot_synthesize"
    assert "'pattern'" in caught.value.body["error"]["message"]
    assert "#/properties/sku" in caught.value.body["error"]["message"]


def test_stop_sequences_max_tokens_and_thinking(serve_args):
    base_url = serve_args("--scenario", str(SCENARIOS / "schema-tools.yaml"))
    c = client(base_url)
    load_seed(base_url, 3)
    free = c.messages.create(model=MODEL, max_tokens=1024, messages=[{"role": "user", "content": "talk"}])
    text = free.content[0].text
    word = text.split()[3]
    load_seed(base_url, 3)  # the same text again, now with a stop sequence in it
    stopped = c.messages.create(model=MODEL, max_tokens=1024, stop_sequences=["NEVER", word],
                                messages=[{"role": "user", "content": "talk"}])
    assert stopped.stop_reason == "stop_sequence" and stopped.stop_sequence == word
    assert word not in stopped.content[0].text and text.startswith(stopped.content[0].text)

    cut = c.messages.create(model=MODEL, max_tokens=3, messages=[{"role": "user", "content": "talk"}])
    assert cut.stop_reason == "max_tokens" and cut.usage.output_tokens == 3
    assert len(cut.content[0].text) <= 8

    thought = c.messages.create(model=MODEL, max_tokens=2048, thinking={"type": "enabled", "budget_tokens": 1024},
                                messages=[{"role": "user", "content": "think"}])
    assert [block.type for block in thought.content] == ["thinking", "text"]
    assert thought.content[0].signature and len(thought.content[0].thinking) <= 1023 * 4
