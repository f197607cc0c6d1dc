/// Response headers laid out once, with the values that change per response (`date`, the
/// rate-limit resets, `request-id`) left as slots filled by ``headers(requestID:now:)``.
///
/// The standard set of each content type is laid out once per process, and a replayed
/// cassette's (the standard set with its recorded headers over it) once per cassette and timing,
/// so a response copies a list instead of building and merging one.
///
/// ```swift
/// let layout = HeaderLayout.standard(contentType: StandardHeaders.json)
/// let headers = layout.headers(requestID: "req_1", now: .now) // date, content-type, …, request-id
/// ```
struct HeaderLayout: Sendable {
    /// What fills a slot.
    enum Slot: Sendable, CaseIterable {
        /// The `date` of the response's second.
        case date
        /// A minute after the response's second (the standard rate-limit resets).
        case reset
        /// The response's request id.
        case requestID

        /// The value a slot's field holds until filled: it starts with NUL, which no header
        /// value that can be sent holds (files refuse it, the writer drops it).
        var marker: String {
            switch self {
            case .date: "\u{0}date"
            case .reset: "\u{0}reset"
            case .requestID: "\u{0}request-id"
            }
        }
    }

    /// The fields in order, slots holding their markers.
    private var list: HTTPHeaderList
    /// Where the slots are.
    private var slots: [(index: Int, slot: Slot)] = []
    /// The fields written out once, cut at the slots, when every field but the slots can be sent
    /// as it is (checked once, when laid out): the headers made from the layout then need no
    /// check per response. `nil` when one cannot be sent.
    private var rendering: HeaderRendering?

    /// A layout of `fields`; values may be slot markers (``Slot/marker``).
    init(_ fields: [(name: String, value: String)]) {
        list = HTTPHeaderList(fields)
        findSlots()
    }

    /// The headers for one response: the slots filled for `requestID` and `now`'s second.
    func headers(requestID: String, now: Timestamp) -> HTTPHeaderList {
        guard !slots.isEmpty else { return rendering.map { HTTPHeaderList(sendable: list.fields, rendering: $0) } ?? list }
        let stamps = SecondStamps.at(now)
        var fields = list.fields
        for (index, slot) in slots {
            switch slot {
            case .date: fields[index].value = stamps.date
            case .reset: fields[index].value = stamps.reset
            case .requestID: fields[index].value = requestID
            }
        }
        // The stamps are the mock's own text; a request id may come from a cassette.
        guard let rendering, HTTPHeaderList.isSendable(name: "request-id", value: requestID) else { return HTTPHeaderList(fields) }
        return HTTPHeaderList(sendable: fields, rendering: rendering)
    }

    /// Sets `name` to the fixed `value` as ``HTTPHeaderList/set(_:_:)`` does; a slot it replaces
    /// is no longer filled.
    mutating func set(_ name: String, _ value: String) {
        list.set(name, value)
        findSlots()
    }

    private mutating func findSlots() {
        slots = list.fields.indices.compactMap { index in
            let value = list.fields[index].value
            guard value.utf8.first == 0 else { return nil }
            return Slot.allCases.first { $0.marker == value }.map { (index: index, slot: $0) }
        }
        let sendable = list.fields.indices.allSatisfy { index in
            let field = list.fields[index]
            let isSlot = slots.contains { $0.index == index }
            return HTTPHeaderList.isSendable(name: field.name, value: isSlot ? "" : field.value)
        }
        rendering = sendable ? HeaderRendering(list.fields, changing: Set(slots.map(\.index))) : nil
    }
}
