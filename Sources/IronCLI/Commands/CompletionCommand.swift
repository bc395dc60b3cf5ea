/// `iron completion SHELL`: print the completion script for bash, zsh or fish, generated from the
/// option table (the same text completions/ holds and `make install` installs).
struct CompletionCommand {
    let context: CommandContext

    func run() throws -> ExitCode {
        let shells = CompletionShell.allCases.map(\.rawValue)
        let list = shells.dropLast().joined(separator: ", ") + " or " + (shells.last ?? "")
        guard let name = try context.operand() else {
            throw CLIError.usage("'iron completion' needs a SHELL: \(list)",
                                 hints: ["for example: source <(iron completion bash)"])
        }
        guard let shell = CompletionShell(rawValue: name) else {
            throw CLIError.usage("unknown shell '\(name.prefix(40))' for 'iron completion'",
                                 hints: ["the shells are \(shells.joined(separator: ", "))"])
        }
        try context.write(Array(shell.script.utf8))
        return .ok
    }
}
