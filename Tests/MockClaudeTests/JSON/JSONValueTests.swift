import MockClaude
import Testing

@Suite struct JSONValueTests {
    /// Small objects are searched in order and large ones through an index: both must answer as
    /// a plain list of members would, across the size where one becomes the other, duplicate
    /// keys (the first wins) and removals included.
    @Test(arguments: [1, 2, 3, 4]) func objectsOfEverySizeBehaveAsAnOrderedListOfMembers(seed: UInt64) throws {
        let random = SeededRandom(seed: seed)
        var object = JSONObject()
        var model: [(key: String, value: JSONValue)] = []
        for step in 0..<400 {
            let key = "k\(Int(random.next() % 14))"
            let first = model.firstIndex { $0.key == key }
            switch random.next() % 4 {
            case 0 where first != nil:
                object[key] = nil
                model.remove(at: first!)
            default:
                object[key] = .int(step)
                if let first { model[first].value = .int(step) } else { model.append((key: key, value: .int(step))) }
            }
            #expect(object.keys == model.map(\.key))
            for probe in 0..<14 {
                #expect(object["k\(probe)"] == model.first { $0.key == "k\(probe)" }?.value)
            }
        }
        // Members given with a repeated key: lookups find the first, small or large. (The parser
        // never makes one: a repeated key in a body replaces the value, the last winning.)
        for count in [3, 12] {
            let members = (0..<count).map { (key: $0 % 2 == 0 ? "ka" : "k\($0)", value: JSONValue.int($0)) }
            #expect(JSONObject(members)["ka"] == .int(0))
            let text = "{" + members.map { "\"\($0.key)\":\($0.value.compactString)" }.joined(separator: ",") + "}"
            #expect(try JSONValue.parse(Array(text.utf8)).objectValue?["ka"] == .int((count - 1) / 2 * 2))
        }
    }

    /// A parsed object is what setting its members in turn makes (a repeated key keeps its first
    /// place and takes its last value), on both sides of the size where lookups become indexed,
    /// and objects nested in objects and arrays come out whole (the parser gathers members on
    /// one stack for the whole document).
    @Test(arguments: [5, 6, 7, 8]) func aParsedObjectIsItsMembersSetInTurn(seed: UInt64) throws {
        let random = SeededRandom(seed: seed)
        for _ in 0..<200 {
            let keys = (0..<Int(random.next() % 24)).map { _ in "k\(Int(random.next() % 14))" }
            var model = JSONObject()
            for (index, key) in keys.enumerated() { model[key] = .int(index) }
            let text = "{" + keys.enumerated().map { "\"\($1)\":\($0)" }.joined(separator: ",") + "}"
            let parsed = try #require(try JSONValue.parse(Array(text.utf8)).objectValue)
            #expect(parsed.keys == model.keys)
            #expect(parsed == model)
            for probe in 0..<14 { #expect(parsed["k\(probe)"] == model["k\(probe)"]) }
            let nested = try JSONValue.parse(Array(#"{"a":[\#(text),{"b":\#(text),"c":2}],"z":\#(text)}"#.utf8))
            let items = try #require(nested["a"]?.arrayValue)
            #expect(items.count == 2 && items[0].objectValue == model && items[1]["b"]?.objectValue == model && items[1]["c"] == .int(2))
            #expect(nested["z"]?.objectValue == model && nested.objectValue?.keys == ["a", "z"])
        }
    }

    @Test func keepsKeyOrderThroughARoundTrip() throws {
        let text = #"{"model":"m","id":"msg_1","type":"message","content":[{"type":"text","text":"a\nb\"c"}],"n":-1.5,"ok":true,"none":null}"#
        let value = try JSONValue.parse(text)
        #expect(value.compactString == text)
        #expect(value.objectValue?.keys == ["model", "id", "type", "content", "n", "ok", "none"])
    }

    @Test func writesUnicodeRawAndEscapesControlCharacters() throws {
        let value = try JSONValue.parse(#"{"t":"13 × 79 \ud83d\ude00 \u0001"}"#)
        #expect(value.compactString == "{\"t\":\"13 × 79 😀 \\u0001\"}")
    }

    @Test func everyEscapeIsWrittenAsTheAPIWritesItAndRandomStringsRoundTrip() throws {
        let all = String(decoding: (0..<0x20).map { UInt8($0) } + Array("\"\\/é😀".utf8), as: UTF8.self)
        #expect(
            JSONValue.string(all).compactString
                == #""\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f"#
                + #"\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\"\\/é😀""#)
        let alphabet = Array("ab \"\\\n\t\u{01}\u{1F}é×😀\u{7F}".unicodeScalars)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...24, using: &generator) { text.append(alphabet.randomElement(using: &generator)!) }
            let value = JSONValue.object([String(text): .array([.string(String(text))])])
            #expect(try JSONValue.parse(value.compactBytes) == value, "\(String(text).debugDescription)")
        }
    }

    @Test(arguments: [
        (#"{"model": 1"#, "unexpected end of data: line 1 column 12 (char 11)"),
        ("{\n  \"a\": tru }", "unexpected character: line 2 column 8 (char 9)"),
        (#"{"a":"\ud83d"}"#, "no low surrogate in string: line 1 column 7 (char 6)"),
        ("[1,]", "unexpected character: line 1 column 4 (char 3)"),
        (#"{"a":1} x"#, "extra data: line 1 column 9 (char 8)"),
    ])
    func reportsErrorsWithPythonStylePositions(input: String, expected: String) {
        do {
            _ = try JSONValue.parse(input)
            Issue.record("parsed invalid JSON: \(input)")
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test func distinguishesIntegersFromDoubles() throws {
        #expect(try JSONValue.parse("42") == .int(42))
        #expect(try JSONValue.parse("4.5e1") == .double(45))
        #expect(JSONValue.double(1.0).compactString == "1")
    }

    @Test func rejectsNestingDeeperThanTheLimit() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
    }
}

@Suite struct CanonicalJSONTests {
    @Test func keyOrderAndWhitespaceDoNotChangeTheCanonicalForm() throws {
        let a = try JSONValue.parse(#"{"b": [ {"y":1,"x":2} ], "a": null}"#)
        let b = try JSONValue.parse(#"{"a":null,"b":[{"x":2,"y":1}]}"#)
        #expect(a != b)
        #expect(a.isCanonicallyEqual(to: b))
        #expect(a.canonical.compactString == #"{"a":null,"b":[{"x":2,"y":1}]}"#)
        #expect(!a.isCanonicallyEqual(to: try JSONValue.parse(#"{"a":null,"b":[{"x":2,"y":2}]}"#)))
    }

    @Test func removingAPathPrunesTheObjectItEmptied() throws {
        let value = try JSONValue.parse(#"{"metadata":{"user_id":"u"},"keep":{"a":1,"b":2},"empty":{}}"#)
        #expect(value.removing(["metadata.user_id", "keep.a", "missing.path"]).compactString == #"{"keep":{"b":2},"empty":{}}"#)
    }
}
