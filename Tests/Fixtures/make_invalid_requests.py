"""Writes invalid-requests.json: requests the real API rejects, with its status, type and message.

Both the Swift suite (EndpointValidationTests) and the Python SDK suite (Tests/Interop) run every
case. Run `python3 Tests/Fixtures/make_invalid_requests.py` after editing the cases below.
"""
import base64
import json
import pathlib
import struct

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
PNG_B64 = base64.b64encode(PNG).decode()
HUGE_PNG = base64.b64encode(PNG[:16] + struct.pack(">II", 9000, 10) + PNG[24:]).decode()
USER = {"role": "user", "content": "Hello"}
BASE = {"model": "claude-haiku-4-5", "max_tokens": 256, "messages": [USER]}
SAY = "The request body is not valid JSON: "


def body(**changes):
    result = dict(BASE)
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result


def blocks(*content, role="user"):
    return body(messages=[{"role": role, "content": list(content)}])


def image(source):
    return blocks({"type": "image", "source": source}, {"type": "text", "text": "What is this?"})


def turns(assistant_blocks, user_blocks=None):
    messages = [USER, {"role": "assistant", "content": assistant_blocks}]
    if user_blocks is not None:
        messages.append({"role": "user", "content": user_blocks})
    return body(messages=messages)


TOOL = {"name": "get_weather", "input_schema": {"type": "object", "properties": {"location": {"type": "string"}}}}
TAGS = "does not match any of the expected tags"
cases = [
    ("no key", dict(headers={"anthropic-version": "2023-06-01"}, body=BASE, sdk=False), 401, "authentication_error", "x-api-key header is required"),
    ("no version", dict(headers={"x-api-key": "k"}, body=BASE, sdk=False), 400, "invalid_request_error", "anthropic-version: header is required"),
    ("malformed JSON", dict(raw='{"model":', sdk=False), 400, "invalid_request_error", SAY + "unexpected end of data: line 1 column 10 (char 9)"),
    ("body is a list", dict(raw="[]", sdk=False), 400, "invalid_request_error", "Input should be a valid dictionary or object to extract fields from"),
    ("missing max_tokens", dict(body=body(max_tokens=None)), 400, "invalid_request_error", "max_tokens: Field required"),
    ("max_tokens a string", dict(body=body(max_tokens="5")), 400, "invalid_request_error", "max_tokens: Input should be a valid integer"),
    ("max_tokens zero", dict(body=body(max_tokens=0)), 400, "invalid_request_error", "max_tokens: Input should be greater than or equal to 1"),
    ("max_tokens fractional", dict(body=body(max_tokens=1.5)), 400, "invalid_request_error", "max_tokens: Input should be a valid integer"),
    ("missing messages", dict(body=body(messages=None)), 400, "invalid_request_error", "messages: Field required"),
    ("messages an object", dict(body=body(messages={})), 400, "invalid_request_error", "messages: Input should be a valid list"),
    ("messages empty", dict(body=body(messages=[])), 400, "invalid_request_error", "messages: at least one message is required"),
    ("message a string", dict(body=body(messages=["hi"])), 400, "invalid_request_error", "messages.0: Input should be a valid dictionary or object to extract fields from"),
    ("missing model", dict(body=body(model=None)), 400, "invalid_request_error", "model: Field required"),
    ("model a number", dict(body=body(model=7)), 400, "invalid_request_error", "model: Input should be a valid string"),
    ("unknown model", dict(body=body(model="claude-foo")), 404, "not_found_error", "model: claude-foo"),
    ("max_tokens over the model's cap", dict(body=body(model="claude-sonnet-4-5", max_tokens=100000)), 400, "invalid_request_error",
     "max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens for claude-sonnet-4-5"),
    ("stream a string", dict(body=body(stream="yes")), 400, "invalid_request_error", "stream: Input should be a valid boolean"),
    ("temperature above 1", dict(body=body(temperature=1.5)), 400, "invalid_request_error", "temperature: Input should be less than or equal to 1"),
    ("temperature below 0", dict(body=body(temperature=-0.1)), 400, "invalid_request_error", "temperature: Input should be greater than or equal to 0"),
    ("temperature a word", dict(body=body(temperature="hot")), 400, "invalid_request_error", "temperature: Input should be a valid number"),
    ("top_p above 1", dict(body=body(top_p=2)), 400, "invalid_request_error", "top_p: Input should be less than or equal to 1"),
    ("top_k negative", dict(body=body(top_k=-1)), 400, "invalid_request_error", "top_k: Input should be greater than or equal to 0"),
    ("top_k a word", dict(body=body(top_k="x")), 400, "invalid_request_error", "top_k: Input should be a valid integer"),
    ("stop_sequences a string", dict(body=body(stop_sequences="END")), 400, "invalid_request_error", "stop_sequences: Input should be a valid list"),
    ("stop_sequences of numbers", dict(body=body(stop_sequences=[1])), 400, "invalid_request_error", "stop_sequences.0: Input should be a valid string"),
    ("metadata a string", dict(body=body(metadata="x")), 400, "invalid_request_error", "metadata: Input should be a valid dictionary or object to extract fields from"),
    ("metadata with extra keys", dict(body=body(metadata={"foo": 1})), 400, "invalid_request_error", "metadata.foo: Extra inputs are not permitted"),
    ("metadata.user_id a number", dict(body=body(metadata={"user_id": 5})), 400, "invalid_request_error", "metadata.user_id: Input should be a valid string"),
    ("unknown service_tier", dict(body=body(service_tier="fast")), 400, "invalid_request_error", "service_tier: Input should be 'auto' or 'standard_only'"),
    ("role missing", dict(body=body(messages=[{"content": "hi"}])), 400, "invalid_request_error", "messages.0.role: Field required"),
    ("unknown role", dict(body=body(messages=[{"role": "bot", "content": "hi"}])), 400, "invalid_request_error", "messages.0.role: Input should be 'user' or 'assistant'"),
    ("system role inside messages", dict(body=body(messages=[{"role": "system", "content": "be brief"}, USER])), 400, "invalid_request_error", "messages.0.role: Input should be 'user' or 'assistant'"),
    ("max_tokens infinite", dict(raw='{"model":"claude-haiku-4-5","max_tokens":1e999999,"messages":[{"role":"user","content":"hi"}]}', sdk=False), 400, "invalid_request_error", "max_tokens: Input should be a finite number"),
    ("max_tokens past Int64", dict(raw='{"model":"claude-haiku-4-5","max_tokens":9223372036854775808,"messages":[{"role":"user","content":"hi"}]}', sdk=False), 400, "invalid_request_error", "max_tokens: 9223372036854775807 > 64000"),
    ("max_tokens 1e20", dict(body=body(max_tokens=1e20)), 400, "invalid_request_error", "max_tokens: 9223372036854775807 > 64000"),
    ("top_k negative infinity", dict(raw='{"model":"claude-haiku-4-5","max_tokens":5,"top_k":-1e999,"messages":[{"role":"user","content":"hi"}]}', sdk=False), 400, "invalid_request_error", "top_k: Input should be a finite number"),
    ("budget_tokens infinite", dict(raw='{"model":"claude-haiku-4-5","max_tokens":5000,"thinking":{"type":"enabled","budget_tokens":1e999},"messages":[{"role":"user","content":"hi"}]}', sdk=False), 400, "invalid_request_error", "thinking.enabled.budget_tokens: Input should be a finite number"),
    ("content missing", dict(body=body(messages=[{"role": "user"}])), 400, "invalid_request_error", "messages.0.content: Field required"),
    ("content a number", dict(body=body(messages=[{"role": "user", "content": 5}])), 400, "invalid_request_error", "messages.0.content: Input should be a valid string or a list of content blocks"),
    ("block a string", dict(body=blocks("hi")), 400, "invalid_request_error", "messages.0.content.0: Input should be a valid dictionary or object to extract fields from"),
    ("block without type", dict(body=blocks({"text": "hi"})), 400, "invalid_request_error", "messages.0.content.0.type: Field required"),
    ("unknown block type", dict(body=blocks({"type": "video"})), 400, "invalid_request_error", "messages.0.content.0: Input tag 'video' found using 'type' " + TAGS),
    ("text block without text", dict(body=blocks({"type": "text"})), 400, "invalid_request_error", "messages.0.content.0.text.text: Field required"),
    ("text block with a number", dict(body=blocks({"type": "text", "text": 3})), 400, "invalid_request_error", "messages.0.content.0.text.text: Input should be a valid string"),
    ("image without source", dict(body=blocks({"type": "image"})), 400, "invalid_request_error", "messages.0.content.0.image.source: Field required"),
    ("image source of unknown type", dict(body=image({"type": "ftp"})), 400, "invalid_request_error", "messages.0.content.0.image.source: Input tag 'ftp' found using 'type' " + TAGS),
    ("image of an unsupported type", dict(body=image({"type": "base64", "media_type": "image/bmp", "data": PNG_B64})), 400, "invalid_request_error",
     "messages.0.content.0.image.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'"),
    ("image without data", dict(body=image({"type": "base64", "media_type": "image/png"})), 400, "invalid_request_error", "messages.0.content.0.image.source.base64.data: Field required"),
    ("image data not base64", dict(body=image({"type": "base64", "media_type": "image/png", "data": "***"})), 400, "invalid_request_error", "messages.0.content.0.image.source.base64.data: Invalid base64 data"),
    ("image type does not match the bytes", dict(body=image({"type": "base64", "media_type": "image/jpeg", "data": PNG_B64})), 400, "invalid_request_error",
     "messages.0.content.0.image.source.base64.data: Image does not match the provided media type image/jpeg"),
    ("image bytes are no image", dict(body=image({"type": "base64", "media_type": "image/png", "data": base64.b64encode(b"hello").decode()})), 400, "invalid_request_error",
     "messages.0.content.0.image.source.base64.data: Could not process image"),
    ("image wider than 8000 pixels", dict(body=image({"type": "base64", "media_type": "image/png", "data": HUGE_PNG})), 400, "invalid_request_error",
     "messages.0.content.0.image.source.base64.data: At least one of the image dimensions exceed max allowed size: 8000 pixels"),
    ("url image without url", dict(body=image({"type": "url"})), 400, "invalid_request_error", "messages.0.content.0.image.source.url.url: Field required"),
    ("url image with a path", dict(body=image({"type": "url", "url": "/tmp/x.png"})), 400, "invalid_request_error", "messages.0.content.0.image.source.url.url: Input should be a valid URL"),
    ("too many images", dict(body=blocks(*[{"type": "image", "source": {"type": "url", "url": f"https://example.com/{n}.png"}} for n in range(101)])),
     400, "invalid_request_error", "messages: too many images and documents: 101 > 100"),
    ("document of unknown source type", dict(body=blocks({"type": "document", "source": {"type": "zip"}})), 400, "invalid_request_error",
     "messages.0.content.0.document.source: Input tag 'zip' found using 'type' " + TAGS),
    ("tool_use without id", dict(body=turns([{"type": "tool_use", "name": "get_weather", "input": {}}])), 400, "invalid_request_error", "messages.1.content.0.tool_use.id: Field required"),
    ("tool_use input a string", dict(body=turns([{"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": "{}"}])), 400, "invalid_request_error",
     "messages.1.content.0.tool_use.input: Input should be a valid dictionary"),
    ("tool_result without tool_use_id", dict(body=blocks({"type": "tool_result", "content": "18C"})), 400, "invalid_request_error", "messages.0.content.0.tool_result.tool_use_id: Field required"),
    ("tool_result with no tool_use before", dict(body=blocks({"type": "tool_result", "tool_use_id": "toolu_9", "content": "18C"})), 400, "invalid_request_error",
     "messages.0.content.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_9. Each `tool_result` block must have a corresponding `tool_use` block in the previous message."),
    ("tool_use with no tool_result after", dict(body=turns([{"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {}}], [{"type": "text", "text": "go on"}])),
     400, "invalid_request_error",
     "messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_1. Each `tool_use` block must have a corresponding `tool_result` block in the next message."),
    ("tool_result is_error a string", dict(body=turns([{"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {}}],
                                                      [{"type": "tool_result", "tool_use_id": "toolu_1", "is_error": "yes"}])), 400, "invalid_request_error",
     "messages.2.content.0.tool_result.is_error: Input should be a valid boolean"),
    ("thinking block without signature", dict(body=turns([{"type": "thinking", "thinking": "hmm"}])), 400, "invalid_request_error", "messages.1.content.0.thinking.signature: Field required"),
    ("redacted_thinking without data", dict(body=turns([{"type": "redacted_thinking"}])), 400, "invalid_request_error", "messages.1.content.0.redacted_thinking.data: Field required"),
    ("tools not a list", dict(body=body(tools={})), 400, "invalid_request_error", "tools: Input should be a valid list"),
    ("tool without name", dict(body=body(tools=[{"input_schema": {"type": "object"}}])), 400, "invalid_request_error", "tools.0.name: Field required"),
    ("tool name with a space", dict(body=body(tools=[{"name": "get weather", "input_schema": {"type": "object"}}])), 400, "invalid_request_error",
     "tools.0.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'"),
    ("tool without input_schema", dict(body=body(tools=[{"name": "get_weather"}])), 400, "invalid_request_error", "tools.0.custom.input_schema: Field required"),
    ("tool schema not an object type", dict(body=body(tools=[{"name": "get_weather", "input_schema": {"type": "string"}}])), 400, "invalid_request_error",
     "tools.0.custom.input_schema.type: Input should be 'object'"),
    ("duplicate tool names", dict(body=body(tools=[TOOL, TOOL])), 400, "invalid_request_error", "tools: Tool names must be unique."),
    ("tool_choice of unknown type", dict(body=body(tools=[TOOL], tool_choice={"type": "sometimes"})), 400, "invalid_request_error",
     "tool_choice: Input tag 'sometimes' found using 'type' " + TAGS),
    ("tool_choice tool without name", dict(body=body(tools=[TOOL], tool_choice={"type": "tool"})), 400, "invalid_request_error", "tool_choice.tool.name: Field required"),
    ("tool_choice names an unknown tool", dict(body=body(tools=[TOOL], tool_choice={"type": "tool", "name": "send_email"})), 400, "invalid_request_error",
     "tool_choice.tool.name: Tool 'send_email' not found in provided tools"),
    ("thinking of unknown type", dict(body=body(thinking={"type": "on"})), 400, "invalid_request_error", "thinking: Input tag 'on' found using 'type' " + TAGS),
    ("thinking without budget", dict(body=body(thinking={"type": "enabled"})), 400, "invalid_request_error", "thinking.enabled.budget_tokens: Field required"),
    ("thinking budget under 1024", dict(body=body(thinking={"type": "enabled", "budget_tokens": 500})), 400, "invalid_request_error",
     "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024"),
    ("thinking budget not below max_tokens", dict(body=body(max_tokens=2048, thinking={"type": "enabled", "budget_tokens": 2048})), 400, "invalid_request_error",
     "`max_tokens` must be greater than `thinking.budget_tokens`."),
    ("system a number", dict(body=body(system=5)), 400, "invalid_request_error", "system: Input should be a valid string or a list of text blocks"),
    ("system block not text", dict(body=body(system=[{"type": "image", "text": "x"}])), 400, "invalid_request_error", "system.0.type: Input should be 'text'"),
    ("system block without text", dict(body=body(system=[{"type": "text"}])), 400, "invalid_request_error", "system.0.text: Field required"),
    ("count_tokens without model", dict(path="/v1/messages/count_tokens", body={"messages": [USER]}), 400, "invalid_request_error", "model: Field required"),
    ("count_tokens with no messages", dict(path="/v1/messages/count_tokens", body={"model": "claude-haiku-4-5", "messages": []}), 400, "invalid_request_error",
     "messages: at least one message is required"),
    ("count_tokens for an unknown model", dict(path="/v1/messages/count_tokens", body={"model": "claude-foo", "messages": [USER]}), 404, "not_found_error", "model: claude-foo"),
]

out = []
for name, spec, status, error_type, message in cases:
    case = {"name": name, "path": spec.get("path", "/v1/messages"), "status": status, "type": error_type, "message": message,
            "sdk": spec.get("sdk", True)}
    if "headers" in spec:
        case["headers"] = spec["headers"]
    if "raw" in spec:
        case["raw"] = spec["raw"]
    else:
        case["body"] = spec["body"]
    out.append(case)

path = pathlib.Path(__file__).with_name("invalid-requests.json")
path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
print(f"{len(out)} cases written to {path}")
