/// mockclaude's own lines in a cassette, `:@ word value`: SSE comments no client ever sees.
/// `CassetteParser` reads them and ``Cassette/fileBytes()`` writes them, from this one list.
///
/// `:@ +212ms` (the delay before the next event) is the one directive without a word.
enum CassetteDirective: String, CaseIterable, Sendable {
    case status
    case header
    case request
    case recorded
    case baseURL = "base-url"
    case body
    case bodyBase64 = "body-base64"
    case interrupted

    /// The bytes every directive line starts with.
    static let prefix: [UInt8] = Array(":@".utf8)

    /// Whether it describes the whole response, and so belongs above the first event.
    var isHeading: Bool { self != .interrupted }

    /// Every directive as written, for messages and suggestions.
    static let names: [String] = allCases.map(\.rawValue) + ["+<delay>"]

    /// The directive's line: `:@ word value` and a newline.
    func line(_ value: String? = nil) -> String {
        ":@ " + rawValue + (value.map { " " + $0 } ?? "") + "\n"
    }

    /// The delay line before an event: `:@ +212ms`.
    static func delayLine(_ delay: Duration) -> String { ":@ +" + DelayText.format(delay) + "\n" }
}
