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

    @inline(__always)
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F, 0x2D, 0x2A, 0x7E: return true // 0-9 A-Z a-z _ - * ~
        default: return false
        }
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
            var token = marker
            var k = i + marker.count
            while k < n {
                let byte = text[k]
                if isTokenByte(byte) {
                    token.append(byte)
                    k += 1
                } else if let decoded = escapedTokenByte(text, k) {
                    token.append(decoded)
                    k += 3
                } else {
                    break
                }
            }
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

    /// The one token in `text`, or the one in cookie `cookie`.
    ///
    /// - Throws: ``CLIError`` with exit 65 when there is none or several different ones.
    static func extract(from text: [UInt8], cookie: String?) throws -> [UInt8] {
        var all = text.withUnsafeBufferPointer { candidates(in: $0) }
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
            let trimmed = text.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
            if trimmed.isEmpty { throw CLIError(.dataError, "no input: expected a token (Fe26.2*...)") }
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

    private static func unique(_ names: [String]) -> [String] {
        var seen: [String] = []
        for name in names where !seen.contains(name) { seen.append(name) }
        return seen
    }
}
