#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import IronCodable

/// iron-session for Swift servers: made once at start-up and shared by every request and task,
/// it reads a request's session from its `Cookie` header and writes the `Set-Cookie` headers that
/// save and destroy it, exactly as iron-session 8 does, so that a Swift server and a Next.js app
/// share sessions.
///
/// ```swift
/// let sessions = try SessionCookie(name: "myapp_session", password: .single(secret))
/// var session = sessions.session(User.self, cookieHeader: request.headers["Cookie"])
/// session.data = User(id: 230, admin: true)
/// let header = try session.save()          // Set-Cookie: myapp_session=Fe26.2*2*…~2; Max-Age=…
/// ```
///
/// Tokens are sealed with the highest id of the password map, with iron-session's `~2` suffix
/// and ttl (14 days by default); tokens without the suffix (iron-session before v6) are read
/// through their `persistent` member. The HMAC is verified before the expiration is judged, so an
/// expired session always means an authentic one. Several sealers and unsealers work in parallel
/// behind the value.
public struct SessionCookie: Sendable {
    /// The cookie's name, ttl and attributes, and the headers they make.
    public let headers: SessionCookieHeaders
    /// The cookie's name.
    public var name: String { headers.name }
    /// How long a session lives; zero for never (the cookie's `Max-Age` is then 2147483647).
    public var ttl: Duration { headers.ttl }
    /// The cookie's attributes.
    public var attributes: CookieAttributes { headers.attributes }
    /// The password ids, newest last.
    public let passwordIds: [Int]
    private let pool: SessionPool

    /// Makes the shared value, refusing a configuration iron-session refuses.
    ///
    /// - Parameters:
    ///   - name: The cookie's name, such as `myapp_session`; the same as the Next.js app's `cookieName`.
    ///   - password: One password, or a rotation map; the same as the Next.js app's `password`.
    ///   - ttl: How long a session lives; iron-session's default is 14 days, zero for never.
    ///   - attributes: The cookie's attributes; iron-session's defaults.
    ///   - clock: The clock tokens' expirations are computed and judged by; tests fix it.
    ///   - concurrency: How many tokens may be sealed or unsealed at once; default the number of
    ///     processors.
    /// - Throws: ``SessionError``: an empty or invalid cookie name, no password, a password
    ///   shorter than 32 characters, or an attribute a header cannot carry.
    public init(name: String, password: SessionPassword, ttl: Duration = .seconds(1_209_600), attributes: CookieAttributes = .init(), clock: any IronClock = SystemClock(), concurrency: Int? = nil) throws(SessionError) {
        headers = try SessionCookieHeaders(name: name, ttl: ttl, attributes: attributes)
        try password.validate()
        passwordIds = password.map.keys.sorted()
        // A browser-session cookie: iron-session then seals tokens that never expire (headers.ttl is zero).
        pool = try SessionCookie.pool(password, ttl: headers.ttl, clock: clock, count: max(1, concurrency ?? ProcessInfo.processInfo.activeProcessorCount))
    }

    private static func pool(_ password: SessionPassword, ttl: Duration, clock: any IronClock, count: Int) throws(SessionError) -> SessionPool {
        var map = PasswordMap([:])
        for (id, secret) in password.map where !secret.isEmpty { map.set(Password(secret), for: String(id)) }
        var options = SealOptions.ironSession
        options.ttl = ttl
        do {
            let sealers = try (0..<count).map { _ throws(IronError) in try Sealer(passwords: map, options: options, clock: clock) }
            let unsealers = try (0..<count).map { _ throws(IronError) in try Unsealer(passwords: map, options: options, clock: clock, expiryCheck: .verifyFirst) }
            return SessionPool(sealers: sealers, unsealers: unsealers)
        } catch {
            throw SessionError(.sealingFailed, error.reason)
        }
    }
}

extension SessionCookie {
    /// The request's session: the cookie's token unsealed and decoded as `Value`, or an empty
    /// session and the reason (see ``SessionStatus``). Never throws: a missing, expired, forged or
    /// undecodable cookie is an empty session, as in iron-session.
    ///
    /// - Parameters:
    ///   - type: The session's type, as the Next.js app stores it (a `Codable` struct).
    ///   - cookieHeader: The request's `Cookie` header, or `nil` for none.
    ///   - decoder: `JSONDecoder.javaScript` by default: dates as `JSON.stringify` writes them.
    /// - Returns: The session, to read and change, then ``Session/save()`` or ``Session/destroy()``.
    public func session<Value: Codable & Sendable>(_ type: Value.Type, cookieHeader: String?, decoder: JSONDecoder = .sharedJavaScript) -> Session<Value> {
        let (data, status) = read(type, token: cookieHeader.flatMap { CookieHeader.value(named: name, in: $0) }, decoder: decoder)
        return Session(cookie: self, data: data, status: status)
    }

