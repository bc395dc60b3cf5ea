// Benchmarks of sealing and unsealing Fe26.2 tokens: a reused `Sealer`/`Unsealer` against the
// shared `SessionCookie`, for a small session payload and a ~1 KB one, on one thread and from
// several threads at once.
//
// Every benchmark does 1000 operations per iteration (`scalingFactor: .kilo`), so the figures the
// plugin prints (marked `*`) are per token: ns of wall clock and CPU, mallocs; throughput is
// tokens per second. On Linux `.cpuTotal` counts scheduler ticks (10 ms), far coarser than one
// iteration, so the custom metric "CPU process (ns)" gives the process's CPU time (all threads,
// CLOCK_PROCESS_CPUTIME_ID) per token as well.
// Run: `swift package --disable-sandbox benchmark` in Benchmarks/, or `scripts/bench-library`.

import Benchmark
import Foundation
import Iron
import IronCodable
import IronSession

// MARK: - Payloads

/// The small session: `{"user":{"id":230,"admin":false}}`.
struct SmallSession: Codable, Sendable, Equatable {
    struct User: Codable, Sendable, Equatable {
        var id: Int
        var admin: Bool
    }

    var user: User
}

/// A ~1 KB session (1079 bytes of JSON): a user, roles, a cart and a CSRF token.
struct LargeSession: Codable, Sendable, Equatable {
    struct User: Codable, Sendable, Equatable {
        var id: Int
        var admin: Bool
        var name: String
        var email: String
        var locale: String
        var timeZone: String
    }

    struct Item: Codable, Sendable, Equatable {
        var sku: String
        var title: String
        var quantity: Int
        var priceCents: Int
    }

    var user: User
    var roles: [String]
    var cart: [Item]
    var csrf: String
    var returnTo: String
    var flags: [String: Bool]
}

enum Fixtures {
    static let secret = "public-password-0123456789abcdef"
    static let cookieName = "myapp_session"

    static let small = SmallSession(user: .init(id: 230, admin: false))
    static let smallJSON = Array(#"{"user":{"id":230,"admin":false}}"#.utf8)

    static let large = LargeSession(
        user: .init(id: 230, admin: false, name: "Ada Lovelace", email: "ada.lovelace@example.com",
                    locale: "en-GB", timeZone: "Europe/London"),
        roles: ["reader", "writer", "reviewer", "billing", "support", "beta-tester"],
        cart: (1...8).map { index in
            .init(sku: "SKU-\(100_000 + index * 7919)", title: "Item number \(index) of the cart",
                  quantity: index % 3 + 1, priceCents: 1999 * index)
        },
        csrf: String(repeating: "0123456789abcdef", count: 4),
        returnTo: "/account/orders/2026/11?page=3&sort=date",
        flags: ["newsletter": true]
    )
    /// The same JSON that `SessionCookie` seals for `large`.
    static let largeJSON: [UInt8] = {
        let data = try! JSONEncoder.javaScript.encode(large)
        precondition((900...1200).contains(data.count), "the large payload is \(data.count) bytes, not ~1 KB")
        return Array(data)
    }()

    /// A `Cookie` header as a browser sends it: other cookies around the session's.
    static func cookieHeader(_ cookie: SessionCookie, token: String) -> String {
        "theme=dark; " + cookie.cookieHeader(token: token) + "; _ga=GA1.2.1234567890.1700000000"
    }
}

/// Stops the run, saying what differed, when a fixture does not round-trip.
private func check<T: Equatable>(_ actual: T, _ expected: T, line: UInt = #line) {
    if actual != expected {
        fatalError("fixture check failed at line \(line):\n  got      \(String(describing: actual))\n  expected \(String(describing: expected))")
    }
}

// MARK: - Configurations

/// The process's CPU time, every thread, in ns.
private func processCPUTime() -> Int {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Int(time.tv_sec) * 1_000_000_000 + Int(time.tv_nsec)
}

/// CPU time of the process per token, from `processCPUTime()`.
private func cpuPerToken() -> BenchmarkMetric {
    .custom("CPU process (ns)", polarity: .prefersSmaller, useScalingFactor: true)
}

extension Benchmark {
    /// Runs one iteration's work and records the process CPU time it took, every thread's.
    func measuringCPU(_ work: () throws -> Void) rethrows {
        let start = processCPUTime()
        try work()
        measurement(cpuPerToken(), processCPUTime() - start)
    }
}

/// Runs `body` on `count` new threads at once and waits for them all.
private func onThreads(_ count: Int, _ body: @escaping @Sendable () -> Void) {
    let group = DispatchGroup()
    for _ in 0..<count {
        group.enter()
        let thread = Thread {
            body()
            group.leave()
        }
        thread.start()
    }
    group.wait()
}

/// 1000 tokens per iteration; the figures are per token.
private func perTokenConfiguration() -> Benchmark.Configuration {
    Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, cpuPerToken(), .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        // Whole numbers (no "K"), so that CPU ns keep their digits.
        units: [cpuPerToken(): .count, .mallocCountTotal: .count],
        warmupIterations: 3,
        scalingFactor: .kilo,
        maxDuration: .milliseconds(1500),
        maxIterations: 400
    )
}

