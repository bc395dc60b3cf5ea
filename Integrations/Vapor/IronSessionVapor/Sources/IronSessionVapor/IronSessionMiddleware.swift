import IronSession
import NIOConcurrencyHelpers
import Vapor

/// Reads each request's iron-session cookie before the route runs, and sends the `Set-Cookie`
/// headers that the route's ``IronSessionHandle/save()`` and ``IronSessionHandle/destroy()``
/// produced with its response.
///
/// Make the ``SessionCookie`` once at start-up and group the routes that use sessions:
///
/// ```swift
/// let sessions = try SessionCookie(name: "myapp_session", password: .single(secret))
/// let app = try await Application.make()
/// let authed = app.grouped(IronSessionMiddleware(AppSession.self, cookie: sessions))
/// authed.post("login") { req in
///     let session = try req.ironSession(AppSession.self)
///     session.data = AppSession(user: User(id: 230, admin: true))
///     try session.save()
///     return HTTPStatus.ok
/// }
/// ```
///
/// A missing, expired, forged or undecodable cookie gives an empty session (`data == nil`), as in
/// iron-session; ``IronSessionHandle/status`` says why. Headers are added only to a response the
/// responder returns: when a route throws, the error's response carries no `Set-Cookie`.
public struct IronSessionMiddleware<Value: Codable & Sendable>: AsyncMiddleware {
    /// The shared configuration: cookie name, passwords, ttl and attributes.
    public let cookie: SessionCookie
    /// What decodes the sessions' JSON, made once rather than for each request.
    private let decoder: JSONDecoder

    /// Makes the middleware for sessions of type `Value`.
    ///
    /// - Parameters:
    ///   - type: The session's type, as the routes read it with ``Vapor/Request/ironSession(_:)``.
    ///   - cookie: The shared configuration, made once at start-up.
    ///   - decoder: What decodes the session's JSON; by default dates as JavaScript's
    ///     `JSON.stringify` writes them, as ``SessionCookie`` reads them.
    public init(_ type: Value.Type = Value.self, cookie: SessionCookie, decoder: JSONDecoder = .javaScript) {
        self.cookie = cookie
        self.decoder = decoder
    }

    /// Opens the request's session, runs the rest of the chain, then appends each `Set-Cookie`
    /// header the session produced to the response.
    ///
    /// - Parameters:
    ///   - request: The request; its session is stored on it for ``Vapor/Request/ironSession(_:)``.
    ///   - next: The rest of the chain.
    /// - Returns: The responder's response, with the session's `Set-Cookie` headers.
    /// - Throws: Whatever the rest of the chain throws.
    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let handle = open(request)
        return sendCookies(of: handle, with: try await next.respond(to: request))
    }

    /// The same as the `async` form, for Vapor's chain of `EventLoopFuture` responders, which
    /// calls this one: the session is read and sealed without `await`, so a request whose route
    /// is synchronous does not leave its event loop for a task, as `AsyncMiddleware`'s default
    /// bridge would make it.
    ///
    /// - Parameters:
    ///   - request: The request; its session is stored on it for ``Vapor/Request/ironSession(_:)``.
    ///   - next: The rest of the chain.
    /// - Returns: The responder's response, with the session's `Set-Cookie` headers; or the
    ///   chain's failure.
    public func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let handle = open(request)
        return next.respond(to: request).map { response in sendCookies(of: handle, with: response) }
    }

    /// Reads the session from the request's `Cookie` header and stores it on the request.
    private func open(_ request: Request) -> IronSessionHandle<Value> {
        let cookies = request.headers[.cookie]
        // HTTP/2 may split the Cookie header in several fields: join them as one (RFC 9113 §8.2.3).
        let header = cookies.count > 1 ? cookies.joined(separator: "; ") : cookies.first
        let handle = IronSessionHandle(cookie.session(Value.self, cookieHeader: header, decoder: decoder))
        request.storage[IronSessionKey<Value>.self] = handle
        return handle
    }

    /// Appends the `Set-Cookie` headers that ``IronSessionHandle/save()`` and
    /// ``IronSessionHandle/destroy()`` produced.
    private func sendCookies(of handle: IronSessionHandle<Value>, with response: Response) -> Response {
        for value in handle.setCookieHeaders {
            response.headers.add(name: .setCookie, value: value)
        }
        return response
    }
}

/// One request's session, as a route sees it: read and change ``data``, then ``save()`` or
/// ``destroy()``. A reference, so that changes made through ``Vapor/Request/ironSession(_:)``
/// reach the middleware.
public final class IronSessionHandle<Value: Codable & Sendable>: Sendable {
    private let session: NIOLockedValueBox<IronSession.Session<Value>>

    init(_ session: IronSession.Session<Value>) {
        self.session = NIOLockedValueBox(session)
    }

    /// The session's data, or `nil` for an empty session; set it, then call ``save()``.
    public var data: Value? {
        get { session.withLockedValue { $0.data } }
        set { session.withLockedValue { $0.data = newValue } }
    }

    /// What the request's cookie gave: `.valid`, or why the session is empty.
    public var status: SessionStatus {
        session.withLockedValue { $0.status }
    }

    /// The `Set-Cookie` header values produced so far, which the middleware sends.
    public var setCookieHeaders: [String] {
        session.withLockedValue { $0.setCookieHeaders }
    }

    /// Seals ``data`` into a new cookie that the response will set, as iron-session's `save()`.
    ///
    /// - Throws: `SessionError`: the cookie would be over 4096 bytes, or the data does not encode.
    public func save() throws(SessionError) {
        // `withLockedValue` rethrows untyped errors: carry the typed one out in a `Result`.
        let saved = session.withLockedValue { session in
            Result { () throws(SessionError) in _ = try session.save() }
        }
        try saved.get()
    }

    /// Empties the session and has the response clear the cookie, as iron-session's `destroy()`.
    public func destroy() {
        session.withLockedValue { _ = $0.destroy() }
    }
}

extension Request {
    /// The request's session of type `Value`, opened by ``IronSessionMiddleware``.
    ///
    /// - Parameter type: The session's type, the same as the middleware's.
    /// - Returns: The session, to read, change, save or destroy.
    /// - Throws: `Abort(.internalServerError)` when no `IronSessionMiddleware<Value>` runs
    ///   before this route.
    public func ironSession<Value: Codable & Sendable>(_ type: Value.Type = Value.self) throws -> IronSessionHandle<Value> {
        guard let handle = storage[IronSessionKey<Value>.self] else {
            throw Abort(.internalServerError, reason: "No IronSessionMiddleware<\(Value.self)> runs before this route.")
        }
        return handle
    }
}

/// The request storage key of sessions of type `Value`: one per type, so that two middlewares
/// with different types can run on one route.
struct IronSessionKey<Session: Codable & Sendable>: StorageKey {
    typealias Value = IronSessionHandle<Session>
}
