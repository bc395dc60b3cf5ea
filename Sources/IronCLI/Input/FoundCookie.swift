/// One cookie found in a file or a browser's store.
struct FoundCookie: Equatable, Sendable {
    /// The cookie's name.
    var name: String
    /// Its value, as stored (iron tokens need no decoding).
    var value: String
    /// Where it was found, for messages: "line 4 of the cookie jar",
    /// "request 2 of the HAR (cookies[])", "the Firefox store ~/.mozilla/firefox/x.default/cookies.sqlite".
    var origin: String
    /// The host or domain it belongs to, when the source says.
    var domain: String?

    init(name: String, value: String, origin: String, domain: String? = nil) {
        self.name = name
        self.value = value
        self.origin = origin
        self.domain = domain
    }
}

extension [FoundCookie] {
    /// The first cookie of each name and value: a HAR names the same cookie in a header and in
    /// `cookies[]`, a store in several paths.
    func uniqued() -> [FoundCookie] {
        var seen = Set<String>()
        return filter { seen.insert($0.name + "\u{0}" + $0.value).inserted }
    }

    /// The cookies of this name.
    func named(_ name: String) -> [FoundCookie] {
        filter { $0.name == name }
    }
}

/// Shared pieces of the readers.
enum CookieText {
    /// The `name=value` pairs of a `Cookie` header value (`a=1; b=2`), trimmed; pairs without
    /// `=` or a name are skipped.
    static func cookieHeaderPairs(_ header: String) -> [(name: String, value: String)] {
        header.split(separator: ";").compactMap { part in
            pair(Substring(part))
        }
    }

    /// The `name=value` at the start of one `Set-Cookie` header value (before the first `;`).
    static func setCookiePair(_ header: String) -> (name: String, value: String)? {
        pair(header.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    private static func pair(_ text: Substring) -> (name: String, value: String)? {
        guard let equals = text.firstIndex(of: "=") else { return nil }
        let name = trimmed(text[..<equals])
        var value = trimmed(text[text.index(after: equals)...])
        // RFC 6265 allows a value in double quotes.
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
        guard !name.isEmpty else { return nil }
        return (name, value)
    }

    static func trimmed(_ text: Substring) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(text[first...last])
    }

    /// The host of an absolute URL (`http://user@Host:8000/path` gives `host`), or `nil`.
    static func host(ofURL url: String) -> String? {
        let characters = Array(url.utf8)
        guard let colon = characters.indices.first(where: { characters[$0...].starts(with: Array("://".utf8)) }) else { return nil }
        let rest = String(decoding: characters[(colon + 3)...], as: UTF8.self)
        var authority = Substring(rest).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            return String(authority[...close]).lowercased()
        }
        let host = authority.prefix { $0 != ":" }
        return host.isEmpty ? nil : host.lowercased()
    }

    /// UTF-8 text of a file, without a byte-order mark.
    static func text(_ bytes: [UInt8]) -> String {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        return String(decoding: body, as: UTF8.self)
    }
}
