"""The official Python SDK's Message Batches calls against the mock, on a virtual clock moved over HTTP."""
import json
import urllib.request

import anthropic

from conftest import SCENARIOS


def advance(base_url: str, seconds: float) -> None:
    request = urllib.request.Request(base_url + "/_mockclaude/clock/advance", method="POST",
                                     data=json.dumps({"seconds": seconds}).encode(),
                                     headers={"content-type": "application/json"})
    urllib.request.urlopen(request, timeout=5).read()


def params(text: str) -> dict:
    return {"model": "claude-haiku-4-5", "max_tokens": 64, "messages": [{"role": "user", "content": text}]}


def test_create_poll_and_read_typed_results(serve_args):
    base_url = serve_args("--virtual-clock", "--scenario", str(SCENARIOS / "batch-mixed-results.yaml"))
    client = anthropic.Anthropic(base_url=base_url, api_key="test-key")
    ids = ["bad-request", "too-slow"] + [f"req-{n}" for n in range(40)]
    batch = client.messages.batches.create(requests=[{"custom_id": i, "params": params(i)} for i in ids])
    assert batch.id.startswith("msgbatch_")
    assert batch.processing_status == "in_progress"
    assert batch.request_counts.processing == len(ids)

    polls = 0
    while batch.processing_status != "ended":
        advance(base_url, 60)  # a minute of virtual time per poll
        batch = client.messages.batches.retrieve(batch.id)
        polls += 1
    assert polls == 10  # processing_time: 10m
    assert batch.results_url.startswith(base_url)

    results = {r.custom_id: r.result for r in client.messages.batches.results(batch.id)}
    assert set(results) == set(ids)
    assert results["bad-request"].type == "errored"
    assert results["bad-request"].error.error.type == "invalid_request_error"
    assert results["bad-request"].error.error.message == "max_tokens: Field required"
    assert results["too-slow"].type == "expired"
    succeeded = [r for r in results.values() if r.type == "succeeded"]
    overloaded = [r for r in results.values() if r.type == "errored" and r.error.error.type == "overloaded_error"]
    assert succeeded and overloaded
    assert len(succeeded) + len(overloaded) == 40
    assert succeeded[0].message.content[0].text == "A batch answer."
    assert succeeded[0].message.usage.service_tier == "batch"
    counts = batch.request_counts
    assert (counts.succeeded, counts.errored, counts.expired, counts.processing) == (len(succeeded), 1 + len(overloaded), 1, 0)


def test_expired_batch(serve_args):
    base_url = serve_args("--virtual-clock", "--scenario", str(SCENARIOS / "expired-batch.yaml"))
    client = anthropic.Anthropic(base_url=base_url, api_key="test-key")
    batch = client.messages.batches.create(requests=[{"custom_id": f"r{n}", "params": params("x")} for n in range(4)])
    advance(base_url, 24 * 3600)
    batch = client.messages.batches.retrieve(batch.id)
    assert batch.processing_status == "ended"
    assert (batch.request_counts.succeeded, batch.request_counts.expired) == (2, 2)
    kinds = [r.result.type for r in client.messages.batches.results(batch.id)]
    assert kinds == ["succeeded", "succeeded", "expired", "expired"]


def test_cancel_then_delete(serve_args, tmp_path):
    scenario = tmp_path / "slow.yaml"
    scenario.write_text("timing: instant\nbatches:\n  - processing_time: 100s\nsteps:\n  - text: done\n")
    base_url = serve_args("--virtual-clock", "--scenario", str(scenario))
    client = anthropic.Anthropic(base_url=base_url, api_key="test-key")
    batch = client.messages.batches.create(requests=[{"custom_id": f"r{n}", "params": params("x")} for n in range(4)])
    advance(base_url, 60)
    canceling = client.messages.batches.cancel(batch.id)
    assert canceling.processing_status == "canceling"
    assert canceling.cancel_initiated_at is not None
    advance(base_url, 1)
    ended = client.messages.batches.retrieve(batch.id)
    assert ended.processing_status == "ended"
    assert (ended.request_counts.succeeded, ended.request_counts.canceled) == (2, 2)
    assert [r.result.type for r in client.messages.batches.results(batch.id)] == ["succeeded", "succeeded", "canceled", "canceled"]

    deleted = client.messages.batches.delete(batch.id)
    assert deleted.id == batch.id and deleted.type == "message_batch_deleted"
    try:
        client.messages.batches.retrieve(batch.id)
        raise AssertionError("a deleted batch was found")
    except anthropic.NotFoundError:
        pass


def test_list_auto_paginates_newest_first(serve_args):
    base_url = serve_args("--virtual-clock")
    client = anthropic.Anthropic(base_url=base_url, api_key="test-key")
    created = []
    for n in range(7):
        created.append(client.messages.batches.create(requests=[{"custom_id": "one", "params": params(str(n))}]).id)
        advance(base_url, 1)
    listed = [b.id for b in client.messages.batches.list(limit=3)]
    assert listed == list(reversed(created))
    first_page = client.messages.batches.list(limit=3)
    assert [b.id for b in first_page.data] == list(reversed(created))[:3]
    assert first_page.has_more


def test_beta_batches_resource(serve_args):
    base_url = serve_args("--virtual-clock")
    client = anthropic.Anthropic(base_url=base_url, api_key="test-key")
    batch = client.beta.messages.batches.create(requests=[{"custom_id": "a", "params": params("x")}])
    advance(base_url, 5)
    assert client.beta.messages.batches.retrieve(batch.id).processing_status == "ended"
    assert [r.custom_id for r in client.beta.messages.batches.results(batch.id)] == ["a"]
