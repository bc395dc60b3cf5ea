/// The zsh script: `_iron` completes the command, then `_iron_COMMAND` calls `_arguments` with
/// one spec per option (`'(-q --quiet)'{-q,--quiet}'[help]'`) and one for the operand.
enum ZshCompletion {
    static func script() -> String {
        var text = "#compdef iron\n" + Completion.header(.zsh, install: install) + "\n" + commandsFunction
        for command in Spec.commands {
            text += function(command)
        }
        return text + helpFunction + main
    }

    private static let install = [
        "Install as _iron in a directory of $fpath (such as /usr/local/share/zsh/site-functions)",
        "before compinit runs, or write it to one with",
        "  iron completion zsh > ~/.zfunc/_iron",
    ]

    private static var commandsFunction: String {
        let items = Completion.commands.map { "    " + Completion.singleQuoted(describeEscaped($0.name) + ":" + $0.summary) + "\n" }
        return """
        _iron_commands() {
          local -a commands
          commands=(
        \(items.joined())  )
          _describe -t commands 'iron command' commands
        }


        """
    }

    /// `_iron_seal() { _arguments ... }`: every option, then the operand.
    private static func function(_ command: CommandSpec) -> String {
        var specs = command.options.map { spec($0, exclusions: exclusions($0, in: command)) }
        if let operand = operandSpec(command.operand) { specs.append(operand) }
        let lines = specs.map { "    " + $0 }.joined(separator: " \\\n")
        return "_iron_\(command.name)() {\n  _arguments -s -S : \\\n\(lines)\n}\n\n"
    }

    /// `'(-f --password-file --password-env --password-fd)'{-f+,--password-file=}'[help]:file:_files'`
    static func spec(_ option: OptionSpec, exclusions: String) -> String {
        let prefix = exclusions + (option.repeatable ? "*" : "")
        let suffix = "[" + bracketEscaped(option.help) + "]" + argument(option)
        let long = "--" + option.name + (option.takesValue ? "=" : "")
        guard let short = option.short else {
            return Completion.singleQuoted(prefix + long + suffix)
        }
        let shortName = "-" + String(short) + (option.takesValue ? "+" : "")
        return Completion.singleQuoted(prefix) + "{\(shortName),\(long)}" + Completion.singleQuoted(suffix)
    }

    /// `(- *)` for --help (nothing else then), `(-q --quiet)` for other spellings or options of
    /// the same exclusive group; nothing when only the option itself is ruled out (zsh offers no
    /// option twice unless its spec starts with `*`).
    private static func exclusions(_ option: OptionSpec, in command: CommandSpec) -> String {
        if option.name == Spec.help.name { return "(- *)" }
        let excluded = Completion.excluded(by: option, in: command)
        return excluded.count > 1 ? "(" + excluded.joined(separator: " ") + ")" : ""
    }

    /// `:message:action` for an option's value (`:same site:(lax strict none)`); nothing for a flag.
    private static func argument(_ option: OptionSpec) -> String {
        let value = CompletionValue(option)
        guard value != .none else { return "" }
        // The message zsh shows over the candidates, or alone: the option's name in words.
        return ":" + describeEscaped(option.name.replacing("-", with: " ")) + ":" + action(value)
    }

    private static func action(_ value: CompletionValue) -> String {
        switch value {
        case .none, .unlisted: " "
        case .files: "_files"
        case .words(let words): "(" + words.joined(separator: " ") + ")"
        case .environmentVariables: #"_parameters -g "*export*""#
        }
    }

    /// `'1::file:_files'`: the operand, optional when it is shown in brackets.
    private static func operandSpec(_ operand: String?) -> String? {
        guard let operand else { return nil }
        let optional = operand.hasPrefix("[")
        let name = operand.filter { $0 != "[" && $0 != "]" }.lowercased()
        return Completion.singleQuoted("1:" + (optional ? ":" : "") + describeEscaped(name) + ":" + action(CompletionValue(operand: operand)))
    }

    private static var helpFunction: String {
        let names = Spec.commands.map(\.name).joined(separator: " ")
        return """
        _iron_\(Completion.help.name)() {
          _arguments \\
            '1:command:(\(names))'
        }


        """
    }

    private static var main: String {
        let globals = Completion.globalOptions.map { spec($0, exclusions: "(- *)") }.map { "    " + $0 + " \\\n" }.joined()
        let names = Completion.commands.map(\.name).joined(separator: "|")
        return """
        _iron() {
          local curcontext=$curcontext state state_descr line ret=1
          typeset -A opt_args

          _arguments -C \\
        \(globals)    '1:command:_iron_commands' \\
            '*:: :->argument' && ret=0

          case $state in
            (argument)
              curcontext=${curcontext%:*:*}:iron-$words[1]:
              case $words[1] in
                (\(names))
                  _iron_$words[1] && ret=0
                  ;;
              esac
              ;;
          esac
          return ret
        }

        _iron "$@"

        """
    }

    /// Text inside `[...]` of a spec: `\`, `[` and `]` escaped.
    private static func bracketEscaped(_ text: String) -> String {
        var result = ""
        for character in text {
            if character == "\\" || character == "[" || character == "]" { result.append("\\") }
            result.append(character)
        }
        return result
    }

    /// A message or a `_describe` name: `\` and `:` escaped.
    private static func describeEscaped(_ text: String) -> String {
        var result = ""
        for character in text {
            if character == "\\" || character == ":" { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
