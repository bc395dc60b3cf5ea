import Iron

/// Reading a `Cookie` header as the `cookie` package (0.7.2) that iron-session uses parses it.
public enum CookieHeader {
    /// The value of the cookie called `name` in a `Cookie` header, as iron-session 8 reads it:
    /// the first cookie of that name wins; white space around names and values is dropped, and
    /// surrounding double quotes; a value with `%` is percent-decoded, and kept as it is when that
    /// decoding fails. `nil` when there is no such cookie.
    ///
    /// - Parameters:
    ///   - name: The cookie's name.
    ///   - header: The `Cookie` header's value (`a=1; b=2`).
    /// - Returns: The value, or `nil`.
    public static func value(named name: String, in header: String) -> String? {
        let text = Array(header.utf8)
        guard text.count >= 2 else { return nil }
        var index = 0
        while index < text.count {
            guard let equals = text[index...].firstIndex(of: UInt8(ascii: "=")) else { return nil }
            let end = text[index...].firstIndex(of: UInt8(ascii: ";")) ?? text.count
            if equals > end {
                // A pair without '=': go on from the last ';' before this '='.
                index = (text[..<equals].lastIndex(of: UInt8(ascii: ";")) ?? -1) + 1
                continue
            }
            if trimmed(text, index, equals) == Array(name.utf8) {
                var (start, stop) = trimmedBounds(text, equals + 1, end)
                if start < stop, text[start] == UInt8(ascii: "\""), text[stop - 1] == UInt8(ascii: "\"") {
                    start += 1
                    stop -= 1
                }
                return start < stop ? decoded(Array(text[start..<stop])) : ""
            }
            index = end + 1
        }
        return nil
    }

    private static func trimmed(_ text: [UInt8], _ start: Int, _ end: Int) -> [UInt8] {
        let (from, to) = trimmedBounds(text, start, end)
        return Array(text[from..<to])
    }

    /// `start..<end` without spaces and tabs at either end.
    private static func trimmedBounds(_ text: [UInt8], _ start: Int, _ end: Int) -> (Int, Int) {
        var from = start, to = end
        while from < to, text[from] == 0x20 || text[from] == 0x09 { from += 1 }
        while to > from, text[to - 1] == 0x20 || text[to - 1] == 0x09 { to -= 1 }
        return (from, to)
    }

    /// JavaScript's `decodeURIComponent` when the value holds a `%`, or the value unchanged when
    /// it does not or the decoding fails (a malformed escape, or bytes that are not UTF-8).
    static func decoded(_ value: [UInt8]) -> String {
        let raw = String(decoding: value, as: UTF8.self)
        guard value.contains(UInt8(ascii: "%")) else { return raw }
        var bytes: [UInt8] = []
        var i = 0
        while i < value.count {
            guard value[i] == UInt8(ascii: "%") else {
                bytes.append(value[i])
                i += 1
                continue
            }
            guard i + 2 < value.count, let high = ASCII.hexDigitValue(value[i + 1]), let low = ASCII.hexDigitValue(value[i + 2]) else { return raw }
            bytes.append(high << 4 | low)
            i += 3
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { return raw }
        return text
    }
}
