import Foundation
import MockClaude

/// Turns the Messages and Batches exchanges of a HAR 1.2 capture (browser devtools, Proxyman,
/// Charles, mitmproxy) into cassettes, with secrets removed as the recorder removes them.
///
/// ```swift
/// let report = try HARImporter(redactor: Redactor()).importFile("capture.har", into: "Cassettes")
/// for skipped in report.skipped { print("entry \(skipped.entry): \(skipped.reason)") }
/// ```
///
/// An SSE body is cut into its events; a HAR keeps one timing per exchange, so the events are
/// spread evenly over its `receive` time (the time from the first body byte to the last), the
/// first one with the head. Entries that are not API exchanges, or hold no response body, are
/// skipped with the reason.
public struct HARImporter: Sendable {
    /// Removes secrets from headers, bodies and events before anything is written.
    public let redactor: Redactor

    /// An importer that removes what `redactor` names.
    public init(redactor: Redactor) { self.redactor = redactor }

    /// What an import wrote and what it left out.
    public struct Report: Sendable {
        /// Cassettes written: the HAR entry (1-based), the file's path, and what it holds.
        public var written: [(entry: Int, path: String, summary: String)] = []
        /// Entries left out (1-based) and why.
        public var skipped: [(entry: Int, reason: String)] = []
    }

    /// A HAR file that cannot be imported at all.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Imports every entry of the HAR at `path` into the folder `directory` (created if needed).
    public func importFile(_ path: String, into directory: String) throws -> Report {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw Failure(description: "\(path): cannot be read (\(error.localizedDescription)); check the path")
        }
        let har: JSONValue
        do {
            har = try JSONValue.parse(bytes)
        } catch {
            throw Failure(description: "\(path):\(error.line): not JSON (\(error)); a HAR file is the JSON a tool exports with \"Save all as HAR\"")
        }
        guard let entries = har["log"]?["entries"]?.arrayValue else {
            throw Failure(description: "\(path): no log.entries array; is this a HAR 1.2 file?")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var report = Report()
        let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        for (offset, entry) in entries.enumerated() {
            let number = offset + 1
            switch cassette(from: entry) {
            case .failure(let skip):
                report.skipped.append((number, skip.reason))
            case .success(let (writer, summary)):
                let file = URL(fileURLWithPath: directory).appendingPathComponent("\(base)-\(number).sse").path
                try writer.write(to: file)
                report.written.append((number, file, summary))
            }
        }
        return report
    }

    struct Skip: Error {
        var reason: String
    }

    /// One entry as a cassette writer holding the whole exchange, or why it is skipped.
    func cassette(from entry: JSONValue) -> Result<(CassetteWriter, String), Skip> {
        guard let request = entry["request"]?.objectValue, let response = entry["response"]?.objectValue else {
            return .failure(Skip(reason: "no request or response object"))
        }
        let method = request["method"]?.stringValue ?? "?"
        let url = request["url"]?.stringValue ?? ""
        let received = ReceivedRequest(method: method, target: URLComponents(string: url)?.percentEncodedPath ?? url)
        let path = received.apiPath
        guard path == "/v1/messages" || path.hasPrefix("/v1/messages/") else {
            return .failure(Skip(reason: "\(method) \(url) is not a Messages or Batches request"))
        }
        guard let status = response["status"]?.intValue, (100...599).contains(status) else {
            return .failure(Skip(reason: "\(method) \(path): no HTTP status (the exchange did not complete)"))
        }
        guard let content = response["content"]?.objectValue, let text = content["text"]?.stringValue else {
            return .failure(Skip(reason: "\(method) \(path): the response body is not in the HAR (export it with content)"))
        }
        var body = Array(text.utf8)
        if content["encoding"]?.stringValue == "base64" {
            guard let decoded = Data(base64Encoded: text) else {
                return .failure(Skip(reason: "\(method) \(path): the body says base64 but is not"))
            }
            body = Array(decoded)
        }
        var headers: [(name: String, value: String)] = []
        for header in response["headers"]?.arrayValue ?? [] {
            guard let name = header["name"]?.stringValue, let value = header["value"]?.stringValue,
                HTTPHeaderList.problem(name: name, value: value) == nil
            else { continue }
            headers.append((name, value))
        }
        var kept = redactor.filter(HTTPHeaderList(headers))
        kept.remove("date")
        let mimeType = content["mimeType"]?.stringValue ?? kept["content-type"] ?? ""
        let isEventStream = mimeType.lowercased().contains("text/event-stream")
        let requestBody = request["postData"]?["text"]?.stringValue ?? ""
        let description = "\(method) \(path) " + String(decoding: redactor.redact(json: Array(requestBody.utf8)), as: UTF8.self).prefix(4096)

        let start = ContinuousClock.now
        var writer = CassetteWriter(status: status, headers: kept, isEventStream: isEventStream, request: description, start: start)
        guard isEventStream else {
            writer.append(redactor.redact(json: body), now: start)
            return .success((writer, "\(method) \(path) -> \(status), \(body.count) bytes"))
        }
        writer.eventTransform = { [redactor] in redactor.redact(event: $0) }
        let events = SSE.events(in: body)
        let receive = Self.milliseconds(entry["timings"]?["receive"])
        for (index, event) in events.enumerated() {
            // Evenly over the receive time: event 0 with the head, the last at its end.
            let share = events.count > 1 ? receive * Double(index) / Double(events.count - 1) : 0
            writer.append(event, now: start + .microseconds(Int64((share * 1000).rounded())))
        }
        let rest = Array(body.dropFirst(events.reduce(0) { $0 + $1.count }))
        if !rest.isEmpty { writer.append(rest, now: start + .microseconds(Int64((receive * 1000).rounded()))) }
        return .success((writer, "\(method) \(path) -> \(status), \(events.count) events over \(Int(receive.rounded())) ms"))
    }

    /// A HAR timing in milliseconds: `-1` (not applicable), missing, negative or absurd values count as 0.
    static func milliseconds(_ value: JSONValue?) -> Double {
        let number: Double
        switch value {
        case .int(let ms): number = Double(ms)
        case .double(let ms): number = ms
        default: number = 0
        }
        // At most a day: a HAR is hostile input too, and delays from files are bounded.
        return number.isFinite && number > 0 ? min(number, 86_400_000) : 0
    }
}
