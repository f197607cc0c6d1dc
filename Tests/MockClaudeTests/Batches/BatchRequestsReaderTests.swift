import Testing

@testable import MockClaude

/// The batch-create body read part by part (no JSON tree) against the rules as they were written
/// over a whole parsed tree: the same requests, or the same error, for every body.
@Suite struct BatchRequestsReaderTests {
    /// The old reading: parse everything, then check (kept here as the reference).
    static func reference(_ body: [UInt8]) -> Result<[(String, JSONValue)], APIError> {
        do throws(APIError) {
            let object = try MessagesRequestCheck.parseBody(body)
            guard let value = object["requests"] else { throw .invalidRequest("requests: Field required") }
            guard let requests = value.arrayValue else { throw .invalidRequest("requests: Input should be a valid list") }
            guard !requests.isEmpty else { throw .invalidRequest("requests: List should have at least 1 item after validation, not 0") }
            guard requests.count <= 100_000 else {
                throw .invalidRequest("requests: List should have at most 100000 items after validation, not \(requests.count)")
            }
            var seen: [String: Int] = [:]
            var parsed: [(String, JSONValue)] = []
            for (index, item) in requests.enumerated() {
                let path = "requests.\(index)"
                guard let object = item.objectValue else {
                    throw .invalidRequest("\(path): Input should be a valid dictionary or object to extract fields from")
                }
                guard let idValue = object["custom_id"] else { throw .invalidRequest("\(path).custom_id: Field required") }
                guard let id = idValue.stringValue else { throw .invalidRequest("\(path).custom_id: Input should be a valid string") }
                guard !id.isEmpty else { throw .invalidRequest("\(path).custom_id: String should have at least 1 character") }
                guard id.count <= 64 else { throw .invalidRequest("\(path).custom_id: String should have at most 64 characters") }
                guard id.utf8.allSatisfy({ $0 == 95 || $0 == 45 || (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }) else {
                    throw .invalidRequest("\(path).custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'")
                }
                if let first = seen[id] {
                    throw .invalidRequest(
                        "\(path).custom_id: duplicate custom_id '\(id)' (also used by requests.\(first)); custom_id must be unique within a batch")
                }
                seen[id] = index
                guard let params = object["params"] else { throw .invalidRequest("\(path).params: Field required") }
                guard params.objectValue != nil else {
                    throw .invalidRequest("\(path).params: Input should be a valid dictionary or object to extract fields from")
                }
                parsed.append((id, params))
            }
            return .success(parsed)
        } catch {
            return .failure(error)
        }
    }

    static func streamed(_ body: [UInt8]) -> Result<[(String, JSONValue)], APIError> {
        do throws(APIError) {
            return .success(try BatchesAPI.requests(in: body).map { ($0.customID, try! JSONValue.parse(body[$0.params])) })
        } catch {
            return .failure(error)
        }
    }

    static let item = #"{"custom_id":"a","params":{"model":"m","max_tokens":1}}"#
    static let bodies: [String] = [
        #"{"requests":[\#(item)]}"#,
        "{ \"requests\" : [ \(item) , {\"params\": {\"x\": [1, {\"y\": null}]}, \"custom_id\": \"b\"} ] , \"other\": {\"z\": 1} }",
        #"{"requests":5,"requests":[\#(item)]}"#,
        #"{"requests":[\#(item)],"requests":"x"}"#,
        #"{"requests":[{"custom_id":"a","custom_id":"b","params":1,"params":{}}]}"#,
        #"{"requests":[{"custom_id":""}],"x": tru}"#,
        #"{"requests":[{"custom_id":"a"},{"custom_id":"a"}]}"#,
        #"{"requests":[{"custom_id":"a","params":{}},{"custom_id":"a"}]}"#,
        #"{"requests":[{"custom_id":"a","params":{}},{"custom_id":"b"},{"custom_id":"a","params":{}}]}"#,
        #"{"requests":[{"custom_id":"a","params":{}},{"custom_id":"b","params":{}},{"custom_id":"b","params":{}},{"custom_id":"a","params":{}}]}"#,
        #"{"requests":[{"custom_id":"a","params":{}},{"custom_id":"!"},{"custom_id":"a","params":{}}]}"#,
        #"{"requests":[{"custom_id":"c","params":{}},{"custom_id":"b","params":{}},{"custom_id":"a","params":{}},{"custom_id":"b","params":1}]}"#,
        #"{"requests":[{"custom_id":"a","params":{}},{"custom_id":"a","params":{}},{"custom_id":"a","params":{}}]}"#,
        #"{"requests":[{"custom_id":7,"params":{}}]}"#,
        #"{"requests":[{"custom_id":"é","params":{}}]}"#,
        #"{"requests":[null, {"custom_id":"a"}]}"#,
        #"{"requests":[]}"#,
        #"{"requests":null}"#,
        "{}",
        "[]",
        "[1,",
        #""requests""#,
        #"{"requests":[\#(item)]} extra"#,
        #"{"requests":[\#(item)]"#,
        #"{"requests":[{"custom_id":"a","params":{"bad": "\ud800"}}]}"#,
        #"{"requests":[{"custom_id":"a","params":{}}, ]}"#,
        String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        #"{"requests":[{"custom_id":"a","params":"# + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}]}",
        "",
        "  ",
    ]

    @Test(arguments: bodies)
    func readsEveryBodyAsTheTreeRulesDo(body: String) {
        let bytes = Array(body.utf8)
        switch (Self.reference(bytes), Self.streamed(bytes)) {
        case (.success(let expected), .success(let got)):
            #expect(expected.map(\.0) == got.map(\.0))
            #expect(expected.map(\.1) == got.map(\.1))
        case (.failure(let expected), .failure(let got)):
            #expect(expected.message == got.message)
        case (let expected, let got):
            Issue.record("reference \(expected), streamed \(got)")
        }
    }

    @Test func paramsArePlacesInTheBodyNotCopies() throws {
        let body = Array(#"{"requests":[\#(Self.item)]}"#.utf8)
        let requests = try BatchesAPI.requests(in: body)
        #expect(String(decoding: body[requests[0].params], as: UTF8.self) == #"{"model":"m","max_tokens":1}"#)
        #expect(requests[0].params.lowerBound == 39, "its place in the body")
    }
}
