"""The invalid requests of Tests/Fixtures/invalid-requests.json through the official Python SDK:
each raises the exception class the real API's status maps to. Also count_tokens and models."""
import json
import pathlib

import anthropic
import pytest

CASES = json.loads((pathlib.Path(__file__).resolve().parents[1] / "Fixtures" / "invalid-requests.json").read_text())
CLASSES = {400: anthropic.BadRequestError, 401: anthropic.AuthenticationError, 404: anthropic.NotFoundError,
           413: anthropic.RequestTooLargeError if hasattr(anthropic, "RequestTooLargeError") else anthropic.APIStatusError}


@pytest.fixture(scope="module")
def client():
    from conftest import Mock
    mock = Mock("--timing", "instant")
    yield anthropic.Anthropic(base_url=mock.base_url, api_key="test-key", max_retries=0)
    assert mock.stop() == 0


@pytest.mark.parametrize("case", [c for c in CASES if c["sdk"]], ids=lambda c: c["name"])
def test_invalid_request_raises_the_status_class(client, case):
    with pytest.raises(anthropic.APIStatusError) as caught:
        client.post(case["path"], body=case["body"], cast_to=object)
    error = caught.value
    assert type(error) is CLASSES[case["status"]], type(error)
    assert error.status_code == case["status"]
    assert error.type == case["type"]
    assert error.body["error"]["message"].startswith(case["message"])
    assert error.request_id.startswith("req_")


def test_typed_calls_raise_too(client):
    with pytest.raises(anthropic.NotFoundError):
        client.messages.create(model="claude-foo", max_tokens=5, messages=[{"role": "user", "content": "hi"}])
    with pytest.raises(anthropic.BadRequestError) as caught:
        client.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[{"role": "user", "content": "hi"}], extra_body={"temperature": 3})
    assert caught.value.body["error"]["message"] == "temperature: Input should be less than or equal to 1"


def test_count_tokens(client):
    counted = client.messages.count_tokens(model="claude-haiku-4-5", system="Be brief.",
                                           messages=[{"role": "user", "content": "What is the capital of France?"}])
    assert counted.input_tokens == 21
    again = client.messages.count_tokens(model="claude-haiku-4-5", system="Be brief.",
                                         messages=[{"role": "user", "content": "What is the capital of France?"}])
    assert again.input_tokens == counted.input_tokens
    beta = client.beta.messages.count_tokens(model="claude-haiku-4-5", messages=[{"role": "user", "content": "hi"}])
    assert beta.input_tokens > 0


def test_models_list_auto_paginates_and_retrieve_resolves_aliases(client):
    ids = [model.id for model in client.models.list(limit=3)]
    assert len(ids) == 10 and len(set(ids)) == 10
    assert ids[0] in ("claude-sonnet-4-6", "claude-opus-4-6")
    first_page = client.models.list(limit=3)
    assert len(first_page.data) == 3 and first_page.has_more
    model = client.models.retrieve("claude-haiku-4-5")
    assert model.id == "claude-haiku-4-5-20251001"
    assert model.display_name == "Claude Haiku 4.5"
    with pytest.raises(anthropic.NotFoundError):
        client.models.retrieve("claude-foo")
