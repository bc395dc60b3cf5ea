import AsyncHTTPClient
import Iron
import IronSessionHummingbird
import NIOCore
import NIOHTTP1
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// iron-session's README flow against a real server, with AsyncHTTPClient; the cookie is carried
/// by hand from `Set-Cookie` to `Cookie`.
@Suite struct AsyncHTTPClientTests {
    struct Reply {
        var status: Int
        var body: String
        var setCookies: [String]
        var location: String?

        var user: User? { try? JSONDecoder().decode(User.self, from: Data(body.utf8)) }
    }

    /// One request on a client that follows no redirect and keeps no cookie.
    static func send(_ method: HTTPMethod, _ port: Int, _ path: String, cookie: String? = nil, json: String? = nil) async throws -> Reply {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        do {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
            request.method = method
            if let cookie { request.headers.add(name: "Cookie", value: cookie) }
            if let json {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(string: json))
            }
            let response = try await client.execute(request, timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 1 << 20)
            let reply = Reply(
                status: Int(response.status.code),
                body: String(buffer: body),
                setCookies: response.headers["Set-Cookie"],
                location: response.headers.first(name: "Location")
            )
            try await client.shutdown()
            return reply
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// The `Cookie` header a browser sends back for a `Set-Cookie` header.
    static func cookie(from setCookie: String) -> String {
        let value = SetCookieHeader(setCookie)
        return "\(value.name)=\(value.value)"
    }

    @Test func loginUserLogout() async throws {
        let sessions = try Fixture.sessions()
        try await withServer(sessions: sessions) { port in
            let anonymous = try await Self.send(.GET, port, "/user")
            #expect(anonymous.status == 401)
            #expect(anonymous.setCookies.isEmpty)

            let login = try await Self.send(.POST, port, "/login", json: #"{"id":230,"admin":true}"#)
            #expect(login.status == 200)
            try #require(login.setCookies.count == 1)
            try expectSavingSetCookie(login.setCookies[0])
            let cookie = Self.cookie(from: login.setCookies[0])

            let user = try await Self.send(.GET, port, "/user", cookie: "other=1; \(cookie); more=2")
            #expect(user.status == 200)
            #expect(user.user == Fixture.user)
            #expect(user.setCookies.isEmpty, "reading the session does not write it")

            let logout = try await Self.send(.POST, port, "/logout", cookie: cookie)
            #expect(logout.status == 204)
            #expect(logout.setCookies == [sessions.destroyingSetCookie])
            #expect(SetCookieHeader(logout.setCookies[0]).value == "")
            #expect(SetCookieHeader(logout.setCookies[0]).attributes["Max-Age"] == "0")

            // The browser dropped the cookie (Max-Age=0): the session is empty.
            let after = try await Self.send(.GET, port, "/user", cookie: Self.cookie(from: logout.setCookies[0]))
            #expect(after.status == 401)
            #expect(after.body.contains("not logged in"))
        }
    }

    @Test func forgedOrForeignCookiesGiveAnEmptySession() async throws {
        try await withServer(sessions: try Fixture.sessions()) { port in
            let foreign = try Fixture.sessions(.single(Fixture.passwordB)).seal(AppSession(user: Fixture.user))
            var forged = Array(try Fixture.sessions().seal(AppSession(user: Fixture.user)))
            forged[forged.count - 5] = forged[forged.count - 5] == "A" ? "B" : "A"
            for token in [foreign, String(forged), "garbage"] {
                let reply = try await Self.send(.GET, port, "/user", cookie: "\(Fixture.cookieName)=\(token)")
                #expect(reply.status == 401, "\(token)")
                #expect(reply.setCookies.isEmpty)
            }
        }
    }

    @Test func magicLinkLogsIn() async throws {
        let magicLinks = try Fixture.magicLinks()
        try await withServer(sessions: try Fixture.sessions(), magicLinks: magicLinks) { port in
            let seal = try magicLinks.seal(AppSession(user: Fixture.user))
            let token = try expectIronSessionToken(seal, passwordId: "1")
            let lifetime = try #require(token.expiresAt) - SystemClock().now()
            #expect(lifetime > .seconds(15 * 60 - 30) && lifetime <= .seconds(15 * 60), "the link lives 15 minutes")
            try expectSessionJSON(seal)

            let magic = try await Self.send(.GET, port, "/magic?seal=\(seal)")
            #expect(magic.status == 303)
            #expect(magic.location == "/user")
            try #require(magic.setCookies.count == 1)
            try expectSavingSetCookie(magic.setCookies[0])  // the session's own ttl, not the link's

            let user = try await Self.send(.GET, port, "/user", cookie: Self.cookie(from: magic.setCookies[0]))
            #expect(user.status == 200)
            #expect(user.user == Fixture.user)
        }
    }

    @Test func magicLinkExpiresAfterFifteenMinutes() async throws {
        try await withServer(sessions: try Fixture.sessions()) { port in
            let fresh = try await Self.send(.GET, port, "/magic?seal=\(try magicToken(sealedAgo: .seconds(14 * 60)))")
            #expect(fresh.status == 303, "a link sealed 14 minutes ago still opens")
            #expect(fresh.setCookies.count == 1)

            let expired = try await Self.send(.GET, port, "/magic?seal=\(try magicToken(sealedAgo: .seconds(17 * 60)))")
            #expect(expired.status == 401, "a link sealed 17 minutes ago (15 minutes and the 60 s skew) is expired")
            #expect(expired.body.contains("magic link expired"))
            #expect(expired.setCookies.isEmpty)

            let foreign = try await Self.send(.GET, port, "/magic?seal=\(try magicToken(sealedAgo: .zero, password: Fixture.passwordB))")
            #expect(foreign.status == 400)
            #expect(foreign.setCookies.isEmpty)
        }
    }

    @Test func rotationOpensOldCookiesAndSavesWithTheNewestPassword() async throws {
        let old = try Fixture.sessions(.rotating([1: Fixture.passwordA]))
        let oldToken = try old.seal(AppSession(user: Fixture.user))
        try expectIronSessionToken(oldToken, passwordId: "1")
        let rotated: [Int: String] = [1: Fixture.passwordA, 2: Fixture.passwordB]
        try await withServer(sessions: try Fixture.sessions(.rotating(rotated))) { port in
            let user = try await Self.send(.GET, port, "/user", cookie: old.cookieHeader(token: oldToken))
            #expect(user.status == 200)
            #expect(user.user == Fixture.user)

            let refresh = try await Self.send(.POST, port, "/refresh", cookie: old.cookieHeader(token: oldToken))
            #expect(refresh.status == 200)
            try #require(refresh.setCookies.count == 1)
            let newToken = try expectSavingSetCookie(refresh.setCookies[0], passwordId: "2", passwords: rotated)
            #expect(try Token(newToken).passwordId == "2")

            let again = try await Self.send(.GET, port, "/user", cookie: Self.cookie(from: refresh.setCookies[0]))
            #expect(again.user == Fixture.user)
            // A server that has only the old password cannot open the new cookie.
            #expect(old.session(AppSession.self, token: newToken).status == .unknownPasswordId("2"))
        }
    }

    @Test func anHTTPErrorCarriesTheSessionsSetCookieAndOtherErrorsDropIt() async throws {
        let sessions = try Fixture.sessions()
        try await withServer(sessions: sessions) { port in
            let login = try await Self.send(.POST, port, "/login", json: #"{"id":7,"admin":false}"#)
            let cookie = Self.cookie(from: try #require(login.setCookies.first))

            let forbidden = try await Self.send(.GET, port, "/admin", cookie: cookie)
            #expect(forbidden.status == 403)
            #expect(forbidden.body.contains("admins only"))
            #expect(forbidden.setCookies == [sessions.destroyingSetCookie], "destroy() then throw HTTPError logs out")

            let broken = try await Self.send(.POST, port, "/broken")
            #expect(broken.status == 500)
            #expect(broken.setCookies.isEmpty, "a failed handler's save is not sent")
        }
    }
}
