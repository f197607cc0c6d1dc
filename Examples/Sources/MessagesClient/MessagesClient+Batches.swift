import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension MessagesClient {
    /// A message batch as far as this client cares.
    public struct Batch: Sendable {
        public var id: String
        public var status: String
        public var resultsURL: URL?
    }

    /// Submits one request per prompt, keyed by custom_id.
    public func createBatch(_ prompts: [(customID: String, prompt: String)], maxTokens: Int = 256) async throws -> Batch {
        let requests = prompts.map { item -> [String: Any] in
            [
                "custom_id": item.customID,
                "params": ["model": model, "max_tokens": maxTokens, "messages": [["role": "user", "content": item.prompt]]],
            ]
        }
        return try await batchCall("POST", url: baseURL.appendingPathComponent("v1/messages/batches"), body: ["requests": requests])
    }

    /// The batch's current state.
    public func batch(_ id: String) async throws -> Batch {
        try await batchCall("GET", url: baseURL.appendingPathComponent("v1/messages/batches/\(id)"), body: nil)
    }

    /// Each request's answer text, or its result type when it did not succeed.
    public func results(of batch: Batch) async throws -> [String: String] {
        guard let url = batch.resultsURL else { return [:] }
        let (data, _) = try await URLSession.shared.data(for: request("GET", url: url, body: nil))
        var answers: [String: String] = [:]
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let item = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                let id = item["custom_id"] as? String, let result = item["result"] as? [String: Any]
            else { continue }
            let message = result["message"] as? [String: Any]
            let text = (message?["content"] as? [[String: Any]])?.compactMap { $0["text"] as? String }.joined()
            answers[id] = text ?? (result["type"] as? String ?? "?")
        }
        return answers
    }

    private func batchCall(_ method: String, url: URL, body: [String: Any]?) async throws -> Batch {
        let (data, response) = try await URLSession.shared.data(for: request(method, url: url, body: body))
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200, let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Self.apiError(status: status, body: data)
        }
        return Batch(
            id: object["id"] as? String ?? "", status: object["processing_status"] as? String ?? "",
            resultsURL: (object["results_url"] as? String).flatMap(URL.init(string:)))
    }

    private func request(_ method: String, url: URL, body: [String: Any]?) -> URLRequest {
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue(apiKey, forHTTPHeaderField: "x-api-key")
        request.setValue("2023-06-01", forHTTPHeaderField: "anthropic-version")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "content-type")
            request.httpBody = try? JSONSerialization.data(withJSONObject: body)
        }
        return request
    }
}
