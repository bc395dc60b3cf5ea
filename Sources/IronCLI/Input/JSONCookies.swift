import Iron

/// Cookies in JSON that is not a HAR:
/// - Playwright's `storageState` (and anything else with a `cookies` array of `{name, value}`):
///   `{"cookies": [{"name", "value", "domain", "path", "expires", ...}], "origins": [...]}`;
/// - an array of `{name, value, ...}` objects: Puppeteer's `page.cookies()`, Selenium's
///   `get_cookies()`, the Cookie-Editor and EditThisCookie extensions' exports;
/// - a plain object `{name: value}` (its string members; other members are skipped).
enum JSONCookies {
    enum Shape: String, Equatable {
        case storageState = "storage state"
        case array = "JSON array"
        case object = "JSON object"
    }

    /// The shape of a parsed JSON value, or `nil` when it holds no cookies in any of the shapes
    /// (a HAR is not one: test ``HARCookies/isHAR(_:)`` first).
    static func shape(of json: JSONValue) -> Shape? {
        if let list = json["cookies"]?.arrayItems, list.contains(where: isCookieObject) { return .storageState }
        if let items = json.arrayItems { return items.contains(where: isCookieObject) ? .array : nil }
        if HARCookies.isHAR(json) { return nil }
        if let members = json.objectMembers, members.contains(where: { $0.value.stringValue != nil }) { return .object }
        return nil
    }

    /// The cookies, or `nil` when ``shape(of:)`` finds none.
    static func cookies(in json: JSONValue) -> [FoundCookie]? {
        guard let shape = shape(of: json) else { return nil }
        switch shape {
        case .storageState:
            return cookieObjects(json["cookies"]?.arrayItems ?? []) { "cookie \($0) of the storage state (cookies[])" }
        case .array:
            return cookieObjects(json.arrayItems ?? []) { "item \($0) of the JSON array" }
        case .object:
            return (json.objectMembers ?? []).compactMap { member in
                guard let value = member.value.stringValue, !member.key.isEmpty else { return nil }
                return FoundCookie(name: member.key, value: value, origin: "key \"\(member.key)\" of the JSON object")
            }
        }
    }

    private static func isCookieObject(_ item: JSONValue) -> Bool {
        item["name"]?.stringValue != nil && item["value"]?.stringValue != nil
    }

    private static func cookieObjects(_ items: [JSONValue], origin: (Int) -> String) -> [FoundCookie] {
        items.enumerated().compactMap { index, item in
            guard let name = item["name"]?.stringValue, !name.isEmpty, let value = item["value"]?.stringValue else { return nil }
            // Playwright and Puppeteer say "domain"; Selenium too; some exports "host".
            let domain = (item["domain"] ?? item["host"])?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            return FoundCookie(name: name, value: value, origin: origin(index + 1), domain: domain)
        }
    }
}
