import Foundation
import Iron

/// One case of `Tests/IronTests/Fixtures/iron-vectors.json` (copied unmodified from the shared
/// vectors), loaded here for every test target.
public struct Vector: CustomStringConvertible, Sendable {
    public let name: String
    public let kind: String
    package let password: JSONValue
    package let sealPassword: JSONValue?
    package let options: JSONValue
    public let plaintext: String
    public let seal: String
    public let expect: String
    package let sessionResult: JSONValue?

    public var description: String { name }
    public var isSession: Bool { kind == "iron-session" }

    /// `Tests/IronTests/Fixtures`.
    public static let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("IronTests/Fixtures")

    public static let all: [Vector] = {
        let data = try! Data(contentsOf: fixturesDirectory.appendingPathComponent("iron-vectors.json"))
        guard case .array(let cases) = try! JSONValue(parsing: Array(data)) else { fatalError("vectors are not an array") }
        return cases.map { value in
            Vector(
                name: value["name"]!.stringValue!,
                kind: value["kind"]!.stringValue!,
                password: value["password"]!,
                sealPassword: value["sealPassword"],
                options: value["options"] ?? .object([]),
                plaintext: value["plaintext"]!.stringValue!,
                seal: value["seal"]!.stringValue!,
                expect: value["expect"]!.stringValue!,
                sessionResult: value["sessionResult"]
            )
        }
    }()

    public static var ok: [Vector] { all.filter { $0.expect == "ok" } }

    /// The case's options in our form; `ttl` is in seconds for iron-session cases.
    public var sealOptions: SealOptions {
        var options = isSession ? SealOptions.ironSession : SealOptions.default
        func int(_ value: JSONValue?) -> Int64? {
            if case .number(let n)? = value { return Int64(n) }
            return nil
        }
        if let encryption = options_("encryption") {
            if let algorithm = encryption["algorithm"]?.stringValue { options.encryption.algorithm = EncryptionAlgorithm(rawValue: algorithm)! }
            if let n = int(encryption["iterations"]) { options.encryption.iterations = Int(n) }
            if let n = int(encryption["saltBits"]) { options.encryption.saltBits = Int(n) }
            if let n = int(encryption["minPasswordlength"]) { options.encryption.minimumPasswordLength = Int(n) }
        }
        if let integrity = options_("integrity") {
            if let n = int(integrity["iterations"]) { options.integrity.iterations = Int(n) }
            if let n = int(integrity["saltBits"]) { options.integrity.saltBits = Int(n) }
            if let n = int(integrity["minPasswordlength"]) { options.integrity.minimumPasswordLength = Int(n) }
        }
        if let ttl = int(options_("ttl")) { options.ttl = isSession ? .seconds(ttl) : .milliseconds(ttl) }
        if let skew = int(options_("timestampSkewSec")) { options.timestampSkew = .seconds(skew) }
        return options
    }

    private func options_(_ key: String) -> JSONValue? { options[key] }

    /// The password as the command line reads it from a file: the text of a string password,
    /// else the map's JSON.
    public var passwordText: String {
        if case .string(let text) = password { return text }
        return String(decoding: password.serialized(), as: UTF8.self)
    }

    /// The command-line flags for the case's unseal-side options.
    public var flags: [String] {
        var flags: [String] = []
        if let algorithm = options["encryption"]?["algorithm"]?.stringValue { flags += ["--algorithm", algorithm] }
        if case .number(let n)? = options["encryption"]?["iterations"] { flags += ["--encryption-iterations", n] }
        if case .number(let n)? = options["integrity"]?["iterations"] { flags += ["--integrity-iterations", n] }
        return flags
    }

    /// The command line's exit status for the case's verdict.
    public var expectedStatus: Int32 {
        switch expect {
        case "ok": return 0
        case "Expired seal": return 2
        case _ where expect.hasPrefix("Cannot find password"): return 3
        default: return 1
        }
    }

    /// The unseal side: a single password, or a map (iron-session turns a string into `{1: s}`).
    public func makeUnsealer(clock: any IronClock) throws -> Unsealer {
        switch password {
        case .string(let secret):
            if isSession { return try Unsealer(passwords: PasswordMap(["1": Password(secret)]), options: sealOptions, clock: clock) }
            return try Unsealer(password: Password(secret), options: sealOptions, clock: clock)
        default:
            return try Unsealer(passwords: PasswordMap(value: password), options: sealOptions, clock: clock)
        }
    }

    /// The password the token was sealed with, in our form.
    public var sealingPassword: Password {
        let value = sealPassword ?? password
        switch value {
        case .string(let secret):
            return isSession ? Password(secret, id: "1") : Password(secret)
        case .object(let members):
            var id: String?
            switch value["id"] {
            case .string(let s)?: id = s
            case .number(let n)?: id = n
            default: id = nil
            }
            if let secret = value["secret"]?.stringValue { return Password(secret, id: id) }
            if let encryption = value["encryption"]?.stringValue, let integrity = value["integrity"]?.stringValue {
                return Password(id: id, encryption: .init(encryption), integrity: .init(integrity))
            }
            // A map: the entry the token names.
            let map = try! PasswordMap(value: .object(members))
            let tokenId = try! Token(seal).passwordId
            return try! map.password(forTokenId: tokenId)
        default:
            fatalError("unexpected sealPassword in \(name)")
        }
    }
}

/// After the vectors' expired tokens (2026-10-31) and before the unexpired ones (2101).
public let vectorNow = Timestamp(millisecondsSince1970: 1_800_000_000_000)
