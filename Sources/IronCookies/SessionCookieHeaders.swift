import Iron

/// The headers of a session cookie as iron-session 8 writes them: the `Set-Cookie` that saves a
/// token and the one that clears it, for a cookie name, a ttl and attributes. ``SessionCookie``
/// (in IronSession) and `iron seal --set-cookie` both write through it.
public struct SessionCookieHeaders: Sendable, Equatable {
    /// The cookie's name.
    public let name: String
    /// How long a session lives; zero for never. Zero for a browser-session cookie, whose tokens
    /// iron-session seals without an expiration.
    public let ttl: Duration
    /// The cookie's attributes.
    public let attributes: CookieAttributes

    /// The longest `Set-Cookie` value iron-session sends, in UTF-16 code units.
    public static let maximumLength = 4096

    /// Checks the name and attributes as iron-session does.
    ///
    /// - Parameters:
    ///   - name: The cookie's name, such as `myapp_session`.
    ///   - ttl: How long a session lives; iron-session's default is 14 days, zero for never.
    ///   - attributes: The cookie's attributes; iron-session's defaults.
    /// - Throws: ``SessionError``: an empty or invalid cookie name, or an attribute a header
    ///   cannot carry.
    public init(name: String, ttl: Duration = .seconds(1_209_600), attributes: CookieAttributes = .init()) throws(SessionError) {
        guard !name.isEmpty else { throw SessionError(.invalidCookieName, "iron-session: Bad usage. Missing cookie name.") }
        guard SetCookie.isValidName(name) else { throw SessionError(.invalidCookieName, "the cookie name \"\(name)\" holds characters a cookie name cannot have") }
        for value in [attributes.domain, attributes.path].compactMap({ $0 }) where !SetCookie.isValidAttributeValue(value) {
            throw SessionError(.invalidAttribute, "the cookie attribute \"\(value)\" holds characters a Set-Cookie header cannot carry")
        }
        self.name = name
        self.attributes = attributes
        self.ttl = attributes.maxAge == .browserSession ? .zero : ttl
    }

    /// The `Max-Age` iron-session writes: the attributes' own, or the ttl less 60 seconds
    /// (2147483647 for a ttl of zero); `nil` for a browser-session cookie.
    public var maxAge: Int64? {
        switch attributes.maxAge {
        case .browserSession: return nil
        case .seconds(let seconds): return seconds
        case .fromTTL: return ttl == .zero ? 2_147_483_647 : ttl.components.seconds - 60
        }
    }

    /// The `Set-Cookie` header value that stores `token`, as iron-session's `save()` sends it.
    ///
    /// - Parameter token: A token sealed for this cookie.
    /// - Returns: The header's value, without `Set-Cookie: `.
    /// - Throws: ``SessionError`` of kind ``SessionError/Kind/cookieTooLarge`` (with the length)
    ///   over 4096 bytes, as iron-session refuses it.
    public func setCookie(token: String) throws(SessionError) -> String {
        let header = SetCookie.serialize(name: name, value: token, maxAge: maxAge, attributes: attributes)
        guard header.utf16.count <= SessionCookieHeaders.maximumLength else {
            throw SessionError(.cookieTooLarge, "iron-session: Cookie length is too big (\(header.utf16.count) bytes), browsers will refuse it. Try to remove some data.")
        }
        return header
    }

    /// The `Set-Cookie` header value that clears the cookie, as iron-session's `destroy()` sends it.
    public var destroyingSetCookie: String {
        SetCookie.serialize(name: name, value: "", maxAge: 0, attributes: attributes)
    }

    /// The value of a `Cookie` header holding the session, `name=token`, as a browser would send it.
    ///
    /// - Parameter token: The session's token.
    /// - Returns: The header's value, without `Cookie: `.
    public func cookieHeader(token: String) -> String {
        "\(name)=\(SetCookie.percentEncoded(token))"
    }
}
