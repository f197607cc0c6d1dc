/// A header list's fields written out once as they go on the wire (`name: value` and CRLF each),
/// cut where a field's value changes per response: the writer copies the pieces and those values
/// instead of writing and checking every field again.
///
/// Made by a ``HeaderLayout`` whose fields are all sendable; a list carries it only until it is
/// changed (see ``HTTPHeaderList/rendering``).
final class HeaderRendering: Sendable {
    /// The bytes before the first changing value, between each two, and after the last.
    let pieces: [[UInt8]]
    /// The field whose value follows each piece but the last.
    let valueFields: [Int]
    /// Bytes in all pieces.
    let fixedCount: Int

    /// `fields` rendered, cut before the value of each field in `changing`; fields the writer
    /// owns (framing, connection) are left out as the writer leaves them out.
    init(_ fields: [(name: String, value: String)], changing: Set<Int>) {
        var pieces: [[UInt8]] = []
        var valueFields: [Int] = []
        var piece: [UInt8] = []
        for (index, field) in fields.enumerated() where !HTTPResponseHead.isWriterOwned(field.name) {
            piece += field.name.utf8
            piece += ": ".utf8
            if changing.contains(index) {
                pieces.append(piece)
                valueFields.append(index)
                piece = []
            } else {
                piece += field.value.utf8
            }
            piece += "\r\n".utf8
        }
        pieces.append(piece)
        self.pieces = pieces
        self.valueFields = valueFields
        self.fixedCount = pieces.reduce(0) { $0 + $1.count }
    }
}
