/// Netscape cookie jars: what `curl -c`, `wget --save-cookies`, yt-dlp and browser extensions
/// ("cookies.txt") write.
///
/// One cookie a line, seven tab-separated fields: domain, include-subdomains (`TRUE`/`FALSE`),
/// path, secure (`TRUE`/`FALSE`), expiry (seconds since 1970, 0 for a session cookie), name,
/// value. A line starting `#HttpOnly_` is an HttpOnly cookie (curl); other lines starting `#` are
/// comments; blank lines and CRLF endings are allowed.
enum NetscapeCookieJar {
    /// The headers jars start with: curl's, wget's and the browser extensions'.
    static let headers = ["# Netscape HTTP Cookie File", "# HTTP Cookie File"]
    static let httpOnlyPrefix = "#HttpOnly_"

    /// Whether the text is a cookie jar: it starts with a jar header, or it has a line of seven
    /// tab-separated fields whose flags and expiry look like a jar's and no line that is not a
    /// comment, a blank or such a cookie line.
    static func isJar(_ bytes: [UInt8]) -> Bool {
        let lines = self.lines(bytes)
        if let first = lines.first(where: { !$0.text.isEmpty }), headers.contains(where: { first.text.hasPrefix($0) }) {
            return true
        }
        var cookies = 0
        for line in lines where !line.text.isEmpty {
            if parse(line.text) != nil {
                cookies += 1
            } else if !line.text.hasPrefix("#") {
                return false
            }
        }
        return cookies > 0
    }

    /// The cookies of a jar, in file order. Lines that are not cookies (comments, blanks,
    /// malformed lines) are skipped, as curl skips them.
    static func cookies(in bytes: [UInt8]) -> [FoundCookie] {
        lines(bytes).compactMap { line in
            guard let fields = parse(line.text) else { return nil }
            return FoundCookie(name: fields.name, value: fields.value, origin: "line \(line.number) of the cookie jar", domain: fields.domain)
        }
    }

    struct Fields: Equatable {
        var domain: String
        var includeSubdomains: Bool
        var path: String
        var secure: Bool
        var expires: Int64
        var name: String
        var value: String
        var httpOnly: Bool
    }

    /// One line as a cookie, or `nil` for a comment, a blank or a malformed line.
    static func parse(_ line: String) -> Fields? {
        var text = Substring(line)
        var httpOnly = false
        if text.hasPrefix(httpOnlyPrefix) {
            httpOnly = true
            text = text.dropFirst(httpOnlyPrefix.count)
        } else if text.hasPrefix("#") {
            return nil
        }
        let fields = text.split(separator: "\t", omittingEmptySubsequences: false)
        // Seven fields; a jar written by some tools ends an empty value's line without the tab.
        guard fields.count == 7 || fields.count == 6 else { return nil }
        guard let subdomains = flag(fields[1]), let secure = flag(fields[3]) else { return nil }
        guard let expires = Int64(fields[4]) ?? Double(fields[4]).map({ Int64($0) }) else { return nil }
        let domain = String(fields[0])
        let name = String(fields[5])
        guard !domain.isEmpty, !name.isEmpty else { return nil }
        return Fields(domain: domain, includeSubdomains: subdomains, path: String(fields[2]), secure: secure,
                      expires: expires, name: name, value: fields.count == 7 ? String(fields[6]) : "", httpOnly: httpOnly)
    }

    private static func flag(_ field: Substring) -> Bool? {
        switch field.uppercased() {
        case "TRUE": return true
        case "FALSE": return false
        default: return nil
        }
    }

    /// Lines with their 1-based numbers, without `\r\n`, `\n` or `\r` endings (split on bytes:
    /// in a Swift string "\r\n" is one character).
    static func lines(_ bytes: [UInt8]) -> [(number: Int, text: String)] {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        var result: [(number: Int, text: String)] = []
        for (index, line) in body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            var content = line
            while content.last == UInt8(ascii: "\r") { content = content.dropLast() }
            result.append((index + 1, String(decoding: content, as: UTF8.self)))
        }
        return result
    }
}
