import Iron

/// What every command gets: its arguments, the IO, diagnostics and option readers.
struct CommandContext {
    let arguments: ParsedArguments
    let io: IO
    let diagnostics: Diagnostics
    var options: CommandOptions { CommandOptions(arguments: arguments, io: io, diagnostics: diagnostics) }

    /// Writes to standard output, turning failures into exit 74.
    func write(_ bytes: [UInt8]) throws {
        try io.writeOutput(bytes)
    }

    /// At most one operand.
    func operand() throws -> String? {
        let operands = arguments.operands
        if operands.count > 1 {
            throw CLIError.usage("'iron \(arguments.command.name)' takes at most one \(arguments.command.operand ?? "operand"), not \(operands.count)")
        }
        if arguments.command.operand == nil, let extra = operands.first {
            throw CLIError.usage("'iron \(arguments.command.name)' takes no operand (\"\(extra.prefix(40))\")")
        }
        return operands.first
    }

    /// Runs a command's worker: over every line of `batchInput` with `--lines` (one worker per
    /// thread), else once over the whole of `singleInput()`, printing its output and a newline,
    /// then its warnings (those starting with `note: ` as notes).
    func process(limits: JSONLimits, batchInput: (any ByteInput)? = nil, batchInputName: String = "standard input", singleInput: () throws -> [UInt8],
                 makeWorker: () throws -> any LineWorker) throws -> ExitCode {
        if arguments.has("lines") {
            let workers = try (0..<jobs()).map { _ in try makeWorker() }
            return try LineBatch(io: io, diagnostics: diagnostics, input: batchInput ?? io.stdin, inputName: batchInput == nil ? "standard input" : batchInputName,
                                 keepGoing: arguments.has("keep-going"), maximumLineBytes: limits.maximumBytes, workers: workers).run()
        }
        let input = try singleInput()
        let worker = try makeWorker()
        var output: [UInt8] = []
        var warnings: [String] = []
        try worker.process(input.span, into: &output, warnings: &warnings)
        output.append(0x0A)
        try write(output)
        report(warnings: warnings)
        return .ok
    }

    /// Prints a worker's warnings, those starting with `note: ` as notes.
    func report(warnings: [String], prefix: String = "") {
        for warning in warnings {
            if warning.hasPrefix("note: ") {
                diagnostics.note(prefix + warning.dropFirst(6))
            } else {
                diagnostics.warning(prefix + warning)
            }
        }
    }

    /// At most one operand, and none with `--lines`: then tokens come from standard input only.
    func checkNoOperandWithLines() throws {
        let operand = try operand()
        if arguments.has("lines"), let operand, operand != "-" {
            throw CLIError.usage("with --lines the tokens come from standard input, not an operand")
        }
    }

    /// The batch flags are only for `--lines`.
    func checkBatchFlags() throws {
        if !arguments.has("lines") {
            for name in ["keep-going", "jobs"] where arguments.has(name) {
                throw CLIError.usage("--\(name) works only with --lines")
            }
        }
    }

    /// The number of threads for a batch.
    func jobs() throws -> Int {
        try options.integer("jobs", minimum: 1, maximum: 256) ?? io.processorCount
    }

    /// All of standard input, without a UTF-8 byte order mark at its start.
    func readStandardInput(limit: Int) throws -> [UInt8] {
        do {
            guard var bytes = try io.stdin.readAll(limit: limit) else {
                throw CLIError(.dataError, "the input is larger than the limit of \(limit) bytes", hints: ["raise the limit with --max-size"])
            }
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            return bytes
        } catch let error as SystemError {
            throw CLIError(.noInput, "cannot read standard input: \(error.reason)")
        }
    }
}
