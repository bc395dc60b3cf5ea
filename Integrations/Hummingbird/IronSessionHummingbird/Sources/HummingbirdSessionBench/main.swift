// The benchmark server of bench.sh (not run in CI).
//
//   GET  /user        behind IronSessionMiddleware: the session's user as JSON, 401 without one
//   GET  /plain/user  no middleware: the same cookie unsealed by the handler, the same JSON
//   GET  /static/user no session at all: the same JSON, for the cost of unsealing itself
//   POST /login       behind the middleware: saves {"user":{"id":230,"admin":true}} (for bench.sh's cookie)
//
// Usage: HummingbirdSessionBench [PORT]   (or PORT=...; 0 or none picks a free port)
// Prints "listening on 127.0.0.1:PORT" once the server accepts connections.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Hummingbird
import IronSessionHummingbird
import Logging

struct User: Codable, Sendable, ResponseEncodable {
    var id: Int
    var admin: Bool
}

struct AppSession: Codable, Sendable {
    var user: User?
}

typealias Context = BasicIronSessionRequestContext<AppSession>

/// Writes a line to a descriptor at once (stdout is a pipe or a file under bench.sh: no buffering).
func say(_ line: String, to descriptor: Int32 = 1) {
    var text = line + "\n"
    text.withUTF8 { bytes in _ = write(descriptor, bytes.baseAddress, bytes.count) }
}

let arguments = CommandLine.arguments.dropFirst()
let portText = arguments.first ?? getenv("PORT").map { String(cString: $0) } ?? "0"
guard let port = Int(portText), (0...65535).contains(port) else {
    say("usage: HummingbirdSessionBench [PORT]", to: 2)
    exit(2)
}
let password = getenv("IRON_PASSWORD").map { String(cString: $0) } ?? "a bench password that is over thirty-two characters"
var attributes = CookieAttributes()
attributes.secure = false  // plain HTTP on loopback
let sessions = try SessionCookie(name: "bench_session", password: .single(password), attributes: attributes)

let router = Router(context: Context.self)
router.group()
    .add(middleware: IronSessionMiddleware(cookie: sessions))
    .get("user") { _, context -> User in
        guard let user = context.session.data?.user else { throw HTTPError(.unauthorized) }
        return user
    }
    .post("login") { _, context -> User in
        let user = User(id: 230, admin: true)
        context.session.data = AppSession(user: user)
        try context.session.save()
        return user
    }
router.get("plain/user") { request, _ -> User in
    let session = sessions.session(AppSession.self, cookieHeader: request.headers[.cookie])
    guard let user = session.data?.user else { throw HTTPError(.unauthorized) }
    return user
}
router.get("static/user") { _, _ -> User in
    User(id: 230, admin: true)
}

var logger = Logger(label: "HummingbirdSessionBench")
logger.logLevel = .warning
let app = Application(
    router: router,
    configuration: .init(address: .hostname("127.0.0.1", port: port)),
    onServerRunning: { channel in
        say("listening on 127.0.0.1:\(channel.localAddress?.port ?? port)")
    },
    logger: logger
)
try await app.runService()
