import Iron

/// The shared run of `unseal`, `inspect` and `reseal`: a batch of lines (`--lines`), every token
/// of the input (`--all`), or the one token of the input.
struct TokenRun {
    let context: CommandContext
    let limits: JSONLimits
    /// `--json`: `--all` writes a JSON record per token.
    let json: Bool

    /// Runs the command.
    ///
    /// - Parameter makeWorker: A worker that finds its token as the picker says, writing one line
    ///   per token when `oneLine` (a batch or `--all`).
    func run(makeWorker: (_ picker: TokenPicker, _ oneLine: Bool) throws -> any LineWorker) throws -> ExitCode {
        let arguments = context.arguments
        if arguments.has("lines") {
            for name in ["all", "from-browser"] where arguments.has(name) {
                throw CLIError.usage("--\(name) reads one input, so it does not work with --lines")
            }
            return try context.process(limits: limits, singleInput: { [] }) {
                try makeWorker(.search(cookie: arguments.value("cookie")), true)
            }
        }
        let found = try TokenSources(context: context).find(limit: limits.maximumBytes)
        if arguments.has("all") {
            return try each(try TokenSelection.all(found, cookie: arguments.value("cookie")), worker: try makeWorker(.given, true))
        }
        var notes: [String] = []
        let chosen = try TokenSelection.one(found, cookie: arguments.value("cookie"), notes: &notes)
        for note in notes { context.diagnostics.note(note) }
        return try context.process(limits: limits, singleInput: { chosen.token }) { try makeWorker(.given, false) }
    }

    /// `--all`: a line per token, `NAME<TAB>WHERE<TAB>OUTPUT` or a JSON record with `cookie` and
    /// `origin`; a token that fails is reported and the others go on. The status is the first
    /// failure's.
    private func each(_ tokens: [FoundToken], worker: any LineWorker) throws -> ExitCode {
        var firstFailure: ExitCode?
        for found in tokens {
            let label = "\(found.name ?? "a bare token") (\(found.origin))"
            var output: [UInt8] = [], warnings: [String] = []
            do {
                try worker.process(found.token.span, into: &output, warnings: &warnings)
                try context.write(line(found, output: output))
                context.report(warnings: warnings, prefix: label + ": ")
            } catch {
                let failure = error as? CLIError ?? CLIError(.software, "\(error)")
                firstFailure = firstFailure ?? failure.exitCode
                if json {
                    try context.write(failureRecord(found, failure))
                } else {
                    context.diagnostics.error("\(label): \(failure.message)")
                }
            }
        }
        return firstFailure ?? .ok
    }

    private func line(_ found: FoundToken, output: [UInt8]) -> [UInt8] {
        if json, output.first == UInt8(ascii: "{") {
            var record = JSONRecord()
            record.add("cookie", string: found.name)
            record.add("origin", string: found.origin)
            return record.merging(object: output) + [0x0A]
        }
        return Array("\(found.name ?? "-")\t\(found.origin)\t".utf8) + output + [0x0A]
    }

    private func failureRecord(_ found: FoundToken, _ failure: CLIError) -> [UInt8] {
        var record = JSONRecord()
        record.add("cookie", string: found.name)
        record.add("origin", string: found.origin)
        record.add("error", .object([.init("status", .number(String(failure.exitCode.rawValue))), .init("message", .string(failure.message))]))
        return record.text(pretty: false) + [0x0A]
    }
}
