/// A strict RFC 8259 JSON reader that works on UTF-8 bytes and never builds a tree.
///
/// ``compact(_:limits:)`` validates a text and removes only insignificant whitespace: key order,
/// number spelling and string escapes stay byte for byte, so what is sealed is what was written.
/// ``validate(_:limits:)`` checks a text without copying it. Both are iterative: nesting depth
/// costs a bit of memory per level (a byte past 64 levels) and never stack.
///
/// The grammar is exactly that of JavaScript's `JSON.parse` on UTF-8 text: any value at the top
/// level, the four whitespace characters, no byte order mark, no trailing commas, no comments.
package enum JSONText {
    /// What ``validate(_:limits:)`` learned of a valid text.
    package struct Report: Sendable, Equatable {
        /// Whether some object has the key `__proto__` (after unescaping), which @hapi/iron
        /// refuses to parse.
        package var hasPrototypeKey: Bool
    }

    /// Validates `input` and returns it without insignificant whitespace.
    ///
    /// - Parameters:
    ///   - input: UTF-8 JSON text.
    ///   - limits: The depth and size accepted.
    /// - Returns: The same JSON with whitespace outside strings removed.
    /// - Throws: ``JSONError`` with the line and column of the first problem.
    package static func compact(_ input: some Collection<UInt8>, limits: JSONLimits = .default) throws(JSONError) -> [UInt8] {
        var output: [UInt8] = []
        try compact(Array(input).span, limits: limits, appendingTo: &output)
        return output
    }

    /// Validates `input` and appends it, without insignificant whitespace, to `output`. On failure
    /// `output` is left as it was.
    ///
    /// - Parameters:
    ///   - input: UTF-8 JSON text.
    ///   - limits: The depth and size accepted.
    ///   - output: Where the compact text is appended.
    /// - Throws: ``JSONError`` with the line and column of the first problem.
    package static func compact(_ input: Span<UInt8>, limits: JSONLimits = .default, appendingTo output: inout [UInt8]) throws(JSONError) {
        let start = output.count
        do {
            _ = try scan(input, emit: true, output: &output, limits: limits)
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
    package static func validate(_ input: some Collection<UInt8>, limits: JSONLimits = .default) throws(JSONError) -> Report {
        try validate(Array(input).span, limits: limits)
    }

    /// Validates `input` without copying it.
    @discardableResult
    package static func validate(_ input: Span<UInt8>, limits: JSONLimits = .default) throws(JSONError) -> Report {
        var unused: [UInt8] = []
        return Report(hasPrototypeKey: try scan(input, emit: false, output: &unused, limits: limits))
    }

    /// Scans one JSON text; returns whether a `__proto__` key occurred.
    private static func scan(_ p: Span<UInt8>, emit: Bool, output: inout [UInt8], limits: JSONLimits) throws(JSONError) -> Bool {
        guard p.count <= limits.maximumBytes else {
            throw JSONError(kind: .tooLarge, message: "text is \(p.count) bytes, more than the limit of \(limits.maximumBytes)", offset: limits.maximumBytes, line: 1, column: 1)
        }
        if emit && output.capacity < output.count + p.count { output.reserveCapacity(max(output.count + p.count, 2 * output.capacity)) }
        var scanner = JSONScanner(limits: limits, emit: emit)
        while try scanner.step(p, output: &output) {}
        if emit && p.count > scanner.copyStart { Bytes.append(p.extracting(scanner.copyStart..<p.count), to: &output) }
        return scanner.sawPrototypeKey
    }
}

/// The state of one pass of ``JSONText``'s reader: where it is, what must come next, and the
/// open objects and arrays.
private struct JSONScanner {
    private enum Expect {
        case value          // a value must come
        case valueOrClose   // just after '[': a value or ']'
        case key            // after ',' in an object: a key must come
        case keyOrClose     // just after '{': a key or '}'
        case colon          // after a key
        case afterValue     // a value ended: ',' or a closing bracket, or the end at the top level
    }

    let limits: JSONLimits
    let emit: Bool
    private var expect = Expect.value
    private var stack = OpenContainers()
    private var i = 0
    /// The start of the run not yet copied to the output.
    private(set) var copyStart = 0
    private(set) var sawPrototypeKey = false

    init(limits: JSONLimits, emit: Bool) {
        self.limits = limits
        self.emit = emit
    }

    /// Reads the next token; `false` once a complete text has ended.
    mutating func step(_ p: Span<UInt8>, output: inout [UInt8]) throws(JSONError) -> Bool {
        skipWhitespace(p, output: &output)
        guard i < p.count else {
            try checkComplete(p)
            return false
        }
        switch expect {
        case .value, .valueOrClose: try readValue(p)
        case .key, .keyOrClose: try readKey(p)
        case .colon:
            guard p[i] == 0x3A else { throw fail(p, "expected ':' after an object key, found \(describe(p, i))", at: i) }
            i += 1
            expect = .value
        case .afterValue: try readAfterValue(p)
        }
        return true
    }

    /// Skips whitespace, copying the run before it to the output.
    private mutating func skipWhitespace(_ p: Span<UInt8>, output: inout [UInt8]) {
        guard i < p.count && ASCII.isJSONWhitespace(p[i]) else { return }
        if emit && i > copyStart { Bytes.append(p.extracting(copyStart..<i), to: &output) }
        repeat { i += 1 } while i < p.count && ASCII.isJSONWhitespace(p[i])
        copyStart = i
    }

    private func checkComplete(_ p: Span<UInt8>) throws(JSONError) {
        if expect == .afterValue && stack.isEmpty { return }
        if expect == .value && stack.isEmpty { throw fail(p, "no JSON value (the input is empty)", at: i) }
        var unclosed = ""
        if let innermost = stack.innermostIsObject {
            unclosed = ": \(stack.count) unclosed \(innermost ? "object" : "array")\(stack.count > 1 ? "s and arrays" : "")"
        }
        throw fail(p, "unexpected end of input\(unclosed)", at: i)
    }

    private mutating func readValue(_ p: Span<UInt8>) throws(JSONError) {
        let byte = p[i]
        switch byte {
        case 0x7B, 0x5B: // { [
            guard stack.count < limits.maximumDepth else {
                throw fail(p, "nesting deeper than \(limits.maximumDepth) levels", at: i, kind: .tooDeep)
            }
            stack.push(isObject: byte == 0x7B)
            i += 1
            expect = byte == 0x7B ? .keyOrClose : .valueOrClose
            return
        case 0x22: i = try JSONLexer.string(p, from: i).end
        case 0x2D, 0x30...0x39: i = try JSONLexer.number(p, from: i)
        case 0x74: i = try JSONLexer.literal(p, from: i, .true)
        case 0x66: i = try JSONLexer.literal(p, from: i, .false)
        case 0x6E: i = try JSONLexer.literal(p, from: i, .null)
        case 0x5D where expect == .valueOrClose:
            stack.pop()
            i += 1
        default:
            if expect == .value && !stack.isEmpty && (byte == 0x5D || byte == 0x7D) {
                throw fail(p, "unexpected \(describe(p, i)): a value must follow ','", at: i)
            }
            throw fail(p, "unexpected \(describe(p, i)) where a value should start", at: i)
        }
        expect = .afterValue
    }

    private mutating func readKey(_ p: Span<UInt8>) throws(JSONError) {
        let byte = p[i]
        if byte == 0x22 {
            let (end, escaped) = try JSONLexer.string(p, from: i)
            if (end - i == 11 || escaped) && JSONLexer.isPrototypeKey(p.extracting(i..<end), escaped: escaped) { sawPrototypeKey = true }
            i = end
            expect = .colon
        } else if byte == 0x7D && expect == .keyOrClose {
            stack.pop()
            i += 1
            expect = .afterValue
        } else if byte == 0x7D {
            throw fail(p, "unexpected '}': a key must follow ','", at: i)
        } else {
            throw fail(p, "unexpected \(describe(p, i)) where an object key (a string in double quotes) should be", at: i)
        }
    }

    private mutating func readAfterValue(_ p: Span<UInt8>) throws(JSONError) {
        guard let isObject = stack.innermostIsObject else {
            throw fail(p, "unexpected \(describe(p, i)) after the JSON value", at: i)
        }
        if p[i] == 0x2C {
            i += 1
            expect = isObject ? .key : .value
        } else if p[i] == (isObject ? 0x7D : 0x5D) {
            stack.pop()
            i += 1
        } else {
            throw fail(p, "expected ',' or '\(isObject ? "}" : "]")' \(isObject ? "in an object" : "in an array"), found \(describe(p, i))", at: i)
        }
    }

    private func fail(_ p: Span<UInt8>, _ message: String, at offset: Int, kind: JSONError.Kind = .syntax) -> JSONError {
        JSONError(kind: kind, message: message, in: p, at: offset)
    }

    /// The byte at `offset` in words: a printable character, the byte order mark, or its value.
    private func describe(_ p: Span<UInt8>, _ offset: Int) -> String {
        guard offset < p.count else { return "end of input" }
        let byte = p[offset]
        if byte == 0xEF, offset + 2 < p.count, p[offset + 1] == 0xBB, p[offset + 2] == 0xBF { return "byte order mark (U+FEFF)" }
        if byte >= 0x21 && byte < 0x7F { return "character '\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(JSONLexer.hex2(byte))"
    }
}

/// The objects and arrays open at a point of a JSON text, innermost last: the first 64 levels
/// as bits of a word (a payload's nesting costs no allocation), deeper ones in an array.
private struct OpenContainers {
    /// Bit k: whether level k (from 0) is an object.
    private var levels: UInt64 = 0
    private var deeper: [Bool] = []
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    /// Whether the innermost is an object; `nil` when none is open.
    var innermostIsObject: Bool? {
        guard count > 0 else { return nil }
        return count > 64 ? deeper[deeper.count - 1] : levels >> UInt64(count - 1) & 1 == 1
    }

    mutating func push(isObject: Bool) {
        if count < 64 {
            levels = levels & ~(1 << UInt64(count)) | (isObject ? 1 << UInt64(count) : 0)
        } else {
            deeper.append(isObject)
        }
        count += 1
    }

    mutating func pop() {
        precondition(count > 0)
        count -= 1
        if count >= 64 { deeper.removeLast() }
    }
}
