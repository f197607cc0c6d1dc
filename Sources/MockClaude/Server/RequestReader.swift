import NIOCore
import NIOHTTP1

/// Gathers the HTTP parser's parts (head, body pieces, end) into whole requests on the event
/// loop, so the connection's task wakes once per request rather than once per part.
///
/// Bodies past the limit are counted and dropped (the request arrives flagged
/// ``ReceivedRequest/bodyTooLarge``, without its bytes). A head that asks for `100 Continue` is
/// passed on as ``InboundRequest/wantsContinue`` for the task to answer in turn: only the task
/// writes, so a `100 Continue` never lands inside the answer to an earlier pipelined request.
/// When such a head announces a body past the limit, the request is passed on at once (flagged,
/// not kept alive) and the rest of it is ignored: its answer is a 413 and a close.
///
/// Given an ``AnswerAtOnce`` (as when the server serves on its event loops), the reader first
/// offers it each whole request the task has nothing before: an answer due whole at once is then
/// written here, on the loop, without waking the task at all.
final class RequestReader: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = InboundRequest

    /// The largest body a request may carry, given its method and target.
    let bodyLimit: @Sendable (_ method: String, _ target: String) -> Int

    /// Answers a request on the event loop when it can (returning `nil`); otherwise returns what
    /// the task is to be passed instead.
    typealias AnswerAtOnce = (_ request: ReceivedRequest, _ keepAlive: Bool, _ channel: Channel) -> InboundRequest?

    /// What the reader offers requests to first, and what it has passed to the task and the task
    /// has not finished with; `nil` when every request goes to the task.
    let answerAtOnce: (answer: AnswerAtOnce, handOver: HandOver)?

    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var bodySize = 0
    private var limit = 0
    /// The rest of the current request is ignored: it was already passed on (refused early).
    private var ignoringRest = false

    init(
        bodyLimit: @escaping @Sendable (_ method: String, _ target: String) -> Int,
        answerAtOnce: (answer: AnswerAtOnce, handOver: HandOver)? = nil
    ) {
        self.bodyLimit = bodyLimit
        self.answerAtOnce = answerAtOnce
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            bodySize = 0
            ignoringRest = false
            limit = bodyLimit(head.method.rawValue, head.uri)
            let declared = head.headers.first(name: "content-length").flatMap { Int($0) }
            if let declared, declared <= limit { body.reserveCapacity(declared) }
            guard head.headers.first(name: "expect")?.lowercased() == "100-continue" else { return }
            if let declared, declared > limit {
                ignoringRest = true
                let refused = Self.request(head, body: [], tooLarge: true)
                pass(.request(refused, keepAlive: false), context: context)
            } else {
                pass(.wantsContinue, context: context)
            }
        case .body(let buffer):
            guard !ignoringRest else { return }
            bodySize = Checked.add(bodySize, buffer.readableBytes)
            if bodySize <= limit { body.append(contentsOf: buffer.readableBytesView) }
        case .end:
            defer { (self.head, body, ignoringRest) = (nil, [], false) }
            guard let head, !ignoringRest else { return }
            let tooLarge = bodySize > limit
            // After an upgrade request the HTTP parser passes no more requests: answer this one
            // (the upgrade itself is ignored) and close, so nothing waits forever.
            let keepAlive = head.isKeepAlive && !head.headers.contains(name: "upgrade")
            let request = Self.request(head, body: tooLarge ? [] : body, tooLarge: tooLarge)
            guard let answerAtOnce, answerAtOnce.handOver.isIdle else {
                return pass(.request(request, keepAlive: keepAlive), context: context)
            }
            if let rest = answerAtOnce.answer(request, keepAlive, context.channel) { pass(rest, context: context) }
        }
    }

    /// Passes `element` on to the connection's task.
    private func pass(_ element: InboundRequest, context: ChannelHandlerContext) {
        answerAtOnce?.handOver.passed()
        context.fireChannelRead(wrapInboundOut(element))
    }

    private static func request(_ head: HTTPRequestHead, body: [UInt8], tooLarge: Bool) -> ReceivedRequest {
        let headers = HTTPHeaderList(head.headers.map { (name: $0.name, value: $0.value) })
        return ReceivedRequest(method: head.method.rawValue, target: head.uri, headers: headers, body: body, bodyTooLarge: tooLarge)
    }
}
