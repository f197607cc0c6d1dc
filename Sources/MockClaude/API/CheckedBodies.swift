import NIOConcurrencyHelpers

/// The last few `/v1/messages` bodies that passed the checks, with what the checks made of them,
/// so a client that sends the same body again (a load test, a retry) is not parsed, validated
/// and laid out again.
///
/// The checks and the prompt's layout are pure functions of the body's bytes and the server's
/// ``ValidationOptions`` (fixed for its life), so a body equal byte for byte to one checked
/// before gets the same ``Body``. Only bodies of at most ``largestBody`` bytes are kept, at
/// most ``capacity`` of them: the memory this holds is bounded whatever clients send.
package final class CheckedBodies: Sendable {
    /// Bodies longer than this are checked every time (and not kept).
    package static let largestBody = 16 * 1024
    /// How many bodies are kept; the oldest goes first.
    package static let capacity = 8

    /// What the checks made of a body.
    package struct Body: Sendable {
        /// The body parsed and validated.
        package var checked: MessagesRequestCheck.Checked
        /// Where its prompt marks cache breakpoints (checked too).
        package var layout: PromptLayout
    }

    private struct Entry {
        var bytes: [UInt8]
        var body: Body
    }
    private struct Ring {
        var entries: [Entry] = []
        var next = 0
    }
    private let ring = NIOLockedValueBox(Ring())
    private let options: ValidationOptions

    package init(options: ValidationOptions) { self.options = options }

    /// How many bodies are kept now.
    package var count: Int { ring.withLockedValue { $0.entries.count } }

    /// Whether a body equal to `body` is kept.
    package func contains(_ body: [UInt8]) -> Bool { ring.withLockedValue { ring in ring.entries.contains { $0.bytes == body } } }

    /// The body checked: from an equal body checked before, else by ``MessagesRequestCheck`` and
    /// ``PromptLayout``.
    package func check(_ body: [UInt8]) throws(APIError) -> Body {
        guard body.count <= Self.largestBody else { return try Self.checkAfresh(body, options: options) }
        let found = ring.withLockedValue { ring in ring.entries.first { $0.bytes == body }?.body }
        if let found { return found }
        let checked = try Self.checkAfresh(body, options: options)
        ring.withLockedValue { ring in
            let entry = Entry(bytes: body, body: checked)
            if ring.entries.count < Self.capacity {
                ring.entries.append(entry)
            } else {
                ring.entries[ring.next] = entry
            }
            ring.next = (ring.next + 1) % Self.capacity
        }
        return checked
    }

    private static func checkAfresh(_ body: [UInt8], options: ValidationOptions) throws(APIError) -> Body {
        let checked = try MessagesRequestCheck.checkBody(try MessagesRequestCheck.parseBody(body), options: options)
        return Body(checked: checked, layout: try PromptLayout.of(checked.body, model: checked.model))
    }
}
