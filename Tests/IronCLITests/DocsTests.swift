import Foundation
import Testing
import IronTestSupport
@testable import IronCLI

// The man page and the shell completions against the one table of options, `Spec.commands`,
// and the help text generated from it. Tools that are not installed (mandoc) skip their test,
// unless IRON_REQUIRE_SHELLS=1 makes their absence a failure.

/// Files of the repository, external tools and what `--help` prints: shared by `DocsTests` and
/// `ShellCompletionTests`.
enum DocsSupport {
    /// The package root: Tests/IronCLITests/DocsTests.swift is three levels down.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static func read(_ relative: String) throws -> String {
        try String(contentsOfFile: path(relative), encoding: .utf8)
    }

    /// IRON_REQUIRE_SHELLS=1: a missing shell or mandoc fails the tests instead of skipping them.
    static let toolsRequired = ProcessInfo.processInfo.environment["IRON_REQUIRE_SHELLS"] == "1"

    /// The full path of an executable on PATH (or in the usual places), if any.
    static func tool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/local/bin", "/usr/bin", "/bin"]
        for directory in directories where !directory.isEmpty {
            let candidate = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Whether a test needing `name` should run: the tool is there, or it must be.
    static func shouldRun(with name: String) -> Bool { toolsRequired || tool(name) != nil }

    /// The tool's path; records a failure when it is missing (only reached when it is required).
    static func requireTool(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        guard let found = tool(name) else {
            Issue.record("\(name) is not installed, and IRON_REQUIRE_SHELLS=1 requires it", sourceLocation: sourceLocation)
            return nil
        }
        return found
    }

    typealias Output = ChildProcessOutput

    /// Runs a program to completion (killing it after `timeout` seconds) and returns its output.
    static func run(_ executable: String, _ arguments: [String], directory: String? = nil,
                    environment: [String: String]? = nil, timeout: TimeInterval = 30) throws -> Output {
        try ChildProcess.run(executable, arguments, directory: directory, environment: environment, timeout: timeout)
    }

    /// A new empty directory under the system's temporary directory.
    static func temporaryDirectory() throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("iron-docs-tests-" + UUID().uuidString)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A small environment for shells: no user configuration, a scratch HOME.
    static func shellEnvironment(home: String) -> [String: String] {
        [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "HOME": home,
            "TERM": "xterm",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "XDG_CONFIG_HOME": home + "/.config",
            "XDG_DATA_HOME": home + "/.local/share",
            "XDG_CACHE_HOME": home + "/.cache",
        ]
    }

    // MARK: - What --help prints

    /// The long flags `iron COMMAND --help` prints, in order, such as `--password-file` (from
    /// `  --password-file FILE` or `  -f, --password-file FILE`).
    static func helpFlags(_ command: CommandSpec) -> [String] {
        let text = Usage.command(command)
        guard let options = text.range(of: "\nOptions:\n") else { return [] }
        return text[options.upperBound...].split(separator: "\n").compactMap { line in
            var rest = line.dropFirst(2)
            if rest.count > 4, rest.first == "-", rest.dropFirst().first != "-", rest.dropFirst(2).hasPrefix(", ") { rest = rest.dropFirst(4) }
            guard line.hasPrefix("  -"), rest.hasPrefix("--") else { return nil }
            return String(rest.prefix { $0 != " " })
        }
    }

    /// The short flags `iron COMMAND --help` prints, such as `-f`.
    static func helpShortFlags(_ command: CommandSpec) -> [String] {
        let text = Usage.command(command)
        guard let options = text.range(of: "\nOptions:\n") else { return [] }
        return text[options.upperBound...].split(separator: "\n").compactMap { line in
            let rest = line.dropFirst(2)
            guard line.hasPrefix("  -"), rest.dropFirst().first != "-", rest.dropFirst(2).hasPrefix(", ") else { return nil }
            return String(rest.prefix(2))
        }
    }

    /// What may come before a command: `iron --help`, `iron --version`.
    static let globalFlags: Set<String> = ["--help", "--version"]

    /// Every flag of every command, and the global ones.
    static var allFlags: Set<String> {
        Set(Spec.commands.flatMap(helpFlags)).union(globalFlags)
    }

    /// The `--flag` words of a text (a flag is followed by neither a letter, digit nor dash).
    static func flags(in text: some StringProtocol) -> Set<String> {
        var found: Set<String> = []
        let scalars = Array(String(text).unicodeScalars)
        var i = 0
        func isFlagScalar(_ s: Unicode.Scalar) -> Bool {
            (s >= "a" && s <= "z") || (s >= "0" && s <= "9") || s == "-"
        }
        while i + 2 < scalars.count {
            if scalars[i] == "-" && scalars[i + 1] == "-" && (i == 0 || !isFlagScalar(scalars[i - 1]) && scalars[i - 1] != "\\")
                && scalars[i + 2] >= "a" && scalars[i + 2] <= "z" {
                var j = i + 2
                while j < scalars.count && isFlagScalar(scalars[j]) { j += 1 }
                var word = String(String.UnicodeScalarView(scalars[i..<j]))
                while word.hasSuffix("-") { word.removeLast() }
                found.insert(word)
                i = j
            } else {
                i += 1
            }
        }
        return found
    }

    /// Whether `text` holds `word` with no letter, digit, `-` or `_` on either side.
    static func contains(_ text: String, word: String) -> Bool {
        var searchRange = text.startIndex..<text.endIndex
        while let found = text.range(of: word, range: searchRange) {
            let before = found.lowerBound > text.startIndex ? text[text.index(before: found.lowerBound)] : " "
            let after = found.upperBound < text.endIndex ? text[found.upperBound] : " "
            func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "-" || c == "_" }
            if !isWordCharacter(before) && !isWordCharacter(after) { return true }
            searchRange = found.upperBound..<text.endIndex
        }
        return false
    }

    // MARK: - The completion files, read per command

    /// The options a command's completions offer: each long name and short letter of the table.
    static func completionFlags(of command: CommandSpec) -> Set<String> {
        Set(command.options.flatMap { option in ["--" + option.name] + (option.short.map { ["-" + String($0)] } ?? []) })
    }

    /// What the completions offer before a command: `iron --help`, `iron -V`...
    static let globalCompletionFlags: Set<String> = globalFlags.union(["-h", "-V"])

    /// Every long option of the table, and the global ones.
    static var tableFlags: Set<String> {
        Set(Spec.commands.flatMap { $0.options.map { "--" + $0.name } }).union(globalFlags)
    }

    /// The flags each completion file offers, long and short, by command ("" for before a command).
    static func completionFlags(_ file: String) throws -> [String: Set<String>] {
        let text = try read(file)
        switch file {
        case "completions/iron.bash": return bashFlags(text)
        case "completions/_iron": return zshFlags(text)
        case "completions/iron.fish": return fishFlags(text)
        default: return [:]
        }
    }

    static let completionFiles = ["completions/iron.bash", "completions/_iron", "completions/iron.fish"]

    /// Whether a word is a short option, such as `-q`.
    static func isShortFlag(_ word: some StringProtocol) -> Bool {
        word.count == 2 && word.first == "-" && word.last.map { $0.isLetter && $0.isASCII } == true
    }

    /// bash: the `opts='...'` lists, under the `name)` branch of the command case; before any
    /// branch, the global ones.
    static func bashFlags(_ text: String) -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        var section = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasSuffix(")"), trimmed.dropLast().allSatisfy({ $0 >= "a" && $0 <= "z" }) {
                section = String(trimmed.dropLast())
            } else if trimmed.hasPrefix("opts='") {
                let words = trimmed.dropFirst(6).prefix { $0 != "'" }.split(separator: " ")
                result[section, default: []].formUnion(flags(in: trimmed).union(words.filter(isShortFlag).map(String.init)))
            }
        }
        return result
    }

    /// zsh: the option specs of each `_iron_NAME()` function (`'--name=[...]...'`,
    /// `'(...)--name[...]'`, `'(-q --quiet)'{-q,--quiet}'[...]'`, `'*'{-s+,--set=}'[...]'`); those
    /// of `_iron()` are the global ones.
    static func zshFlags(_ text: String) -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        var section: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("_iron") && line.hasSuffix("() {") {
                let name = line.dropFirst("_iron".count).dropLast("() {".count)
                section = name.hasPrefix("_") ? String(name.dropFirst()) : (name.isEmpty ? "" : nil)
                continue
            }
            if line == "}" {
                section = nil
                continue
            }
            guard let section else { continue }
            // The names come before the description's '['; only option specs have one.
            let spec = line.drop { $0 == " " }
            guard spec.hasPrefix("'"), let bracket = spec.firstIndex(of: "[") else { continue }
            var head = spec[..<bracket].filter { $0 != "'" }[...]
            if head.hasPrefix("("), let close = head.firstIndex(of: ")") { head = head[head.index(after: close)...] }
            if head.hasPrefix("*") { head = head.dropFirst() }
            for name in head.filter({ $0 != "{" && $0 != "}" }).split(separator: ",") {
                var flag = Substring(name)
                while let last = flag.last, "+=-".contains(last) { flag = flag.dropLast() }
                if flag.hasPrefix("-") { result[section, default: []].insert(String(flag)) }
            }
        }
        return result
    }

    /// fish: the `-l NAME` and `-s X` of each `complete` line, for every command its condition
    /// (`__fish_iron_using`) names, or the global ones under `__fish_use_subcommand`.
    static func fishFlags(_ text: String) -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("complete -c iron") {
            let words = line.split(separator: " ")
            var flags: [String] = []
            if let l = words.firstIndex(of: "-l"), l + 1 < words.count { flags.append("--" + words[l + 1]) }
            if let s = words.firstIndex(of: "-s"), s + 1 < words.count { flags.append("-" + words[s + 1]) }
            guard !flags.isEmpty else { continue }
            var sections: [String] = []
            if line.contains("__fish_use_subcommand") {
                sections = [""]
            } else if let using = line.range(of: "__fish_iron_using ") {
                sections = line[using.upperBound...].prefix { $0.isLetter || $0 == " " }
                    .split(separator: " ").map(String.init)
            }
            for section in sections { result[section, default: []].formUnion(flags) }
        }
        return result
    }

    // MARK: - The man page, rendered

    /// The man page rendered by mandoc as plain text, by section heading.
    static func renderedManSections(mandoc: String) throws -> [String: String] {
        let output = try run(mandoc, ["-Tascii", "-Owidth=80", path("man/iron.1")])
        #expect(output.status == 0, "mandoc -Tascii failed: \(output.stderr)")
        let plain = stripOverstrike(output.stdout)
        var sections: [String: String] = [:]
        var current: String?
        for line in plain.split(separator: "\n", omittingEmptySubsequences: false) {
            let isHeading = !line.isEmpty && line.first != " " && line.allSatisfy { $0.isUppercase || $0 == " " }
            if isHeading {
                current = String(line)
                sections[String(line)] = ""
            } else if let current {
                sections[current, default: ""] += line + "\n"
            }
        }
        return sections
    }

    /// The section headings of the rendered page, in order.
    static func renderedManHeadings(mandoc: String) throws -> [String] {
        let output = try run(mandoc, ["-Tascii", path("man/iron.1")])
        return stripOverstrike(output.stdout).split(separator: "\n").filter { line in
            line.first != " " && line.allSatisfy { $0.isUppercase || $0 == " " }
        }.map(String.init)
    }

    /// Removes the backspace overstriking (bold, underline) of mandoc's terminal output.
    static func stripOverstrike(_ text: String) -> String {
        var scalars: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            if scalar == "\u{8}" {
                if !scalars.isEmpty { scalars.removeLast() }
            } else {
                scalars.append(scalar)
            }
        }
        return String(String.UnicodeScalarView(scalars))
    }

    /// What `actual` lacks and has too much of, compared with `expected`.
    static func difference(_ actual: Set<String>, _ expected: Set<String>) -> String {
        "missing \(expected.subtracting(actual).sorted()), unexpected \(actual.subtracting(expected).sorted())"
    }

    /// Runs of whitespace as one space, so that text wrapped across lines still matches.
    static func normalizedSpace(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }
}

