import Iron

/// Runs `iron` with `arguments` (the program name first, as in `CommandLine.arguments`) over `io`,
/// and returns the exit status. Never exits the process and never crashes on bad input.
///
/// - Parameters:
///   - arguments: The command line, program name first.
///   - io: The streams, environment, terminal and clock.
/// - Returns: The exit status (see ``ExitCode``).
public func run(_ arguments: [String], io: IO) -> Int32 {
    let diagnostics = Diagnostics(io: io)
    var status: ExitCode
    do {
        status = try dispatch(arguments.dropFirst(), io: io, diagnostics: diagnostics)
    } catch let error as CLIError {
        diagnostics.report(error)
        status = error.exitCode
    } catch let error as IronError {
        diagnostics.report(CLIError(error.exitCode, error.sentence))
        status = error.exitCode
    } catch {
        diagnostics.error("internal error: \(error)")
        status = .software
    }
    do {
        try io.flushOutput()
    } catch let error as CLIError {
        if status == .ok {
            diagnostics.report(error)
            status = error.exitCode
        }
    } catch {}
    // Whatever went to standard error (the usage text, say) reaches the screen on every path.
    try? io.stderr.flush()
    return status.rawValue
}

private func dispatch(_ arguments: ArraySlice<String>, io: IO, diagnostics: Diagnostics) throws -> ExitCode {
    guard let first = arguments.first else {
        try io.stderr.write(Usage.main)
        return .usage
    }
    switch first {
    case "--help", "-h":
        try output(Usage.main, io)
        return .ok
    case "--version", "-V", "version":
        // The libraries' versions too: a static build carries its own OpenSSL and SQLite.
        try output("iron \(Usage.version) (\(OpenSSLLibrary.version), SQLite \(SQLiteDatabase.libraryVersion))\n", io)
        return .ok
    case "help":
        let rest = arguments.dropFirst()
        guard let name = rest.first else {
            try output(Usage.main, io)
            return .ok
        }
        guard let command = Spec.command(named: name) else { throw unknownCommand(name) }
        try output(Usage.command(command), io)
        return .ok
    default:
        break
    }
    guard let command = Spec.command(named: first) else {
        if first.hasPrefix("-") {
            throw CLIError.usage("a command must come first, before options such as \(first.prefix(40))", hints: ["run 'iron --help' for the commands"])
        }
        throw unknownCommand(first)
    }
    let parsed = try ArgumentParser.parse(arguments.dropFirst(), for: command)
    if parsed.has("help") {
        try output(Usage.command(command), io)
        return .ok
    }
    var diagnostics = diagnostics
    diagnostics.quiet = parsed.has("quiet")
    guard let path = parsed.value("output") else {
        return try runCommand(CommandContext(arguments: parsed, io: io, diagnostics: diagnostics))
    }
    return try runCommand(parsed, io: io, diagnostics: diagnostics, output: path)
}

/// `--output FILE`: the command writes into a replacement of FILE, put in place only when the
/// command completed (with --keep-going or --all, also when some inputs failed).
private func runCommand(_ parsed: ParsedArguments, io: IO, diagnostics: Diagnostics, output path: String) throws -> ExitCode {
    if path.isEmpty || path == "-" {
        return try runCommand(CommandContext(arguments: parsed, io: io, diagnostics: diagnostics))
    }
    if parsed.has("map") {
        throw CLIError.usage("--output and --map both name a file to write; --map prints only the new id")
    }
    let file = try ReplacementFile(path: path)
    var redirected = io
    redirected.stdout = file
    redirected.stdoutName = path
    redirected.stdoutIsTerminal = false
    let status: ExitCode
    do {
        status = try runCommand(CommandContext(arguments: parsed, io: redirected, diagnostics: Diagnostics(io: redirected, quiet: diagnostics.quiet)))
    } catch let error as CLIError where error.hints.count < 2 {
        file.discard()
        throw CLIError(error.exitCode, error.message, hints: error.hints + ["\(path) was left as it was"])
    }
    guard status == .ok || parsed.has("keep-going") || parsed.has("all") else {
        file.discard()
        diagnostics.note("\(path) was left as it was")
        return status
    }
    try file.commit()
    return status
}

private func runCommand(_ context: CommandContext) throws -> ExitCode {
    switch context.arguments.command.name {
    case "seal": return try SealCommand(context: context).run()
    case "unseal": return try UnsealCommand(context: context).run()
    case "inspect": return try InspectCommand(context: context).run()
    case "reseal": return try ResealCommand(context: context).run()
    case "password": return try PasswordCommand(context: context).run()
    case "completion": return try CompletionCommand(context: context).run()
    default: throw CLIError(.software, "command \(context.arguments.command.name) has no implementation")
    }
}

/// Words people try for a command, and what to run instead.
private let commandAliases: [String: String] = [
    "decode": "unseal (to read the payload) or inspect (to see the token's fields)",
    "decrypt": "unseal", "open": "unseal", "verify": "unseal, or inspect with a password",
    "show": "inspect", "info": "inspect", "parse": "inspect",
    "encode": "seal", "encrypt": "seal", "sign": "seal", "create": "seal",
    "generate": "password", "keygen": "password", "genpass": "password",
    "rotate": "password --map (to add a password) and reseal (to move tokens to it)",
]

private func unknownCommand(_ name: String) -> CLIError {
    let shown = name.prefix(40)
    if let instead = commandAliases[name.lowercased()] {
        return CLIError.usage("unknown command '\(shown)'; iron calls it \(instead)", hints: ["run 'iron --help' for the commands"])
    }
    if let suggestion = ArgumentParser.closest(to: name, among: Spec.commands.map(\.name)) {
        return CLIError.usage("unknown command '\(shown)'; did you mean '\(suggestion)'?")
    }
    let names = Spec.commands.map(\.name)
    return CLIError.usage("unknown command '\(shown)'", hints: ["the commands are \(names.dropLast().joined(separator: ", ")) and \(names.last ?? "")"])
}

private func output(_ text: String, _ io: IO) throws {
    try io.writeOutput(Array(text.utf8))
}
