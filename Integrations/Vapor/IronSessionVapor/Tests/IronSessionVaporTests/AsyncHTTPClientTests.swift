import AsyncHTTPClient
import Iron
import IronSession
import IronSessionVapor
import Testing
import Vapor

/// What a request through AsyncHTTPClient gave.
struct Reply {
    var status: HTTPResponseStatus
    var setCookies: [String]
    var body: String

    /// The app's cookie token in the one `Set-Cookie` header, or `nil`.
    var sessionToken: String? { setCookies.count == 1 ? token(ofSetCookie: setCookies[0]) : nil }

    func decoded<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(body.utf8))
    }
}

/// Sends one request with AsyncHTTPClient; the cookie, if any, carried by hand as a browser would.
func send(_ method: HTTPMethod, _ url: String, cookie: String? = nil, json: String? = nil) async throws -> Reply {
    var request = HTTPClientRequest(url: url)
    request.method = method
    if let cookie { request.headers.add(name: "Cookie", value: cookie) }
    if let json {
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: json))
    }
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    let body = try await response.body.collect(upTo: 1 << 20)
    return Reply(status: response.status, setCookies: response.headers["Set-Cookie"], body: String(buffer: body))
}

@Suite("IronSessionMiddleware on a real server, driven by AsyncHTTPClient")
struct AsyncHTTPClientTests {
    /// iron-session README: log in, read the user, log out, read nothing.
    @Test func loginUserLogout() async throws {
        try await withServer(sessions: try appSessions()) { server in
            let anonymous = try await send(.GET, server.base + "/user")
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.setCookies.isEmpty, "reading an empty session sets no cookie")

            let login = try await send(.POST, server.base + "/login", json: #"{"id":230,"admin":true}"#)
            #expect(login.status == .ok)
            #expect(try login.decoded(User.self) == readmeUser)
            let token = try #require(login.sessionToken, "one Set-Cookie for \(cookieName): \(login.setCookies)")
            try expectIronSessionToken(token, passwordId: "1")
            #expect(try sameJSON(try unsealedJSON(token, passwords: [1: passwordA]), readmeJSON))
            // iron-session's defaults: 14 days less 60 s, Path, HttpOnly, SameSite=Lax (Secure off on loopback).
            #expect(login.setCookies[0] == "\(cookieName)=\(token); Max-Age=1209540; Path=/; HttpOnly; SameSite=Lax")

            let cookie = "\(cookieName)=\(token)"
            let user = try await send(.GET, server.base + "/user", cookie: "theme=dark; " + cookie)
            #expect(user.status == .ok)
            #expect(try user.decoded(User.self) == readmeUser)
            #expect(user.setCookies.isEmpty)
            #expect(try await send(.GET, server.base + "/status", cookie: cookie).body == "valid")

            let logout = try await send(.POST, server.base + "/logout", cookie: cookie)
            #expect(logout.status == .noContent)
            #expect(logout.setCookies == ["\(cookieName)=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax"])

            // The browser keeps `myapp_session=` with Max-Age=0: it sends nothing, or an empty value.
            #expect(try await send(.GET, server.base + "/user").status == .unauthorized)
            let cleared = try await send(.GET, server.base + "/user", cookie: "\(cookieName)=")
            #expect(cleared.status == .unauthorized)
            #expect(try await send(.GET, server.base + "/status", cookie: "\(cookieName)=").body == "missing")
        }
    }

    /// iron-session README's magic link: a token sealed for 15 minutes logs in; an expired or
    /// altered one is refused.
    @Test func magicLink() async throws {
        let magic = try magicLinks()
        try await withServer(sessions: try appSessions(), magic: magic) { server in
            let seal = try magic.seal(readmeUser)
            try expectIronSessionToken(seal, passwordId: "1")
            let expires = try #require(try Token(seal).expiresAt)
            let left = expires - SystemClock().now()
            #expect(left > .seconds(14 * 60) && left <= .seconds(15 * 60), "ttl of 15 minutes: \(left)")

            let login = try await send(.GET, server.base + "/magic?seal=\(seal)")
            #expect(login.status == .ok)
            #expect(try login.decoded(User.self) == readmeUser)
            let token = try #require(login.sessionToken)
            try expectIronSessionToken(token, passwordId: "1")
            #expect(token != seal, "the cookie is sealed anew, with the session's ttl")
            #expect(try sameJSON(try unsealedJSON(token, passwords: [1: passwordA]), readmeJSON))
            let user = try await send(.GET, server.base + "/user", cookie: "\(cookieName)=\(token)")
            #expect(try user.decoded(User.self) == readmeUser)

            let expired = try await send(.GET, server.base + "/magic?seal=\(try expiredMagicToken(readmeUser))")
            #expect(expired.status == .unauthorized)
            #expect(expired.body.contains("expired"), "\(expired.body)")
            #expect(expired.setCookies.isEmpty)

            var altered = Array(seal)
            altered[altered.count - 5] = altered[altered.count - 5] == "A" ? "B" : "A"
            let forged = try await send(.GET, server.base + "/magic?seal=\(String(altered))")
            #expect(forged.status == .unauthorized)
            #expect(forged.setCookies.isEmpty)
            #expect(try await send(.GET, server.base + "/magic").status == .unauthorized)
        }
    }