@Suite("The man page and the completion files match the option table")
struct DocsTests {
    // MARK: The help text itself

    @Test("--help prints exactly the options of Spec, for every command")
    func helpListsTheSpec() {
        #expect(Spec.commands.map(\.name) == ["seal", "unseal", "inspect", "reseal", "password", "completion"])
        for command in Spec.commands {
            let flags = DocsSupport.helpFlags(command)
            #expect(flags == command.options.map { "--" + $0.name }, "iron \(command.name) --help")
            #expect(flags.contains("--help"), "iron \(command.name) --help lists --help")
            #expect(Set(flags).count == flags.count, "iron \(command.name) --help lists a flag twice")
            #expect(DocsSupport.helpShortFlags(command) == command.options.compactMap { $0.short.map { "-\($0)" } }, "iron \(command.name) --help's short options")
        }
    }

    // MARK: The man page

    @Test("mandoc -Tlint -W warning man/iron.1 prints nothing",
          .enabled(if: DocsSupport.shouldRun(with: "mandoc"), "mandoc is not installed"))
    func manPageLintsClean() throws {
        guard let mandoc = DocsSupport.requireTool("mandoc") else { return }
        let lint = try DocsSupport.run(mandoc, ["-Tlint", "-W", "warning", DocsSupport.path("man/iron.1")])
        #expect(lint.stdout.isEmpty && lint.stderr.isEmpty, "mandoc -Tlint -W warning:\n\(lint.stdout)\(lint.stderr)")
        #expect(lint.status == 0)
    }

