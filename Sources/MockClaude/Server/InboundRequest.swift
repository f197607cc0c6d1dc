/// What a connection's task reads: a whole request, or a head that waits for `100 Continue`.
enum InboundRequest: Sendable {
    /// A whole request, and whether the connection may serve another after it.
    case request(ReceivedRequest, keepAlive: Bool)
    /// The head of a request whose client waits for `100 Continue` before sending its body.
    case wantsContinue
}
