import Testing
import IronTestSupport
@testable import Iron

private func compact(_ text: String, limits: JSONLimits = .default) throws -> String {
    String(decoding: try JSONText.compact(utf8(text), limits: limits), as: UTF8.self)
}

/// The error compacting `bytes` gives, or `nil` when they are accepted.
private func jsonError(_ bytes: [UInt8], limits: JSONLimits = .default) -> JSONError? {
    caughtError(JSONError.self) { _ = try JSONText.compact(bytes, limits: limits) }
}

private func jsonError(_ text: String, limits: JSONLimits = .default) -> JSONError? {
    jsonError(utf8(text), limits: limits)
}

private func pretty(_ text: String) -> String {
    String(decoding: JSONIndenter.indent(utf8(text)), as: UTF8.self)
}

private func hasPrototypeKey(_ text: String) throws -> Bool {
    try JSONText.validate(utf8(text)).hasPrototypeKey
}

@Suite("JSONText: strict validation, compaction and pretty-printing")
struct JSONTextTests {
    // MARK: Compaction

    @Test("compaction keeps key order, number spelling and escapes byte for byte")
    func compactKeepsSpelling() throws {
        let input = #"{ "z" : 1.0 , "a" : [ 1e2 , -0 , 1E+2 , 0.5e-3 , 10 ] , "s" : "\u0041 \/ \" \\ \n \uD83D\uDE00" , "b" : true , "a" : null }"#
        let expected = #"{"z":1.0,"a":[1e2,-0,1E+2,0.5e-3,10],"s":"\u0041 \/ \" \\ \n \uD83D\uDE00","b":true,"a":null}"#
        #expect(try compact(input) == expected)
    }

    @Test("compaction removes only whitespace, including inside nested arrays; spaces inside strings stay")
    func compactRemovesOnlyWhitespace() throws {
        #expect(try compact("[ [ 1 ,\n[ 2,\t[ ] ] ] ,\r\n { } ]") == "[[1,[2,[]]],{}]")
        #expect(try compact(" { \"a b\" :\t[ \" x  y \" , \"\" ] } ") == #"{"a b":[" x  y ",""]}"#)
        #expect(try compact("\n\n\t\r 7 \n") == "7")
        #expect(try compact(#"{"é😀":"ü €"}"#) == #"{"é😀":"ü €"}"#)
    }

    @Test("every kind of value is accepted at the top level", arguments: [
        ("null", "null"), (" true ", "true"), ("\nfalse\t", "false"), (" 0 ", "0"), ("-1.5e-3", "-1.5e-3"),
        (" \"s\" ", "\"s\""), ("[ ]", "[]"), ("{ }", "{}"), ("\r\n123456789012345678901234567890", "123456789012345678901234567890"),
    ])
    func topLevelValues(_ input: String, _ expected: String) throws {
        #expect(try compact(input) == expected)
        #expect(throws: Never.self) { try JSONText.validate(utf8(input)) }
    }

    @Test("compact(appendingTo:) appends on success and leaves the output alone on failure")
    func compactAppending() throws {
        var output = utf8("prefix:")
        try JSONText.compact(utf8("[ 1 , 2 ]").span, appendingTo: &output)
        #expect(output == utf8("prefix:[1,2]"))
        #expect(throws: JSONError.self) { try JSONText.compact(utf8("[ 1 , 2 ").span, appendingTo: &output) }
        #expect(output == utf8("prefix:[1,2]"))
    }

    @Test("a non-contiguous collection is read like an array")
    func nonContiguousInput() throws {
        let input = utf8(" { \"a\" : [ 1 ] } ").lazy.map { $0 }
        #expect(try JSONText.compact(input) == utf8(#"{"a":[1]}"#))
        #expect(try JSONText.validate(utf8(#"{"__proto__":1}"#).lazy.map { $0 }).hasPrototypeKey)
    }

    // MARK: Rejection

    @Test("syntax JavaScript's JSON.parse rejects is rejected", arguments: [
        "[1,]", "{\"a\":1,}", "[1,,2]", "[,1]", "{,}", "// c\n1", "/* c */ 1", "[1 /* c */]", "1 // c",
        "'a'", "{'a':1}", "[\"a']", "01", "00", "-01", "1.", ".5", "+1", "-", "--1", "1e", "1e+", "1.e5", "0x10",
        "NaN", "Infinity", "-Infinity", "undefined", "tru", "True", "nul", "nulll", "truex", "{a:1}", "{\"a\"}",
        "{\"a\" 1}", "{1:2}", "{\"a\":}", "[1 2]", "\"abc", "[1", "{", "]", "}", "\u{0C}1", "\u{0B}1", "\u{A0}1",
        "1\u{00}",
    ])
    func rejectsSyntax(_ input: String) throws {
        let error = try #require(jsonError(input))
        #expect(error.kind == .syntax)
    }

