import Iron

/// `iron unseal`: token (or text holding one) in, JSON out.
struct UnsealCommand {
    let context: CommandContext

    func run() throws -> ExitCode {
        let arguments = context.arguments
        try context.checkBatchFlags()
        if arguments.has("pretty") && arguments.has("compact") {
            throw CLIError.usage("--pretty and --compact contradict each other")
        }
        let batch = arguments.has("lines") || arguments.has("all")
        if batch && arguments.has("pretty") {
            throw CLIError.usage("--pretty cannot keep one result per line; --\(arguments.has("lines") ? "lines" : "all") prints compact JSON")
        }
        try context.checkNoOperandWithLines()
        let options = context.options
        let sealOptions = try options.sealOptions(base: .default)
        let limits = try options.limits()
        let now = try options.now()
        let pretty = arguments.has("pretty") || (!arguments.has("compact") && !batch && context.io.stdoutIsTerminal)
        let passwords = try PasswordSource.resolve(arguments, io: context.io, diagnostics: context.diagnostics)

        return try TokenRun(context: context, limits: limits, json: arguments.has("json")).run { picker, oneLine in
            UnsealWorker(unsealer: try makeUnsealer(passwords, options: sealOptions, limits: limits, clock: context.io.clock),
                         passwords: passwords, picker: picker, now: now,
                         ignoreExpiration: arguments.has("ignore-expiration"), json: arguments.has("json"), pretty: pretty && !oneLine, oneLine: oneLine)
        }
    }
}

/// The command line's unsealer: the HMAC is verified before the expiration is judged, so that
/// "expired" (exit 2) always means an authentic token.
func makeUnsealer(_ passwords: PasswordSet, options: SealOptions, limits: JSONLimits, clock: any IronClock) throws -> Unsealer {
    try Unsealer(passwords, options: options, limits: limits, clock: clock, expiryCheck: .verifyFirst)
}

/// Unseals one token (a whole input or a line).
final class UnsealWorker: LineWorker {
    let unsealer: Unsealer
    let passwords: PasswordSet
    let picker: TokenPicker
    let now: Timestamp
    let ignoreExpiration: Bool
    let json: Bool
    let pretty: Bool
    /// `--lines`: every record on one line, so a payload with line breaks is compacted.
    let oneLine: Bool
    private var payload: [UInt8] = []

    init(unsealer: Unsealer, passwords: PasswordSet, picker: TokenPicker, now: Timestamp, ignoreExpiration: Bool, json: Bool, pretty: Bool, oneLine: Bool = false) {
        self.unsealer = unsealer
        self.passwords = passwords
        self.picker = picker
        self.now = now
        self.ignoreExpiration = ignoreExpiration
        self.json = json
        self.pretty = pretty
        self.oneLine = oneLine
    }

    /// Unseals the token in `text`, appending its payload to `payload`.
    func unseal(_ text: Span<UInt8>, payload: inout [UInt8], warnings: inout [String]) throws -> Unsealed {
        if let whole = picker.wholeToken(in: text) {
            return try unseal(token: text.extracting(whole), payload: &payload)
        }
        let token = try picker.token(in: text, warnings: &warnings)
        return try unseal(token: token.span, payload: &payload)
    }

    private func unseal(token: Span<UInt8>, payload: inout [UInt8]) throws -> Unsealed {
        do {
            return try unsealer.unseal(token: token, now: now, enforceExpiration: !ignoreExpiration, appendingPayloadTo: &payload)
        } catch {
            let expiration = (try? Token(Bytes.string(token)))?.expiresAt
            throw error.unsealFailure(passwords: passwords, now: now + unsealer.options.clockOffset, expiration: expiration)
        }
    }

