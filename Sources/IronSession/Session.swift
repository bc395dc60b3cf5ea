/// One request's session: what its cookie held, and what the response must do with it.
///
/// Read ``data`` and change it; call ``save()`` to send the session back to the browser, or
/// ``destroy()`` to end it. Middleware sends ``setCookieHeaders`` with the response.
public struct Session<Value: Codable & Sendable>: Sendable {
    /// The shared configuration this session came from.
    public let cookie: SessionCookie
    /// The session's data, or `nil` for an empty session.
    public var data: Value?
    /// What the request's cookie gave: why the session is empty, for a log.
    public let status: SessionStatus
    /// The `Set-Cookie` header values that ``save()`` and ``destroy()`` produced, in order.
    public private(set) var setCookieHeaders: [String] = []

    init(cookie: SessionCookie, data: Value?, status: SessionStatus) {
        self.cookie = cookie
        self.data = data
        self.status = status
    }

    /// Seals ``data`` into a new cookie for the response, as iron-session's `save()` does (an
    /// empty session saves `{}`).
    ///
    /// - Returns: The `Set-Cookie` header value, also added to ``setCookieHeaders``.
    /// - Throws: ``SessionError``: over 4096 bytes, or when the data does not encode.
    @discardableResult
    public mutating func save() throws(SessionError) -> String {
        let header: String
        if let data {
            header = try cookie.setCookie(saving: data)
        } else {
            header = try cookie.setCookie(saving: [String: String]())
        }
        setCookieHeaders.append(header)
        return header
    }

    /// Empties the session and adds the header that clears the cookie, as iron-session's
    /// `destroy()` does.
    ///
    /// - Returns: The `Set-Cookie` header value, also added to ``setCookieHeaders``.
    @discardableResult
    public mutating func destroy() -> String {
        data = nil
        let header = cookie.destroyingSetCookie
        setCookieHeaders.append(header)
        return header
    }
}
