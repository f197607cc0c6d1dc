import Foundation
import MockClaude
import Testing

@Suite struct SchemaInstanceGeneratorTests {
    static func schema(_ json: String) -> JSONValue { try! JSONValue.parse(json) }

    static func instance(_ json: String, seed: UInt64 = 1) throws(SchemaInstanceGenerator.Problem) -> JSONValue {
        var generator = SchemaInstanceGenerator(schema: schema(json), seed: seed)
        return try generator.instance()
    }

    static func problem(_ json: String) -> SchemaInstanceGenerator.Problem? {
        do {
            _ = try instance(json)
            return nil
        } catch {
            return error
        }
    }

    static let weather = #"""
        {"type":"object","properties":{
          "location":{"type":"string","minLength":2,"maxLength":40},
          "unit":{"enum":["celsius","fahrenheit"]},
          "days":{"type":"integer","minimum":1,"maximum":7},
          "when":{"type":"string","format":"date-time"},
          "contact":{"type":"string","format":"email"},
          "id":{"type":"string","format":"uuid"},
          "kind":{"const":"forecast"},
          "tags":{"type":"array","items":{"type":"string"},"minItems":2,"maxItems":4,"uniqueItems":true},
          "price":{"type":"number","exclusiveMinimum":0,"maximum":10,"multipleOf":0.25}},
         "required":["location","unit","days","when","contact","id","kind","tags","price"],
         "additionalProperties":false}
        """#

    @Test(arguments: 0..<200 as Range<UInt64>)
    func everyRequiredFieldMeetsItsKeywords(seed: UInt64) throws {
        let value = try Self.instance(Self.weather, seed: seed)
        let object = try #require(value.objectValue)
        #expect(Set(object.keys) == ["location", "unit", "days", "when", "contact", "id", "kind", "tags", "price"])
        let location = try #require(object["location"]?.stringValue)
        #expect((2...40).contains(location.count))
        #expect(["celsius", "fahrenheit"].contains(object["unit"]?.stringValue))
        #expect((1...7).contains(try #require(object["days"]?.intValue)))
        #expect(object["when"]?.stringValue?.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil)
        #expect(object["contact"]?.stringValue?.wholeMatch(of: /[a-z]+\.[a-z]+@example\.com/) != nil)
        #expect(object["id"]?.stringValue?.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil)
        #expect(object["kind"] == "forecast")
        let tags = try #require(object["tags"]?.arrayValue)
        #expect((2...4).contains(tags.count) && Set(tags.compactMap(\.stringValue)).count == tags.count)
        let price: Double =
            switch object["price"] {
            case .int(let int)?: Double(int)
            case .double(let double)?: double
            default: -1
            }
        #expect(price > 0 && price <= 10 && (price / 0.25).rounded() == price / 0.25)
    }

    @Test func theSameSeedGivesTheSameInstanceAndSeedsVary() throws {
        #expect(try Self.instance(Self.weather, seed: 5) == Self.instance(Self.weather, seed: 5))
        let distinct = Set(try (0..<20 as Range<UInt64>).map { try Self.instance(Self.weather, seed: $0).compactString })
        #expect(distinct.count > 15)
    }

    @Test func referencesNestingAndAlternativesResolve() throws {
        let json = #"""
            {"$defs":{"address":{"type":"object","properties":{"city":{"type":"string"},"zip":{"type":"string","format":"ipv4"}},"required":["city","zip"]}},
             "type":"object",
             "properties":{"home":{"$ref":"#/$defs/address"},
                           "either":{"anyOf":[{"type":"integer","minimum":10,"maximum":10},{"type":"boolean"}]},
                           "merged":{"allOf":[{"properties":{"a":{"type":"null"}},"required":["a"]},{"properties":{"b":{"const":2}},"required":["b"]}]},
                           "maybe":{"type":["string","null"]}},
             "required":["home","either","merged","maybe"]}
            """#
        for seed in 0..<50 as Range<UInt64> {
            let object = try #require(try Self.instance(json, seed: seed).objectValue)
            #expect(object["home"]?["city"]?.stringValue != nil)
            #expect(object["home"]?["zip"]?.stringValue?.split(separator: ".").count == 4)
            #expect(object["either"] == .int(10) || object["either"]?.boolValue != nil)
            #expect(object["merged"]?["a"] == .null && object["merged"]?["b"] == .int(2))
            #expect(object["maybe"]?.stringValue != nil || object["maybe"] == .null)
        }
    }

    static let patterns = [
        #"^[A-Z]{3}-\d{4}$"#, #"^\+?[1-9]\d{1,14}$"#, #"^[a-z0-9-]+/[a-z0-9._-]+$"#, #"^(?:[01]\d|2[0-3]):[0-5]\d$"#,
        #"^#[0-9a-fA-F]{6}$"#, #"^(draft|open|closed)$"#, #"^[^@\s]+@[^@\s]+\.[a-z]{2,}$"#, #"id\w"#,
        #"^v\d+\.\d+(\.\d+)?(-[a-z]+)?$"#, #"^[\w.]{3,8}$"#, #"^(?<year>\d{4})-(?<month>0[1-9]|1[0-2])$"#, #"x*y+z?"#, #"^\S+$"#,
    ]

    @Test(arguments: patterns)
    func patternsAreMatched(pattern: String) throws {
        let expression = try NSRegularExpression(pattern: pattern)
        for seed in 0..<100 as Range<UInt64> {
            let json = JSONValue.object(["type": "string", "pattern": .string(pattern)]).compactString
            let text = try #require(try Self.instance(json, seed: seed).stringValue)
            #expect(expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil, "\(text)")
        }
    }

    @Test func optionalRecursionStopsAndRequiredRecursionIsAProblem() throws {
        let tree = ##"{"$defs":{"node":{"type":"object","properties":{"children":{"type":"array","items":{"$ref":"#/$defs/node"}}}}},"$ref":"#/$defs/node"}"##
        for seed in 0..<20 as Range<UInt64> { _ = try Self.instance(tree, seed: seed) }
        let endless = ##"{"$defs":{"node":{"type":"object","properties":{"next":{"$ref":"#/$defs/node"}},"required":["next"]}},"$ref":"#/$defs/node"}"##
        #expect(Self.problem(endless)?.keyword == "$ref")
    }

    @Test func whatCannotBeMetIsAProblemNamingTheKeyword() {
        let cases: [(String, String)] = [
            (#"{"type":"string","pattern":"^(?!admin)[a-z]+$"}"#, "pattern"),
            (#"{"type":"string","pattern":"(a)\\1"}"#, "pattern"),
            (#"{"type":"string","pattern":"a{5000}"}"#, "pattern"),
            (#"{"type":"string","pattern":"\#(String(repeating: "(", count: 5000))a\#(String(repeating: ")", count: 5000))"}"#, "pattern"),
            (#"{"type":"string","pattern":"^[A-Z]{3}$","minLength":4}"#, "pattern"),
            (#"{"type":"integer","minimum":5,"maximum":3}"#, "minimum"),
            (#"{"type":"string","minLength":5,"maxLength":2}"#, "maxLength"),
            (#"{"type":"array","items":{"enum":["a","b"]},"minItems":3,"uniqueItems":true}"#, "uniqueItems"),
            (#"{"type":"object","required":["x"],"additionalProperties":false}"#, "required"),
            (##"{"$ref":"#/$defs/missing"}"##, "$ref"),
            (#"{"$ref":"https://example.com/schema.json"}"#, "$ref"),
            (#"{"type":"integer","multipleOf":7,"minimum":1,"maximum":6}"#, "multipleOf"),
            (#"{"type":"array","minItems":1000000000000000000}"#, "minItems"),
            (#"{"type":"array","minItems":-1}"#, "minItems"),
            (#"{"type":"widget"}"#, "type"),
            (#"{"enum":[]}"#, "enum"),
            (#"{"not":{"type":"string"}}"#, "not"),
            (#"{"type":"number","multipleOf":5e-324}"#, "multipleOf"),
            (#"false"#, "false"),
        ]
        for (schema, keyword) in cases {
            #expect(Self.problem(schema)?.keyword == keyword, "\(schema)")
        }
        #expect(Self.problem(##"{"properties":{"age":{"type":"integer","minimum":5,"maximum":3}}, "required":["age"]}"##)?.location == "#/properties/age")
    }

    @Test func hugeBoundsStayExactAndWithinTheSafeIntegers() throws {
        #expect(Self.problem(#"{"type":"integer","minimum":1e300}"#)?.keyword == "minimum")
        let value = try Self.instance(#"{"type":"integer","minimum":9007199254740990}"#)
        #expect((9_007_199_254_740_990...9_007_199_254_740_991).contains(try #require(value.intValue)))
        let negative = try Self.instance(#"{"type":"integer","maximum":-5}"#)
        #expect((-105 ... -5).contains(try #require(negative.intValue)))
        let fraction = try Self.instance(#"{"type":"number","exclusiveMinimum":0.1,"exclusiveMaximum":0.2}"#)
        #expect(fraction.kindName == "number")
    }

    @Test func aValueBudgetBoundsTheInstance() {
        let wide = #"{"type":"array","minItems":1000,"items":{"type":"array","minItems":1000,"items":{"type":"integer"}}}"#
        #expect(Self.problem(wide)?.keyword == "minItems")
    }

    @Test func structuredOutputsRefuseWhatTheAPIDoesNotSupport() {
        #expect(StructuredOutputSchema.problem(in: Self.schema(#"{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}"#)) == nil)
        let refused: [(String, String)] = [
            (#"{"type":"object","properties":{"age":{"type":"integer","minimum":0}}}"#, "minimum"),
            (#"{"type":"object","additionalProperties":true}"#, "additionalProperties"),
            (#"{"type":"array","items":{"type":"string","maxLength":3}}"#, "maxLength"),
            (#"{"type":"array","minItems":2}"#, "minItems"),
            (##"{"$defs":{"n":{"type":"object","properties":{"next":{"$ref":"#/$defs/n"}}}},"$ref":"#/$defs/n"}"##, "$ref"),
        ]
        for (schema, keyword) in refused {
            #expect(StructuredOutputSchema.problem(in: Self.schema(schema))?.keyword == keyword, "\(schema)")
        }
        // Twenty levels that each name the next twice: 2^20 paths, refused after a bounded walk.
        let levels = (0..<20).map { ##""d\##($0)":{"type":"object","properties":{"a":{"$ref":"#/$defs/d\##($0 + 1)"},"b":{"$ref":"#/$defs/d\##($0 + 1)"}}}"## }
        let wide = ##"{"$defs":{\##(levels.joined(separator: ",")),"d20":{"type":"string"}},"$ref":"#/$defs/d0"}"##
        #expect(StructuredOutputSchema.problem(in: Self.schema(wide))?.reason.contains("more than 10000 subschemas") == true)
    }
}