    @Test("The man page has its sections, in order",
          .enabled(if: DocsSupport.shouldRun(with: "mandoc"), "mandoc is not installed"))
    func manPageSections() throws {
        guard let mandoc = DocsSupport.requireTool("mandoc") else { return }
        let headings = try DocsSupport.renderedManHeadings(mandoc: mandoc)
        #expect(headings == [
            "NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "OPTIONS", "PASSWORDS", "TOKEN FORMAT",
            "ENVIRONMENT", "FILES", "EXIT STATUS", "EXAMPLES", "SECURITY", "SEE ALSO",
        ])
    }

    @Test("Every flag of every command's --help is in the man page's OPTIONS, with its value and choices",
          .enabled(if: DocsSupport.shouldRun(with: "mandoc"), "mandoc is not installed"))
    func manPageDocumentsEveryFlag() throws {
        guard let mandoc = DocsSupport.requireTool("mandoc") else { return }
        let sections = try DocsSupport.renderedManSections(mandoc: mandoc)
        let options = DocsSupport.normalizedSpace(sections["OPTIONS"] ?? "")
        // The items of the option lists: "-f, --password-file FILE", "--json  Print ..." at the margin of the section.
        let items = (sections["OPTIONS"] ?? "").split(separator: "\n").filter { $0.hasPrefix("     -") }.map { $0.dropFirst(5) }
        let synopsis = DocsSupport.normalizedSpace(sections["SYNOPSIS"] ?? "")
        let commands = DocsSupport.normalizedSpace(sections["COMMANDS"] ?? "")
        #expect(!options.isEmpty, "no OPTIONS section")
        for command in Spec.commands {
            #expect(synopsis.contains("iron \(command.name)"), "SYNOPSIS lacks iron \(command.name)")
            #expect(commands.contains("iron \(command.name)"), "COMMANDS lacks iron \(command.name)")
            for flag in DocsSupport.helpFlags(command) {
                #expect(DocsSupport.contains(options, word: flag), "OPTIONS lacks \(flag) of iron \(command.name)")
                guard let option = command.option(named: String(flag.dropFirst(2))) else { continue }
                if option.name != "help" {
                    let isItem = items.contains { $0 == option.usage || $0.hasPrefix(option.usage + " ") }
                    #expect(isItem, "OPTIONS has no item \"\(option.usage)\" for iron \(command.name)")
                }
                for choice in option.choices {
                    #expect(DocsSupport.contains(options, word: choice), "OPTIONS lacks \(choice), a value of \(flag)")
                }
            }
        }
        // And the other way: OPTIONS documents no flag that the table does not have.
        let unknown = DocsSupport.flags(in: options).subtracting(DocsSupport.allFlags)
        #expect(unknown.isEmpty, "OPTIONS documents flags no command has: \(unknown.sorted())")
    }

    @Test("The man page documents every exit status of ExitCode, and no other",
          .enabled(if: DocsSupport.shouldRun(with: "mandoc"), "mandoc is not installed"))
    func manPageDocumentsEveryExitStatus() throws {
        guard let mandoc = DocsSupport.requireTool("mandoc") else { return }
        let sections = try DocsSupport.renderedManSections(mandoc: mandoc)
        let section = sections["EXIT STATUS"] ?? ""
        // Items are tagged: the code first on its line, then its meaning.
        let documented = Set(section.split(separator: "\n").compactMap { line -> Int32? in
            guard line.hasPrefix("     "), line.dropFirst(5).first?.isNumber == true else { return nil }
            return Int32(line.dropFirst(5).prefix { $0.isNumber })
        })
        let codes = Set((0...255).compactMap { ExitCode(rawValue: Int32($0))?.rawValue })
        #expect(documented == codes, "EXIT STATUS documents \(documented.sorted()), ExitCode has \(codes.sorted())")
    }

    @Test("The man page's PASSWORDS, TOKEN FORMAT, ENVIRONMENT and EXAMPLES say what they must",
          .enabled(if: DocsSupport.shouldRun(with: "mandoc"), "mandoc is not installed"))
    func manPageContent() throws {
        guard let mandoc = DocsSupport.requireTool("mandoc") else { return }
        let sections = try DocsSupport.renderedManSections(mandoc: mandoc)
        let passwords = DocsSupport.normalizedSpace(sections["PASSWORDS"] ?? "")
        // The sources, in the order they are tried.
        let order = ["--password-file", "--password-env", "--password-fd", "IRON_PASSWORD", "prompt on the terminal"]
        let positions = order.map { passwords.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil }, "PASSWORDS lacks a source: \(zip(order, positions).filter { $0.1 == nil }.map(\.0))")
        let found = positions.compactMap { $0 }
        #expect(found == found.sorted(), "PASSWORDS lists the sources out of order")
        for text in [#"{"2":"...","1":"..."}"#, #"{"secret":"#, #"{"encryption":"#, #"[{"id":2,"password":"..."}]"#,
                     "One trailing newline", "highest numeric id seals", "iron password --map FILE --keep N",
                     "iron reseal --lines", "group or by others", "--password on the command line is refused"] {
            #expect(passwords.contains(text), "PASSWORDS lacks \(text)")
        }
        let format = DocsSupport.normalizedSpace(sections["TOKEN FORMAT"] ?? "")
        for text in ["Fe26.2*id*encryptionSalt*iv*ciphertext*expiration*hmacSalt*hmac", "~2", "base64url", "PBKDF2",
                     "aes-256-cbc", "256-bit salts", "1 PBKDF2 iteration", "32 characters", "14 days", "60 seconds"] {
            #expect(format.contains(text), "TOKEN FORMAT lacks \(text)")
        }
        #expect((sections["ENVIRONMENT"] ?? "").contains("IRON_PASSWORD"))
        let examples = DocsSupport.normalizedSpace(sections["EXAMPLES"] ?? "")
        for text in ["iron seal --password-file", "Cookie:", "iron unseal", "iron inspect", "iron password --map", "iron reseal --lines",
                     "iron seal --lines --ttl 15m --link 'https://example.com/login?token={token}'"] {
            #expect(examples.contains(text), "EXAMPLES lacks \(text)")
        }
        let seeAlso = sections["SEE ALSO"] ?? ""
        for page in ["openssl(1)", "age(1)", "jq(1)"] {
            #expect(seeAlso.contains(page), "SEE ALSO lacks \(page)")
        }
    }

    // MARK: The completion files, as text

    @Test("Each completion file offers exactly each command's flags, long and short", arguments: DocsSupport.completionFiles)
    func completionFileFlags(file: String) throws {
        let offered = try DocsSupport.completionFlags(file)
        for command in Spec.commands {
            let expected = DocsSupport.completionFlags(of: command)
            let actual = offered[command.name] ?? []
            let missing = expected.subtracting(actual), extra = actual.subtracting(expected)
            #expect(missing.isEmpty, "\(file) lacks \(missing.sorted()) of iron \(command.name)")
            #expect(extra.isEmpty, "\(file) offers \(extra.sorted()) for iron \(command.name), which it does not take")
            let shorts = command.options.compactMap { $0.short.map { "-" + String($0) } }
            #expect(Set(shorts).isSubset(of: actual), "\(file) lacks the short options of iron \(command.name)")
        }
        #expect(offered[""] == DocsSupport.globalCompletionFlags, "\(file) offers \((offered[""] ?? []).sorted()) before a command")
        let sections = Set(offered.keys).subtracting(Spec.commands.map(\.name) + [""])
        #expect(sections.isEmpty, "\(file) offers flags for unknown commands \(sections.sorted())")
        // No flag anywhere in the file (value cases, exclusions, descriptions) that no command has.
        let text = try DocsSupport.read(file)
        let unknown = DocsSupport.flags(in: text).subtracting(DocsSupport.tableFlags)
        #expect(unknown.isEmpty, "\(file) mentions flags no command has: \(unknown.sorted())")
    }

    @Test("Each completion file names every command, the closed value sets, the browsers and the shells",
          arguments: DocsSupport.completionFiles)
    func completionFileWords(file: String) throws {
        let text = try DocsSupport.read(file)
        for command in Spec.commands.map(\.name) + ["help"] {
            #expect(DocsSupport.contains(text, word: command), "\(file) lacks the command \(command)")
        }
        for command in Spec.commands {
            for option in command.options where !option.choices.isEmpty {
                for choice in option.choices {
                    #expect(DocsSupport.contains(text, word: choice), "\(file) lacks \(choice), a value of --\(option.name)")
                }
            }
        }
        for word in ["firefox", "chromium", "chrome", "bash", "zsh", "fish"] {
            #expect(DocsSupport.contains(text, word: word), "\(file) lacks \(word)")
        }
        #expect(text.contains("Generated by `iron completion "), "\(file) does not say it is generated")
    }

    // MARK: The Makefile

    // make is not one of the tools IRON_REQUIRE_SHELLS requires: without it, this test skips.
    @Test("make install and make uninstall agree on the files, under DESTDIR and PREFIX",
          .enabled(if: DocsSupport.tool("make") != nil, "make is not installed"))
    func makefileInstallsWhatItUninstalls() throws {
        guard let make = DocsSupport.tool("make") else { return }
        let stage = try DocsSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: stage) }
        let prefix = "/opt/iron-test"
        let expected: Set<String> = [
            "bin/iron", "share/man/man1/iron.1", "share/bash-completion/completions/iron",
            "share/zsh/site-functions/_iron", "share/fish/vendor_completions.d/iron.fish",
        ]
        let expectedPaths = Set(expected.map { stage + prefix + "/" + $0 })
        let variables = ["DESTDIR=" + stage, "PREFIX=" + prefix]

        // What install would do (-n: nothing is built or copied).
        let dryRun = try DocsSupport.run(make, ["-n", "-C", DocsSupport.root.path, "install"] + variables)
        #expect(dryRun.status == 0, "make -n install: \(dryRun.stderr)")
        #expect(dryRun.stdout.contains("swift build -c release --product iron --scratch-path .build-static -Xswiftc -static-executable"))
        let dynamic = try DocsSupport.run(make, ["-n", "-C", DocsSupport.root.path, "install", "LINK=dynamic"] + variables)
        #expect(dynamic.stdout.contains("swift build -c release --static-swift-stdlib --product iron"))
        let installed = Set(dryRun.stdout.split(separator: "\n").filter { $0.hasPrefix("install -m") }.compactMap { line in
            line.split(separator: " ").last.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "'\"")) }
        })
        #expect(installed == expectedPaths, "make install: \(DocsSupport.difference(installed, expectedPaths))")
        for source in ["man/iron.1", "completions/iron.bash", "completions/_iron", "completions/iron.fish"] {
            #expect(dryRun.stdout.contains(" " + source + " "), "make install does not install \(source)")
        }

        // uninstall removes exactly those files.
        for path in expectedPaths.union([stage + prefix + "/bin/other"]) {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: path, contents: Data())
        }
        let uninstall = try DocsSupport.run(make, ["-C", DocsSupport.root.path, "uninstall"] + variables)
        #expect(uninstall.status == 0, "make uninstall: \(uninstall.stderr)")
        for path in expectedPaths.sorted() {
            #expect(!FileManager.default.fileExists(atPath: path), "make uninstall left \(path)")
        }
        #expect(FileManager.default.fileExists(atPath: stage + prefix + "/bin/other"), "make uninstall removed a file it did not install")
    }
}
