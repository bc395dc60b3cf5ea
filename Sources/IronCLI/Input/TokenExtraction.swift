import Iron

/// Finds the iron token in what the user pasted: a bare token, `token~2`, a quoted or
/// percent-encoded one, a `Cookie:` or `Set-Cookie:` header, a URL, or any text holding one.
enum TokenExtraction {
    struct Candidate: Equatable {
        /// The token, percent-escapes of `*` and `~` decoded.
        var token: [UInt8]
        /// The cookie (or query parameter) name before `=`, when there is one.
        var name: String?
        /// Where its text starts in the input.
        var offset: Int = 0
    }

    private static let marker = Array("Fe26.".utf8)
    /// RFC 6265's separators, which end a cookie name.
    private static let cookieNameSeparators = Set("()<>@,;:\\\"/[]?={}&".utf8)
    /// What a token taken whole may hold: printable ASCII but the delimiters (`"`, `'`, backquote,
    /// `;`, `,`, `&`, `<`, `>`, `(`, `)`, backslash) and `%`.
    private static let wholeTokenBytes = ByteSet { byte in
        byte > 0x20 && byte < 0x7F && !Array(#""'`;,&<>()\%"#.utf8).contains(byte)
    }

    /// 0-9 A-Z a-z _ - * ~ as bit sets over ASCII 0-63 and 64-127.
    @inline(__always)
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        // Branch-free: token text mixes both halves of ASCII, so a branch on the half mispredicts.
        let word: UInt64 = byte & 64 == 0 ? 0x03FF_2400_0000_0000 : 0x47FF_FFFE_87FF_FFFE
        return (word >> UInt64(byte & 63)) & 1 == 1 && byte < 128
    }

    /// The byte at `i`, or the byte a `%XX` escape starting at `i` stands for, with the length
    /// of its spelling (1 or 3).
    @inline(__always)
    private static func decodedByte(_ text: Span<UInt8>, at i: Int) -> (byte: UInt8, length: Int)? {
        guard i < text.count else { return nil }
        if text[i] == 0x25, i + 2 < text.count, let high = ASCII.hexDigitValue(text[i + 1]), let low = ASCII.hexDigitValue(text[i + 2]) {
            return (high << 4 | low, 3)
        }
        return (text[i], 1)
    }

    /// The byte that ends just before `end`: a `%XX` escape, or a raw byte.
    @inline(__always)
    private static func decodedByte(_ text: Span<UInt8>, endingAt end: Int) -> (byte: UInt8, length: Int)? {
        guard end > 0 else { return nil }
        if end >= 3, text[end - 3] == 0x25, let high = ASCII.hexDigitValue(text[end - 2]), let low = ASCII.hexDigitValue(text[end - 1]) {
            return (high << 4 | low, 3)
        }
        return (text[end - 1], 1)
    }

    /// Bytes that may stand just after a token's last field as part of the token in someone's
    /// eyes: base64's `+`, `/` and padding `=`.
    @inline(__always)
    private static func continuesAfter(_ byte: UInt8) -> Bool {
        byte == 0x3D || byte == 0x2B || byte == 0x2F
    }

    /// Bytes that may stand just before `Fe26.` as part of the token in someone's eyes: base64
    /// and base64url characters, and the token's own `*` and `~` (but not `=`, which ends a
    /// cookie or parameter name).
    @inline(__always)
    private static func continuesBefore(_ byte: UInt8) -> Bool {
        isTokenByte(byte) || byte == 0x2B || byte == 0x2F
    }

    /// Every token in `text`, in order (duplicates kept).
    ///
    /// A token runs from `Fe26.` over token characters (and their percent-escapes). When bytes
    /// that could continue a token touch it (a base64 character before `Fe26.`; `=`, `+`, `/`, or
    /// a `.` followed by such a byte after it), the token was altered: those bytes are kept in it,
    /// so that unsealing gives the verdict the JavaScript libraries give the whole. Whitespace,
    /// quotes, `;`, `,`, `&`, `<`, `>`, `(`, `)` and a `.` that ends a sentence are delimiters.
    static func candidates(in text: Span<UInt8>) -> [Candidate] {
        var found: [Candidate] = []
        var i = 0
        let n = text.count
        while i + marker.count <= n {
            guard text[i] == 0x46, text[i + 1] == 0x65, text[i + 2] == 0x32, text[i + 3] == 0x36, text[i + 4] == 0x2E else {
                i += 1
                continue
            }
            var begin = i
            var leading: [UInt8] = []
            while let (byte, length) = decodedByte(text, endingAt: begin), continuesBefore(byte) {
                leading.append(byte)
                begin -= length
            }
            var token = Array(leading.reversed()) + marker
            var k = i + marker.count
            while let (byte, length) = decodedByte(text, at: k) {
                if isTokenByte(byte) || continuesAfter(byte) {
                    token.append(byte)
                } else if byte == 0x2E, let (next, _) = decodedByte(text, at: k + length), isTokenByte(next) || continuesAfter(next) {
                    token.append(byte)
                } else {
                    break
                }
                k += length
            }
            found.append(Candidate(token: token, name: name(before: begin, in: text), offset: begin))
            i = k
        }
        return found
    }

