"""The admin API (/_mockclaude/…) driven from Python, as a test in any language would."""
import json
import time
import urllib.request

import anthropic
import pytest

ASK = [{"role": "user", "content": "Write a haiku about testing"}]


def admin(base_url: str, method: str, path: str, body: str | None = None) -> dict:
    request = urllib.request.Request(base_url + "/_mockclaude/" + path, method=method,
                                     data=body.encode() if body is not None else None,
                                     headers={"content-type": "application/yaml"} if body is not None else {})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def test_queue_a_fault_then_read_the_journal(serve):
    base_url = serve("haiku.sse")
    c = anthropic.Anthropic(base_url=base_url, api_key="test-key")

    assert admin(base_url, "POST", "faults", '{"disconnect": {"after_events": 4}}') == {"queued": 1}
    with pytest.raises(Exception) as caught:
        with c.messages.stream(model="claude-haiku-4-5", max_tokens=64, messages=ASK) as stream:
            list(stream.text_stream)
    assert not isinstance(caught.value, anthropic.APIStatusError)

    message = c.messages.create(model="claude-haiku-4-5", max_tokens=64, messages=ASK)
    assert message.content[0].text.startswith("Silent")

    journal = admin(base_url, "GET", "journal")
    requests = journal["requests"]
    assert [r["ending"] for r in requests] == ["closed", "finished"]
    assert [r["body"]["stream"] if "stream" in r["body"] else False for r in requests] == [True, False]
    assert all(r["headers"]["x-stainless-retry-count"] == "0" for r in requests)
    assert requests[0]["headers"]["x-stainless-helper-method"] == "stream"
    assert "queued faults" in requests[0]["answered_by"]


def test_sdk_retries_are_visible_in_the_journal(scenario):
    base_url = scenario("""
timing: instant
steps:
  - rate_limited: {retry_after_ms: 200}
    times: 2
  - text: third time
""")
    c = anthropic.Anthropic(base_url=base_url, api_key="test-key")
    assert c.messages.create(model="claude-haiku-4-5", max_tokens=64, messages=ASK).content[0].text == "third time"
    requests = admin(base_url, "GET", "journal")["requests"]
    assert [r["status"] for r in requests] == [429, 429, 200]
    assert [r["headers"]["x-stainless-retry-count"] for r in requests] == ["0", "1", "2"]


def test_post_a_scenario_and_reset(serve):
    base_url = serve()
    loaded = admin(base_url, "POST", "scenario", "steps:\n  - text: from the admin API\n  - error: overloaded_error\n")
    assert loaded == {"loaded": "posted", "rules": 1}
    c = anthropic.Anthropic(base_url=base_url, api_key="test-key", max_retries=0)
    assert c.messages.create(model="claude-haiku-4-5", max_tokens=64, messages=ASK).content[0].text == "from the admin API"
    with pytest.raises(anthropic.OverloadedError):
        c.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=ASK)
    assert admin(base_url, "POST", "reset", "") == {"reset": True}
    assert admin(base_url, "GET", "journal")["requests"] == []
    assert c.messages.create(model="claude-haiku-4-5", max_tokens=64, messages=ASK).content[0].text == "from the admin API"