    @Test("empty and whitespace-only input are rejected", arguments: ["", " ", " \n\t\r "])
    func rejectsNoValue(_ input: String) throws {
        let error = try #require(jsonError(input))
        #expect(error.kind == .syntax)
        #expect(error.offset == input.utf8.count)
    }

    @Test("two top-level values are rejected at the second", arguments: [
        ("1 2", 2), ("{}{}", 2), ("[] []", 3), ("\"a\" \"b\"", 4), ("null null", 5), ("0 -1", 2),
    ])
    func rejectsTwoValues(_ input: String, _ offset: Int) throws {
        let error = try #require(jsonError(input))
        #expect(error.kind == .syntax)
        #expect(error.offset == offset)
    }

    @Test("every unescaped control character in a string is rejected; DEL is not a control character here")
    func controlCharacters() throws {
        for byte in UInt8(0)..<0x20 {
            let error = try #require(jsonError([0x22, 0x61, byte, 0x62, 0x22]), "0x\(byte)")
            #expect(error.kind == .syntax)
            #expect(error.offset == 2)
        }
        #expect(jsonError([0x22, 0x7F, 0x22]) == nil)
    }

    @Test("in a long string, a control character, an escape, a quote or a non-ASCII byte is found at every place of an eight-byte step")
    func specialBytesAtEveryPlace() throws {
        for place in 0..<24 {
            let before = [UInt8](repeating: 0x61, count: place), after = [UInt8](repeating: 0x62, count: 20)
            // A control character: refused where it stands.
            let control = try #require(jsonError([0x22] + before + [0x01] + after + [0x22]), "at \(place)")
            #expect(control.offset == 1 + place)
            // A closing quote: the string ends there, so what follows is a second value.
            let quote = try #require(jsonError([0x22] + before + [0x22] + after + [0x22]), "at \(place)")
            #expect(quote.offset == 2 + place)
            // An escape and well-formed UTF-8 are taken; a lone continuation byte is refused where it stands.
            #expect(jsonError([0x22] + before + [0x5C, 0x6E] + after + [0x22]) == nil, "at \(place)")
            #expect(jsonError([0x22] + before + [0xC3, 0xA9] + after + [0x22]) == nil, "at \(place)")
            let invalid = try #require(jsonError([0x22] + before + [0x80] + after + [0x22]), "at \(place)")
            #expect(invalid.kind == .invalidUTF8 && invalid.offset == 1 + place)
        }
    }

    @Test("invalid escapes are rejected", arguments: [
        #""\x""#, #""\'""#, #""\a""#, #""\0""#, #""\U0041""#, #""\u12""#, #""\u""#, #""\u12G4""#, #""\u 123""#, #""\""#, #""abc\"#,
    ])
    func invalidEscapes(_ input: String) throws {
        let error = try #require(jsonError(input))
        #expect(error.kind == .syntax)
    }

    @Test("every valid escape is accepted, lone surrogate escapes included (JSON.parse takes them)")
    func validEscapes() throws {
        let input = #"["\" \\ \/ \b \f \n \r \t \u0000 \u00e9 \u00E9 \uD83D\uDE00 \uD800 \uDC00"]"#
        #expect(try compact(input) == input)
    }

