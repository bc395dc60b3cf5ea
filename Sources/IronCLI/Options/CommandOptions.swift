import Iron

/// Reads option values into the library's types, with usage errors (exit 64) for bad values.
struct CommandOptions {
    let arguments: ParsedArguments
    let io: IO
    let diagnostics: Diagnostics

    func integer(_ name: String, minimum: Int = 0, maximum: Int = Int(Int32.max)) throws -> Int? {
        guard let text = arguments.value(name) else { return nil }
        guard let value = Int(text), value >= minimum, value <= maximum else {
            throw CLIError.usage("--\(name) must be a whole number from \(minimum) to \(maximum), not \"\(text.prefix(40))\"")
        }
        return value
    }

    /// `--now`, else the clock.
    func now() throws -> Timestamp {
        guard let text = arguments.value("now") else { return io.clock.now() }
        guard let value = TimeText.parseTime(text) else {
            throw CLIError.usage("--now must be ISO 8601 (2026-11-29T12:00:00Z) or epoch milliseconds, not \"\(text.prefix(40))\"")
        }
        return Timestamp(millisecondsSince1970: value)
    }

    /// `--expires-at`: an instant after `now` (the clock when `nil`); not with `--ttl`.
    func expiresAt(now: Timestamp?) throws -> Timestamp? {
        guard let text = arguments.value("expires-at") else { return nil }
        if arguments.has("ttl") {
            throw CLIError.usage("--expires-at and --ttl both set the expiration; give one")
        }
        guard let value = TimeText.parseTime(text) else {
            throw CLIError.usage("--expires-at must be ISO 8601 (2026-12-01T00:00:00Z) or epoch milliseconds, not \"\(text.prefix(40))\"")
        }
        let instant = Timestamp(millisecondsSince1970: value)
        let reference = now ?? io.clock.now()
        guard instant > reference else {
            throw CLIError.usage("--expires-at \(TimeText.iso8601(instant)) is not in the future (it is \(TimeText.iso8601(reference)) now)")
        }
        return instant
    }

    func ttl() throws -> Duration? {
        guard let text = arguments.value("ttl") else { return nil }
        guard let value = TimeText.parseDuration(text) else {
            throw CLIError.usage("--ttl must be 0, a number of seconds, or a number with ms, s, m, h, d or w (such as 15m or 14d), not \"\(text.prefix(40))\"")
        }
        return .milliseconds(value)
    }

    /// `--skew`: the clock skew allowed when judging expiration.
    func skew() throws -> Duration? {
        try integer("skew", minimum: 0, maximum: Int(Int32.max)).map { .seconds($0) }
    }

    /// The JSON and input limits: `--max-size` and `--max-depth`.
    func limits() throws -> JSONLimits {
        var limits = JSONLimits.default
        if let text = arguments.value("max-size") {
            guard let bytes = CommandOptions.parseSize(text), bytes > 0 else {
                throw CLIError.usage("--max-size must be a number of bytes, optionally with KiB, MiB or GiB (such as 64KiB), not \"\(text.prefix(40))\"")
            }
            limits.maximumBytes = bytes
        }
        if let depth = try integer("max-depth", minimum: 1, maximum: 100_000_000) {
            limits.maximumDepth = depth
        }
        return limits
    }

    static func parseSize(_ text: String) -> Int? {
        let units: [(String, Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30), ("B", 1)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let value = Int(text.dropLast(suffix.count)), value >= 0 else { return nil }
            let (product, overflow) = value.multipliedReportingOverflow(by: factor)
            return overflow ? nil : product
        }
        return Int(text).flatMap { $0 >= 0 ? $0 : nil }
    }

    /// The format: `--format`, else `fallback`.
    func format(default fallback: TokenFormat) -> TokenFormat {
        arguments.value("format").flatMap(TokenFormat.init(rawValue:)) ?? fallback
    }

    /// @hapi/iron's options from the crypto flags, starting from `base`.
    func sealOptions(base: SealOptions) throws -> SealOptions {
        var options = base
        if let algorithm = arguments.value("algorithm") {
            options.encryption.algorithm = EncryptionAlgorithm(rawValue: algorithm)!
        }
        if let both = try integer("iterations", minimum: 1, maximum: 10_000_000) {
            options.encryption.iterations = both
            options.integrity.iterations = both
        }
        if let value = try integer("encryption-iterations", minimum: 1, maximum: 10_000_000) { options.encryption.iterations = value }
        if let value = try integer("integrity-iterations", minimum: 1, maximum: 10_000_000) { options.integrity.iterations = value }
        if let both = try integer("salt-bits", minimum: 1, maximum: 65_536) {
            options.encryption.saltBits = both
            options.integrity.saltBits = both
        }
        if let value = try integer("encryption-salt-bits", minimum: 1, maximum: 65_536) { options.encryption.saltBits = value }
        if let value = try integer("integrity-salt-bits", minimum: 1, maximum: 65_536) { options.integrity.saltBits = value }
        if let minimum = try integer("min-password-length", minimum: 0, maximum: 1_000_000) {
            options.encryption.minimumPasswordLength = minimum
            options.integrity.minimumPasswordLength = minimum
            if minimum < 32 {
                diagnostics.warning("--min-password-length \(minimum) is below @hapi/iron's 32: use it only to read tokens of apps configured so")
            }
        }
        if let skew = try skew() { options.timestampSkew = skew }
        if let ttl = try ttl() { options.ttl = ttl }
        return options
    }
}

/// The two token formats the tool writes.
enum TokenFormat: String {
    /// iron-session 8: `~2` suffix, id 1 for a single password, ttl 14 days.
    case ironSession = "iron-session"
    /// Plain @hapi/iron: no suffix, no id unless given, no expiration.
    case iron

    var baseOptions: SealOptions { self == .ironSession ? .ironSession : .default }
}
