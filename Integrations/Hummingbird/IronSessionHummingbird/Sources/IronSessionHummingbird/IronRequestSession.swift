import IronSession
import Synchronization

/// The session of one request, shared by ``IronSessionMiddleware`` and the route handler.
///
/// Hummingbird 2 hands each middleware and handler its own copy of the request context, so a
/// change a handler made to a plain `Session` value in its copy would never reach the middleware.
/// This reference is what the copies share: the middleware starts it from the `Cookie` header,
/// the handler reads and changes ``data`` and calls ``save()`` or ``destroy()``, and the middleware
/// then sends ``setCookieHeaders`` with the response.
///
/// ```swift
/// router.post("login") { request, context in
///     context.session.data = AppSession(user: try await request.decode(as: User.self, context: context))
///     try context.session.save()
///     return HTTPResponse.Status.noContent
/// }
/// ```
///
/// Reading or changing it on a route that ``IronSessionMiddleware`` does not cover is a
/// programming error and stops the process with a message that says so.
public final class IronRequestSession<Value: Codable & Sendable>: Sendable {
    private let state = Mutex<Session<Value>?>(nil)

    /// An empty holder, for a request context's initializer; the middleware fills it.
    public init() {}

    /// Whether ``IronSessionMiddleware`` has read this request's cookie into the session.
    public var isStarted: Bool { state.withLock { $0 != nil } }

    /// The session's data, or `nil` for an empty session (no cookie, or one that did not open:
    /// see ``status``). Set it, then call ``save()``.
    public var data: Value? {
        get { withSession { $0.data } }
        set { withSession { $0.data = newValue } }
    }

    /// What the request's cookie gave: why the session is empty, for a log.
    public var status: SessionStatus { withSession { $0.status } }

    /// The `Set-Cookie` header values that ``save()`` and ``destroy()`` produced, in order: what the
    /// middleware adds to the response.
    public var setCookieHeaders: [String] { withSession { $0.setCookieHeaders } }

    /// Seals ``data`` into a new cookie for the response, as iron-session's `save()` does (an empty
    /// session saves `{}`).
    ///
    /// - Returns: The `Set-Cookie` header value, which the middleware sends.
    /// - Throws: `SessionError`: the cookie would be over 4096 bytes, or the data does not encode.
    @discardableResult
    public func save() throws(SessionError) -> String {
        try withSession { (session) throws(SessionError) in try session.save() }
    }

    /// Empties the session and adds the header that clears the cookie, as iron-session's
    /// `destroy()` does.
    ///
    /// - Returns: The `Set-Cookie` header value, which the middleware sends.
    @discardableResult
    public func destroy() -> String {
        withSession { $0.destroy() }
    }

    /// Runs `body` on the session under the holder's lock, for several reads and changes at once.
    ///
    /// - Parameter body: Reads or changes the session; it must not reach this holder again.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws.
    public func withSession<Result: Sendable, Failure: Error>(_ body: (inout Session<Value>) throws(Failure) -> Result) throws(Failure) -> Result {
        try state.withLock { (state) throws(Failure) -> Result in
            guard state != nil else {
                preconditionFailure("IronRequestSession used on a route that IronSessionMiddleware does not cover")
            }
            return try body(&state!)  // in place: no copy of the session
        }
    }

    /// Puts the request's session in the holder; `false`, changing nothing, when an outer
    /// middleware already did.
    func start(_ session: Session<Value>) -> Bool {
        state.withLock { state in
            guard state == nil else { return false }
            state = session
            return true
        }
    }
}