    /// Password rotation: a cookie sealed with `[1: A]` opens on a server with `[1: A, 2: B]`, and
    /// the next save seals with id 2; a server with `[2: B]` alone no longer opens it.
    @Test func passwordRotation() async throws {
        let old = try appSessions(.rotating([1: passwordA]))
        let oldToken = try old.seal(AppSession(user: readmeUser))
        try expectIronSessionToken(oldToken, passwordId: "1")

        try await withServer(sessions: try appSessions(.rotating([1: passwordA, 2: passwordB]))) { server in
            let cookie = old.cookieHeader(token: oldToken)
            let user = try await send(.GET, server.base + "/user", cookie: cookie)
            #expect(user.status == .ok)
            #expect(try user.decoded(User.self) == readmeUser)

            let visit = try await send(.POST, server.base + "/visit", cookie: cookie)
            #expect(visit.status == .ok)
            #expect(try visit.decoded(AppSession.self) == AppSession(user: readmeUser, visits: 1))
            let token = try #require(visit.sessionToken)
            try expectIronSessionToken(token, passwordId: "2")
            #expect(try Token(token).passwordId == "2")
            // Foundation's JSONEncoder on Linux does not keep the members' order: compare the values.
            let json = try unsealedJSON(token, passwords: [2: passwordB])
            #expect(try sameJSON(json, #"{"user":{"id":230,"admin":true},"visits":1}"#), "\(json)")

            let again = try await send(.POST, server.base + "/visit", cookie: "\(cookieName)=\(token)")
            #expect(try again.decoded(AppSession.self).visits == 2)
        }

        try await withServer(sessions: try appSessions(.rotating([2: passwordB]))) { (server) async throws in
            let cookie = old.cookieHeader(token: oldToken)
            #expect(try await send(.GET, server.base + "/user", cookie: cookie).status == .unauthorized)
            #expect(try await send(.GET, server.base + "/status", cookie: cookie).body == #"unknownPasswordId("1")"#)
        }
    }

    /// A forged cookie is an empty session, and a route without the middleware gets a 500, not a crash.
    @Test func forgedCookieAndMissingMiddleware() async throws {
        try await withServer(sessions: try appSessions()) { server in
            let other = try appSessions(.single(passwordB))
            let foreign = other.cookieHeader(token: try other.seal(AppSession(user: readmeUser)))
            #expect(try await send(.GET, server.base + "/user", cookie: foreign).status == .unauthorized)
            #expect(try await send(.GET, server.base + "/status", cookie: foreign).body.hasPrefix("invalid"))

            let unguarded = try await send(.GET, server.base + "/unguarded")
            #expect(unguarded.status == .internalServerError)
        }
    }
}

/// The middleware's `async` path, which Vapor's chain does not take (it calls the
/// `EventLoopFuture` one), for apps that compose `AsyncMiddleware`s themselves.
@Suite struct AsyncPathTests {
    struct Login: AsyncResponder {
        func respond(to request: Request) async throws -> Response {
            let session = try request.ironSession(AppSession.self)
            #expect(session.status == .missing)
            session.data = AppSession(user: readmeUser)
            try session.save()
            return Response(status: .ok)
        }
    }

    @Test func asyncRespondSetsTheCookie() async throws {
        let app = try await Application.make(.testing)
        do {
            let middleware = IronSessionMiddleware(AppSession.self, cookie: try appSessions())
            let request = Request(application: app, on: app.eventLoopGroup.any())
            let response = try await middleware.respond(to: request, chainingTo: Login())
            let header = try #require(response.headers[.setCookie].first)
            let sealed = try #require(token(ofSetCookie: header))
            try expectIronSessionToken(sealed, passwordId: "1")
            #expect(try sameJSON(try unsealedJSON(sealed, passwords: [1: passwordA]), readmeJSON))
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
