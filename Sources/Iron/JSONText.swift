/// A strict RFC 8259 JSON reader that works on UTF-8 bytes and never builds a tree.
///
/// ``compact(_:limits:)`` validates a text and removes only insignificant whitespace: key order,
/// number spelling and string escapes stay byte for byte, so what is sealed is what was written.
/// ``validate(_:limits:)`` checks a text without copying it. Both are iterative: nesting depth
/// costs one byte of memory per level and never stack.
///
/// The grammar is exactly that of JavaScript's `JSON.parse` on UTF-8 text: any value at the top
/// level, the four whitespace characters, no byte order mark, no trailing commas, no comments.
public enum JSONText {
    /// What ``validate(_:limits:)`` learned of a valid text.
    public struct Report: Sendable, Equatable {
        /// Whether some object has the key `__proto__` (after unescaping), which @hapi/iron
        /// refuses to parse.
        public var hasPrototypeKey: Bool
    }

    /// Validates `input` and returns it without insignificant whitespace.
    ///
    /// - Parameters:
    ///   - input: UTF-8 JSON text.
    ///   - limits: The depth and size accepted.
    /// - Returns: The same JSON with whitespace outside strings removed.
    /// - Throws: ``JSONError`` with the line and column of the first problem.
    public static func compact(_ input: some Collection<UInt8>, limits: JSONLimits = .default) throws -> [UInt8] {
        var output: [UInt8] = []
        try compact(input, limits: limits, appendingTo: &output)
        return output
    }

    /// Validates `input` and appends it, without insignificant whitespace, to `output`.
    ///
    /// On failure `output` is left as it was.
    ///
    /// - Parameters:
    ///   - input: UTF-8 JSON text.
    ///   - limits: The depth and size accepted.
    ///   - output: Where the compact text is appended.
    /// - Throws: ``JSONError`` with the line and column of the first problem.
    public static func compact(_ input: some Collection<UInt8>, limits: JSONLimits = .default, appendingTo output: inout [UInt8]) throws {
        let start = output.count
        do {
            let done: Void?? = try input.withContiguousStorageIfAvailable { buffer in
                _ = try scan(buffer, emit: true, output: &output, limits: limits)
            }
            if done == nil {
                let copy = Array(input)
                try copy.withUnsafeBufferPointer { _ = try scan($0, emit: true, output: &output, limits: limits) }
            }
        } catch {
            output.removeSubrange(start...)
            throw error
        }
    }

    /// Validates `input` without copying it.
    ///
    /// - Parameters:
    ///   - input: UTF-8 JSON text.
    ///   - limits: The depth and size accepted.
    /// - Returns: What the reader learned, such as whether a `__proto__` key occurs.
    /// - Throws: ``JSONError`` with the line and column of the first problem.
    @discardableResult
    public static func validate(_ input: UnsafeBufferPointer<UInt8>, limits: JSONLimits = .default) throws -> Report {
        var unused: [UInt8] = []
        return Report(hasPrototypeKey: try scan(input, emit: false, output: &unused, limits: limits))
    }

    /// Validates `input` without copying it.
    ///
    /// - Parameters:
    ///   - input: UTF-8 JSON text.
    ///   - limits: The depth and size accepted.
    /// - Returns: What the reader learned, such as whether a `__proto__` key occurs.
    /// - Throws: ``JSONError`` with the line and column of the first problem.
    @discardableResult
    public static func validate(_ input: some Collection<UInt8>, limits: JSONLimits = .default) throws -> Report {
        if let report = try input.withContiguousStorageIfAvailable({ try validate($0, limits: limits) }) {
            return report
        }
        return try Array(input).withUnsafeBufferPointer { try validate($0, limits: limits) }
    }

    // MARK: - The scanner

    private enum State {
        case value          // a value must come
        case valueOrClose   // just after '[': a value or ']'
        case key            // after ',' in an object: a key must come
        case keyOrClose     // just after '{': a key or '}'
        case colon          // after a key
        case afterValue     // a value ended: ',' or a closing bracket, or the end at the top level
    }

