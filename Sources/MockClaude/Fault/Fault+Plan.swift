extension Fault {
    /// The plan with this fault applied.
    public func apply(to plan: ResponsePlan, context: FaultContext) -> ResponsePlan {
        var plan = plan
        switch kind {
        case .rateLimited(let retryAfter, let retryAfterMilliseconds):
            plan = ErrorAnswer(type: "rate_limit_error").apiError.plan(requestID: context.requestID, now: context.now)
            // Values come from files and the admin API, bounded there; ones built in code are
            // converted with checks too (a non-finite or huge value resets "never": the far future).
            let wait = (retryAfter ?? Double(retryAfterMilliseconds ?? 1000) / 1000).rounded(.up)
            let reset = context.now.adding(seconds: Checked.integer(wait).map(Int64.init) ?? .max).rfc3339Seconds
            for kind in ["requests", "input-tokens", "output-tokens", "tokens"] {
                plan.headers.set("anthropic-ratelimit-\(kind)-remaining", "0")
                plan.headers.set("anthropic-ratelimit-\(kind)-reset", reset)
            }
            if let retryAfter {
                plan.headers.set("retry-after", Checked.integer(retryAfter).map(String.init) ?? String(retryAfter))
            }
            if let retryAfterMilliseconds { plan.headers.set("retry-after-ms", String(retryAfterMilliseconds)) }
        case .overloaded(let status):
            let type = status == 529 ? "overloaded_error" : status == 504 ? "timeout_error" : "api_error"
            plan = ErrorAnswer(type: type, status: status).apiError.plan(requestID: context.requestID, now: context.now)
        case .shouldRetry(let flag):
            plan.headers.set("x-should-retry", flag ? "true" : "false")
        case .disconnect(let cut):
            plan = plan.cut(cut, ending: .close)
        case .reset(let cut):
            plan = plan.cut(cut, ending: .reset)
        case .stall(let cut):
            plan = plan.cut(cut, ending: .stall)
        case .errorEvent(let index, let type, let message):
            plan.json = nil
            let error = ErrorAnswer(type: type, message: message).apiError
            guard plan.isEventStream else {
                return error.plan(requestID: context.requestID, now: context.now)
            }
            let data: JSONValue = .object(["type": .string("error"), "error": .object(["type": .string(error.type), "message": .string(error.message)])])
            plan.parts = Array(plan.parts.prefix(max(0, index))) + [ResponsePlan.Part(bytes: SSE.event(name: "error", data: data.compactString))]
            plan.ending = .finish
        case .truncate(let keep):
            plan.json = nil
            plan.parts = Array(plan.parts.prefix(max(0, keep ?? plan.parts.count - 1)))
            if case .contentLength = plan.framing { plan.framing = .contentLength(plan.bodyBytes.count) }
            plan.ending = .finish
        case .malformedEvent(let index):
            guard plan.parts.indices.contains(index) else { return plan }
            plan.json = nil
            plan.parts[index].bytes = SSE.breakingData(of: plan.parts[index].bytes)
        case .malformedChunk(let after):
            plan.json = nil
            plan.parts =
                Array(plan.parts.prefix(max(0, after))) + [ResponsePlan.Part(bytes: Array("zz\r\nnot a chunk\r\n".utf8), raw: plan.framing == .chunked)]
            plan.ending = .close
        case .drip(let size, let every):
            let body = plan.bodyBytes
            let firstDelay = plan.parts.first?.delay ?? .zero
            plan.parts = stride(from: 0, to: body.count, by: max(1, size)).enumerated().map { offset, start in
                ResponsePlan.Part(delay: offset == 0 ? firstDelay : every, bytes: Array(body[start..<min(body.count, start + max(1, size))]))
            }
        case .latency(let delay):
            plan.delayBeforeHead = min(plan.delayBeforeHead + min(delay, Checked.longestDuration), Checked.longestDuration)
        case .hang:
            plan.json = nil
            plan.sendsHead = false
            plan.parts = []
            plan.ending = .stall
        }
        return plan
    }
}

extension ResponsePlan {
    /// Whether the body is an SSE stream.
    var isEventStream: Bool { headers["content-type"]?.hasPrefix("text/event-stream") ?? false }

    /// The plan cut at `cut`, then ended with `ending` (the head still promises the whole body).
    func cut(_ cut: Fault.Cut, ending: Ending) -> ResponsePlan {
        var plan = self
        plan.json = nil
        switch cut {
        case .events(let count):
            plan.parts = Array(parts.prefix(max(0, count)))
        case .bytes(let count):
            var remaining = count
            var kept: [Part] = []
            for part in parts where remaining > 0 {
                var part = part
                if part.bytes.count > remaining { part.bytes = Array(part.bytes.prefix(remaining)) }
                remaining -= part.bytes.count
                kept.append(part)
            }
            plan.parts = kept
        case .half:
            return isEventStream ? self.cut(.events(parts.count / 2), ending: ending) : self.cut(.bytes(bodyBytes.count / 2), ending: ending)
        }
        plan.ending = ending
        return plan
    }
}
