import Iron

/// `iron inspect`: what a token says about itself; with a password at hand, whether it is true.
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
        let sealOptions = try options.sealOptions(base: .default)
        let skew = try options.skew() ?? SealOptions.default.timestampSkew
        let json = arguments.has("json") || batch
        if batch && !arguments.has("json") {
            context.diagnostics.note("--lines prints one JSON record per token (as --json)")
        }
        let pretty = context.io.stdoutIsTerminal && !batch
        // Only a password given on purpose by an option: never the environment's, never a prompt.
        let passwords = try PasswordSource.resolveOption(arguments, io: context.io, diagnostics: context.diagnostics)
        return try TokenRun(context: context, limits: limits, json: json).run { picker, oneLine in
            let verifier = try passwords.map { Verifier(passwords: $0, unsealer: try makeUnsealer($0, options: sealOptions, limits: limits, clock: context.io.clock)) }
            return InspectWorker(picker: picker, now: now, skew: skew, algorithm: sealOptions.encryption.algorithm, verifier: verifier,
                                 json: json, pretty: pretty && !oneLine, summary: oneLine && !json)
        }
    }
}

/// Checks a token's HMAC (and that it decrypts) with the passwords given to `inspect`.
struct Verifier {
    let passwords: PasswordSet
    let unsealer: Unsealer

    /// The id of the password that verified `token`.
    ///
    /// - Throws: ``CLIError`` as `unseal` would report the token (expiration aside).
    func verify(_ token: [UInt8], now: Timestamp) throws -> String {
        var payload: [UInt8] = []
        defer { secureZero(&payload) }
        do {
            return try unsealer.unseal(token: token.span, now: now, enforceExpiration: false, appendingPayloadTo: &payload).passwordId
        } catch {
            throw error.unsealFailure(passwords: passwords, now: now)
        }
    }
}

/// Describes one token.
final class InspectWorker: LineWorker {
    let picker: TokenPicker
    let now: Timestamp
    /// The clock skew allowed, as `unseal --skew`: both commands judge expiry alike.
    let skew: Duration
    let algorithm: EncryptionAlgorithm
    let verifier: Verifier?
    let json: Bool
    let pretty: Bool
    /// One line of text per token (`--all`).
    let summary: Bool

    init(picker: TokenPicker, now: Timestamp, skew: Duration, algorithm: EncryptionAlgorithm, verifier: Verifier?, json: Bool, pretty: Bool, summary: Bool) {
        self.picker = picker
        self.now = now
        self.skew = skew
        self.algorithm = algorithm
        self.verifier = verifier
        self.json = json
        self.pretty = pretty
        self.summary = summary
    }

    func process(_ line: Span<UInt8>, into output: inout [UInt8], warnings: inout [String]) throws {
        let bytes = try picker.token(in: line, warnings: &warnings)
        let token = try wellFormedToken(String(decoding: bytes, as: UTF8.self))
        let verifiedId = try verifier?.verify(bytes, now: now)
        let facts = TokenFacts(token, size: bytes.count, now: now, skew: skew, algorithm: algorithm, verifiedId: verifiedId)
        let text = InspectText(facts: facts, now: now, skew: skew, algorithm: algorithm)
        if json {
            output.append(contentsOf: text.record().text(pretty: pretty))
        } else if summary {
            output.append(contentsOf: text.summary().utf8)
        } else {
            output.append(contentsOf: text.sentences().joined(separator: "\n").utf8)
            warnings.append(contentsOf: facts.warnings.map(\.message))
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
}
