/// Cassettes compiled into the binary, so `mockclaude serve` works with no files around it.
///
/// `haiku` is `Cassettes/haiku.sse` byte for byte; `BundledCassetteTests` fails if the two drift
/// apart (to update: paste the file between the delimiters).
enum BundledCassettes {
    static let haiku = #"""
        :@ status 200
        :@ header request-id: req_011CVb5gkRrSnK5kHkAhE7pF
        :@ header anthropic-organization-id: 7f0c5c6e-2b1a-4c1e-9a53-000000000000
        :@ request POST /v1/messages {"model":"claude-haiku-4-5","max_tokens":256,"stream":true,"messages":[{"role":"user","content":"Write a haiku about testing"}]}
        :@ recorded 2026-11-20T10:15:02Z (hand-made from the wire reference)
        :@ +212ms
        event: message_start
        data: {"type":"message_start","message":{"model":"claude-haiku-4-5-20251001","id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","content":[],"stop_reason":null,"stop_sequence":null,"stop_details":null,"usage":{"input_tokens":14,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0},"output_tokens":1,"service_tier":"standard","inference_geo":"not_available"}}}

        :@ +3ms
        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

        :@ +1ms
        event: ping
        data: {"type": "ping"}

        :@ +38ms
        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Silent"}}

        :@ +61ms
        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" morning code"}}

        :@ +57ms
        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\nTests pass in"}}

        :@ +72ms
        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" the quiet light"}}

        :@ +49ms
        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\nThe mock"}}

        :@ +66ms
        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" speaks like rain"}}

        :@ +9ms
        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        :@ +24ms
        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null,"stop_details":null},"usage":{"input_tokens":14,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":21}}

        :@ +2ms
        event: message_stop
        data: {"type":"message_stop"}


        """#
}
