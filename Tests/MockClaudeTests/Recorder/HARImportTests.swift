import Foundation
import MockClaude
import MockClaudeRecorder
import Testing

/// A HAR written by hand from the HAR 1.2 spec, imported, then replayed.
@Suite struct HARImportTests {
    static let secret = "sk-ant-api03-SECRET"
    static let organization = "0d1e2f00-aaaa-bbbb-cccc-123456789abc"

    static func entry(
        _ method: String, _ url: String, status: Int? = 200, mimeType: String = "application/json", text: String?, encoding: String? = nil,
        receive: Double = 0
    ) -> JSONValue {
        var content: JSONObject = ["size": .int(text?.utf8.count ?? 0), "mimeType": .string(mimeType)]
        if let text { content["text"] = .string(text) }
        if let encoding { content["encoding"] = .string(encoding) }
        var response: JSONObject = [
            "httpVersion": "HTTP/1.1", "statusText": "",
            "headers": .array([
                .object(["name": "content-type", "value": .string(mimeType)]),
                .object(["name": "request-id", "value": "req_011CHAR0000000000000000001"]),
                .object(["name": "anthropic-organization-id", "value": .string(organization)]),
                .object(["name": "set-cookie", "value": "session=abc"]),
                .object(["name": "transfer-encoding", "value": "chunked"]),
            ]),
            "content": .object(content), "cookies": .array([]), "redirectURL": "", "headersSize": -1, "bodySize": -1,
        ]
        if let status { response["status"] = .int(status) }
        return .object([
            "startedDateTime": "2026-12-01T10:00:00.000Z", "time": .double(receive + 50),
            "request": .object([
                "method": .string(method), "url": .string(url), "httpVersion": "HTTP/1.1",
                "headers": .array([.object(["name": "x-api-key", "value": .string(secret)])]),
                "postData": .object(["mimeType": "application/json", "text": .string(messagesBody(stream: true))]),
                "cookies": .array([]), "queryString": .array([]), "headersSize": -1, "bodySize": -1,
            ]),
            "response": .object(response),
            "cache": .object([:]),
            "timings": .object(["send": 0, "wait": 50, "receive": .double(receive)]),
        ])
    }

    @Test func messagesExchangesBecomeCassettesThatReplayByteForByte() async throws {
        let stream = String(decoding: try Repo.cassette("haiku.sse").bodyBytes, as: UTF8.self)
        let json =
            #"{"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[{"type":"text","text":"Hi"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1}}"#
        let har = JSONValue.object([
            "log": .object([
                "version": "1.2", "creator": .object(["name": "hand", "version": "1"]),
                "entries": .array([
                    Self.entry("GET", "https://claude.ai/", text: "<html>"),
                    Self.entry("POST", "https://api.anthropic.com/v1/messages", mimeType: "text/event-stream; charset=utf-8", text: stream, receive: 600),
                    Self.entry("POST", "https://api.anthropic.com/v1/messages?beta=true", text: json),
                    Self.entry("POST", "https://api.anthropic.com/v1/messages", text: nil),
                    Self.entry("POST", "https://api.anthropic.com/v1/messages/batches", text: Data(json.utf8).base64EncodedString(), encoding: "base64"),
                    Self.entry("POST", "https://api.anthropic.com/v1/messages", status: nil, text: ""),
                ]),
            ])
        ])
        let folder = RecorderTests.folder()
        let harPath = folder + "/capture.har"
        try Data(har.compactBytes).write(to: URL(fileURLWithPath: harPath))

        let report = try HARImporter(redactor: Redactor()).importFile(harPath, into: folder + "/out")
        #expect(report.written.map(\.entry) == [2, 3, 5])
        #expect(report.skipped.map(\.entry) == [1, 4, 6])
        #expect(report.skipped[0].reason.contains("not a Messages or Batches request"))
        #expect(report.skipped[1].reason.contains("response body is not in the HAR"))
        #expect(report.skipped[2].reason.contains("no HTTP status"))

        for written in report.written {
            #expect(FileValidator.problems(in: written.path).isEmpty, "validate accepts \(written.path)")
            let file = try String(contentsOfFile: written.path, encoding: .utf8)
            #expect(!file.contains(Self.secret) && !file.contains(Self.organization) && !file.contains("session=abc"), "no secret in \(written.path)")
        }
        let streamed = try Cassette.load(path: report.written[0].path)
        #expect(streamed.bodyBytes == Array(stream.utf8))
        // One timing per exchange: the events spread evenly over its 600 ms of receiving.
        #expect(streamed.events.first?.delay == .zero)
        #expect(streamed.events.reduce(Duration.zero) { $0 + $1.delay } == .milliseconds(600))
        #expect(try Cassette.load(path: report.written[2].path).body == Array(json.utf8), "a base64 body is decoded")

        let replayed = try await withServer(.init(cassettes: [streamed], timing: .instant)) { server in
            try await AHC.send(server.baseURL, body: messagesBody(stream: true))
        }
        #expect(replayed.body == Array(stream.utf8))
        #expect(replayed.headers.first { $0.0 == "request-id" }?.1 == "req_011CHAR0000000000000000001")
    }

    /// A HAR is hostile input too: absurd timings, statuses and header values.
    @Test func hostileEntriesAreBoundedOrSkipped() throws {
        let stream = String(decoding: try Repo.cassette("haiku.sse").bodyBytes, as: UTF8.self)
        var wild = Self.entry("POST", "https://api.anthropic.com/v1/messages", mimeType: "text/event-stream", text: stream, receive: 1e308)
        if case .object(var object) = wild, case .object(var response) = object["response"]! {
            response["headers"] = .array([.object(["name": "x-evil", "value": "a\r\nset-cookie: b"]), .object(["name": "bad name", "value": "x"])])
            object["response"] = .object(response)
            wild = .object(object)
        }
        let entries: [JSONValue] = [
            wild,
            Self.entry("POST", "https://api.anthropic.com/v1/messages", status: 99_999_999_999, text: "{}"),
            .string("not an entry"),
            Self.entry("POST", "::not a url::", text: "{}"),
        ]
        let folder = RecorderTests.folder()
        let path = folder + "/wild.har"
        try Data(JSONValue.object(["log": .object(["entries": .array(entries)])]).compactBytes).write(to: URL(fileURLWithPath: path))
        let report = try HARImporter(redactor: Redactor()).importFile(path, into: folder)
        #expect(report.written.map(\.entry) == [1])
        #expect(report.skipped.map(\.entry) == [2, 3, 4])
        let file = try String(contentsOfFile: report.written[0].path, encoding: .utf8)
        #expect(!file.contains("x-evil") && !file.contains("bad name"), "header lines that would break a head are not written")
        #expect(FileValidator.problems(in: report.written[0].path).isEmpty)
        let cassette = try Cassette.load(path: report.written[0].path)
        #expect(cassette.events.reduce(Duration.zero) { $0 + $1.delay } == .seconds(86_400), "a receive time past a day is held at a day")
    }

    @Test func aFileThatIsNotAHARSaysWhatAndWhere() throws {
        let folder = RecorderTests.folder()
        let path = folder + "/broken.har"
        try Data("{\n  \"log\": {\"entries\": [\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            try HARImporter(redactor: Redactor()).importFile(path, into: folder)
        } throws: { error in
            "\(error)".hasPrefix("\(path):3: not JSON")
        }
        try Data(#"{"entries": []}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            try HARImporter(redactor: Redactor()).importFile(path, into: folder)
        } throws: { error in
            "\(error)".contains("no log.entries array")
        }
    }
}