    /// The session in a token (a cookie's value, or a magic link's `?seal=`), as ``session(_:cookieHeader:decoder:)`` reads it.
    ///
    /// - Parameters:
    ///   - type: The session's type.
    ///   - token: The token, or `nil` for none.
    ///   - decoder: `JSONDecoder.javaScript` by default.
    /// - Returns: The session, empty when the token does not give one (see ``SessionStatus``).
    public func session<Value: Codable & Sendable>(_ type: Value.Type, token: String?, decoder: JSONDecoder = .sharedJavaScript) -> Session<Value> {
        let (data, status) = read(type, token: token, decoder: decoder)
        return Session(cookie: self, data: data, status: status)
    }

    private func read<Value: Decodable>(_ type: Value.Type, token: String?, decoder: JSONDecoder) -> (Value?, SessionStatus) {
        guard let token, !token.isEmpty else { return (nil, .missing) }
        let unsealed: Unsealed
        do {
            unsealed = try pool.unseal(token)
        } catch {
            switch error.kind {
            case .expired: return (nil, .expired)
            case .passwordNotFound: return (nil, .unknownPasswordId(error.passwordId ?? ""))
            default: return (nil, .invalid(reason: error.reason))
            }
        }
        do {
            return (try decoder.decode(type, from: Data(unsealed.ironSessionData())), .valid)
        } catch {
            return (nil, .undecodable(reason: "\(error)"))
        }
    }

    /// A token holding `value` as iron-session's `sealData` seals it: the newest password, `~2`,
    /// the ttl. For magic links and tests.
    ///
    /// - Parameters:
    ///   - value: The session's data.
    ///   - encoder: `JSONEncoder.javaScript` by default: dates as `JSON.stringify` writes them.
    /// - Returns: The token.
    /// - Throws: ``SessionError`` when `value` does not encode, or sealing fails.
    public func seal(_ value: some Encodable, encoder: JSONEncoder = .sharedJavaScript) throws(SessionError) -> String {
        let json: Data
        do {
            json = try encoder.encode(value)
        } catch {
            throw SessionError(.encodingFailed, "the session does not encode as JSON: \(error)")
        }
        do {
            return try pool.seal(json: Array(json))
        } catch {
            throw SessionError(.sealingFailed, error.reason)
        }
    }

    /// A token holding `json` as it is (UTF-8 JSON; insignificant white space removed, the rest
    /// sealed byte for byte), as ``seal(_:encoder:)`` seals a value: for a payload that is JSON
    /// already, without `Codable`'s cost.
    ///
    /// - Parameter json: The session's data as JSON.
    /// - Returns: The token.
    /// - Throws: ``SessionError`` of kind ``SessionError/Kind/sealingFailed`` when `json` is not
    ///   JSON or sealing fails.
    public func seal(json: some Collection<UInt8>) throws(SessionError) -> String {
        do {
            return try pool.seal(json: Array(json))
        } catch {
            throw SessionError(.sealingFailed, error.reason)
        }
    }

    /// The session's JSON in `token`, as iron-session's `unsealData` returns it (a legacy token's
    /// `persistent` member), without `Codable`'s cost. The HMAC is verified before the expiration
    /// is judged.
    ///
    /// - Parameter token: The cookie's value.
    /// - Returns: UTF-8 JSON.
    /// - Throws: ``IronError``: forged, altered, expired, or sealed with an unknown password id.
    public func unsealJSON(_ token: String) throws(IronError) -> [UInt8] {
        try pool.unseal(token).ironSessionData()
    }

    /// The `Set-Cookie` header value that saves `value`, as iron-session's `save()` sends it.
    ///
    /// - Parameters:
    ///   - value: The session's data.
    ///   - encoder: `JSONEncoder.javaScript` by default: dates as `JSON.stringify` writes them.
    /// - Returns: The header's value, without `Set-Cookie: `.
    /// - Throws: ``SessionError``: of kind ``SessionError/Kind/cookieTooLarge`` (with the length)
    ///   over 4096 bytes, as iron-session refuses it; or when `value` does not encode.
    public func setCookie(saving value: some Encodable, encoder: JSONEncoder = .sharedJavaScript) throws(SessionError) -> String {
        try setCookie(token: try seal(value, encoder: encoder))
    }

    /// The `Set-Cookie` header value that stores `token`.
    ///
    /// - Parameter token: A token sealed for this cookie.
    /// - Returns: The header's value, without `Set-Cookie: `.
    /// - Throws: ``SessionError`` of kind ``SessionError/Kind/cookieTooLarge`` over 4096 bytes.
    public func setCookie(token: String) throws(SessionError) -> String {
        try headers.setCookie(token: token)
    }

    /// The `Set-Cookie` header value that clears the cookie, as iron-session's `destroy()` sends it.
    public var destroyingSetCookie: String { headers.destroyingSetCookie }

    /// `Cookie: name=token`, as a browser would send the session, for `curl -H` and tests.
    ///
    /// - Parameter token: The session's token.
    /// - Returns: The header's value, `name=token`, without `Cookie: `.
    public func cookieHeader(token: String) -> String {
        headers.cookieHeader(token: token)
    }
}
