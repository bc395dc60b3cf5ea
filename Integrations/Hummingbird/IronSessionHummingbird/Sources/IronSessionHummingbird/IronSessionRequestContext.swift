import Hummingbird
import IronSession

/// A Hummingbird request context that carries an iron-session: what ``IronSessionMiddleware``
/// needs of the application's context.
///
/// ```swift
/// struct AppContext: IronSessionRequestContext {
///     var coreContext: CoreRequestContextStorage
///     let session = IronRequestSession<AppSession>()
///     init(source: ApplicationRequestContextSource) { coreContext = .init(source: source) }
/// }
/// ```
///
/// Or use ``BasicIronSessionRequestContext``.
public protocol IronSessionRequestContext: RequestContext {
    /// What the session stores: a `Codable` struct, as the Next.js app stores it.
    associatedtype SessionData: Codable & Sendable
    /// The request's session; a reference, shared by every copy of the context.
    var session: IronRequestSession<SessionData> { get }
}

/// A request context with nothing but Hummingbird's core storage and an iron-session.
///
/// ```swift
/// let router = Router(context: BasicIronSessionRequestContext<AppSession>.self)
/// router.add(middleware: IronSessionMiddleware(cookie: sessions))
/// ```
public struct BasicIronSessionRequestContext<SessionData: Codable & Sendable>: IronSessionRequestContext {
    /// Hummingbird's per-request storage: logger, parameters, endpoint path.
    public var coreContext: CoreRequestContextStorage
    /// The request's session, started by ``IronSessionMiddleware``.
    public let session: IronRequestSession<SessionData>

    /// Creates the context of a request, with an empty session holder.
    ///
    /// - Parameter source: What Hummingbird gives for the request (channel, logger).
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        session = IronRequestSession()
    }
}
