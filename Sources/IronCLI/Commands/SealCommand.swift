import Iron

/// `iron seal`: JSON in, token out.
struct SealCommand {
    let context: CommandContext

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

/// Seals one JSON text (a whole input or a line).
final class SealWorker: LineWorker {
    let sealer: Sealer
    let limits: JSONLimits
    let now: Timestamp?
    let link: LinkTemplate?
    private var token: [UInt8] = []

    init(sealer: Sealer, limits: JSONLimits, now: Timestamp?, link: LinkTemplate?) {
        self.sealer = sealer
        self.limits = limits
        self.now = now
        self.link = link
    }

    func process(_ line: Span<UInt8>, into output: inout [UInt8], warnings: inout [String]) throws {
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
        } catch {
            throw error.sealFailure()
        }
        if let warning = CookieSize.warning(link == nil ? output.count - start : token.count) { warnings.append(warning) }
    }
}

