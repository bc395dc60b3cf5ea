import Foundation
import Testing
@testable import IronCLI

// The completion files driven by real shells: bash calls _iron with COMP_WORDS set, fish answers
// `complete -C`, and zsh completes what is typed into an interactive shell on a pseudo-terminal
// (zsh/zpty) with the real compinit. A missing shell skips its test, unless IRON_REQUIRE_SHELLS=1.
// The files are what `iron completion SHELL` prints, which is checked here too.

/// One completion to try: what is on the line, and what must be offered.
private struct CompletionCase: CustomStringConvertible {
    /// The words up to the cursor; the last one is the word being completed.
    var words: [String]
    /// The candidates offered, in any order.
    var expected: Set<String>
    /// zsh only: what the line must be after one TAB, when the completion is unique.
    var line: String?

    var text: String { words.joined(separator: " ") }
    var description: String { "\"\(text)\"" }
}

private enum Cases {
    static let commands: Set<String> = ["seal", "unseal", "inspect", "reseal", "password", "completion", "help"]
    static let names: Set<String> = Set(Spec.commands.map(\.name))
    /// A file in the scratch directory the shells complete in.
    static let file = "vectors.json"
    /// An exported variable of the shells' environment, for --password-env.
    static let variable = "IRON_COMPLETION_TEST_SECRET"
    static let browsers: Set<String> = ["firefox", "chromium", "chrome"]

    /// What every shell must complete alike.
    static var common: [CompletionCase] {
        var cases: [CompletionCase] = [
            CompletionCase(words: ["iron", "un"], expected: ["unseal"], line: "iron unseal "),
            CompletionCase(words: ["iron", "sea"], expected: ["seal"], line: "iron seal "),
            CompletionCase(words: ["iron", ""], expected: commands),
            CompletionCase(words: ["iron", "--"], expected: DocsSupport.globalFlags),
            CompletionCase(words: ["iron", "seal", "--form"], expected: ["--format"]),
            CompletionCase(words: ["iron", "password", "--cha"], expected: ["--charset"]),
            CompletionCase(words: ["iron", "help", ""], expected: names),
            CompletionCase(words: ["iron", "seal", "--ttl", ""], expected: []),
            CompletionCase(words: ["iron", "seal", "--password-file", "vec"], expected: [file], line: "iron seal --password-file \(file) "),
            CompletionCase(words: ["iron", "password", "--map", "vec"], expected: [file], line: "iron password --map \(file) "),
            CompletionCase(words: ["iron", "seal", "vec"], expected: [file], line: "iron seal \(file) "),
            CompletionCase(words: ["iron", "unseal", "vec"], expected: []),
            // Options of the newer commands and tables: long names, short letters, their values.
            CompletionCase(words: ["iron", "comp"], expected: ["completion"], line: "iron completion "),
            CompletionCase(words: ["iron", "completion", ""], expected: ["bash", "zsh", "fish"]),
            CompletionCase(words: ["iron", "completion", "z"], expected: ["zsh"], line: "iron completion zsh "),
            CompletionCase(words: ["iron", "seal", "--sa"], expected: ["--salt-bits", "--same-site"]),
            CompletionCase(words: ["iron", "seal", "--same"], expected: ["--same-site"], line: "iron seal --same-site="),
            CompletionCase(words: ["iron", "seal", "--same-site", "st"], expected: ["strict"], line: "iron seal --same-site strict "),
            CompletionCase(words: ["iron", "unseal", "--from-browser", ""], expected: browsers),
            CompletionCase(words: ["iron", "inspect", "-b", "chr"], expected: ["chromium", "chrome"]),
            CompletionCase(words: ["iron", "unseal", "--password-env", "IRON_COMPLETION_T"], expected: [variable],
                           line: "iron unseal --password-env \(variable) "),
            CompletionCase(words: ["iron", "seal", "-f", "vec"], expected: [file], line: "iron seal -f \(file) "),
            CompletionCase(words: ["iron", "password", "-o", "vec"], expected: [file], line: "iron password -o \(file) "),
            CompletionCase(words: ["iron", "unseal", "--output", "vec"], expected: [file], line: "iron unseal --output \(file) "),
            CompletionCase(words: ["iron", "seal", "-t", ""], expected: []),
            CompletionCase(words: ["iron", "unseal", "-c", ""], expected: []),
            CompletionCase(words: ["iron", "unseal", "-j", ""], expected: []),
            // --set may be given again.
            CompletionCase(words: ["iron", "seal", "--set", "a=1", "--set"], expected: ["--set", "--set-string", "--set-cookie"]),
        ]
        for command in Spec.commands {
            cases.append(CompletionCase(words: ["iron", command.name, "--"], expected: longFlags(command)))
            // A single dash: the short options and the long ones.
            cases.append(CompletionCase(words: ["iron", command.name, "-"], expected: DocsSupport.completionFlags(of: command)))
            for option in command.options where !option.choices.isEmpty {
                cases.append(CompletionCase(words: ["iron", command.name, "--" + option.name, ""], expected: Set(option.choices)))
            }
        }
        return cases
    }

