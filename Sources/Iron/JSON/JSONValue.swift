/// A parsed JSON value, for small documents such as password maps.
///
/// Sealing and unsealing never build one: they work on the text (``JSONText``). Numbers keep
/// their spelling, and object members their order and duplicates.
package indirect enum JSONValue: Sendable, Equatable {
    /// One member of an object.
    package struct Member: Sendable, Equatable {
        /// The key, unescaped.
        package var key: String
        /// The value.
        package var value: JSONValue
        /// Creates a member.
        package init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, spelled as in the text.
    case number(String)
    /// A string, unescaped (lone surrogates as U+FFFD).
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object: its members in order, duplicates kept.
    case object([Member])

    /// The deepest nesting ``init(parsing:maximumDepth:)`` accepts by default.
    package static let defaultMaximumDepth = 256

    /// The deepest nesting a `JSONValue` can hold: parsing, comparing, serialising and releasing
    /// a value recurse once per level, so deeper documents are refused rather than risking the
    /// stack. ``JSONText`` has no such limit.
    package static let maximumSupportedDepth = 1000

    /// Parses a JSON text.
    ///
    /// - Parameters:
    ///   - text: UTF-8 JSON.
    ///   - maximumDepth: The deepest nesting accepted; at most ``maximumSupportedDepth``.
    /// - Throws: ``JSONError`` with the line and column of the first problem.
    package init(parsing text: some Collection<UInt8>, maximumDepth: Int = JSONValue.defaultMaximumDepth) throws(JSONError) {
        let depth = min(maximumDepth, JSONValue.maximumSupportedDepth)
        let compact = try JSONText.compact(text, limits: JSONLimits(maximumDepth: depth, maximumBytes: .max))
        var index = 0
        self = JSONValue.parseValue(compact.span, &index)
    }

    /// The member of an object with the given key (the last, if several), or `nil`.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    /// The string, if this is a string.
    package var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// JSON text: compact, or indented as `JSON.stringify(value, null, 2)` indents it.
    ///
    /// - Parameter pretty: Whether to indent.
    /// - Returns: UTF-8 JSON without a final newline.
    package func serialized(pretty: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        write(to: &output)
        return pretty ? JSONIndenter.indent(output) : output
    }

    private func write(to output: inout [UInt8]) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let spelling): output.append(contentsOf: spelling.utf8)
        case .string(let value): JSONValue.writeString(value, to: &output)
        case .array(let elements):
            output.append(0x5B)
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(0x2C) }
                element.write(to: &output)
            }
            output.append(0x5D)
        case .object(let members):
            output.append(0x7B)
            for (index, member) in members.enumerated() {
                if index > 0 { output.append(0x2C) }
                JSONValue.writeString(member.key, to: &output)
                output.append(0x3A)
                member.value.write(to: &output)
            }
            output.append(0x7D)
        }
    }

    /// Appends `value` as a JSON string, escaping as JavaScript's `JSON.stringify` does.
    ///
    /// - Parameters:
    ///   - value: The string.
    ///   - output: Where the quoted string is appended.
    package static func writeString(_ value: String, to output: inout [UInt8]) {
        output.append(0x22)
        for byte in value.utf8 {
            switch byte {
            case 0x22: output.append(contentsOf: [0x5C, 0x22])
            case 0x5C: output.append(contentsOf: [0x5C, 0x5C])
            case 0x08: output.append(contentsOf: [0x5C, 0x62])
            case 0x0C: output.append(contentsOf: [0x5C, 0x66])
            case 0x0A: output.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: output.append(contentsOf: [0x5C, 0x72])
            case 0x09: output.append(contentsOf: [0x5C, 0x74])
            case 0..<0x20:
                output.append(contentsOf: [0x5C, 0x75, 0x30, 0x30])
                output.append(Hex.lowercaseDigits[Int(byte >> 4)])
                output.append(Hex.lowercaseDigits[Int(byte & 15)])
            default: output.append(byte)
            }
        }
        output.append(0x22)
    }

    // Parses compact, valid JSON (depth already bounded by the validation).
    private static func parseValue(_ p: Span<UInt8>, _ i: inout Int) -> JSONValue {
        switch p[i] {
        case 0x7B: return .object(parseMembers(p, &i))
        case 0x5B: return .array(parseElements(p, &i))
        case 0x22: return .string(parseString(p, &i))
        case 0x74:
            i += 4
            return .bool(true)
        case 0x66:
            i += 5
            return .bool(false)
        case 0x6E:
            i += 4
            return .null
        default:
            let start = i
            while i < p.count, p[i] != 0x2C, p[i] != 0x5D, p[i] != 0x7D { i += 1 }
            return .number(Bytes.string(p.extracting(start..<i)))
        }
    }

    private static func parseMembers(_ p: Span<UInt8>, _ i: inout Int) -> [Member] {
        i += 1 // '{'
        var members: [Member] = []
        if p[i] == 0x7D {
            i += 1
            return members
        }
        while true {
            let key = parseString(p, &i)
            i += 1 // ':'
            members.append(Member(key, parseValue(p, &i)))
            let separator = p[i]
            i += 1
            if separator == 0x7D { return members }
        }
    }

    private static func parseElements(_ p: Span<UInt8>, _ i: inout Int) -> [JSONValue] {
        i += 1 // '['
        var elements: [JSONValue] = []
        if p[i] == 0x5D {
            i += 1
            return elements
        }
        while true {
            elements.append(parseValue(p, &i))
            let separator = p[i]
            i += 1
            if separator == 0x5D { return elements }
        }
    }

    private static func parseString(_ p: Span<UInt8>, _ i: inout Int) -> String {
        let start = i
        i += 1
        while p[i] != 0x22 { i += p[i] == 0x5C ? 2 : 1 }
        i += 1
        return JSONLexer.decodeString(p.extracting(start..<i))
    }
}
