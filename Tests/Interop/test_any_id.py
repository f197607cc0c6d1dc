"""`serve --any-id`: spec-style SDK calls with placeholder ids get objects back, as with a spec mock."""
import anthropic
import pytest


def test_placeholder_ids_answer_with_objects(serve_args):
    client = anthropic.Anthropic(base_url=serve_args("--any-id", "--timing", "instant"), api_key="k", max_retries=0)
    batch = client.messages.batches.retrieve("message_batch_id")
    assert batch.id == "message_batch_id" and batch.processing_status == "ended"
    results = list(client.messages.batches.results("message_batch_id"))
    assert [r.custom_id for r in results] == ["request-1"] and results[0].result.type == "succeeded"
    assert client.messages.batches.cancel("another_batch_id").processing_status == "canceling"
    assert client.messages.batches.delete("third_batch_id").id == "third_batch_id"
    assert client.models.retrieve("model_id").id == "model_id"


def test_without_it_placeholder_ids_are_404(serve_args):
    client = anthropic.Anthropic(base_url=serve_args("--timing", "instant"), api_key="k", max_retries=0)
    with pytest.raises(anthropic.NotFoundError):
        client.messages.batches.retrieve("message_batch_id")
    with pytest.raises(anthropic.NotFoundError):
        client.models.retrieve("model_id")