    /// What bash and zsh leave out once an option is given: its other spelling, its group.
    static var exclusions: [CompletionCase] {
        [
            CompletionCase(words: ["iron", "unseal", "--pretty", "--comp"], expected: []),
            CompletionCase(words: ["iron", "seal", "--password-file", "x", "--password-"], expected: []),
            CompletionCase(words: ["iron", "inspect", "-f", "x", "--password-"], expected: []),
            CompletionCase(words: ["iron", "seal", "-q", "--qu"], expected: []),
            CompletionCase(words: ["iron", "unseal", "--all", "--al"], expected: ["--algorithm"]),
            CompletionCase(words: ["iron", "reseal", "--ttl", "5m", "-"],
                           expected: DocsSupport.completionFlags(of: Spec.reseal).subtracting(["-t", "--ttl"])),
        ]
    }

    static func longFlags(_ command: CommandSpec) -> Set<String> { Set(command.options.map { "--" + $0.name }) }

    /// The shells' environment: no user configuration, a scratch HOME, and `variable`.
    static func environment(home: String) -> [String: String] {
        DocsSupport.shellEnvironment(home: home).merging([variable: "not-a-real-password"]) { $1 }
    }

    /// A scratch directory holding `file` and another file, and a scratch HOME.
    static func scratch() throws -> (directory: String, home: String) {
        let directory = try DocsSupport.temporaryDirectory()
        _ = FileManager.default.createFile(atPath: directory + "/" + file, contents: Data("{}\n".utf8))
        _ = FileManager.default.createFile(atPath: directory + "/notes.txt", contents: Data())
        let home = directory + "/home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        return (directory, home)
    }

    /// Splits output made of `marker N` lines, each followed by that case's candidates.
    static func split(_ output: String, marker: String, count: Int) -> [[String]] {
        var results = [[String]](repeating: [], count: count)
        var current: Int?
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(marker), let index = Int(line.dropFirst(marker.count)), index < count {
                current = index
            } else if let current, !line.isEmpty {
                results[current].append(String(line))
            }
        }
        return results
    }
}

@Suite("The completion files complete in real shells")
struct ShellCompletionTests {
    // MARK: iron completion SHELL

