import Iron
import IronCookies

/// `seal --set-cookie NAME` and `--cookie-header NAME`: the token as the header that carries it.
enum CookieOutput {
    /// The `Set-Cookie` value iron-session's `save()` sends.
    case setCookie(SessionCookieHeaders)
    /// `Cookie: NAME=TOKEN`, as a browser sends it.
    case cookieHeader(SessionCookieHeaders)

    /// The options that shape `--set-cookie`'s attributes.
    static let attributeOptions = ["cookie-domain", "cookie-path", "cookie-max-age", "cookie-expires", "same-site",
                                   "no-secure", "no-http-only", "partitioned", "priority", "session-cookie", "destroy"]

    /// Appends the header for `token`.
    ///
    /// - Throws: ``CLIError`` (65) when the `Set-Cookie` value is over 4096 bytes.
    func render(token: [UInt8], into output: inout [UInt8]) throws {
        switch self {
        case .setCookie(let headers):
            do {
                output.append(contentsOf: try headers.setCookie(token: String(decoding: token, as: UTF8.self)).utf8)
            } catch {
                throw CLIError(.dataError, error.reason.prefix(1).lowercased() + error.reason.dropFirst(),
                               hints: ["a browser keeps at most \(SessionCookieHeaders.maximumLength) bytes of a cookie: make the payload smaller"])
            }
        case .cookieHeader(let headers):
            output.append(contentsOf: "Cookie: \(headers.cookieHeader(token: String(decoding: token, as: UTF8.self)))".utf8)
        }
    }
}

extension CommandOptions {
    /// The cookie output the options ask for, or `nil`; its headers' ttl is the token's (zero for
    /// `--session-cookie`).
    ///
    /// - Parameter ttl: The token's lifetime, from `--ttl`, `--expires-at` or the format.
    func cookieOutput(ttl: Duration) throws -> CookieOutput? {
        let setCookie = arguments.value("set-cookie"), cookieHeader = arguments.value("cookie-header")
        if setCookie == nil, let stray = CookieOutput.attributeOptions.first(where: arguments.has) {
            throw CLIError.usage("--\(stray) works only with --set-cookie NAME")
        }
        guard setCookie != nil || cookieHeader != nil else { return nil }
        if setCookie != nil && cookieHeader != nil { throw CLIError.usage("--set-cookie and --cookie-header print different headers; give one") }
        for other in ["link", "template"] where arguments.has(other) {
            throw CLIError.usage("--\(other) and --\(setCookie != nil ? "set-cookie" : "cookie-header") both say what to print; give one")
        }
        if arguments.value("format") == "iron" {
            throw CLIError.usage("--\(setCookie != nil ? "set-cookie" : "cookie-header") writes iron-session's cookie, so not with --format iron")
        }
        guard let setCookie else { return .cookieHeader(try headers(name: cookieHeader ?? "", ttl: ttl, attributes: CookieAttributes())) }
        if arguments.has("session-cookie") {
            for option in ["ttl", "expires-at", "cookie-max-age"] where arguments.has(option) {
                throw CLIError.usage("--session-cookie seals a token that never expires and sets no Max-Age, so not with --\(option)")
            }
        }
        return .setCookie(try headers(name: setCookie, ttl: ttl, attributes: try cookieAttributes()))
    }

    /// iron-session's `cookieOptions` from the command line, over its defaults.
    private func cookieAttributes() throws -> CookieAttributes {
        var attributes = CookieAttributes()
        attributes.domain = arguments.value("cookie-domain")
        if let path = arguments.value("cookie-path") { attributes.path = path }
        if let seconds = try integer("cookie-max-age", minimum: 0, maximum: Int(Int32.max)) { attributes.maxAge = .seconds(Int64(seconds)) }
        if arguments.has("session-cookie") { attributes.maxAge = .browserSession }
        if let text = arguments.value("cookie-expires") {
            guard let milliseconds = TimeText.parseTime(text) else {
                throw CLIError.usage("--cookie-expires must be ISO 8601 (2026-12-12T09:14:03Z) or epoch milliseconds, not \"\(text.prefix(40))\"")
            }
            attributes.expires = Timestamp(millisecondsSince1970: milliseconds)
        }
        if let sameSite = arguments.value("same-site") { attributes.sameSite = CookieAttributes.SameSite(rawValue: sameSite.prefix(1).uppercased() + sameSite.dropFirst()) }
        if let priority = arguments.value("priority") { attributes.priority = CookieAttributes.Priority(rawValue: priority.prefix(1).uppercased() + priority.dropFirst()) }
        attributes.secure = !arguments.has("no-secure")
        attributes.httpOnly = !arguments.has("no-http-only")
        attributes.partitioned = arguments.has("partitioned")
        return attributes
    }

    private func headers(name: String, ttl: Duration, attributes: CookieAttributes) throws -> SessionCookieHeaders {
        do {
            return try SessionCookieHeaders(name: name, ttl: ttl, attributes: attributes)
        } catch {
            throw CLIError.usage(error.reason.replacing("iron-session: Bad usage. Missing cookie name.", with: "the cookie name is empty"))
        }
    }
}
