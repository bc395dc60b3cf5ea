/// The tokens of JSON text, each read from its first byte: strings, numbers and literals, and the
/// decoding of strings.
enum JSONLexer {
    /// Reads a string starting at its opening quote; returns the offset after the closing quote
    /// and whether it held an escape. Eight plain bytes are passed at a time.
    static func string(_ p: Span<UInt8>, from start: Int) throws(JSONError) -> (end: Int, escaped: Bool) {
        var i = start + 1
        var escaped = false
        while true {
            i = skipPlainBytes(p, from: i)
            guard i < p.count else { throw JSONError(kind: .syntax, message: "unterminated string", in: p, at: start) }
            let byte = p[i]
            if byte == 0x22 { return (i + 1, escaped) }
            if byte == 0x5C {
                escaped = true
                i = try escape(p, at: i, stringStart: start)
            } else if byte < 0x20 {
                throw JSONError(kind: .syntax, message: "control character 0x\(hex2(byte)) in a string (it must be escaped)", in: p, at: i)
            } else if byte < 0x80 {
                i += 1
            } else {
                let length = utf8SequenceLength(p, at: i)
                guard length > 0 else { throw JSONError(kind: .invalidUTF8, message: "invalid UTF-8 (byte 0x\(hex2(byte))) in a string", in: p, at: i) }
                i += length
            }
        }
    }

    /// The first offset at or after `start` that is not a plain string byte (printable ASCII
    /// other than `"` and `\`), checking eight bytes at a time.
    @inline(__always)
    private static func skipPlainBytes(_ p: Span<UInt8>, from start: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var i = start
        while i + 8 <= p.count {
            let word = Bytes.word(p, at: i)
            let quote = word ^ (0x22 * ones), backslash = word ^ (0x5C * ones)
            let special = (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- 0x20 * ones) & ~word) | word) & highs
            // A borrow only runs upward from a byte that is itself special: the lowest mark is exact.
            if special != 0 { return i + special.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < p.count {
            let byte = p[i]
            guard byte >= 0x20 && byte < 0x80 && byte != 0x22 && byte != 0x5C else { break }
            i += 1
        }
        return i
    }

    /// Checks the escape at `i` (a backslash) and returns the offset after it.
    private static func escape(_ p: Span<UInt8>, at i: Int, stringStart: Int) throws(JSONError) -> Int {
        guard i + 1 < p.count else { throw JSONError(kind: .syntax, message: "unterminated string", in: p, at: stringStart) }
        switch p[i + 1] {
        case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: // " \ / b f n r t
            return i + 2
        case 0x75: // u
            guard i + 5 < p.count else { throw JSONError(kind: .syntax, message: "incomplete \\u escape", in: p, at: i) }
            for k in 2...5 where ASCII.hexDigitValue(p[i + k]) == nil {
                throw JSONError(kind: .syntax, message: "invalid \\u escape: expected four hexadecimal digits", in: p, at: i)
            }
            return i + 6
        default:
            throw JSONError(kind: .syntax, message: "invalid escape '\\\(printable(p[i + 1]))' in a string", in: p, at: i)
        }
    }

    /// The length of the well-formed UTF-8 sequence at `i` (2 to 4), or 0 if it is not one.
    /// Overlong forms, surrogates and code points past U+10FFFF are not well formed.
    @inline(__always)
    static func utf8SequenceLength(_ p: Span<UInt8>, at i: Int) -> Int {
        @inline(__always) func continuation(_ k: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            i + k < p.count && p[i + k] >= low && p[i + k] <= high
        }
        switch p[i] {
        case 0xC2...0xDF: return continuation(1) ? 2 : 0
        case 0xE0: return continuation(1, 0xA0) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return continuation(1) && continuation(2) ? 3 : 0
        case 0xED: return continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : 0
        case 0xF0: return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4: return continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default: return 0
        }
    }

