import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A tiny client for Claude's Messages API: one-shot answers with retries, and streamed text.
///
/// ```swift
/// let client = MessagesClient(baseURL: URL(string: "https://api.anthropic.com")!, apiKey: key)
/// let haiku = try await client.complete("Write a haiku")
/// for try await piece in client.stream("Write a haiku") { print(piece, terminator: "") }
/// ```
public struct MessagesClient: Sendable {
    public var baseURL: URL
    public var apiKey: String
    public var model: String
    /// Attempts after the first for 408, 409, 429 and 5xx answers, as the official SDKs do.
    public var maxRetries: Int

    public init(baseURL: URL, apiKey: String, model: String = "claude-haiku-4-5", maxRetries: Int = 2) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.model = model
        self.maxRetries = maxRetries
    }

    /// An error the API answered with.
    public struct APIError: Error, Equatable {
        public var status: Int
        public var type: String
        public var message: String

        public init(status: Int, type: String, message: String) {
            self.status = status
            self.type = type
            self.message = message
        }
    }

    /// A stream that ended before `message_stop`.
    public struct StreamInterrupted: Error {}

    /// The answer's text, retrying when the API says to (honouring `retry-after-ms` / `retry-after`).
    public func complete(_ prompt: String, maxTokens: Int = 256) async throws -> String {
        var attempt = 0
        while true {
            let (data, response) = try await URLSession.shared.data(for: request(prompt, maxTokens: maxTokens, stream: false, attempt: attempt))
            let http = response as! HTTPURLResponse
            if http.statusCode == 200 {
                let message = try JSONSerialization.jsonObject(with: data) as? [String: Any]
                let blocks = message?["content"] as? [[String: Any]] ?? []
                return blocks.compactMap { $0["text"] as? String }.joined()
            }
            let error = Self.apiError(status: http.statusCode, body: data)
            guard attempt < maxRetries, Self.shouldRetry(http) else { throw error }
            try await Task.sleep(for: Self.retryDelay(http, attempt: attempt))
            attempt += 1
        }
    }

    /// The answer's text as it streams. Throws ``APIError`` for an `event: error` or a non-200
    /// answer, and ``StreamInterrupted`` if the connection ends early.
    public func stream(_ prompt: String, maxTokens: Int = 256) -> AsyncThrowingStream<String, Error> {
        let request = request(prompt, maxTokens: maxTokens, stream: true, attempt: 0)
        return AsyncThrowingStream { continuation in
            let reader = SSEReader(continuation: continuation)
            let session = URLSession(configuration: .ephemeral, delegate: reader, delegateQueue: nil)
            session.dataTask(with: request).resume()
            session.finishTasksAndInvalidate()
        }
    }

    func request(_ prompt: String, maxTokens: Int, stream: Bool, attempt: Int) -> URLRequest {
        var request = URLRequest(url: baseURL.appendingPathComponent("v1/messages"))
        request.httpMethod = "POST"
        request.setValue(apiKey, forHTTPHeaderField: "x-api-key")
        request.setValue("2023-06-01", forHTTPHeaderField: "anthropic-version")
        request.setValue("application/json", forHTTPHeaderField: "content-type")
        request.setValue(String(attempt), forHTTPHeaderField: "x-stainless-retry-count")
        let body: [String: Any] = [
            "model": model, "max_tokens": maxTokens, "stream": stream,
            "messages": [["role": "user", "content": prompt]],
        ]
        request.httpBody = try? JSONSerialization.data(withJSONObject: body)
        return request
    }

    static func apiError(status: Int, body: Data) -> APIError {
        let envelope = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        let error = envelope?["error"] as? [String: Any]
        return APIError(status: status, type: error?["type"] as? String ?? "unknown", message: error?["message"] as? String ?? "")
    }

    static func shouldRetry(_ response: HTTPURLResponse) -> Bool {
        if let header = response.value(forHTTPHeaderField: "x-should-retry") { return header == "true" }
        return [408, 409, 429].contains(response.statusCode) || response.statusCode >= 500
    }

    static func retryDelay(_ response: HTTPURLResponse, attempt: Int) -> Duration {
        if let ms = response.value(forHTTPHeaderField: "retry-after-ms").flatMap(Double.init), ms > 0, ms <= 60_000 { return .milliseconds(ms) }
        if let seconds = response.value(forHTTPHeaderField: "retry-after").flatMap(Double.init), seconds > 0, seconds <= 60 { return .seconds(seconds) }
        return .milliseconds(500 * (1 << attempt))
    }
}

/// Reads an SSE response as it arrives and yields each text delta.
final class SSEReader: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let continuation: AsyncThrowingStream<String, Error>.Continuation
    private let lock = NSLock()
    private var buffer = Data()
    private var status = 200
    private var sawStop = false

    init(continuation: AsyncThrowingStream<String, Error>.Continuation) { self.continuation = continuation }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        lock.withLock { status = (response as? HTTPURLResponse)?.statusCode ?? 0 }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        lock.withLock {
            buffer.append(data)
            guard status == 200 else { return }
            while let end = buffer.range(of: Data("\n\n".utf8)) {
                let event = String(decoding: buffer[buffer.startIndex..<end.lowerBound], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex..<end.upperBound)
                handle(event)
            }
        }
    }

    private func handle(_ event: String) {
        var name = "", data = ""
        for line in event.split(separator: "\n") {
            if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
            if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
        }
        let json = (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any]
        switch name {
        case "content_block_delta":
            if let text = (json?["delta"] as? [String: Any])?["text"] as? String { continuation.yield(text) }
        case "message_stop":
            sawStop = true
        case "error":
            let error = json?["error"] as? [String: Any]
            continuation.finish(
                throwing: MessagesClient.APIError(status: 200, type: error?["type"] as? String ?? "", message: error?["message"] as? String ?? ""))
        default:
            break
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        lock.withLock {
            if status != 200 {
                continuation.finish(throwing: MessagesClient.apiError(status: status, body: buffer))
            } else if let error {
                continuation.finish(throwing: error)
            } else if !sawStop {
                continuation.finish(throwing: MessagesClient.StreamInterrupted())
            } else {
                continuation.finish()
            }
        }
    }
}
