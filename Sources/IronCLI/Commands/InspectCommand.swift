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
        let skew = try options.integer("skew", minimum: 0, maximum: Int(Int32.max)).map(Int64.init) ?? SealOptions.default.timestampSkewSeconds
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
    let now: Int64
    /// The clock skew allowed, as `unseal --skew`: both commands judge expiry alike.
    let skew: Int64
    let algorithm: EncryptionAlgorithm
    let json: Bool
    let pretty: Bool

    init(cookie: String?, now: Int64, skew: Int64, algorithm: EncryptionAlgorithm, json: Bool, pretty: Bool) {
        self.cookie = cookie
        self.now = now
        self.skew = skew
        self.algorithm = algorithm
        self.json = json
        self.pretty = pretty
    }

    func process(_ line: Span<UInt8>, into output: inout [UInt8], warnings: inout [String]) throws {
        let bytes = try extractToken(line, cookie: cookie)
        let text = String(decoding: bytes, as: UTF8.self)
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
        var tokenWarnings: [String] = []
        if token.expiration.isEmpty { tokenWarnings.append("never expires") }
        if token.passwordId.isEmpty { tokenWarnings.append("no password id: the app must look it up as \"default\" in a password map, and rotation cannot tell passwords apart") }
        if token.encryptionSalt.isEmpty || token.hmacSalt.isEmpty { tokenWarnings.append("sealed with a raw key (empty salt), not a password") }
        let size = bytes.count
        if let warning = CookieSize.warning(size) { tokenWarnings.append(warning) }
        let expiration = token.expirationMilliseconds
        let expiry = token.expiry(now: now, skewSeconds: skew)
        let ciphertextBytes = token.ciphertextByteCount ?? 0
        let range = token.payloadByteRange(algorithm: algorithm) ?? 0...0
        let format = token.versionSuffix == nil ? "iron" : "iron-session"

        if json {
            let members: [JSONValue.Member] = [
                .init("prefix", .string(token.prefix)),
                .init("format", .string(format)),
                .init("version", token.version.map { .number(String($0)) } ?? .null),
                .init("passwordId", token.passwordId.isEmpty ? .null : .string(token.passwordId)),
                .init("encryptionSalt", .string(token.encryptionSalt)),
                .init("encryptionSaltBits", .number(String(token.encryptionSalt.utf8.count * 4))),
                .init("iv", .string(token.iv)),
                .init("ciphertextBytes", .number(String(ciphertextBytes))),
                .init("algorithm", .string(algorithm.rawValue)),
                .init("payloadBytes", .object([.init("min", .number(String(range.lowerBound))), .init("max", .number(String(range.upperBound)))])),
                .init("expiration", expiration.map { .number(String($0)) } ?? .null),
                .init("expiresAt", expiration.map { .string(TimeText.iso8601($0)) } ?? .null),
                .init("expiresIn", expiration.map { .string(TimeText.relative($0, now: now)) } ?? .null),
                .init("expired", .bool(expiry == .expired)),
                .init("withinSkew", .bool(expiry == .withinSkew)),
                .init("hmacSalt", .string(token.hmacSalt)),
                .init("hmacSaltBits", .number(String(token.hmacSalt.utf8.count * 4))),
                .init("hmac", .string(token.hmac)),
                .init("size", .number(String(size))),
                .init("fitsCookie", .bool(size <= CookieSize.limit)),
                .init("warnings", .array(tokenWarnings.map { .string($0) })),
            ]
            output.append(contentsOf: JSONValue.object(members).serialized(pretty: pretty))
            return
        }

        var lines: [String] = []
        let kind = token.versionSuffix.map { "an iron-session token (version \($0), suffix ~\($0))" } ?? "a plain @hapi/iron token (no version suffix)"
        lines.append("This is \(kind), format \(token.prefix).")
        lines.append(token.passwordId.isEmpty ? "It names no password id." : "It was sealed with the password of id \"\(token.passwordId)\".")
        if let expiration {
            let relative = TimeText.relative(expiration, now: now)
            let instant = "at \(TimeText.iso8601(expiration)) (\(expiration) ms)"
            switch expiry {
            case .expired?: lines.append("It \(relative): \(instant).")
            case .withinSkew?: lines.append("It \(relative): \(instant), within the \(skew)-second clock skew, so it still unseals.")
            default: lines.append("It expires \(relative): \(instant).")
            }
        } else {
            lines.append("It never expires.")
        }
        lines.append("Its ciphertext is \(ciphertextBytes) bytes: a payload of \(range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)") bytes with \(algorithm.rawValue).")
        lines.append("Encryption salt: \(token.encryptionSalt.isEmpty ? "(none)" : token.encryptionSalt) (\(token.encryptionSalt.utf8.count * 4) bits); IV: \(token.iv).")
        lines.append("HMAC salt: \(token.hmacSalt.isEmpty ? "(none)" : token.hmacSalt) (\(token.hmacSalt.utf8.count * 4) bits); HMAC: \(token.hmac).")
        lines.append("It is \(size) bytes: \(size <= CookieSize.limit ? "it fits" : "too large for") a \(CookieSize.limit)-byte cookie.")
        output.append(contentsOf: lines.joined(separator: "\n").utf8)
        warnings.append(contentsOf: tokenWarnings)
    }
}
