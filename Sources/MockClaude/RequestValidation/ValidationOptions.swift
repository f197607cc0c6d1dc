/// How strictly requests are checked, and against which models and limits.
public struct ValidationOptions: Sendable {
    /// The models `model` may name; unknown ones get the API's 404 `model: <id>`.
    public var catalog: ModelCatalog
    /// Whether unknown models are rejected (turn off to accept any model name).
    public var checkModels: Bool
    /// Whether unknown top-level fields are rejected (`<field>: Extra inputs are not permitted`),
    /// as the real API does; off by default so newer SDKs' fields pass.
    public var strictFields: Bool
    /// Largest decoded base64 image (the API docs: 5 MB).
    public var maximumImageBytes: Int
    /// Most images and documents in one request (the API docs: 100 for 200k-context models).
    public var maximumImages: Int
    /// Largest image side in pixels (the API docs: 8000).
    public var maximumImageDimension: Int
    /// Whether an unknown batch or model id answers with a plausible object carrying that id
    /// instead of the API's 404 (for spec-style SDK suites that use placeholder ids such as
    /// `message_batch_id`). Off by default: the real API answers 404.
    public var acceptAnyID: Bool

    /// Options; each defaults to what the real API does.
    public init(
        catalog: ModelCatalog = .default, checkModels: Bool = true, strictFields: Bool = false,
        maximumImageBytes: Int = 5 * 1024 * 1024, maximumImages: Int = 100, maximumImageDimension: Int = 8000,
        acceptAnyID: Bool = false
    ) {
        self.acceptAnyID = acceptAnyID
        self.catalog = catalog
        self.checkModels = checkModels
        self.strictFields = strictFields
        self.maximumImageBytes = maximumImageBytes
        self.maximumImages = maximumImages
        self.maximumImageDimension = maximumImageDimension
    }

    /// The fields `/v1/messages` knows (anything else is "extra" under ``strictFields``).
    static let knownFields: Set<String> = [
        "model", "max_tokens", "messages", "system", "temperature", "top_p", "top_k", "stop_sequences", "stream",
        "metadata", "service_tier", "tools", "tool_choice", "thinking", "cache_control", "output_config", "container",
        "inference_geo", "context_management", "mcp_servers",
    ]
}