    @Test("iron completion SHELL prints completions/FILE byte for byte", arguments: CompletionShell.allCases)
    func commandPrintsTheFile(shell: CompletionShell) throws {
        let result = iron(["completion", shell.rawValue])
        let file = try Data(contentsOf: URL(fileURLWithPath: DocsSupport.path("completions/" + shell.fileName)))
        #expect(result.status == 0 && result.stderr.isEmpty, "iron completion \(shell.rawValue): \(result.stderr)")
        #expect(result.stdoutBytes == Array(file),
                "completions/\(shell.fileName) is not what 'iron completion \(shell.rawValue)' prints: run scripts/completions")
        #expect(result.stdout.contains("Generated by `iron completion \(shell.rawValue)`"))
    }

    @Test("iron completion without a shell, or with an unknown one, is a usage error (64) naming the shells",
          arguments: [[], ["ksh"], ["Bash"], ["-"], ["powershell"]])
    func commandRejectsUnknownShells(operands: [String]) {
        let result = iron(["completion"] + operands)
        #expect(result.status == 64)
        #expect(result.stdoutBytes.isEmpty)
        #expect(result.stderrLines.filter { $0.hasPrefix("iron: error: ") }.count == 1, "\(result.stderrLines)")
        #expect(result.stderrLines.first?.hasPrefix("iron: error: ") == true)
        for shell in CompletionShell.allCases {
            #expect(result.stderr.contains(shell.rawValue), "the message does not name \(shell.rawValue): \(result.stderr)")
        }
    }

    @Test("iron completion takes one shell and no unknown option; --help and -h show its usage")
    func commandOperandsAndOptions() {
        let two = iron("completion", "bash", "zsh")
        #expect(two.status == 64 && two.stdoutBytes.isEmpty && two.stderrLines.count == 1)
        let option = iron("completion", "--quiet", "bash")
        #expect(option.status == 64 && option.stdoutBytes.isEmpty)
        #expect(option.stderrLines.filter { $0.hasPrefix("iron: error: ") }.count == 1)
        for flag in ["--help", "-h"] {
            let help = iron("completion", flag)
            #expect(help.status == 0 && help.stdout.hasPrefix("Usage: iron completion [options] SHELL"))
        }
    }

    /// bash completes an option's value by the option alone (one `case $prev`), whatever the
    /// command: each spelling must take the same kind of value in every command.
    @Test("Each option spelling takes the same kind of value, and each short letter names the same option, in every command")
    func valuesAgreeAcrossCommands() {
        var kinds: [String: (CompletionValue, String)] = [:]
        var letters: [Character: String] = [:]
        for command in Spec.commands {
            for option in command.options {
                if let short = option.short {
                    #expect(letters[short, default: option.name] == option.name, "-\(short) names two options")
                    letters[short] = option.name
                }
                for word in Completion.spellings(option) {
                    if let (kind, first) = kinds[word] {
                        #expect(kind == CompletionValue(option), "\(word) of iron \(command.name) and of iron \(first) take different values")
                    } else {
                        kinds[word] = (CompletionValue(option), command.name)
                    }
                }
            }
        }
    }

    // MARK: The files in real shells

    @Test("bash: _iron fills COMPREPLY", .enabled(if: DocsSupport.shouldRun(with: "bash"), "bash is not installed"))
    func bash() throws {
        guard let bash = DocsSupport.requireTool("bash") else { return }
        var cases = Cases.common
        // bash splits --name=value at '=' (COMP_WORDBREAKS), or keeps it whole without it.
        cases.append(CompletionCase(words: ["iron", "seal", "--format", "="], expected: ["iron-session", "iron"]))
        cases.append(CompletionCase(words: ["iron", "seal", "--format", "=", "iron-"], expected: ["iron-session"]))
        cases.append(CompletionCase(words: ["iron", "unseal", "--algorithm=aes-1"], expected: ["--algorithm=aes-128-ctr"]))
        // An option is not offered twice; inspect has no --format.
        cases.append(CompletionCase(words: ["iron", "seal", "--lines", "--line"], expected: []))
        cases.append(CompletionCase(words: ["iron", "seal", "--lines", "--li"], expected: ["--link"]))
        cases.append(CompletionCase(words: ["iron", "inspect", "--format", ""], expected: []))
        // Options that exclude each other.
        cases += Cases.exclusions
        // One operand: nothing after it.
        cases.append(CompletionCase(words: ["iron", "completion", "bash", ""], expected: []))
        cases.append(CompletionCase(words: ["iron", "completion", "-h", "z"], expected: ["zsh"]))

        func quote(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'" }
        var script = """
        source \(quote(DocsSupport.path("completions/iron.bash"))) || exit 3
        complete -p iron
        try() {
            COMP_WORDS=("${@:2}")
            COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
            COMP_LINE="${COMP_WORDS[*]}"
            COMP_POINT=${#COMP_LINE}
            COMPREPLY=()
            _iron iron "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\\n' "<<<CASE $1" "${COMPREPLY[@]}"
        }

        """
        for (index, item) in cases.enumerated() {
            script += "try \(index) " + item.words.map(quote).joined(separator: " ") + "\n"
        }
        let (directory, home) = try Cases.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = try DocsSupport.run(bash, ["--norc", "--noprofile", "-c", script], directory: directory,
                                         environment: Cases.environment(home: home))
        #expect(output.status == 0 && !output.timedOut, "bash failed: \(output.stderr)")
        #expect(output.stderr.isEmpty, "bash wrote errors: \(output.stderr)")
        #expect(output.stdout.hasPrefix("complete -F _iron iron\n"), "complete -p iron: \(output.stdout.prefix(80))")
        let results = Cases.split(output.stdout, marker: "<<<CASE ", count: cases.count)
        for (item, offered) in zip(cases, results) {
            #expect(Set(offered) == item.expected, "bash completes \(item): \(DocsSupport.difference(Set(offered), item.expected))")
            #expect(Set(offered).count == offered.count, "bash offers a candidate twice for \(item)")
        }
    }

    @Test("fish: complete -C lists the candidates", .enabled(if: DocsSupport.shouldRun(with: "fish"), "fish is not installed"))
    func fish() throws {
        guard let fish = DocsSupport.requireTool("fish") else { return }
        var cases = Cases.common
        cases.append(CompletionCase(words: ["iron", "seal", "--format="], expected: ["--format=iron-session", "--format=iron"]))
        cases.append(CompletionCase(words: ["iron", "unseal", "--algorithm", ""], expected: ["aes-256-cbc", "aes-128-ctr"]))
        cases.append(CompletionCase(words: ["iron", "completion", "bash", ""], expected: []))
        cases.append(CompletionCase(words: ["iron", "help", "seal", ""], expected: []))

        func quote(_ text: String) -> String {
            "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        }
        var script = "source \(quote(DocsSupport.path("completions/iron.fish"))); or exit 3\n"
        for (index, item) in cases.enumerated() {
            script += "echo '<<<CASE \(index)'; complete -C \(quote(item.text))\n"
        }
        let (directory, home) = try Cases.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = try DocsSupport.run(fish, ["--no-config", "-c", script], directory: directory,
                                         environment: Cases.environment(home: home))
        #expect(output.status == 0 && !output.timedOut, "fish failed: \(output.stderr)")
        #expect(output.stderr.isEmpty, "fish wrote errors: \(output.stderr)")
        let results = Cases.split(output.stdout, marker: "<<<CASE ", count: cases.count)
        for (item, lines) in zip(cases, results) {
            // Each line is a candidate, then a tab and its description.
            let offered = lines.map { String($0.prefix { $0 != "\t" }) }
            #expect(Set(offered) == item.expected, "fish completes \(item): \(DocsSupport.difference(Set(offered), item.expected))")
        }
    }

    @Test("zsh: _iron loads under compinit without errors", .enabled(if: DocsSupport.shouldRun(with: "zsh"), "zsh is not installed"))
    func zshLoads() throws {
        guard let zsh = DocsSupport.requireTool("zsh") else { return }
        let (directory, home) = try Cases.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let environment = DocsSupport.shellEnvironment(home: home)
        let syntax = try DocsSupport.run(zsh, ["-f", "-n", DocsSupport.path("completions/_iron")], environment: environment)
        #expect(syntax.status == 0 && syntax.stderr.isEmpty, "zsh -n completions/_iron: \(syntax.stderr)")
        let script = """
        fpath=(\(DocsSupport.path("completions")) $fpath)
        autoload -U compinit && compinit -u -D
        print -r -- "iron: $_comps[iron]"
        autoload -Uz +X _iron && print -r -- loaded
        """
        let output = try DocsSupport.run(zsh, ["-f", "-c", script], directory: directory, environment: environment)
        #expect(output.status == 0 && !output.timedOut)
        #expect(output.stderr.isEmpty, "zsh wrote errors: \(output.stderr)")
        #expect(output.stdout == "iron: _iron\nloaded\n")
    }

    @Test("zsh: TAB completes in an interactive zsh on a pseudo-terminal",
          .enabled(if: DocsSupport.shouldRun(with: "zsh"), "zsh is not installed"))
    func zshCompletes() throws {
        guard let zsh = DocsSupport.requireTool("zsh") else { return }
        var cases = Cases.common
        cases.append(CompletionCase(words: ["iron", "seal", "--format="], expected: ["iron-session", "iron"]))
        // Options that exclude each other.
        cases += Cases.exclusions
        cases.append(CompletionCase(words: ["iron", "password", "--ch"], expected: ["--charset"], line: "iron password --charset="))
        // The operand once: after it, no shell (zsh offers the options when nothing else fits).
        cases.append(CompletionCase(words: ["iron", "completion", "bash", ""], expected: ["-h", "--help"]))

        let (directory, home) = try Cases.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let results = directory + "/results"
        let driver = directory + "/drive.zsh"
        try Self.zptyDriver.write(toFile: driver, atomically: true, encoding: .utf8)
        let output = try DocsSupport.run(zsh, ["-f", driver, DocsSupport.path("completions"), results] + cases.map(\.text),
                                         directory: directory, environment: Cases.environment(home: home), timeout: 30)
        #expect(output.status == 0 && !output.timedOut, "the zsh driver failed (\(output.status)): \(output.stderr)")
        let text = (try? String(contentsOfFile: results, encoding: .utf8)) ?? ""
        // Per case: MATCH:candidate lines, then BUFFER:the line after TAB, then END.
        let blocks = text.components(separatedBy: "END\n").dropLast()
        #expect(blocks.count == cases.count, "zsh answered \(blocks.count) of \(cases.count) cases")
        for (item, block) in zip(cases, blocks) {
            let lines = block.split(separator: "\n")
            let offered = lines.filter { $0.hasPrefix("MATCH:") }.map { String($0.dropFirst(6)) }
            let buffer = lines.first { $0.hasPrefix("BUFFER:") }.map { String($0.dropFirst(7)) } ?? "(none)"
            #expect(Set(offered) == item.expected, "zsh completes \(item): \(DocsSupport.difference(Set(offered), item.expected))")
            if let line = item.line {
                #expect(buffer == line, "zsh turns \(item) into \"\(buffer)\"")
            }
        }
    }

    /// Starts `zsh -f -i` on a pseudo-terminal, loads compinit with the completions first in
    /// fpath, records every candidate compadd adds, and types each case followed by TAB and ^B,
    /// a key bound to a widget that records the line and clears it.
    /// Usage: zsh -f drive.zsh COMPLETIONS_DIR RESULTS_FILE 'line' ...
    static let zptyDriver = #"""
    zmodload zsh/zpty || exit 3
    dir=$1 out=$2
    shift 2
    : >| $out
    zpty -b iron zsh -f -i || exit 4
    zpty -w iron "PS1='> '; RPS1=''; unsetopt zle_bracketed_paste 2>/dev/null"
    zpty -w iron "out=${(q)out}; fpath=(${(q)dir} \$fpath); autoload -U compinit; compinit -u -D"
    zpty -w iron 'unsetopt autolist automenu listambiguous beep'
    zpty -w iron 'compadd() { local -a m; if (( ${@[(I)-[OAD]*]} )); then builtin compadd "$@"; return; fi; builtin compadd -O m "$@"; (( $#m )) && print -rl -- "${m[@]/#/MATCH:}" >> $out; builtin compadd "$@"; }'
    zpty -w iron '_iron_test_record() { print -r -- "BUFFER:$BUFFER" >> $out; print -r -- END >> $out; BUFFER=; }; zle -N _iron_test_record; bindkey "^B" _iron_test_record'
    for line in "$@"; do
      zpty -n -w iron "$line"$'\t\x02'
    done
    integer want=$# done=0 tries=0
    while (( tries++ < 400 )); do
      while zpty -r -t iron chunk 2>/dev/null; do :; done
      done=${#${(M)${(f)"$(<$out)"}:#END}}
      (( done >= want )) && break
      sleep 0.05
    done
    zpty -d iron
    (( done >= want )) || { print -u2 "zsh answered $done of $want"; exit 5 }
    exit 0
    """#
}
