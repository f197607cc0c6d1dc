/// One page of a newest-first list, as `/v1/models` and `/v1/messages/batches` return it:
/// `{data, has_more, first_id, last_id}`, paged with `after_id` (older) or `before_id` (newer).
struct Page<Item> {
    let items: ArraySlice<Item>
    let hasMore: Bool
    let id: (Item) -> String

    /// The page of `all` (newest first) that the query asks for.
    init(items all: [Item], id: @escaping (Item) -> String, limit: Int, afterID: String?, beforeID: String?) {
        self.id = id
        if let after = afterID {
            let start = (all.firstIndex { id($0) == after }).map { $0 + 1 } ?? all.count
            items = all[start...].prefix(limit)
            hasMore = start + items.count < all.count
        } else if let before = beforeID {
            let end = all.firstIndex { id($0) == before } ?? 0
            items = all[..<end].suffix(limit)
            hasMore = items.startIndex > 0
        } else {
            items = all.prefix(limit)
            hasMore = items.count < all.count
        }
    }

    /// The `limit` query value: 20 when absent, else 1…1000, with the API's wording when not.
    static func limit(_ text: String?) throws(APIError) -> Int {
        guard let text else { return 20 }
        guard let value = Int(text) else { throw .invalidRequest("limit: Input should be a valid integer, unable to parse string as an integer") }
        guard value >= 1 else { throw .invalidRequest("limit: Input should be greater than or equal to 1") }
        guard value <= 1000 else { throw .invalidRequest("limit: Input should be less than or equal to 1000") }
        return value
    }

    func json(_ render: (Item) -> JSONValue) -> JSONValue {
        .object([
            "data": .array(items.map(render)),
            "has_more": .bool(hasMore),
            "first_id": items.first.map { .string(id($0)) } ?? .null,
            "last_id": items.last.map { .string(id($0)) } ?? .null,
        ])
    }
}
