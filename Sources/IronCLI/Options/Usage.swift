/// The text of `iron --help` and `iron COMMAND --help`, generated from ``Spec``.
enum Usage {
    static let version = "0.1.0"

    static var main: String {
        var text = """
        iron \(version): seal and unseal iron tokens (Fe26.2: @hapi/iron, iron-session, iron-webcrypto)

        Usage:
        """
        text += "\n"
        for command in Spec.commands {
            let synopsis = "iron \(command.name) [options]\(command.operand.map { " \($0)" } ?? "")"
            text += "  \(synopsis.padding(to: 34))\(command.summary)\n"
        }
        text += """
          \("iron help [COMMAND]".padding(to: 34))show help for a command
          \("iron --version".padding(to: 34))print the version

        Passwords come from --password-file FILE, --password-env NAME or --password-fd N,
        else from IRON_PASSWORD_FILE (a file's path) or IRON_PASSWORD, else from a prompt on the
        terminal. Never from the command line.
        A password map is {"2": "...", "1": "..."} (the highest id seals), iron-store's list
        [{"id": 2, "password": "..."}] (the first seals), or one {"id": "k1", "secret": "..."}.

        Exit status: 0 ok, 1 token rejected, 2 expired, 3 no password for the token's id,
        64 usage, 65 bad input data, 66 unreadable file, 70 internal, 74 output error,
        78 password configuration.

        Run 'iron COMMAND --help' for a command's options, 'man iron' for everything.

        """
        return text
    }

    static func command(_ command: CommandSpec) -> String {
        var text = "Usage: iron \(command.name) [options]\(command.operand.map { " \($0)" } ?? "")\n\n"
        text += command.summary.prefix(1).uppercased() + command.summary.dropFirst() + ".\n"
        for line in command.description { text += line + "\n" }
        text += "\nOptions:\n"
        for option in command.options {
            text += "  \(option.usage.padding(to: 30))\(option.help)\n"
        }
        return text
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self + "  " : self + String(repeating: " ", count: width - count)
    }
}
