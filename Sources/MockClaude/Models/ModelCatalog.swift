/// The models the mock knows: what `/v1/models` lists, what `model` may name, and each one's
/// output cap and context window.
///
/// The default follows the public models the wire reference names (newest first); pass your own
/// to `MockClaudeServer.Configuration` to test against another list.
public struct ModelCatalog: Sendable, Equatable {
    /// One model.
    public struct Model: Sendable, Equatable {
        /// The canonical id (`claude-sonnet-4-5-20250929`).
        public var id: String
        /// Other names that resolve to it (`claude-sonnet-4-5`).
        public var aliases: [String]
        /// The name people read (`Claude Haiku 4.5`).
        public var displayName: String
        /// Release date, `YYYY-MM-DD`.
        public var released: String
        /// Largest `max_tokens`.
        public var maxOutputTokens: Int
        /// Context window (input plus output).
        public var contextWindow: Int

        /// A model the catalogue answers for.
        public init(id: String, aliases: [String] = [], displayName: String, released: String, maxOutputTokens: Int, contextWindow: Int = 200_000) {
            self.id = id
            self.aliases = aliases
            self.displayName = displayName
            self.released = released
            self.maxOutputTokens = maxOutputTokens
            self.contextWindow = contextWindow
        }
    }

    /// Newest first.
    public var models: [Model]

    /// A catalogue of `models`, newest first as `GET /v1/models` lists them.
    public init(_ models: [Model]) {
        self.models = models.sorted { $0.released > $1.released }
    }

    /// The model `name` (an id or an alias) stands for.
    public func model(named name: String) -> Model? {
        models.first { $0.id == name || $0.aliases.contains(name) }
    }

    /// The public models as of the wire reference (output caps from the models overview).
    public static let `default` = ModelCatalog([
        Model(id: "claude-opus-4-6", displayName: "Claude Opus 4.6", released: "2026-02-05", maxOutputTokens: 128_000),
        Model(id: "claude-sonnet-4-6", displayName: "Claude Sonnet 4.6", released: "2026-02-17", maxOutputTokens: 64_000),
        Model(id: "claude-opus-4-5-20251101", aliases: ["claude-opus-4-5"], displayName: "Claude Opus 4.5", released: "2025-11-01", maxOutputTokens: 64_000),
        Model(id: "claude-haiku-4-5-20251001", aliases: ["claude-haiku-4-5"], displayName: "Claude Haiku 4.5", released: "2025-10-01", maxOutputTokens: 64_000),
        Model(
            id: "claude-sonnet-4-5-20250929", aliases: ["claude-sonnet-4-5"], displayName: "Claude Sonnet 4.5", released: "2025-09-29", maxOutputTokens: 64_000),
        Model(id: "claude-opus-4-1-20250805", aliases: ["claude-opus-4-1"], displayName: "Claude Opus 4.1", released: "2025-08-05", maxOutputTokens: 32_000),
        Model(id: "claude-opus-4-20250514", aliases: ["claude-opus-4-0"], displayName: "Claude Opus 4", released: "2025-05-14", maxOutputTokens: 32_000),
        Model(id: "claude-sonnet-4-20250514", aliases: ["claude-sonnet-4-0"], displayName: "Claude Sonnet 4", released: "2025-05-14", maxOutputTokens: 64_000),
        Model(
            id: "claude-3-7-sonnet-20250219", aliases: ["claude-3-7-sonnet-latest"], displayName: "Claude Sonnet 3.7", released: "2025-02-19",
            maxOutputTokens: 64_000),
        Model(
            id: "claude-3-5-haiku-20241022", aliases: ["claude-3-5-haiku-latest"], displayName: "Claude Haiku 3.5", released: "2024-10-22",
            maxOutputTokens: 8_192),
    ])

    /// The `model` object `/v1/models` returns.
    public func json(_ model: Model) -> JSONValue {
        .object([
            "type": "model",
            "id": .string(model.id),
            "display_name": .string(model.displayName),
            "created_at": .string("\(model.released)T00:00:00Z"),
            "max_input_tokens": .int(model.contextWindow),
            "max_tokens": .int(model.maxOutputTokens),
        ])
    }
}