    /// Reads a number starting at `start`; returns the offset after it.
    static func number(_ p: Span<UInt8>, from start: Int) throws(JSONError) -> Int {
        var i = start
        if p[i] == 0x2D { i += 1 }
        guard i < p.count, ASCII.isDigit(p[i]) else { throw JSONError(kind: .syntax, message: "invalid number: '-' must be followed by a digit", in: p, at: i) }
        if p[i] == 0x30 {
            i += 1
            if i < p.count && ASCII.isDigit(p[i]) { throw JSONError(kind: .syntax, message: "invalid number: leading zeros are not allowed", in: p, at: i) }
        } else {
            i = digits(p, from: i)
        }
        if i < p.count && p[i] == 0x2E {
            i += 1
            guard i < p.count, ASCII.isDigit(p[i]) else { throw JSONError(kind: .syntax, message: "invalid number: '.' must be followed by a digit", in: p, at: i) }
            i = digits(p, from: i)
        }
        if i < p.count && (p[i] == 0x65 || p[i] == 0x45) {
            i += 1
            if i < p.count && (p[i] == 0x2B || p[i] == 0x2D) { i += 1 }
            guard i < p.count, ASCII.isDigit(p[i]) else { throw JSONError(kind: .syntax, message: "invalid number: the exponent needs a digit", in: p, at: i) }
            i = digits(p, from: i)
        }
        return i
    }

    @inline(__always)
    private static func digits(_ p: Span<UInt8>, from start: Int) -> Int {
        var i = start
        while i < p.count && ASCII.isDigit(p[i]) { i += 1 }
        return i
    }

    /// The three literals.
    enum Literal {
        case `true`, `false`, null

        /// The spelling's bytes, little-endian in a word (no global array to reach per literal),
        /// and their number.
        var spelling: (word: UInt64, count: Int) {
            switch self {
            case .true: return (0x6575_7274, 4)
            case .false: return (0x65_736C_6166, 5)
            case .null: return (0x6C6C_756E, 4)
            }
        }
    }

    /// Reads `literal` at `start`; returns the offset after it.
    static func literal(_ p: Span<UInt8>, from start: Int, _ literal: Literal) throws(JSONError) -> Int {
        let (word, count) = literal.spelling
        for k in 0..<count where start + k >= p.count || p[start + k] != UInt8(truncatingIfNeeded: word >> UInt64(8 * k)) {
            throw JSONError(kind: .syntax, message: "invalid literal: expected '\(literal)'", in: p, at: start)
        }
        return start + count
    }

    /// Whether a string token (with its quotes) decodes to `__proto__`.
    static func isPrototypeKey(_ token: Span<UInt8>, escaped: Bool) -> Bool {
        guard escaped else {
            let target = "\"__proto__\"".utf8
            return token.count == target.count && zip(0..<token.count, target).allSatisfy { token[$0] == $1 }
        }
        return decodeString(token) == "__proto__"
    }

    /// Decodes a valid string token (with its quotes) to a Swift string. Lone surrogates become
    /// U+FFFD, as they do when JavaScript writes such a string as UTF-8.
    static func decodeString(_ token: Span<UInt8>) -> String {
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
            guard byte == 0x5C else {
                utf8.append(byte)
                i += 1
                continue
            }
            let kind = token[i + 1]
            i += 2
            if let simple = simpleEscape(kind) {
                utf8.append(simple)
                continue
            }
            flush()
            let unit = hex4(token, i)
            i += 4
            if unit >= 0xD800 && unit < 0xDC00, i + 5 < token.count, token[i] == 0x5C, token[i + 1] == 0x75 {
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

    /// The byte a one-letter escape stands for (`n` → line feed), or `nil` for `u`.
    private static func simpleEscape(_ kind: UInt8) -> UInt8? {
        switch kind {
        case 0x62: return 0x08
        case 0x66: return 0x0C
        case 0x6E: return 0x0A
        case 0x72: return 0x0D
        case 0x74: return 0x09
        case 0x75: return nil
        default: return kind
        }
    }

    private static func hex4(_ p: Span<UInt8>, _ i: Int) -> UInt32 {
        var value: UInt32 = 0
        for k in 0..<4 { value = value << 4 | UInt32(ASCII.hexDigitValue(p[i + k]) ?? 0) }
        return value
    }

    /// Two uppercase hex digits.
    static func hex2(_ byte: UInt8) -> String {
        var text: [UInt8] = []
        Hex.appendUppercase(byte, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    private static func printable(_ byte: UInt8) -> String {
        byte >= 0x21 && byte < 0x7F ? String(Character(Unicode.Scalar(byte))) : "x\(hex2(byte))"
    }
}
