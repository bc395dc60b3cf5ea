// A server for bench.sh (not run in CI): the same user JSON behind IronSessionMiddleware
// (`GET /user`, which unseals the session cookie on every request) and without it
// (`GET /plain/user`), so that wrk measures what the middleware costs. `GET /inline/user` reads
// the session in the handler with `SessionCookie` itself, without the middleware: what is left of
// the difference is the session read, not the middleware.
//
//     VaporSessionBench [PORT]        (or IRON_BENCH_PORT=PORT; 0 or nothing for a free port)
//     VaporSessionBench --read-cost   (what one session read costs, without a server)
//
// It prints `port N` once it listens. `POST /login` with `{"id":230,"admin":true}` answers with
// the session cookie to benchmark with. `IRON_BENCH_PASSWORD` sets the password.
import IronSession
import IronSessionVapor
import Vapor

struct User: Content, Equatable {
    var id: Int
    var admin: Bool
}

struct AppSession: Codable, Sendable {
    var user: User?
}

/// The port from the first argument or `IRON_BENCH_PORT`; 0 (any free port) when neither is given.
func requestedPort() throws -> Int {
    let text = CommandLine.arguments.dropFirst().first ?? ProcessInfo.processInfo.environment["IRON_BENCH_PORT"] ?? "0"
    guard let port = Int(text), (0...65535).contains(port) else {
        throw Abort(.badRequest, reason: "usage: VaporSessionBench [PORT | --read-cost]: \"\(text)\" is not a port")
    }
    return port
}

/// The session cookie: plain HTTP on loopback, so not `Secure`.
func sessionCookie() throws -> SessionCookie {
    let password = ProcessInfo.processInfo.environment["IRON_BENCH_PASSWORD"] ?? "complex_password_at_least_32_characters_long"
    var attributes = CookieAttributes()
    attributes.secure = false
    return try SessionCookie(name: "myapp_session", password: .single(password), attributes: attributes)
}

func routes(_ app: Application, sessions: SessionCookie) {
    let plainUser = User(id: 230, admin: true)
    app.get("plain", "user") { _ in plainUser }
    let decoder = JSONDecoder.javaScript
    app.get("inline", "user") { req in
        let session = sessions.session(AppSession.self, cookieHeader: req.headers.first(name: .cookie), decoder: decoder)
        guard let user = session.data?.user else { throw Abort(.unauthorized) }
        return user
    }
    let authed = app.grouped(IronSessionMiddleware(AppSession.self, cookie: sessions))
    authed.get("user") { req in
        guard let user = try req.ironSession(AppSession.self).data?.user else { throw Abort(.unauthorized) }
        return user
    }
    authed.post("login") { req in
        let user = try req.content.decode(User.self)
        let session = try req.ironSession(AppSession.self)
        session.data = AppSession(user: user)
        try session.save()
        return user
    }
}

/// Starts the server, prints its port, and serves until the process is stopped (bench.sh sends
/// SIGTERM).
func serve() async throws {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = .warning
        return handler
    }
    var logger = Logger(label: "VaporSessionBench")
    logger.logLevel = .warning
    let app = try await Application.make(Environment(name: "production", arguments: [CommandLine.arguments[0]]), logger: logger)
    do {
        routes(app, sessions: try sessionCookie())
        try await app.asyncBoot()
        try await app.server.start(address: .hostname("127.0.0.1", port: try requestedPort()))
        guard let port = app.http.server.shared.localAddress?.port else { throw Abort(.internalServerError, reason: "no bound port") }
        FileHandle.standardOutput.write(Data("port \(port)\n".utf8))
        while true { try await Task.sleep(for: .seconds(3600)) }
    } catch {
        logger.error("\(error)")
        try? await app.asyncShutdown()
        throw error
    }
}

/// The process's CPU time in seconds, all threads.
func cpuSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// CPU microseconds per call of `body`, run `rounds` times on each of `threads` threads.
func cpuMicroseconds(threads: Int, rounds: Int, _ body: @Sendable () -> Void) -> Double {
    for _ in 0..<1000 { body() }
    let start = cpuSeconds()
    DispatchQueue.concurrentPerform(iterations: threads) { _ in
        for _ in 0..<rounds { body() }
    }
    return (cpuSeconds() - start) / Double(threads * rounds) * 1e6
}

/// `--read-cost`: the middleware's work for one request (the `Cookie` header, the unseal, the JSON
/// decode) timed without a server, on one thread and on two, and the JSON decode alone.
func measureReadCost() throws {
    let sessions = try sessionCookie()
    let header = "theme=dark; " + sessions.cookieHeader(token: try sessions.seal(AppSession(user: User(id: 230, admin: true))))
    let decoder = JSONDecoder.javaScript
    let json = Data(#"{"user":{"id":230,"admin":true}}"#.utf8)
    let read: @Sendable () -> Void = { _ = sessions.session(AppSession.self, cookieHeader: header, decoder: decoder).data }
    let decode: @Sendable () -> Void = { _ = try? decoder.decode(AppSession.self, from: json) }
    print(String(format: "session read, 1 thread:   %.2f µs CPU", cpuMicroseconds(threads: 1, rounds: 100_000, read)))
    print(String(format: "session read, 2 threads:  %.2f µs CPU", cpuMicroseconds(threads: 2, rounds: 100_000, read)))
    print(String(format: "JSON decode alone:        %.2f µs CPU", cpuMicroseconds(threads: 1, rounds: 100_000, decode)))
}

if CommandLine.arguments.dropFirst().first == "--read-cost" {
    try measureReadCost()
} else {
    try await serve()
}
