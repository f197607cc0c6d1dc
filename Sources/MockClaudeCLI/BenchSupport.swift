import AsyncHTTPClient
import Foundation
import NIOCore

/// What the benchmarks share: the request they send and how they print times.
enum Bench {
    /// A streaming `POST /v1/messages` for the bundled haiku.
    static func streamingRequest(_ base: URL) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: base.absoluteString + "/v1/messages")
        request.method = .POST
        request.headers.add(name: "x-api-key", value: "bench")
        request.headers.add(name: "anthropic-version", value: "2023-06-01")
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"model":"claude-haiku-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi"}]}"#))
        return request
    }

    /// The replay benchmark's request body (`Benchmarks/run` posts the same).
    static let replayRequestBody =
        #"{"model":"claude-haiku-4-5","max_tokens":256,"stream":true,"messages":[{"role":"user","content":"Write a haiku"}]}"#

    /// `1.234 ms`.
    static func ms(_ d: Duration) -> String { String(format: "%.3f ms", seconds(d) * 1000) }

    /// The duration in seconds.
    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

    /// The value below which a fraction `p` of `values` lie (nearest rank); `values` not empty.
    static func percentile(_ values: [Duration], _ p: Double) -> Duration {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }
}
