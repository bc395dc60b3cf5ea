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
        try output("iron \(Usage.version)\n", io)
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
    let context = CommandContext(arguments: parsed, io: io, diagnostics: diagnostics)
    switch command.name {
    case "seal": return try SealCommand(context: context).run()
    case "unseal": return try UnsealCommand(context: context).run()
    case "inspect": return try InspectCommand(context: context).run()
    case "reseal": return try ResealCommand(context: context).run()
    case "password": return try PasswordCommand(context: context).run()
    default: throw CLIError(.software, "command \(command.name) has no implementation")
    }
}

private func unknownCommand(_ name: String) -> CLIError {
    let shown = name.prefix(40)
    if let suggestion = ArgumentParser.closest(to: name, among: Spec.commands.map(\.name)) {
        return CLIError.usage("unknown command '\(shown)'; did you mean '\(suggestion)'?")
    }
    return CLIError.usage("unknown command '\(shown)'", hints: ["the commands are seal, unseal, inspect, reseal and password"])
}

private func output(_ text: String, _ io: IO) throws {
    try io.writeOutput(Array(text.utf8))
}
