import Iron

/// `iron inspect`: what a token says about itself, without a password.
struct InspectCommand {
    let context: CommandContext

    func run() throws -> ExitCode {
        let arguments = context.arguments
        try context.checkBatchFlags()
        let batch = arguments.has("lines")
        try context.checkNoOperandWithLines()
        let options = context.options
        let limits = try options.limits()
        let now = try options.now()
        let algorithm = arguments.value("algorithm").flatMap(EncryptionAlgorithm.init(rawValue:)) ?? .aes256CBC
        let skew = try options.skew() ?? SealOptions.default.timestampSkew
        let json = arguments.has("json") || batch
        if batch && !arguments.has("json") {
            context.diagnostics.note("--lines prints one JSON record per token (as --json)")
        }
        let pretty = context.io.stdoutIsTerminal && !batch
        return try context.process(limits: limits, singleInput: { try context.tokenInput(limit: limits.maximumBytes) }) {
            InspectWorker(cookie: arguments.value("cookie"), now: now, skew: skew, algorithm: algorithm, json: json, pretty: pretty)
        }
    }
}

/// Describes one token.
final class InspectWorker: LineWorker {
    let cookie: String?
    let now: Timestamp
    /// The clock skew allowed, as `unseal --skew`: both commands judge expiry alike.
    let skew: Duration
    let algorithm: EncryptionAlgorithm
    let json: Bool
    let pretty: Bool

    init(cookie: String?, now: Timestamp, skew: Duration, algorithm: EncryptionAlgorithm, json: Bool, pretty: Bool) {
        self.cookie = cookie
        self.now = now
        self.skew = skew
        self.algorithm = algorithm
        self.json = json
        self.pretty = pretty
    }

    func process(_ line: Span<UInt8>, into output: inout [UInt8], warnings: inout [String]) throws {
        let bytes = try extractToken(line, cookie: cookie)
        let token = try wellFormedToken(String(decoding: bytes, as: UTF8.self))
        let facts = TokenFacts(token, size: bytes.count, now: now, skew: skew, algorithm: algorithm)
        if json {
            output.append(contentsOf: record(facts).text(pretty: pretty))
        } else {
            output.append(contentsOf: sentences(facts).joined(separator: "\n").utf8)
            warnings.append(contentsOf: facts.warnings)
        }
    }

    /// The token, or exit 1 naming what is malformed (the first problem, and one more as a hint).
    private func wellFormedToken(_ text: String) throws -> Token {
        let token: Token
        do {
            token = try Token(text)
        } catch {
            let fields = text.split(separator: "*", omittingEmptySubsequences: false).count
            throw CLIError(.rejected, "malformed token: it has \(fields) fields separated by '*'; a token has 8")
        }
        let problems = token.problems(algorithm: algorithm)
        if let first = problems.first {
            throw CLIError(.rejected, "malformed token: \(first)", hints: problems.dropFirst().prefix(1).map { "also: \($0)" })
        }
        return token
    }

    /// `--json`: one object with stable members.
    private func record(_ facts: TokenFacts) -> JSONRecord {
        let token = facts.token
        var record = JSONRecord()
        record.add("prefix", string: token.prefix)
        record.add("format", string: token.versionSuffix == nil ? "iron" : "iron-session")
        record.add("version", number: token.version)
        record.add("passwordId", string: token.passwordId.isEmpty ? nil : token.passwordId)
        record.add("encryptionSalt", string: token.encryptionSalt)
        record.add("encryptionSaltBits", number: token.encryptionSalt.utf8.count * 4)
        record.add("iv", string: token.iv)
        record.add("ciphertextBytes", number: facts.ciphertextBytes)
        record.add("algorithm", string: algorithm.rawValue)
        record.add("payloadBytes", .object([.init("min", .number(String(facts.payloadBytes.lowerBound))), .init("max", .number(String(facts.payloadBytes.upperBound)))]))
        record.add("expiration", number: facts.expiration?.millisecondsSince1970)
        record.add("expiresAt", string: facts.expiration.map(TimeText.iso8601))
        record.add("expiresIn", string: facts.expiration.map { TimeText.relative($0, now: now) })
        record.add("expired", .bool(facts.expiry == .expired))
        record.add("withinSkew", .bool(facts.expiry == .withinSkew))
        record.add("hmacSalt", string: token.integritySalt)
        record.add("hmacSaltBits", number: token.integritySalt.utf8.count * 4)
        record.add("hmac", string: token.hmac)
        record.add("size", number: facts.size)
        record.add("fitsCookie", .bool(facts.size <= CookieSize.limit))
        record.add("warnings", .array(facts.warnings.map(JSONValue.string)))
        return record
    }

    /// The text output: one sentence a line.
    private func sentences(_ facts: TokenFacts) -> [String] {
        let token = facts.token
        let kind = token.versionSuffix.map { "an iron-session token (version \($0), suffix ~\($0))" } ?? "a plain @hapi/iron token (no version suffix)"
        let range = facts.payloadBytes
        return [
            "This is \(kind), format \(token.prefix).",
            token.passwordId.isEmpty ? "It names no password id." : "It was sealed with the password of id \"\(token.passwordId)\".",
            expirySentence(facts),
            "Its ciphertext is \(facts.ciphertextBytes) bytes: a payload of \(range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)") bytes with \(algorithm.rawValue).",
            "Encryption salt: \(token.encryptionSalt.isEmpty ? "(none)" : token.encryptionSalt) (\(token.encryptionSalt.utf8.count * 4) bits); IV: \(token.iv).",
            "HMAC salt: \(token.integritySalt.isEmpty ? "(none)" : token.integritySalt) (\(token.integritySalt.utf8.count * 4) bits); HMAC: \(token.hmac).",
            "It is \(facts.size) bytes: \(facts.size <= CookieSize.limit ? "it fits" : "too large for") a \(CookieSize.limit)-byte cookie.",
        ]
    }

    private func expirySentence(_ facts: TokenFacts) -> String {
        guard let expiration = facts.expiration else { return "It never expires." }
        let relative = TimeText.relative(expiration, now: now)
        let instant = "at \(TimeText.iso8601(expiration)) (\(expiration.millisecondsSince1970) ms)"
        switch facts.expiry {
        case .expired?: return "It \(relative): \(instant)."
        case .withinSkew?: return "It \(relative): \(instant), within the \(skew.components.seconds)-second clock skew, so it still unseals."
        default: return "It expires \(relative): \(instant)."
        }
    }
}

/// What `inspect` works out about a well-formed token.
struct TokenFacts {
    let token: Token
    let size: Int
    let expiration: Timestamp?
    let expiry: Expiry?
    let ciphertextBytes: Int
    let payloadBytes: ClosedRange<Int>
    let warnings: [String]

    init(_ token: Token, size: Int, now: Timestamp, skew: Duration, algorithm: EncryptionAlgorithm) {
        self.token = token
        self.size = size
        expiration = token.expiresAt
        expiry = token.expiry(now: now, skew: skew)
        ciphertextBytes = token.ciphertextByteCount ?? 0
        payloadBytes = token.payloadByteRange(algorithm: algorithm) ?? 0...0
        var warnings: [String] = []
        if token.expiration.isEmpty { warnings.append("never expires") }
        if token.passwordId.isEmpty { warnings.append("no password id: the app must look it up as \"default\" in a password map, and rotation cannot tell passwords apart") }
        if token.encryptionSalt.isEmpty || token.integritySalt.isEmpty { warnings.append("sealed with a raw key (empty salt), not a password") }
        if let warning = CookieSize.warning(size) { warnings.append(warning) }
        self.warnings = warnings
    }
}
