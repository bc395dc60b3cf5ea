import Hummingbird
import Iron
import IronSessionHummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The user iron-session's README stores.
struct User: Codable, Sendable, Equatable, ResponseEncodable {
    var id: Int
    var admin: Bool
}

/// The session: `{"user":{"id":230,"admin":true}}` once logged in.
struct AppSession: Codable, Sendable, Equatable {
    var user: User?
}

typealias TestContext = BasicIronSessionRequestContext<AppSession>

/// A plain error, which the middleware must not carry `Set-Cookie` headers through.
struct BrokenHandler: Error {}

enum Fixture {
    static let cookieName = "iron_test"
    static let passwordA = "password A: at least thirty-two characters long"
    static let passwordB = "password B: also at least thirty-two characters"
    static let user = User(id: 230, admin: true)
    static let sessionJSON = #"{"user":{"id":230,"admin":true}}"#
    /// iron-session's default ttl (14 days) less 60 seconds.
    static let maxAge = 1_209_600 - 60

    /// The session cookie, for plain HTTP on loopback (`Secure` off, so that curl sends it back).
    static func sessions(_ password: SessionPassword = .single(passwordA)) throws -> SessionCookie {
        var attributes = CookieAttributes()
        attributes.secure = false
        return try SessionCookie(name: cookieName, password: password, attributes: attributes)
    }

    /// The magic links' sealer: the same password, and a ttl of 15 minutes.
    static func magicLinks(_ password: SessionPassword = .single(passwordA)) throws -> SessionCookie {
        try SessionCookie(name: "magic", password: password, ttl: .seconds(15 * 60))
    }
}

/// iron-session's README flow as Hummingbird routes behind ``IronSessionMiddleware``.
func makeRouter(sessions: SessionCookie, magicLinks: SessionCookie) -> Router<TestContext> {
    let router = Router(context: TestContext.self)
    router.add(middleware: IronSessionMiddleware(cookie: sessions))
    router.post("login") { request, context -> User in
        let user = try await request.decode(as: User.self, context: context)
        context.session.data = AppSession(user: user)
        try context.session.save()
        return user
    }
    router.get("user") { _, context -> User in
        guard let user = context.session.data?.user else { throw HTTPError(.unauthorized, message: "not logged in") }
        return user
    }
    router.post("logout") { _, context -> Response in
        context.session.destroy()
        return Response(status: .noContent)
    }
    router.post("refresh") { _, context -> User in
        guard let user = context.session.data?.user else { throw HTTPError(.unauthorized, message: "not logged in") }
        try context.session.save()
        return user
    }
    router.get("magic") { request, context -> Response in
        let link = magicLinks.session(AppSession.self, token: request.uri.queryParameters["seal"].map(String.init))
        switch link.status {
        case .valid:
            context.session.data = link.data
            try context.session.save()
            return Response(status: .seeOther, headers: [.location: "/user"])
        case .expired:
            throw HTTPError(.unauthorized, message: "magic link expired")
        default:
            throw HTTPError(.badRequest, message: "invalid magic link")
        }
    }
    router.get("admin") { _, context -> User in
        guard let user = context.session.data?.user else { throw HTTPError(.unauthorized, message: "not logged in") }
        guard user.admin else {
            context.session.destroy()
            throw HTTPError(.forbidden, message: "admins only")
        }
        return user
    }
    router.post("broken") { _, context -> User in
        context.session.data = AppSession(user: Fixture.user)
        try context.session.save()
        throw BrokenHandler()
    }
    return router
}

enum ServerError: Error {
    case didNotStart
}

/// Runs a real Hummingbird server on 127.0.0.1 with a port the system picks, calls `body` with
/// that port, then shuts the server down.
func withServer(
    sessions: SessionCookie,
    magicLinks: SessionCookie? = nil,
    _ body: @Sendable (Int) async throws -> Void
) async throws {
    let router = makeRouter(sessions: sessions, magicLinks: try magicLinks ?? Fixture.magicLinks())
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    var logger = Logger(label: "IronSessionHummingbirdTests")
    logger.logLevel = .warning
    let app = Application(
        router: router,
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            continuation.yield(channel.localAddress?.port ?? 0)
            continuation.finish()
        },
        logger: logger
    )
    // Graceful shutdown through a ServiceGroup, as runService() does on SIGTERM.
    let services = ServiceGroup(services: [app], logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            defer { continuation.finish() }
            try await services.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            group.cancelAll()
            throw ServerError.didNotStart
        }
        let result = await Result { () async throws -> Void in try await body(port) }
        await services.triggerGracefulShutdown()
        try await group.waitForAll()
        try result.get()
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
