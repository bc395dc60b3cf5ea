/// Finds the iron token in what the user pasted: a bare token, `token~2`, a quoted or
/// percent-encoded one, a `Cookie:` or `Set-Cookie:` header, a URL, or any text holding one.
enum TokenExtraction {
    struct Candidate: Equatable {
        /// The token, percent-escapes of `*` and `~` decoded.
        var token: [UInt8]
        /// The cookie (or query parameter) name before `=`, when there is one.
        var name: String?
    }

    private static let marker = Array("Fe26.".utf8)

    /// 0-9 A-Z a-z _ - * ~ as bit sets over ASCII 0-63 and 64-127.
    @inline(__always)
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        // Branch-free: token text mixes both halves of ASCII, so a branch on the half mispredicts.
        let word: UInt64 = byte & 64 == 0 ? 0x03FF_2400_0000_0000 : 0x47FF_FFFE_87FF_FFFE
        return (word >> UInt64(byte & 63)) & 1 == 1 && byte < 128
    }

    /// `%2A` or `%7E` (either case) at `i`: the byte it stands for.
    @inline(__always)
    private static func escapedTokenByte(_ text: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt8? {
        guard i + 2 < text.count, text[i] == 0x25 else { return nil }
        let high = text[i + 1], low = text[i + 2] | 0x20
        if high == 0x32 && low == 0x61 { return 0x2A } // %2A
        if high == 0x37 && low == 0x65 { return 0x7E } // %7E
        return nil
    }

    /// Every token in `text`, in order (duplicates kept).
    static func candidates(in text: UnsafeBufferPointer<UInt8>) -> [Candidate] {
        var found: [Candidate] = []
        var i = 0
        let n = text.count
        while i + marker.count <= n {
            // Fast scan for 'F'.
            guard text[i] == 0x46, text[i + 1] == 0x65, text[i + 2] == 0x32, text[i + 3] == 0x36, text[i + 4] == 0x2E else {
                i += 1
                continue
            }
            let start = i
            var token: [UInt8] = []
            var k = i + marker.count
            var runStart = i
            while k < n {
                let byte = text[k]
                if isTokenByte(byte) {
                    k += 1
                } else if let decoded = escapedTokenByte(text, k) {
                    token.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<k]))
                    token.append(decoded)
                    k += 3
                    runStart = k
                } else {
                    break
                }
            }
            token.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<k]))
            found.append(Candidate(token: token, name: name(before: start, in: text)))
            i = k
        }
        return found
    }

    /// The cookie or parameter name of `name=token` or `name="token"` ending just before `start`.
    private static func name(before start: Int, in text: UnsafeBufferPointer<UInt8>) -> String? {
        var end = start
        if end > 0 && text[end - 1] == 0x22 { end -= 1 } // a quoted value
        guard end > 0, text[end - 1] == 0x3D else { return nil } // '='
        end -= 1
        var begin = end
        while begin > 0 {
            let byte = text[begin - 1]
            // RFC 6265 cookie-name characters: visible ASCII except separators.
            if byte <= 0x20 || byte >= 0x7F || "()<>@,;:\\\"/[]?={}&".utf8.contains(byte) { break }
            begin -= 1
        }
        guard begin < end else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: text[begin..<end]), as: UTF8.self)
    }

    /// The bare token that `text` is, apart from surrounding whitespace, if it is one: the fast
    /// path of batches.
    static func bareToken(_ text: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        var start = 0, end = text.count
        while start < end, text[start] == 0x20 || text[start] == 0x09 { start += 1 }
        while end > start, text[end - 1] == 0x20 || text[end - 1] == 0x09 || text[end - 1] == 0x0D || text[end - 1] == 0x0A { end -= 1 }
        guard end - start > marker.count else { return nil }
        for k in 0..<marker.count where text[start + k] != marker[k] { return nil }
        var all = true
        for k in (start + marker.count)..<end { all = all && isTokenByte(text[k]) }
        guard all else { return nil }
        return UnsafeBufferPointer(rebasing: text[start..<end])
    }

    /// The one token in `text`, or the one in cookie `cookie`.
    ///
    /// - Throws: ``CLIError`` with exit 65 when there is none or several different ones.
    static func extract(from text: UnsafeBufferPointer<UInt8>, cookie: String?) throws -> [UInt8] {
        if cookie == nil, let token = bareToken(text) { return Array(token) }
        var all = candidates(in: text)
        if let cookie {
            let names = unique(all.compactMap(\.name))
            all = all.filter { $0.name == cookie }
            if all.isEmpty {
                let known = names.isEmpty ? "" : " (cookies holding tokens: \(names.prefix(5).joined(separator: ", ")))"
                throw CLIError(.dataError, "no cookie named \(cookie.prefix(64)) holds a token\(known)")
            }
        }
        var distinct: [Candidate] = []
        for candidate in all where !distinct.contains(where: { $0.token == candidate.token }) {
            distinct.append(candidate)
        }
        guard let first = distinct.first else {
            if text.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { throw CLIError(.dataError, "no input: expected a token (Fe26.2*...)") }
            throw CLIError(.dataError, "no iron token found in the input", hints: ["a token starts with Fe26.2*; paste the token, a Cookie: header or a URL holding it"])
        }
        guard distinct.count == 1 else {
            let names = unique(distinct.compactMap(\.name))
            var hints = ["pick one with --cookie NAME"]
            if !names.isEmpty { hints[0] += " (names here: \(names.prefix(5).joined(separator: ", ")))" }
            throw CLIError(.dataError, "the input holds \(distinct.count) different tokens", hints: hints)
        }
        return first.token
    }

    /// ``extract(from:cookie:)`` over an array.
    static func extract(from text: [UInt8], cookie: String?) throws -> [UInt8] {
        try text.withUnsafeBufferPointer { try extract(from: $0, cookie: cookie) }
    }

    private static func unique(_ names: [String]) -> [String] {
        var seen: [String] = []
        for name in names where !seen.contains(name) { seen.append(name) }
        return seen
    }
}