    // ASCII bytes used below.
    private static let quote: UInt8 = 0x22, backslash: UInt8 = 0x5C, comma: UInt8 = 0x2C, colon: UInt8 = 0x3A
    private static let openBrace: UInt8 = 0x7B, closeBrace: UInt8 = 0x7D, openBracket: UInt8 = 0x5B, closeBracket: UInt8 = 0x5D

    @inline(__always)
    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    /// Scans one JSON text; returns whether a `__proto__` key occurred.
    private static func scan(_ p: UnsafeBufferPointer<UInt8>, emit: Bool, output: inout [UInt8], limits: JSONLimits) throws -> Bool {
        let n = p.count
        guard n <= limits.maximumBytes else {
            throw JSONError(kind: .tooLarge, message: "text is \(n) bytes, more than the limit of \(limits.maximumBytes)", offset: limits.maximumBytes, line: 1, column: 1)
        }
        if emit && output.capacity < output.count + n { output.reserveCapacity(max(output.count + n, 2 * output.capacity)) }
        var stack: [Bool] = []   // true: object, false: array
        var state = State.value
        var i = 0
        var copyStart = 0        // start of the run not yet copied to output
        var sawPrototypeKey = false

        func fail(_ message: String, at offset: Int, kind: JSONError.Kind = .syntax) -> JSONError {
            let (line, column) = position(of: offset, in: p)
            return JSONError(kind: kind, message: message, offset: offset, line: line, column: column)
        }

        func describe(_ offset: Int) -> String {
            guard offset < n else { return "end of input" }
            let byte = p[offset]
            if byte == 0xEF, offset + 2 < n, p[offset + 1] == 0xBB, p[offset + 2] == 0xBF { return "byte order mark (U+FEFF)" }
            if byte >= 0x21 && byte < 0x7F { return "character '\(Character(Unicode.Scalar(byte)))'" }
            return "byte 0x\(hex2(byte))"
        }

        while true {
            // Skip whitespace, copying the run before it.
            if i < n && isWhitespace(p[i]) {
                if emit && i > copyStart { output.append(contentsOf: UnsafeBufferPointer(rebasing: p[copyStart..<i])) }
                repeat { i += 1 } while i < n && isWhitespace(p[i])
                copyStart = i
            }
            if i == n {
                if state == .afterValue && stack.isEmpty { break }
                if state == .value && stack.isEmpty { throw fail("no JSON value (the input is empty)", at: i) }
                throw fail("unexpected end of input\(stack.isEmpty ? "" : ": \(stack.count) unclosed \(stack.last! ? "object" : "array")\(stack.count > 1 ? "s and arrays" : "")")", at: i)
            }
            let byte = p[i]
            switch state {
            case .value, .valueOrClose:
                switch byte {
                case openBrace, openBracket:
                    guard stack.count < limits.maximumDepth else {
                        throw fail("nesting deeper than \(limits.maximumDepth) levels", at: i, kind: .tooDeep)
                    }
                    stack.append(byte == openBrace)
                    i += 1
                    state = byte == openBrace ? .keyOrClose : .valueOrClose
                case quote:
                    i = try scanString(p, from: i, fail: fail).end
                    state = .afterValue
                case 0x2D, 0x30...0x39:
                    i = try scanNumber(p, from: i, fail: fail)
                    state = .afterValue
                case 0x74: // t
                    i = try scanLiteral(p, from: i, "true", fail: fail)
                    state = .afterValue
                case 0x66: // f
                    i = try scanLiteral(p, from: i, "false", fail: fail)
                    state = .afterValue
                case 0x6E: // n
                    i = try scanLiteral(p, from: i, "null", fail: fail)
                    state = .afterValue
                case closeBracket where state == .valueOrClose:
                    stack.removeLast()
                    i += 1
                    state = .afterValue
                default:
                    if state == .value && !stack.isEmpty && (byte == closeBracket || byte == closeBrace) {
                        throw fail("unexpected \(describe(i)): a value must follow ','", at: i)
                    }
                    throw fail("unexpected \(describe(i)) where a value should start", at: i)
                }
            case .key, .keyOrClose:
                if byte == quote {
                    let (end, escaped) = try scanString(p, from: i, fail: fail)
                    if end - i == 11 || escaped {
                        if isPrototypeKey(p, from: i, to: end, escaped: escaped) { sawPrototypeKey = true }
                    }
                    i = end
                    state = .colon
                } else if byte == closeBrace && state == .keyOrClose {
                    stack.removeLast()
                    i += 1
                    state = .afterValue
                } else if byte == closeBrace {
                    throw fail("unexpected '}': a key must follow ','", at: i)
                } else {
                    throw fail("unexpected \(describe(i)) where an object key (a string in double quotes) should be", at: i)
                }
            case .colon:
                guard byte == colon else { throw fail("expected ':' after an object key, found \(describe(i))", at: i) }
                i += 1
                state = .value
            case .afterValue:
                guard let isObject = stack.last else {
                    throw fail("unexpected \(describe(i)) after the JSON value", at: i)
                }
                if byte == comma {
                    i += 1
                    state = isObject ? .key : .value
                } else if byte == (isObject ? closeBrace : closeBracket) {
                    stack.removeLast()
                    i += 1
                } else {
                    throw fail("expected ',' or '\(isObject ? "}" : "]")' \(isObject ? "in an object" : "in an array"), found \(describe(i))", at: i)
                }
            }
        }
        if emit && n > copyStart { output.append(contentsOf: UnsafeBufferPointer(rebasing: p[copyStart..<n])) }
        return sawPrototypeKey
    }

    /// Scans a string starting at its opening quote; returns the offset after the closing quote
    /// and whether it held an escape.
    @inline(__always)
    private static func scanString(_ p: UnsafeBufferPointer<UInt8>, from start: Int, fail: (String, Int, JSONError.Kind) -> JSONError) throws -> (end: Int, escaped: Bool) {
        let n = p.count
        var i = start + 1
        var escaped = false
        while true {
            guard i < n else { throw fail("unterminated string", start, .syntax) }
            let byte = p[i]
            if byte == quote { return (i + 1, escaped) }
            if byte == backslash {
                escaped = true
                guard i + 1 < n else { throw fail("unterminated string", start, .syntax) }
                switch p[i + 1] {
                case quote, backslash, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: // " \ / b f n r t
                    i += 2
                case 0x75: // u
                    guard i + 5 < n else { throw fail("incomplete \\u escape", i, .syntax) }
                    for k in 2...5 where hexValue(p[i + k]) == nil {
                        throw fail("invalid \\u escape: expected four hexadecimal digits", i, .syntax)
                    }
                    i += 6
                default:
                    throw fail("invalid escape '\\\(printable(p[i + 1]))' in a string", i, .syntax)
                }
            } else if byte < 0x20 {
                throw fail("control character 0x\(hex2(byte)) in a string (it must be escaped)", i, .syntax)
            } else if byte < 0x80 {
                i += 1
            } else {
                let length = utf8SequenceLength(p, at: i)
                guard length > 0 else { throw fail("invalid UTF-8 (byte 0x\(hex2(byte))) in a string", i, .invalidUTF8) }
                i += length
            }
        }
    }

    /// The length of the well-formed UTF-8 sequence at `i` (2 to 4), or 0 if it is not one.
    /// Overlong forms, surrogates and code points past U+10FFFF are not well formed.
    @inline(__always)
    static func utf8SequenceLength(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let n = p.count
        let b0 = p[i]
        @inline(__always) func continuation(_ k: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            i + k < n && p[i + k] >= low && p[i + k] <= high
        }
        switch b0 {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : 0
        case 0xE0:
            return continuation(1, 0xA0) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF:
            return continuation(1) && continuation(2) ? 3 : 0
        case 0xED:
            return continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : 0
        case 0xF0:
            return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3:
            return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4:
            return continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default:
            return 0
        }
    }

    @inline(__always)
    private static func scanNumber(_ p: UnsafeBufferPointer<UInt8>, from start: Int, fail: (String, Int, JSONError.Kind) -> JSONError) throws -> Int {
        let n = p.count
        var i = start
        if p[i] == 0x2D { i += 1 }
        guard i < n, isDigit(p[i]) else { throw fail("invalid number: '-' must be followed by a digit", i, .syntax) }
        if p[i] == 0x30 {
            i += 1
            if i < n && isDigit(p[i]) { throw fail("invalid number: leading zeros are not allowed", i, .syntax) }
        } else {
            repeat { i += 1 } while i < n && isDigit(p[i])
        }
        if i < n && p[i] == 0x2E {
            i += 1
            guard i < n, isDigit(p[i]) else { throw fail("invalid number: '.' must be followed by a digit", i, .syntax) }
            repeat { i += 1 } while i < n && isDigit(p[i])
        }
        if i < n && (p[i] == 0x65 || p[i] == 0x45) {
            i += 1
            if i < n && (p[i] == 0x2B || p[i] == 0x2D) { i += 1 }
            guard i < n, isDigit(p[i]) else { throw fail("invalid number: the exponent needs a digit", i, .syntax) }
            repeat { i += 1 } while i < n && isDigit(p[i])
        }
        return i
    }

    @inline(__always)
    private static func scanLiteral(_ p: UnsafeBufferPointer<UInt8>, from start: Int, _ literal: StaticString, fail: (String, Int, JSONError.Kind) -> JSONError) throws -> Int {
        let count = literal.utf8CodeUnitCount
        let bytes = literal.utf8Start
        for k in 0..<count where start + k >= p.count || p[start + k] != bytes[k] {
            throw fail("invalid literal: expected '\(literal)'", start, .syntax)
        }
        return start + count
    }

    /// Whether the string token in `p[start..<end]` (with quotes) decodes to `__proto__`.
    private static func isPrototypeKey(_ p: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, escaped: Bool) -> Bool {
        let target = Array("__proto__".utf8)
        if !escaped {
            return end - start == 11 && p[(start + 1)..<(end - 1)].elementsEqual(target)
        }
        return decodeString(UnsafeBufferPointer(rebasing: p[start..<end])) == "__proto__"
    }

    // MARK: - Helpers shared with JSONValue and the pretty printer

    /// Decodes a valid string token (with its quotes) to a Swift string. Lone surrogates become
    /// U+FFFD, as they do when JavaScript writes such a string as UTF-8.
    static func decodeString(_ token: UnsafeBufferPointer<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        var utf8: [UInt8] = []
        var i = 1
        let end = token.count - 1
        func flush() {
            if !utf8.isEmpty {
                scalars.append(contentsOf: String(decoding: utf8, as: UTF8.self).unicodeScalars)
                utf8.removeAll(keepingCapacity: true)
            }
        }
        while i < end {
            let byte = token[i]
            if byte != backslash {
                utf8.append(byte)
                i += 1
                continue
            }
            let kind = token[i + 1]
            i += 2
            let simple: UInt8?
            switch kind {
            case 0x62: simple = 0x08
            case 0x66: simple = 0x0C
            case 0x6E: simple = 0x0A
            case 0x72: simple = 0x0D
            case 0x74: simple = 0x09
            case 0x75: simple = nil
            default: simple = kind
            }
            if let simple {
                utf8.append(simple)
                continue
            }
            flush()
            let unit = hex4(token, i)
            i += 4
            if unit >= 0xD800 && unit < 0xDC00, i + 5 < token.count, token[i] == backslash, token[i + 1] == 0x75 {
                let low = hex4(token, i + 2)
                if low >= 0xDC00 && low < 0xE000 {
                    scalars.append(Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!)
                    i += 6
                    continue
                }
            }
            scalars.append(Unicode.Scalar(unit) ?? "\u{FFFD}")
        }
        flush()
        return String(scalars)
    }

    private static func hex4(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt32 {
        var value: UInt32 = 0
        for k in 0..<4 { value = value << 4 | UInt32(hexValue(p[i + k]) ?? 0) }
        return value
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? { ASCII.hexDigitValue(byte) }

    private static func hex2(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 15)]], as: UTF8.self)
    }

    private static func printable(_ byte: UInt8) -> String {
        byte >= 0x21 && byte < 0x7F ? String(Character(Unicode.Scalar(byte))) : "x\(hex2(byte))"
    }

    /// The 1-based line and column (in Unicode scalars) of a byte offset.
    static func position(of offset: Int, in p: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for k in 0..<min(offset, p.count) {
            let byte = p[k]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}
