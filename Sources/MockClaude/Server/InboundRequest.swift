/// What a connection's task reads: a whole request, one already planned on the event loop, or a
/// head that waits for `100 Continue`.
enum InboundRequest: Sendable {
    /// A whole request, and whether the connection may serve another after it.
    case request(ReceivedRequest, keepAlive: Bool)
    /// A request whose plan was made on the event loop but is not due whole at once (it has
    /// delays, a live body or another ending): the task writes it.
    case planned(ConnectionAnswer)
    /// The head of a request whose client waits for `100 Continue` before sending its body.
    case wantsContinue
}
