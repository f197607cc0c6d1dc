import Foundation
import MockClaude
import Testing

@Suite struct CountTokensAndModelsTests {
    @Test func countTokensIsDeterministicAndNeedsNoMaxTokens() async throws {
        let body = #"{"model":"claude-haiku-4-5","system":"Be brief.","messages":[{"role":"user","content":"What is the capital of France?"}]}"#
        let counts = try await withServer { server in
            [
                try await AHC.send(server.baseURL, path: "/v1/messages/count_tokens", body: body),
                try await AHC.send(server.baseURL, path: "/v1/messages/count_tokens?beta=true", body: body),
            ]
        }
        #expect(counts.map(\.status) == [200, 200])
        let expected = TokenEstimator.inputTokens(try JSONValue.parse(body).objectValue!)
        #expect(counts.map { $0.json } == [.object(["input_tokens": .int(expected)]), .object(["input_tokens": .int(expected)])])
        // 7 per request + 3 per message + 30 characters / 4 + 9 characters / 4.
        #expect(expected == 7 + 3 + 8 + 3)
    }

    @Test func imagesCountByTheirPixels() {
        // A 1×1 PNG: max(1, 1 × 1 / 750) = 1 token, not the 1,600 of an unknown size.
        let body = try! JSONValue.parse(
            #"{"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="}},{"type":"image","source":{"type":"url","url":"https://x/y.png"}}]}]}"#
        ).objectValue!
        #expect(TokenEstimator.inputTokens(body) == 7 + 3 + 1 + 1600)
    }

    @Test func modelsListIsNewestFirstAndPaginates() async throws {
        let (all, page, next, one, alias, unknown) = try await withServer { server in
            (
                try await AHC.send(server.baseURL, path: "/v1/models?limit=100", method: .GET),
                try await AHC.send(server.baseURL, path: "/v1/models?limit=3", method: .GET),
                try await AHC.send(server.baseURL, path: "/v1/models?limit=3&after_id=claude-opus-4-5-20251101", method: .GET),
                try await AHC.send(server.baseURL, path: "/v1/models/claude-sonnet-4-5-20250929", method: .GET),
                try await AHC.send(server.baseURL, path: "/v1/models/claude-sonnet-4-5", method: .GET),
                try await AHC.send(server.baseURL, path: "/v1/models/claude-foo", method: .GET)
            )
        }
        let dates = all.json?["data"]?.arrayValue?.compactMap { $0["created_at"]?.stringValue } ?? []
        #expect(dates == dates.sorted(by: >))
        #expect(dates.count == ModelCatalog.default.models.count)
        #expect(page.json?["has_more"] == true)
        #expect(page.json?["data"]?.arrayValue?.count == 3)
        #expect(page.json?["last_id"] == "claude-opus-4-5-20251101")
        #expect(next.json?["first_id"] == "claude-haiku-4-5-20251001")
        #expect(one.json?["type"] == "model" && one.json?["display_name"] == "Claude Sonnet 4.5")
        #expect(alias.json?["id"] == "claude-sonnet-4-5-20250929")
        #expect(unknown.status == 404 && unknown.json?["error"]?["message"] == "model: claude-foo")
    }
}
