import Iron

/// `iron seal`: JSON in, token out.
struct SealCommand {
    let context: CommandContext
    static let cookieLimit = 4096

    func run() throws -> ExitCode {
        let arguments = context.arguments
        try context.checkBatchFlags()
        let options = context.options
        let format = options.format(default: .ironSession)
        let sealOptions = try options.sealOptions(base: format.baseOptions)
        let limits = try options.limits()
        let now = arguments.has("now") ? try options.now() : nil
        let link = try arguments.value("link").map(LinkTemplate.init)
        let operand = try context.operand()
        let passwords = try PasswordSource.resolve(arguments, io: context.io, diagnostics: context.diagnostics)
        let makeSealer = try SealerFactory(passwords: passwords, id: arguments.value("id"), format: format, options: sealOptions, clock: context.io.clock)

        var descriptor: Int32 = -1
        if arguments.has("lines"), let operand, operand != "-" { descriptor = try Files.openForReading(operand) }
        defer { if descriptor >= 0 { Files.closeDescriptor(descriptor) } }
        return try context.process(
            limits: limits,
            batchInput: descriptor >= 0 ? FileDescriptorInput(descriptor) : nil,
            singleInput: {
                if let operand, operand != "-" { return try Files.read(operand, limit: limits.maximumBytes, what: "file") }
                return try context.readStandardInput(limit: limits.maximumBytes)
            },
            makeWorker: { SealWorker(sealer: try makeSealer.make(), limits: limits, now: now, link: link) })
    }
}

/// Makes a sealer per thread from the resolved passwords.
struct SealerFactory {
    let password: Password
    let options: SealOptions
    let clock: any IronClock

    init(passwords: PasswordSet, id: String?, format: TokenFormat, options: SealOptions, clock: any IronClock) throws {
        if let id, !Password.isValidId(id) {
            throw CLIError.usage("--id must be letters, digits and '_' (as @hapi/iron requires), not \"\(id.prefix(40))\"")
        }
        switch passwords {
        case .single(var password):
            password.id = id ?? password.id ?? (format == .ironSession ? "1" : nil)
            self.password = password
        case .map(let map):
            if format == .ironSession {
                do {
                    try map.validateForIronSession()
                } catch let error as IronError {
                    throw CLIError(.config, "\(error.reason): iron-session refuses this map", hints: ["--format iron seals a plain @hapi/iron token with any map"])
                }
            }
            guard let chosen = id ?? map.sealingId else {
                throw CLIError(.config, "the password map has no numeric id to seal with (ids: \(map.ids.joined(separator: ", ")))", hints: ["choose one with --id ID"])
            }
            guard let password = map[chosen] else {
                throw CLIError(.config, "the password map has no id \"\(chosen)\" (ids: \(map.ids.joined(separator: ", ")))")
            }
            self.password = password
        }
        self.options = options
        self.clock = clock
        _ = try make() // check the password against the options now, once
    }

    func make() throws -> Sealer {
        do {
            return try Sealer(password: password, options: options, clock: clock)
        } catch let error as IronError {
            throw sealFailure(error)
        }
    }
}

func sealFailure(_ error: IronError) -> CLIError {
    switch error.kind {
    case .emptyPassword: return CLIError(.config, "empty password", hints: passwordHints)
    case .passwordTooShort:
        return CLIError(.config, error.reason.lowercased(), hints: ["generate one with 'iron password'"])
    case .keyTooSmall: return CLIError(.config, "key buffer (password) too small")
    case .invalidPasswordId: return CLIError(.config, "invalid password id: ids are letters, digits and '_'")
    case .invalidJSON:
        let detail = error.json.map { "\($0)" } ?? error.reason
        return CLIError(.dataError, "the input is not JSON: \(detail)")
    default:
        return CLIError(error.exitCode, error.reason.prefix(1).lowercased() + error.reason.dropFirst())
    }
}

/// Seals one JSON text (a whole input or a line).
final class SealWorker: LineWorker {
    let sealer: Sealer
    let limits: JSONLimits
    let now: Int64?
    let link: LinkTemplate?
    private var token: [UInt8] = []

    init(sealer: Sealer, limits: JSONLimits, now: Int64?, link: LinkTemplate?) {
        self.sealer = sealer
        self.limits = limits
        self.now = now
        self.link = link
    }

    func process(_ line: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], warnings: inout [String]) throws {
        let parameters = now.map { SealParameters(now: $0) }
        let start = output.count
        do {
            if let link {
                token.removeAll(keepingCapacity: true)
                try sealer.seal(json: line, limits: limits, parameters: parameters, appendingTo: &token)
                link.render(token: token, into: &output)
            } else {
                try sealer.seal(json: line, limits: limits, parameters: parameters, appendingTo: &output)
            }
        } catch let error as IronError {
            throw sealFailure(error)
        }
        let size = link == nil ? output.count - start : token.count
        if size > SealCommand.cookieLimit {
            warnings.append("the token is \(size) bytes, \(size - SealCommand.cookieLimit) more than the \(SealCommand.cookieLimit) a browser keeps in a cookie")
        }
    }
}

/// `--link TEMPLATE`: the template with `{token}` replaced by the percent-encoded token.
struct LinkTemplate {
    let before: [UInt8]
    let after: [UInt8]

    init(_ template: String) throws {
        let bytes = Array(template.utf8)
        let placeholder = Array("{token}".utf8)
        guard let index = (0...max(0, bytes.count - placeholder.count)).first(where: { bytes.count >= placeholder.count && Array(bytes[$0..<$0 + placeholder.count]) == placeholder }) else {
            throw CLIError.usage("--link needs {token} in its template, as in https://example.com/login?seal={token}")
        }
        before = Array(bytes[..<index])
        after = Array(bytes[(index + placeholder.count)...])
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters (so `*` becomes `%2A`).
    func render(token: [UInt8], into output: inout [UInt8]) {
        let hex = Array("0123456789ABCDEF".utf8)
        output.append(contentsOf: before)
        for byte in token {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E:
                output.append(byte)
            default:
                output.append(0x25)
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 15)])
            }
        }
        output.append(contentsOf: after)
    }
}