    static let invalidUTF8: [[UInt8]] = [
        [0x80], [0xBF], [0xC0, 0xAF], [0xC1, 0xBF], [0xC3], [0xC3, 0x28], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF],
        [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF0, 0x80, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF],
        [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFE], [0xFF],
        [0xF0, 0x9F, 0x98],
    ]

    @Test("lone, overlong, surrogate, truncated and out-of-range UTF-8 in a string is rejected as invalid UTF-8", arguments: invalidUTF8)
    func invalidUTF8InString(_ sequence: [UInt8]) throws {
        let error = try #require(jsonError([0x22, 0x61] + sequence + [0x22]))
        #expect(error.kind == .invalidUTF8)
        #expect(error.offset == 2)
        #expect(error.column == 3)
    }

    @Test("well-formed UTF-8 at the edges of the ranges is accepted", arguments: [
        [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80], [0xEF, 0xBF, 0xBF],
        [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xF0, 0x9F, 0x98, 0x80], [0xE2, 0x80, 0xA8], [0xEF, 0xBB, 0xBF],
    ] as [[UInt8]])
    func validUTF8InString(_ sequence: [UInt8]) throws {
        let input = [0x22] + sequence + [0x22]
        #expect(try JSONText.compact(input) == input)
    }

    @Test("a byte that is not ASCII outside a string is a syntax error")
    func invalidByteOutsideString() throws {
        let error = try #require(jsonError([0x5B, 0xFF, 0x5D]))
        #expect(error.kind == .syntax)
        #expect(error.offset == 1)
    }

    @Test("a UTF-8 byte order mark is rejected (JSON.parse does not skip U+FEFF)")
    func byteOrderMark() throws {
        let error = try #require(jsonError([0xEF, 0xBB, 0xBF] + utf8("{}")))
        #expect(error.kind == .syntax)
        #expect(error.offset == 0)
        #expect(error.message.contains("byte order mark"))
    }

    // MARK: Positions

    @Test("line and column of an error")
    func lineAndColumn() throws {
        let error = try #require(jsonError("{\n  \"a\": tru\n}"))
        #expect(error.line == 2)
        #expect(error.column == 8)
        #expect(error.offset == 9)
        #expect(error.description.hasSuffix("at line 2, column 8"))

        let trailing = try #require(jsonError("[1,\n2,\n]"))
        #expect(trailing.line == 3)
        #expect(trailing.column == 1)

        let crlf = try #require(jsonError("[1,\r\n 2,\r\n  x]"))
        #expect(crlf.line == 3)
        #expect(crlf.column == 3)
    }

    @Test("columns count Unicode scalars, not bytes or UTF-16 units")
    func columnsCountScalars() throws {
        let error = try #require(jsonError(#"{"é😀": x}"#))
        #expect(error.line == 1)
        #expect(error.column == 8)
        #expect(error.offset == 11)
        let second = try #require(jsonError("[\"€\",\n\"😀😀\" x]"))
        #expect(second.line == 2)
        #expect(second.column == 6)
    }

    // MARK: Limits

    @Test("200,000 unclosed '[': tooDeep with the default limits, unexpected end when unlimited; no crash")
    func deepUnclosedNesting() throws {
        let input = [UInt8](repeating: 0x5B, count: 200_000)
        let deep = try #require(jsonError(input))
        #expect(deep.kind == .tooDeep)
        #expect(deep.offset == JSONLimits.default.maximumDepth)
        let unlimited = try #require(jsonError(input, limits: .unlimited))
        #expect(unlimited.kind == .syntax)
        #expect(unlimited.offset == 200_000)
        #expect(unlimited.message.contains("end"))
    }

    @Test("200,000 balanced '[' ']' pass with .unlimited and are refused as too deep by default")
    func deepBalancedNesting() throws {
        let input = [UInt8](repeating: 0x5B, count: 200_000) + [UInt8](repeating: 0x5D, count: 200_000)
        #expect(try JSONText.compact(input, limits: .unlimited) == input)
        #expect(try JSONText.validate(input, limits: .unlimited).hasPrototypeKey == false)
        #expect(jsonError(input)?.kind == .tooDeep)
    }

    @Test("objects and arrays mixed 130 deep (past the 64 levels kept as bits) close in order; a wrong closer is caught at any depth",
          arguments: [1, 63, 64, 65, 100, 130])
    func mixedDeepNesting(wrongAt depth: Int) throws {
        // Level k (from 1) is an object when k is odd, an array when even.
        let levels = 130
        var input = ""
        for level in 1...levels { input += level % 2 == 1 ? #"{"k":"# : "[" }
        input += "0"
        for level in stride(from: levels, through: 1, by: -1) { input += level % 2 == 1 ? "}" : "]" }
        #expect(try JSONText.compact(Array(input.utf8)) == Array(input.utf8))
        // Close level `depth` with the other bracket.
        var bytes = Array(input.utf8)
        let closer = bytes.count - depth
        bytes[closer] = bytes[closer] == UInt8(ascii: "}") ? UInt8(ascii: "]") : UInt8(ascii: "}")
        let error = try #require(jsonError(bytes))
        #expect(error.kind == .syntax)
        #expect(error.offset == closer)
    }

    @Test("the depth limit is exact and counts objects and arrays alike")
    func exactDepthLimit() throws {
        let limits = JSONLimits(maximumDepth: 3, maximumBytes: 1000)
        #expect(jsonError(#"[{"a":[]}]"#, limits: limits) == nil)
        #expect(jsonError(#"[{"a":[[]]}]"#, limits: limits)?.kind == .tooDeep)
        #expect(jsonError("1", limits: JSONLimits(maximumDepth: 0, maximumBytes: 10)) == nil)
        #expect(jsonError("[]", limits: JSONLimits(maximumDepth: 0, maximumBytes: 10))?.kind == .tooDeep)
    }

    @Test("maximumBytes counts the whole input, whitespace included, and gives tooLarge")
    func sizeLimit() throws {
        let limits = JSONLimits(maximumDepth: 10, maximumBytes: 5)
        #expect(try compact("[1,2]", limits: limits) == "[1,2]")
        #expect(jsonError("[1,22]", limits: limits)?.kind == .tooLarge)
        #expect(jsonError("[1,2] ", limits: limits)?.kind == .tooLarge)
        #expect(throws: JSONError.self) { try JSONText.validate(utf8("[1,22]"), limits: limits) }
    }

    // MARK: __proto__

    @Test("validate reports a __proto__ key, however it is spelled, and only as a key", arguments: [
        (#"{"__proto__":1}"#, true),
        (#"{"a":1,"__proto__":{"x":1}}"#, true),
        (#"[1,{"b":[{"__proto__":null}]}]"#, true),
        (#"{"\u005f_proto__":1}"#, true),
        (#"{"\u005F\u005Fproto\u005F\u005F":1}"#, true),
        (#"{"__pr\u006fto__":1}"#, true),
        (#"{"a":"__proto__"}"#, false),
        (#"["__proto__"]"#, false),
        (#""__proto__""#, false),
        (#"{"__proto_":1}"#, false),
        (#"{"__proto__x":1}"#, false),
        (#"{"_\u005fproto__ ":1}"#, false),
        (#"{"\\u005f_proto__":1}"#, false),
        (#"{"constructor":{"prototype":1}}"#, false),
    ])
    func prototypeKey(_ input: String, _ expected: Bool) throws {
        #expect(try hasPrototypeKey(input) == expected)
    }

    // MARK: Pretty-printing

    /// Inputs and what `JSON.stringify(JSON.parse(input), null, 2)` gives (written by hand).
    static let prettySamples: [(String, String)] = [
        (#"{"a":[1,{"b":null}],"c":"x"}"#, """
        {
          "a": [
            1,
            {
              "b": null
            }
          ],
          "c": "x"
        }
        """),
        (#"[1,true,false,null,"s",-2.5]"#, """
        [
          1,
          true,
          false,
          null,
          "s",
          -2.5
        ]
        """),
        (#"{"a":{},"b":[],"c":[{}]}"#, """
        {
          "a": {},
          "b": [],
          "c": [
            {}
          ]
        }
        """),
        (#"[[1,2],[3]]"#, """
        [
          [
            1,
            2
          ],
          [
            3
          ]
        ]
        """),
        (#"{"k:,{":"v\\","q\"[":"]}"}"#, #"""
        {
          "k:,{": "v\\",
          "q\"[": "]}"
        }
        """#),
        (#"{"é":"😀"}"#, "{\n  \"é\": \"😀\"\n}"),
        ("{}", "{}"),
        ("[]", "[]"),
        ("42", "42"),
        (#""x""#, #""x""#),
        ("null", "null"),
    ]

    @Test("pretty output matches JSON.stringify(JSON.parse(x), null, 2)", arguments: prettySamples)
    func prettyMatchesJavaScript(_ input: String, _ expected: String) {
        #expect(pretty(input) == expected)
    }

    @Test("pretty output re-compacts to the original compact text", arguments: prettySamples)
    func prettyRecompacts(_ input: String, _ expected: String) throws {
        #expect(try compact(pretty(input)) == input)
    }

    @Test("pretty-printing ignores the input's whitespace, also inside empty {} and []")
    func prettyIgnoresWhitespace() {
        #expect(pretty(" { \"a\" : [ 1 , { } , [ \n ] ] } ") == pretty(#"{"a":[1,{},[]]}"#))
        #expect(pretty("[ ]") == "[]")
        #expect(pretty("{\n}") == "{}")
    }

    @Test("indentation stops growing past maximumIndentDepth")
    func prettyIndentLimit() {
        #expect(String(decoding: JSONIndenter.indent(utf8("[[1]]"), maximumIndentDepth: 1), as: UTF8.self) == "[\n  [\n  1\n  ]\n]")
    }

    // MARK: JSONValue

    @Test("JSONValue keeps number spelling, member order and duplicates; the subscript takes the last")
    func jsonValueParsing() throws {
        let value = try JSONValue(parsing: utf8(#" { "n" : 1.0 , "s" : "a\u00e9\uD83D\uDE00\n" , "n" : [ -0 , true , null ] } "#))
        guard case .object(let members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["n", "s", "n"])
        #expect(members[0].value == .number("1.0"))
        #expect(value["s"] == .string("aé😀\n"))
        #expect(value["n"] == .array([.number("-0"), .bool(true), .null]))
        #expect(value["missing"] == nil)
        #expect(value.serialized() == utf8(#"{"n":1.0,"s":"aé😀\n","n":[-0,true,null]}"#))
    }

    @Test("a lone surrogate escape decodes to U+FFFD")
    func loneSurrogateDecoding() throws {
        #expect(try JSONValue(parsing: utf8(#""a\uD800b""#)) == .string("a\u{FFFD}b"))
        #expect(try JSONValue(parsing: utf8(#""\uDC00\uD83D""#)) == .string("\u{FFFD}\u{FFFD}"))
    }

    @Test("JSONValue refuses invalid JSON and nesting past its depth")
    func jsonValueRejects() {
        #expect(throws: JSONError.self) { try JSONValue(parsing: utf8("[1,]")) }
        #expect(throws: JSONError.self) { try JSONValue(parsing: utf8("[[[1]]]"), maximumDepth: 2) }
    }

    @Test("writeString escapes as JSON.stringify does")
    func writeStringEscapes() {
        var output: [UInt8] = []
        JSONValue.writeString("q\"b\\s/\u{8}\u{C}\n\r\t\u{1}\u{1F}\u{7F}é😀", to: &output)
        #expect(String(decoding: output, as: UTF8.self) == #""q\"b\\s/\b\f\n\r\t\u0001\u001f"# + "\u{7F}é😀\"")
    }
}

@Suite("Fuzz regressions: JSON")
struct JSONFuzzRegressionTests {
    @Test("pretty-printing unbalanced input does not trap (Fuzz/regressions/json/pretty-unbalanced-close-bracket)")
    func prettyUnbalanced() {
        #expect(JSONIndenter.indent(Array("]]}".utf8)) == Array("\n]\n]\n}".utf8))
        #expect(JSONIndenter.indent(Array("[]]".utf8)) == Array("[]\n]".utf8))
    }

    @Test("JSONValue refuses nesting past its supported depth instead of overflowing the stack (Fuzz/regressions/json/jsonvalue-deep-nesting-stack-overflow)")
    func jsonValueDeepNesting() {
        let deep = Array(repeating: UInt8(ascii: "["), count: 100_000) + Array(repeating: UInt8(ascii: "]"), count: 100_000)
        #expect(throws: JSONError.self) { try JSONValue(parsing: deep, maximumDepth: 1_000_000) }
        let fine = Array(repeating: UInt8(ascii: "["), count: 1000) + Array(repeating: UInt8(ascii: "]"), count: 1000)
        #expect(throws: Never.self) { try JSONValue(parsing: fine, maximumDepth: 1_000_000) }
    }
}

@Suite("Fuzz findings, minor")
struct MinorFuzzFindingTests {
    @Test("a negative maximumIndentDepth is taken as 0")
    func negativeIndent() {
        #expect(JSONIndenter.indent(Array("[1]".utf8), maximumIndentDepth: -1) == Array("[\n1\n]".utf8))
    }

    @Test("a map whose only passwords are empty strings is refused like an empty map")
    func onlyEmptyPasswords() {
        thrownError { try PasswordMap(json: Array(#"{"1": ""}"#.utf8)) }
        thrownError { try PasswordMap(json: Array(#"[{"id": 1, "password": ""}]"#.utf8)) }
    }
}