/// How many tokens one iteration handles in all, split evenly between its tasks.
private let tokensPerIteration = BenchmarkScalingFactor.kilo.rawValue

// MARK: - Benchmarks

let benchmarks: @Sendable () -> Void = {
    let perToken = perTokenConfiguration()

    // One password, iron-session's options: what `SessionCookie` uses inside.
    let password = Password(Fixtures.secret)
    let sealer = try! Sealer(password: password, options: .ironSession)
    let unsealer = try! Unsealer(password: password, options: .ironSession)
    // The shared type, made once, as a server makes it at start-up (concurrency: the processors).
    let cookie = try! SessionCookie(name: Fixtures.cookieName, password: .single(Fixtures.secret))

    let smallJSON = Fixtures.smallJSON
    let largeJSON = Fixtures.largeJSON
    let smallToken = try! sealer.seal(json: smallJSON)
    let largeToken = try! sealer.seal(json: largeJSON)
    let smallCookieToken = try! cookie.seal(Fixtures.small)
    let largeCookieToken = try! cookie.seal(Fixtures.large)
    let smallHeader = Fixtures.cookieHeader(cookie, token: smallCookieToken)
    let largeHeader = Fixtures.cookieHeader(cookie, token: largeCookieToken)

    // Each side reads the other's tokens: the figures are for working tokens.
    // (Foundation's JSONEncoder does not keep the order of keys, so payloads are compared decoded.)
    check(try! unsealer.unseal(smallCookieToken, as: SmallSession.self), Fixtures.small)
    check(try! unsealer.unseal(largeCookieToken, as: LargeSession.self), Fixtures.large)
    check(try! unsealer.unseal(smallToken).payload, smallJSON)
    check(try! unsealer.unseal(largeToken).payload, largeJSON)
    check(cookie.session(SmallSession.self, cookieHeader: Fixtures.cookieHeader(cookie, token: smallToken)).data, Fixtures.small)
    check(cookie.session(LargeSession.self, cookieHeader: Fixtures.cookieHeader(cookie, token: largeToken)).data, Fixtures.large)
    check(cookie.session(SmallSession.self, cookieHeader: smallHeader).status, .valid)
    check(try! cookie.unsealJSON(smallToken), smallJSON)
    check(try! unsealer.unseal(try! cookie.seal(json: largeJSON)).payload, largeJSON)
    check(cookie.session(LargeSession.self, cookieHeader: largeHeader).status, .valid)

    /// A benchmark of one thread doing `operation` 1000 times per iteration.
    func single(_ name: String, _ operation: @escaping () throws -> Void) {
        Benchmark(name, configuration: perToken) { benchmark in
            try benchmark.measuringCPU {
                for _ in benchmark.scaledIterations {
                    try operation()
                }
            }
        }
    }

    /// A benchmark of `threads` threads at once doing `operation` 1000 times per iteration in all.
    ///
    /// Threads, not Swift tasks: the plugin runs an async benchmark by blocking one thread of the
    /// cooperative pool on a semaphore until it ends, so on 2 cores its tasks get 1 thread and no
    /// task group can scale (measured: 2 tasks, CPU per token = wall clock per token).
    func concurrent(_ name: String, threads: Int, _ operation: @escaping @Sendable () -> Void) {
        let each = tokensPerIteration / threads
        Benchmark("\(name) x\(threads) threads", configuration: perToken) { benchmark in
            benchmark.measuringCPU {
                onThreads(threads) {
                    for _ in 0..<each {
                        operation()
                    }
                }
            }
        }
    }

    // MARK: One thread: reused Sealer / Unsealer (JSON bytes in, token out; token in, bytes out)

    single("Sealer.seal small") { blackHole(try sealer.seal(json: smallJSON)) }
    single("Sealer.seal 1KB") { blackHole(try sealer.seal(json: largeJSON)) }
    single("Unsealer.unseal small") { blackHole(try unsealer.unseal(smallToken)) }
    single("Unsealer.unseal 1KB") { blackHole(try unsealer.unseal(largeToken)) }

    // MARK: One thread: the shared SessionCookie (a Codable struct in; a Cookie header read into one)

    single("SessionCookie.seal small") { blackHole(try cookie.seal(Fixtures.small)) }
    single("SessionCookie.seal 1KB") { blackHole(try cookie.seal(Fixtures.large)) }
    single("SessionCookie.session small") { blackHole(cookie.session(SmallSession.self, cookieHeader: smallHeader)) }
    single("SessionCookie.session 1KB") { blackHole(cookie.session(LargeSession.self, cookieHeader: largeHeader)) }

    // MARK: One thread: the shared SessionCookie with JSON bytes, the same work as Sealer / Unsealer

    single("SessionCookie.seal(json:) small") { blackHole(try cookie.seal(json: smallJSON)) }
    single("SessionCookie.seal(json:) 1KB") { blackHole(try cookie.seal(json: largeJSON)) }
    single("SessionCookie.unsealJSON small") { blackHole(try cookie.unsealJSON(smallToken)) }
    single("SessionCookie.unsealJSON 1KB") { blackHole(try cookie.unsealJSON(largeToken)) }

    // MARK: One thread: Sealer / Unsealer with Codable (IronCodable), to tell JSON coding from the pool

    single("Sealer.seal(Codable) small") { blackHole(try sealer.seal(Fixtures.small)) }
    single("Sealer.seal(Codable) 1KB") { blackHole(try sealer.seal(Fixtures.large)) }
    single("Unsealer.unseal(Codable) small") { blackHole(try unsealer.unseal(smallToken, as: SmallSession.self)) }
    single("Unsealer.unseal(Codable) 1KB") { blackHole(try unsealer.unseal(largeToken, as: LargeSession.self)) }

    // MARK: Several threads at once: 1000 tokens per iteration split between 1, 2 or 4 threads.
    // With N cores free, the wall clock per token of the shared SessionCookie falls towards 1/N of
    // one thread's while its CPU per token stays put; one shared Unsealer (one lock) is the control.

    for threads in [1, 2, 4] {
        concurrent("SessionCookie.session small", threads: threads) {
            blackHole(cookie.session(SmallSession.self, cookieHeader: smallHeader))
        }
        concurrent("SessionCookie.seal small", threads: threads) {
            blackHole(try? cookie.seal(Fixtures.small))
        }
        concurrent("shared Unsealer.unseal small", threads: threads) {
            blackHole(try? unsealer.unseal(smallToken))
        }
    }
}
