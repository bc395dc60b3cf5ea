import Iron

/// HAR 1.2 files, as Chrome's, Firefox's and Safari's developer tools export them ("Save all as
/// HAR"), and proxies such as mitmproxy, Charles or Fiddler.
///
/// Cookies are in four places of each entry: `request.cookies[]` and the `Cookie` header of
/// `request.headers[]`, `response.cookies[]` and the `Set-Cookie` headers of `response.headers[]`
/// (some exports join several `Set-Cookie` values into one header with newlines).
enum HARCookies {
    /// Whether a parsed JSON value is a HAR: an object whose `log` has an `entries` array.
    static func isHAR(_ json: JSONValue) -> Bool {
        json["log"]?["entries"]?.arrayItems != nil
    }

    /// The cookies of a HAR, entry by entry: request `cookies[]`, the `Cookie` header, response
    /// `cookies[]`, the `Set-Cookie` headers. The same cookie is usually found several times;
    /// ``Swift/Array/uniqued()`` keeps the first.
    ///
    /// - Returns: `nil` when the JSON is not a HAR.
    static func cookies(in json: JSONValue) -> [FoundCookie]? {
        guard let entries = json["log"]?["entries"]?.arrayItems else { return nil }
        var found: [FoundCookie] = []
        for (index, entry) in entries.enumerated() {
            let number = index + 1
            let request = entry["request"]
            let response = entry["response"]
            let host = request?["url"]?.stringValue.flatMap(CookieText.host(ofURL:))
            func add(_ list: JSONValue?, _ origin: String) {
                for cookie in list?.arrayItems ?? [] {
                    guard let name = cookie["name"]?.stringValue, !name.isEmpty, let value = cookie["value"]?.stringValue else { continue }
                    let domain = cookie["domain"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? host
                    found.append(FoundCookie(name: name, value: value, origin: origin, domain: domain))
                }
            }
            func headers(_ message: JSONValue?, named headerName: String) -> [String] {
                (message?["headers"]?.arrayItems ?? []).compactMap { header in
                    guard let name = header["name"]?.stringValue, name.lowercased() == headerName else { return nil }
                    return header["value"]?.stringValue
                }
            }
            add(request?["cookies"], "request \(number) of the HAR (cookies[])")
            for header in headers(request, named: "cookie") {
                for (name, value) in CookieText.cookieHeaderPairs(header) {
                    found.append(FoundCookie(name: name, value: value, origin: "request \(number) of the HAR (Cookie header)", domain: host))
                }
            }
            add(response?["cookies"], "response \(number) of the HAR (cookies[])")
            for header in headers(response, named: "set-cookie") {
                for line in header.unicodeScalars.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
                    guard let (name, value) = CookieText.setCookiePair(String(String.UnicodeScalarView(line))) else { continue }
                    found.append(FoundCookie(name: name, value: value, origin: "response \(number) of the HAR (Set-Cookie header)", domain: host))
                }
            }
        }
        return found
    }
}

extension JSONValue {
    /// The items, if this is an array.
    var arrayItems: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// The members, if this is an object.
    var objectMembers: [JSONValue.Member]? {
        if case .object(let members) = self { return members }
        return nil
    }
}