    /// The cookie or parameter name of `name=token` or `name="token"` ending just before `start`.
    private static func name(before start: Int, in text: Span<UInt8>) -> String? {
        var end = start
        if end > 0 && text[end - 1] == 0x22 { end -= 1 } // a quoted value
        guard end > 0, text[end - 1] == 0x3D else { return nil } // '='
        end -= 1
        var begin = end
        while begin > 0 {
            let byte = text[begin - 1]
            // RFC 6265 cookie-name characters: visible ASCII except separators.
            if byte <= 0x20 || byte >= 0x7F || cookieNameSeparators.contains(byte) { break }
            begin -= 1
        }
        guard begin < end else { return nil }
        return Bytes.string(text.extracting(begin..<end))
    }

    /// The token that `text` is on its own, apart from surrounding whitespace and a final `.`:
    /// text that starts with `Fe26.` and holds no delimiter (white space, quotes, `;`, `,`, `&`,
    /// `<`, `>`, `(`, `)`, a backslash) and no percent-escape is taken whole, so that an id or a salt
    /// with other printable bytes (`1.0`, a hapi custom salt `my.salt`) gets the library's
    /// verdict. Also the fast path of batches.
    static func wholeToken(_ text: Span<UInt8>) -> Range<Int>? {
        var start = 0, end = text.count
        while start < end, ASCII.isJSONWhitespace(text[start]) { start += 1 }
        while end > start, ASCII.isJSONWhitespace(text[end - 1]) || text[end - 1] == 0x2E { end -= 1 }
        guard end - start > marker.count else { return nil }
        for k in 0..<marker.count where text[start + k] != marker[k] { return nil }
        // Every byte of every token of a batch passes here.
        guard Bytes.allInSet(text, (start + marker.count)..<end, wholeTokenBytes) else { return nil }
        return start..<end
    }

    /// The tokens in `text`, found as ``candidates(in:)`` finds them, or the whole text when it is
    /// one token on its own (``wholeToken(_:)``, marked bare).
    ///
    /// - Parameter origin: Where the text came from ("the input"), for messages; a token on a
    ///   later line is said to be on "line N of" it.
    static func tokens(in text: Span<UInt8>, origin: String) -> [FoundToken] {
        if let whole = wholeToken(text) {
            return [FoundToken(token: Bytes.array(text.extracting(whole)), name: nil, origin: origin, isBare: true)]
        }
        let candidates = candidates(in: text)
        guard candidates.count > 1 else {
            return candidates.map { FoundToken(token: $0.token, name: $0.name, origin: origin) }
        }
        var line = 1, counted = 0
        let lines = candidates.map { candidate in
            for k in counted..<max(counted, candidate.offset) where text[k] == 0x0A { line += 1 }
            counted = max(counted, candidate.offset)
            return line
        }
        let severalLines = lines.last != lines.first
        return candidates.indices.map { number in
            let place = "token \(number + 1)\(severalLines ? " (line \(lines[number]))" : "") of \(origin)"
            return FoundToken(token: candidates[number].token, name: candidates[number].name, origin: place)
        }
    }

    /// The one token in `text` (a line of a batch): the one in cookie `cookie`, else the only one,
    /// chosen as ``TokenSelection/one(_:cookie:in:notes:)`` chooses.
    ///
    /// - Throws: ``CLIError`` with exit 65 when there is none or several different ones.
    static func extract(from text: Span<UInt8>, cookie: String?, notes: inout [String]) throws -> [UInt8] {
        let found = FoundTokens(tokens: tokens(in: text, origin: "the input"), source: "the input",
                                isEmpty: (0..<text.count).allSatisfy { ASCII.isJSONWhitespace(text[$0]) })
        return try TokenSelection.one(found, cookie: cookie, notes: &notes).token
    }

    /// ``extract(from:cookie:notes:)`` without the notes.
    static func extract(from text: [UInt8], cookie: String?) throws -> [UInt8] {
        var notes: [String] = []
        return try extract(from: text.span, cookie: cookie, notes: &notes)
    }
}
