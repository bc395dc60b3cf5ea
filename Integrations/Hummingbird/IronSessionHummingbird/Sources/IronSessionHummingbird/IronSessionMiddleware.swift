import HTTPTypes
import Hummingbird
import IronSession

/// Reads the request's iron-session cookie into `context.session` before the route handler runs,
/// and sends what the handler's ``IronRequestSession/save()`` and ``IronRequestSession/destroy()``
/// produced as `Set-Cookie` headers after it.
///
/// ```swift
/// let sessions = try SessionCookie(name: "myapp_session", password: .single(secret))
/// let router = Router(context: BasicIronSessionRequestContext<AppSession>.self)
/// router.add(middleware: IronSessionMiddleware(cookie: sessions))
/// router.get("user") { _, context in
///     guard let user = context.session.data?.user else { throw HTTPError(.unauthorized) }
///     return user
/// }
/// ```
///
/// A cookie that is missing, expired, forged or undecodable gives an empty session, never an
/// error; ``IronRequestSession/status`` says why.
///
/// When the handler throws:
/// - an `HTTPError` (a deliberate answer such as 401, 403 or 404): the `Set-Cookie` headers are
///   added to the error and sent with its response, as iron-session's `save()` in Node sets the
///   header at once. So `destroy()` then `throw HTTPError(.forbidden)` logs the browser out.
/// - any other error (a failure, answered with 500 or by another middleware): the session's
///   changes are dropped and no `Set-Cookie` is sent, so a half-done request changes nothing.
///
/// Add it once per route: an inner instance under an outer one passes requests on unchanged.
public struct IronSessionMiddleware<Context: IronSessionRequestContext>: RouterMiddleware {
    /// The cookie's configuration, made once at start-up.
    public let cookie: SessionCookie

    /// Creates the middleware.
    ///
    /// - Parameters:
    ///   - cookie: The cookie's name, passwords, ttl and attributes.
    ///   - context: The request context type, when the compiler cannot infer it.
    public init(cookie: SessionCookie, context: Context.Type = Context.self) {
        self.cookie = cookie
    }

    /// Starts the session, runs the rest of the chain, and adds the session's `Set-Cookie` headers
    /// to the response (or to a thrown `HTTPError`).
    ///
    /// - Parameters:
    ///   - request: The request; its `Cookie` header is read.
    ///   - context: The request context; its ``IronSessionRequestContext/session`` is started.
    ///   - next: The rest of the chain.
    /// - Returns: The response, with one `Set-Cookie` header for each save or destroy.
    /// - Throws: What `next` throws; an `HTTPError` with the `Set-Cookie` headers added.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let session = cookie.session(Context.SessionData.self, cookieHeader: request.headers[.cookie])
        guard context.session.start(session) else { return try await next(request, context) }
        do {
            var response = try await next(request, context)
            Self.append(context.session.setCookieHeaders, to: &response.headers)
            return response
        } catch var error as HTTPError {
            Self.append(context.session.setCookieHeaders, to: &error.headers)
            throw error
        }
    }

    private static func append(_ values: [String], to headers: inout HTTPFields) {
        for value in values {
            headers.append(HTTPField(name: .setCookie, value: value))
        }
    }
}
