import Iron
import IronSession
import IronSessionVapor
import Testing
import Vapor

/// iron-session README's user.
struct User: Content, Equatable {
    var id: Int
    var admin: Bool
}

/// The session the app stores: `{"user":{"id":230,"admin":true}}`, and a counter that
/// `POST /visit` raises (absent until then).
struct AppSession: Content, Equatable {
    var user: User?
    var visits: Int?
}

let cookieName = "myapp_session"
let passwordA = "password_A_complex_at_least_32_characters_long"
let passwordB = "password_B_complex_at_least_32_characters_long"
let readmeUser = User(id: 230, admin: true)
let readmeJSON = #"{"user":{"id":230,"admin":true}}"#

/// Cookie attributes for plain HTTP on loopback: iron-session's defaults, less `Secure`.
var loopbackAttributes: CookieAttributes {
    var attributes = CookieAttributes()
    attributes.secure = false
    return attributes
}

/// The app's session cookie, with the given passwords.
func appSessions(_ password: SessionPassword = .single(passwordA)) throws -> SessionCookie {
    try SessionCookie(name: cookieName, password: password, attributes: loopbackAttributes)
}

/// What seals magic links: the app's password, a ttl of 15 minutes (iron-session README's).
func magicLinks(_ password: SessionPassword = .single(passwordA)) throws -> SessionCookie {
    try SessionCookie(name: "magic_link", password: password, ttl: .seconds(15 * 60), attributes: loopbackAttributes)
}

/// iron-session README's routes over ``IronSessionMiddleware``.
func routes(_ app: Application, sessions: SessionCookie, magic: SessionCookie) {
    let authed = app.grouped(IronSessionMiddleware(AppSession.self, cookie: sessions))
    authed.post("login") { req in
        let user = try req.content.decode(User.self)
        let session = try req.ironSession(AppSession.self)
        session.data = AppSession(user: user)
        try session.save()
        return user
    }
    authed.get("user") { req in
        guard let user = try req.ironSession(AppSession.self).data?.user else { throw Abort(.unauthorized) }
        return user
    }
    authed.post("logout") { req in
        try req.ironSession(AppSession.self).destroy()
        return HTTPStatus.noContent
    }
    authed.post("visit") { req in
        let session = try req.ironSession(AppSession.self)
        guard var data = session.data, data.user != nil else { throw Abort(.unauthorized) }
        data.visits = (data.visits ?? 0) + 1
        session.data = data
        try session.save()
        return data
    }
    authed.get("status") { req in
        "\(try req.ironSession(AppSession.self).status)"
    }
    authed.get("magic") { req in
        let link = magic.session(User.self, token: req.query[String.self, at: "seal"])
        guard link.status == .valid, let user = link.data else {
            throw Abort(.unauthorized, reason: "magic link: \(link.status)")
        }
        let session = try req.ironSession(AppSession.self)
        session.data = AppSession(user: user)
        try session.save()
        return user
    }
    // A route that forgot the middleware.
    app.get("unguarded") { req in
        try req.ironSession(AppSession.self).data?.user ?? readmeUser
    }
}

/// A real Vapor server on 127.0.0.1 and a port the system chose.
final class TestServer {
    let app: Application
    let port: Int
    var base: String { "http://127.0.0.1:\(port)" }

    private init(app: Application, port: Int) {
        self.app = app
        self.port = port
    }

    /// Starts the server with iron-session README's routes.
    static func start(sessions: SessionCookie, magic: SessionCookie? = nil) async throws -> TestServer {
        let app = try await Application.make(.testing)
        do {
            app.logger.logLevel = .warning
            routes(app, sessions: sessions, magic: try magic ?? magicLinks())
            try await app.asyncBoot()
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(app.http.server.shared.localAddress?.port)
            return TestServer(app: app, port: port)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// Stops the server and the application.
    func stop() async throws {
        await app.server.shutdown()
        try await app.asyncShutdown()
    }
}

/// Runs `body` against a started server, and stops the server whatever happens.
func withServer(sessions: SessionCookie, magic: SessionCookie? = nil, _ body: (TestServer) async throws -> Void) async throws {
    let server = try await TestServer.start(sessions: sessions, magic: magic)
    do {
        try await body(server)
    } catch {
        try await server.stop()
        throw error
    }
    try await server.stop()
}

// MARK: - Tokens

/// Checks that `token` is an iron-session token: `Fe26.2`, the password id, eight fields, `~2`.
func expectIronSessionToken(_ token: String, passwordId: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let parts = token.split(separator: "~", omittingEmptySubsequences: false)
    #expect(parts.count == 2 && parts.last == "2", "no ~2 suffix: \(token)", sourceLocation: sourceLocation)
    #expect(parts[0].split(separator: "*", omittingEmptySubsequences: false).count == 8, "not 8 fields: \(token)", sourceLocation: sourceLocation)
    let parsed = try Token(token)
    #expect(parsed.prefix == "Fe26.2", sourceLocation: sourceLocation)
    #expect(parsed.passwordId == passwordId, sourceLocation: sourceLocation)
    #expect(parsed.versionSuffix == "2", sourceLocation: sourceLocation)
    #expect(parsed.expiresAt != nil, "an iron-session token with a ttl expires", sourceLocation: sourceLocation)
}

/// The JSON that `token` holds, unsealed with the library's own `Unsealer` and the given passwords.
func unsealedJSON(_ token: String, passwords: [Int: String]) throws -> String {
    var map = PasswordMap([:])
    for (id, secret) in passwords { map.set(Password(secret), for: String(id)) }
    return try Unsealer(passwords: map, options: .ironSession).unseal(token).text
}

/// Whether two JSON texts hold the same value, whatever the order of their objects' members.
func sameJSON(_ a: String, _ b: String) throws -> Bool {
    let left = try JSONSerialization.jsonObject(with: Data(a.utf8)) as? NSDictionary
    let right = try JSONSerialization.jsonObject(with: Data(b.utf8)) as? NSDictionary
    return left != nil && left == right
}

/// A magic link token that expired an hour ago: sealed 75 minutes ago with a ttl of 15 minutes.
func expiredMagicToken(_ user: User) throws -> String {
    var map = PasswordMap([:])
    map.set(Password(passwordA), for: "1")
    var options = SealOptions.ironSession
    options.ttl = .seconds(15 * 60)
    let sealer = try Sealer(passwords: map, options: options)
    let json = try JSONEncoder().encode(user)
    return try sealer.seal(json: Array(json), parameters: SealParameters(now: SystemClock().now() - .seconds(75 * 60)))
}

/// The token of a `Set-Cookie` header value for the app's cookie (`name=token; ...`).
func token(ofSetCookie header: String) -> String? {
    guard let pair = header.split(separator: ";").first, pair.hasPrefix(cookieName + "=") else { return nil }
    return String(pair.dropFirst(cookieName.count + 1))
}
