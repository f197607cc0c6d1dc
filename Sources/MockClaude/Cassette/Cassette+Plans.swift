import Foundation

extension Cassette {
    /// The plan that replays this cassette as the SSE stream it recorded, byte for byte.
    ///
    /// Headers: the standard set, then the recorded ones over them (framing headers excepted).
    public func streamPlan(requestID: String, now: Timestamp, baseURL: @autoclosure () -> String? = nil) -> ResponsePlan {
        ReplayTemplate(self).streamPlan(requestID: requestID, now: now, baseURL: baseURL())
    }

    /// The standard headers for an answer, then the recorded ones over them: all but the framing
    /// headers the writer owns and those named in `except` (lowercase).
    func headers(requestID: String, contentType: String, now: Timestamp, except: Set<String> = []) -> HTTPHeaderList {
        headerLayout(contentType: contentType, except: except).headers(requestID: requestID, now: now)
    }

    /// ``headers(requestID:contentType:now:except:)`` laid out, its per-response values left as slots.
    func headerLayout(contentType: String, except: Set<String> = []) -> HeaderLayout {
        var layout = StandardHeaders.layout(contentType: contentType)
        for field in self.headers where !HTTPResponseHead.isWriterOwned(field.name) {
            if !except.isEmpty, except.contains(field.name.lowercased()) { continue }
            layout.set(field.name, field.value)
        }
        return layout
    }

    /// The stream's final `usage.output_tokens` (the last `message_delta`'s, else `message_start`'s).
    var outputTokens: Int? {
        for event in events.reversed() {
            if let tokens = (event.json?["usage"] ?? event.json?["message"]?["usage"])?["output_tokens"]?.intValue { return tokens }
        }
        return nil
    }

    /// A recorded non-SSE answer, as it was: status, headers and body (with the recording's base
    /// URL replaced by `baseURL`, so links like `results_url` lead back to this mock). The only
    /// plan that uses the base URL, so callers hand it over unmade (most answers need none).
    func recordedBodyPlan(requestID: String, now: Timestamp, baseURL: () -> String?) -> ResponsePlan {
        let headers = headers(requestID: requestID, contentType: StandardHeaders.json, now: now)
        var bytes = body ?? []
        if let recorded = self.baseURL, let baseURL = baseURL(), recorded != baseURL {
            bytes = Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: recorded, with: baseURL).utf8)
        }
        return ResponsePlan(
            status: status, headers: headers, parts: [.init(bytes: bytes)], framing: .contentLength(bytes.count),
            ending: interrupted ? .close : .finish)
    }

    /// The plan that answers a non-streaming request: the stream assembled into one `Message`,
    /// or, when the stream carried an `error` event, that error with its HTTP status. The head is
    /// delayed by the stream's total recorded time.
    public func messagePlan(requestID: String, now: Timestamp, baseURL: @autoclosure () -> String? = nil) -> ResponsePlan {
        if body != nil { return recordedBodyPlan(requestID: requestID, now: now, baseURL: baseURL) }
        // A stream cut when recorded is cut for a non-streaming request too: head, then FIN.
        if interrupted {
            return ResponsePlan(
                status: status, headers: StandardHeaders.make(requestID: requestID, contentType: StandardHeaders.json, now: now), framing: .contentLength(1),
                ending: .close)
        }
        switch MessageAssembler.assemble(events.compactMap(\.json)) {
        case .message(let message):
            // The recorded stream's content-type and cache-control do not describe a Message.
            let headers = headers(requestID: requestID, contentType: StandardHeaders.json, now: now, except: ["content-type", "cache-control"])
            var plan = ResponsePlan.fixed(status: status, headers: headers, json: .object(message))
            plan.outputTokens = message["usage"]?["output_tokens"]?.intValue
            // A non-streaming answer arrives when the whole stream would have finished.
            plan.delayBeforeHead = events.reduce(.zero) { $0 + $1.delay }
            return plan
        case .error(let type, let message):
            return APIError(type: type, message: message).plan(requestID: requestID, now: now)
        }
    }
}
