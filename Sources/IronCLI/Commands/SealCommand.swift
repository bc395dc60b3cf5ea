import Iron
import IronCookies

/// `iron seal`: JSON in, token out.
struct SealCommand {
    let context: CommandContext

    func run() throws -> ExitCode {
        let arguments = context.arguments
        try context.checkBatchFlags()
        let options = context.options
        let format = options.format(default: .ironSession)
        var sealOptions = try options.sealOptions(base: format.baseOptions)
        let limits = try options.limits()
        let now = arguments.has("now") || arguments.has("expires-at") ? try options.now() : nil
        let expiration = try options.expiresAt(now: now)
        let cookie = try options.cookieOutput(ttl: expiration.map { $0 - (now ?? context.io.clock.now()) } ?? sealOptions.ttl)
        if case .setCookie(let headers)? = cookie {
            if arguments.has("destroy") { return try destroy(headers) }
            sealOptions.ttl = headers.ttl // zero for a session cookie, as in iron-session
        }
        let output = try SealOutput(arguments, cookie: cookie)
        let edits = try PayloadEdits(arguments)
        let operand = try context.operand()
        let passwords = try PasswordSource.resolve(arguments, io: context.io, diagnostics: context.diagnostics)
        let makeSealer = try SealerFactory(passwords: passwords, id: arguments.value("id"), format: format, options: sealOptions, clock: context.io.clock)

        var descriptor: Int32 = -1
        if arguments.has("lines"), let operand, operand != "-" { descriptor = try Files.openForReading(operand) }
        defer { if descriptor >= 0 { Files.closeDescriptor(descriptor) } }
        return try context.process(
            limits: limits,
            batchInput: descriptor >= 0 ? FileDescriptorInput(descriptor) : nil, batchInputName: operand ?? "standard input",
            singleInput: { try input(operand: operand, edits: edits, limits: limits) },
            makeWorker: {
                SealWorker(sealer: try makeSealer.make(), limits: limits, parameters: SealWorker.parameters(now: now, expiration: expiration),
                           edits: edits, output: output)
            })
    }

    /// `--set-cookie NAME --destroy`: the header that clears the cookie; no input, no password.
    private func destroy(_ headers: SessionCookieHeaders) throws -> ExitCode {
        if try context.operand() != nil || arguments.has("lines") || arguments.has("set") || arguments.has("set-string") {
            throw CLIError.usage("--destroy prints the header that clears the cookie; it seals nothing, so it takes no input, --lines or --set")
        }
        try context.write(Array((headers.destroyingSetCookie + "\n").utf8))
        return .ok
    }

    private var arguments: ParsedArguments { context.arguments }

    /// The whole input: FILE, else standard input. With `--set` and standard input a terminal,
    /// nothing is read (the payload is built from `--set` alone); on a terminal without `--set`,
    /// a note says how to end the input.
    private func input(operand: String?, edits: PayloadEdits, limits: JSONLimits) throws -> [UInt8] {
        if let operand, operand != "-" {
            var bytes = try Files.read(operand, limit: limits.maximumBytes, what: "file")
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            return bytes
        }
        if context.io.stdinIsTerminal {
            if !edits.isEmpty { return [] }
            context.diagnostics.note("reading JSON from the terminal; end it with Ctrl-D (or give a FILE, or --set PATH=VALUE)")
        }
        return try context.readStandardInput(limit: limits.maximumBytes)
    }
}

/// What `seal` prints for a token: the token, `--link`'s URL, `--template`'s line, or a cookie
/// header.
struct SealOutput {
    let link: LinkTemplate?
    let template: OutputTemplate?
    let cookie: CookieOutput?

    init(_ arguments: ParsedArguments, cookie: CookieOutput?) throws {
        link = try arguments.value("link").map(LinkTemplate.init)
        template = try arguments.value("template").map { try OutputTemplate($0, hasLink: arguments.has("link")) }
        self.cookie = cookie
    }
}

/// Seals one JSON text (a whole input or a line).
final class SealWorker: LineWorker {
    let sealer: Sealer
    let limits: JSONLimits
    let parameters: SealParameters?
    let edits: PayloadEdits
    let output: SealOutput
    private var token: [UInt8] = []

    init(sealer: Sealer, limits: JSONLimits, parameters: SealParameters?, edits: PayloadEdits, output: SealOutput) {
        self.sealer = sealer
        self.limits = limits
        self.parameters = parameters
        self.edits = edits
        self.output = output
    }

    /// The parameters for `--now` and `--expires-at`, or `nil` for the clock and the ttl.
    static func parameters(now: Timestamp?, expiration: Timestamp?) -> SealParameters? {
        guard now != nil || expiration != nil else { return nil }
        return SealParameters(now: now, expiration: expiration.map { .at($0) })
    }

    func process(_ line: Span<UInt8>, into output: inout [UInt8], warnings: inout [String]) throws {
        let document = try self.document(line)
        var edited: [UInt8] = []
        defer { secureZero(&edited) }
        if !edits.isEmpty, let document { edited = document.serialized() }
        if self.output.template == nil && self.output.link == nil && self.output.cookie == nil {
            // The token alone: sealed straight into the output, with no copy.
            let start = output.count
            try seal(line, edited: edited, into: &output)
            if let warning = CookieSize.warning(output.count - start) { warnings.append(warning) }
            return
        }
        token.removeAll(keepingCapacity: true)
        try seal(line, edited: edited, into: &token)
        if let template = self.output.template {
            try template.render(token: token, link: self.output.link, document: document, into: &output)
        } else if let link = self.output.link {
            link.render(token: token, into: &output)
        } else if case .setCookie? = self.output.cookie {
            try self.output.cookie?.render(token: token, into: &output) // refuses what iron-session refuses
        } else {
            // The token in a Cookie header: warn when no browser would keep it.
            try self.output.cookie?.render(token: token, into: &output)
            if let warning = CookieSize.warning(token.count) { warnings.append(warning) }
        }
    }

    /// Seals the line (or its edited form) and appends the token to `output`.
    private func seal(_ line: Span<UInt8>, edited: [UInt8], into output: inout [UInt8]) throws {
        do {
            if edits.isEmpty {
                try sealer.seal(json: line, limits: limits, parameters: parameters, appendingTo: &output)
            } else {
                try sealer.seal(json: edited.span, limits: limits, parameters: parameters, appendingTo: &output)
            }
        } catch {
            throw error.sealFailure()
        }
    }

    /// The input as a value, when `--set` or `--template`'s fields need one (with `--set`, edited).
    private func document(_ line: Span<UInt8>) throws -> JSONValue? {
        guard !edits.isEmpty || output.template?.readsFields == true else { return nil }
        var value = JSONValue.object([])
        if !edits.isEmpty && (0..<line.count).allSatisfy({ ASCII.isJSONWhitespace(line[$0]) }) {
            value = .object([])
        } else {
            do {
                value = try JSONValue(parsing: Bytes.array(line), maximumDepth: limits.maximumDepth)
            } catch {
                throw CLIError(.dataError, "the input is not JSON: \(error)")
            }
        }
        return edits.isEmpty ? value : try edits.apply(to: value)
    }
}
