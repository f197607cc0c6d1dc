/// `GET /v1/models` (newest first, paginated) and `GET /v1/models/{id}` (aliases resolve to the
/// dated id; unknown ids get 404), from the same catalogue validation uses.
struct ModelsAPI {
    let api: MockClaudeAPI

    func respond(to request: ReceivedRequest, rest: [String]) -> ResponsePlan {
        do { try MessagesRequestCheck.checkHeaders(request) } catch { return api.error(error) }
        guard request.method == "GET" else { return api.error(APIError(status: 405, type: "invalid_request_error", message: "Method Not Allowed")) }
        let catalog = api.validation.catalog
        if rest.count == 1 {
            guard let model = catalog.model(named: rest[0]) else {
                // --any-id: a placeholder id (`model_id`) gets a model carrying it.
                guard api.acceptsAnyID else { return api.error(.notFound("model: \(rest[0])")) }
                let placeholder = ModelCatalog.Model(id: rest[0], displayName: rest[0], released: "2025-01-01", maxOutputTokens: 64_000)
                return api.json(catalog.json(placeholder), origin: "models (any id)")
            }
            return api.json(catalog.json(model), origin: "models")
        }
        guard rest.isEmpty else { return api.error(.notFound("Not Found")) }
        let query = request.query
        let limit: Int
        do { limit = try Page<Never>.limit(query["limit"]) } catch { return api.error(error) }
        let page = Page(items: catalog.models, id: \.id, limit: limit, afterID: query["after_id"], beforeID: query["before_id"])
        return api.json(page.json { catalog.json($0) }, origin: "models")
    }
}