    func process(_ line: Span<UInt8>, into output: inout [UInt8], warnings: inout [String]) throws {
        if json || pretty {
            try processReformatted(line, into: &output, warnings: &warnings)
            return
        }
        // The payload goes straight after the output so far (an unsealer appends it, and leaves
        // the output as it was on failure): no buffer of its own to copy from and erase.
        let start = output.count
        let result = try unseal(line, payload: &output, warnings: &warnings)
        if oneLine && hasLineBreak(output.span.extracting(start...)) { compact(&output, from: start) }
        addWarnings(result, payload: output.span.extracting(start...), to: &warnings)
    }

    /// Compacts the payload at the end of `output`, from `start` (a payload that cannot be
    /// compacted stays as it is).
    private func compact(_ output: inout [UInt8], from start: Int) {
        var compacted: [UInt8] = []
        defer { secureZero(&compacted) }
        guard (try? JSONText.compact(output.span.extracting(start...), limits: .unlimited, appendingTo: &compacted)) != nil else { return }
        secureZero(&output, from: start)
        output.removeSubrange(start...)
        output.append(contentsOf: compacted)
    }

    /// `--json` or `--pretty`: the payload is reformatted from a buffer of its own.
    private func processReformatted(_ line: Span<UInt8>, into output: inout [UInt8], warnings: inout [String]) throws {
        // The payload buffer is kept between lines, but used as a local (no class access per use).
        var payload: [UInt8] = []
        swap(&payload, &self.payload)
        defer {
            secureZero(&payload)
            payload.removeAll(keepingCapacity: true)
            swap(&payload, &self.payload)
        }
        let result = try unseal(line, payload: &payload, warnings: &warnings)
        if oneLine && hasLineBreak(payload.span) { compact(&payload, from: 0) }
        if json {
            var record = JSONRecord()
            record.add("payload", json: payload)
            record.add("passwordId", string: result.passwordId.isEmpty ? nil : result.passwordId)
            record.add("expiration", number: result.expiration?.millisecondsSince1970)
            record.add("expiresAt", string: result.expiration.map(TimeText.iso8601))
            record.add("version", number: result.version)
            record.add("format", string: result.versionSuffix == nil ? "iron" : "iron-session")
            output.append(contentsOf: record.text(pretty: pretty))
        } else {
            output.append(contentsOf: JSONIndenter.indent(payload))
        }
        addWarnings(result, payload: payload.span, to: &warnings)
    }

    /// The warnings an unsealed token earns: expired but shown, or read by iron-session as a
    /// pre-v6 token.
    private func addWarnings(_ result: Unsealed, payload: Span<UInt8>, to warnings: inout [String]) {
        if result.isExpired, let expiration = result.expiration {
            warnings.append("the token expired at \(TimeText.iso8601(expiration)) (\(TimeText.relative(expiration, now: now))); shown because of --ignore-expiration")
        }
        if result.versionSuffix == nil && looksLikeLegacySession(result, payload) {
            warnings.append("note: this token has no ~2 suffix: iron-session 8 treats it as a pre-v6 token and reads only its \"persistent\" field")
        }
    }

    /// Whether `bytes` hold a line feed or a carriage return (`memchr`: every payload of a
    /// `--lines` batch is looked at).
    private func hasLineBreak(_ bytes: Span<UInt8>) -> Bool {
        Bytes.firstIndex(of: 0x0A, in: bytes) != nil || Bytes.firstIndex(of: 0x0D, in: bytes) != nil
    }

    private func looksLikeLegacySession(_ result: Unsealed, _ payload: Span<UInt8>) -> Bool {
        if PasswordMap.numericValue(result.passwordId) != nil { return true }
        // A cheap look for a "persistent" member, good enough for a note.
        let needle = Array(#""persistent":"#.utf8)
        guard payload.count >= needle.count, payload[0] == UInt8(ascii: "{") else { return false }
        return (0...(payload.count - needle.count)).contains { at in
            payload[at] == needle[0] && needle.indices.allSatisfy { payload[at + $0] == needle[$0] }
        }
    }
}
