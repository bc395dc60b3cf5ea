import Foundation
@testable import Iron

/// One case of `Fixtures/iron-vectors.json` (copied unmodified from the shared vectors).
struct Vector: CustomStringConvertible, Sendable {
    let name: String
    let kind: String
    let password: JSONValue
    let sealPassword: JSONValue?
    let options: JSONValue
    let plaintext: String
    let seal: String
    let expect: String
    let sessionResult: JSONValue?

    var description: String { name }
    var isSession: Bool { kind == "iron-session" }

    static let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static let all: [Vector] = {
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

    static var ok: [Vector] { all.filter { $0.expect == "ok" } }

    /// The case's options in our form; `ttl` is in seconds for iron-session cases.
    var sealOptions: SealOptions {
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
        if let ttl = int(options_("ttl")) { options.ttl = isSession ? ttl * 1000 : ttl }
        if let skew = int(options_("timestampSkewSec")) { options.timestampSkewSeconds = skew }
        return options
    }

    private func options_(_ key: String) -> JSONValue? { options[key] }

    /// The unseal side: a single password, or a map (iron-session turns a string into `{1: s}`).
    func makeUnsealer(clock: any IronClock) throws -> Unsealer {
        switch password {
        case .string(let secret):
            if isSession { return try Unsealer(passwords: PasswordMap(["1": Password(secret)]), options: sealOptions, clock: clock) }
            return try Unsealer(password: Password(secret), options: sealOptions, clock: clock)
        default:
            return try Unsealer(passwords: PasswordMap(value: password), options: sealOptions, clock: clock)
        }
    }

    /// The password the token was sealed with, in our form.
    var sealingPassword: Password {
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
let vectorNow: Int64 = 1_800_000_000_000
