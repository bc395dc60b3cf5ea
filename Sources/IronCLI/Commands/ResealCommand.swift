import Iron

/// `iron reseal`: unseal with any password of a map, seal again with the newest (or `--id`).
struct ResealCommand {
    let context: CommandContext

    func run() throws -> ExitCode {
        let arguments = context.arguments
        try context.checkBatchFlags()
        try context.checkNoOperandWithLines()
        let options = context.options
        let cryptoOptions = try options.sealOptions(base: .default)
        let ttl = try options.ttl()
        let limits = try options.limits()
        let now = try options.now()
        let expiration = try options.expiresAt(now: now)
        let passwords = try PasswordSource.resolve(arguments, io: context.io, diagnostics: context.diagnostics)
        let forcedFormat = arguments.value("format").flatMap(TokenFormat.init(rawValue:))

        // One sealer factory per format, checked once up front. Without --format, a format the
        // passwords cannot seal (iron-session refuses some maps) fails only the tokens that need it.
        var factories: [TokenFormat: SealerFactory] = [:]
        var refusals: [TokenFormat: CLIError] = [:]
        for format in [TokenFormat.ironSession, .iron] where forcedFormat == nil || forcedFormat == format {
            var sealOptions = cryptoOptions
            sealOptions.versionSuffix = format.baseOptions.versionSuffix
            sealOptions.ttl = ttl ?? .zero
            do {
                factories[format] = try SealerFactory(passwords: passwords, id: arguments.value("id"), format: format, options: sealOptions, clock: context.io.clock)
            } catch let error as CLIError where forcedFormat == nil {
                refusals[format] = error
            }
        }
        if factories.isEmpty, let refusal = refusals[.ironSession] ?? refusals[.iron] { throw refusal }
        return try TokenRun(context: context, limits: limits, json: false).run { picker, _ in
            ResealWorker(
                unsealer: UnsealWorker(unsealer: try makeUnsealer(passwords, options: cryptoOptions, limits: limits, clock: context.io.clock),
                                       passwords: passwords, picker: picker, now: now,
                                       ignoreExpiration: arguments.has("ignore-expiration"), json: false, pretty: false),
                sealers: try factories.mapValues { try $0.make() }, refusals: refusals,
                forcedFormat: forcedFormat, expiration: expiration.map { .at($0) } ?? (ttl == nil ? nil : .fromTTL), now: now)
        }
    }
}

/// Unseals one token and seals its payload again.
final class ResealWorker: LineWorker {
    let unsealer: UnsealWorker
    let sealers: [TokenFormat: Sealer]
    let refusals: [TokenFormat: CLIError]
    let forcedFormat: TokenFormat?
    /// The new expiration: `nil` keeps the token's own.
    let expiration: NewExpiration?
    let now: Timestamp
    private var payload: [UInt8] = []

    /// How a resealed token's expiration is set.
    enum NewExpiration {
        /// `--ttl`: from now, as the sealer's options say.
        case fromTTL
        /// `--expires-at`.
        case at(Timestamp)
    }

    init(unsealer: UnsealWorker, sealers: [TokenFormat: Sealer], refusals: [TokenFormat: CLIError], forcedFormat: TokenFormat?, expiration: NewExpiration?, now: Timestamp) {
        self.unsealer = unsealer
        self.sealers = sealers
        self.refusals = refusals
        self.forcedFormat = forcedFormat
        self.expiration = expiration
        self.now = now
    }

    func process(_ line: Span<UInt8>, into output: inout [UInt8], warnings: inout [String]) throws {
        payload.removeAll(keepingCapacity: true)
        defer { secureZero(&payload) }
        let result = try unsealer.unseal(line, payload: &payload, warnings: &warnings)
        let format = forcedFormat ?? (result.versionSuffix == nil ? .iron : .ironSession)
        guard let sealer = sealers[format] else { throw refusals[format] ?? CLIError(.software, "no sealer for format \(format.rawValue)") }
        var parameters = SealParameters(now: now)
        switch expiration {
        case nil: parameters.expiration = result.expiration.map { .at($0) } ?? .never
        case .at(let instant)?: parameters.expiration = .at(instant)
        case .fromTTL?: break
        }
        let start = output.count
        do {
            try sealer.seal(plaintext: payload.span, parameters: parameters, appendingTo: &output)
        } catch {
            throw error.sealFailure()
        }
        if result.isExpired {
            warnings.append("the token had expired; resealed because of --ignore-expiration\(expiration == nil ? " with the same past expiration: use --ttl to give it a new one" : "")")
        }
        if let warning = CookieSize.warning(output.count - start) { warnings.append(warning) }
    }
}
