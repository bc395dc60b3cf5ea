import Testing
@testable import IronCLI

@Suite("Argument parsing")
struct ArgumentTests {
    @Test("an unknown option suggests the nearest one of the command")
    func unknownOptionSuggests() {
        let result = iron("seal", "--pasword-file", "x")
        #expect(result.status == 64)
        #expect(result.stderr == "iron: error: unknown option --pasword-file for 'iron seal'; did you mean --password-file?\n")
        #expect(result.stdout.isEmpty)
    }

    @Test("an option of another command says which command has it")
    func optionOfAnotherCommand() {
        let result = iron("inspect", "--ignore-expiration")
        #expect(result.status == 64)
        #expect(result.stderr.contains("it is an option of 'iron unseal'"))
    }

    @Test("--flag=value and --flag value mean the same")
    func inlineAndSeparateValues() throws {
        let password = PasswordFixture()
        let a = iron(["seal", "--format=iron", "--password-file=\(password.path)", "--now=0"], stdin: Array("1".utf8))
        let b = iron(["seal", "--format", "iron", "--password-file", password.path, "--now", "0"], stdin: Array("1".utf8))
        #expect(a.status == 0 && b.status == 0)
        #expect(!a.stdout.hasSuffix("~2\n") && !b.stdout.hasSuffix("~2\n"))
    }

    @Test("-- ends the options, so a file named like an option can be sealed")
    func doubleDashEndsOptions() {
        let password = PasswordFixture()
        let file = password.directory.write("--json", "[1]")
        _ = file
        let result = iron(["seal", "--password-file", password.path, "--", "--json"])
        // The operand is relative to the working directory, so it is not found there: a file error, not a usage error.
        #expect(result.status == 66)
        #expect(result.stderr.contains("cannot read file --json"))
    }

    @Test("a missing value, a value given to a flag, and a repeated option are usage errors", arguments: [
        (["seal", "--ttl"], "--ttl needs a value (DURATION)"),
        (["unseal", "--json=yes"], "--json takes no value"),
        (["seal", "--ttl", "1", "--ttl", "2"], "--ttl is given more than once"),
        (["seal", "--format", "jwt"], "--format must be one of iron-session, iron, not \"jwt\""),
        (["password", "x"], "'iron password' takes no operand (\"x\")"),
        (["unseal", "a", "b"], "'iron unseal' takes at most one [TOKEN], not 2"),
    ])
    func usageErrors(_ arguments: [String], _ message: String) {
        let result = iron(arguments)
        #expect(result.status == 64)
        #expect(result.stderrLines.first == "iron: error: \(message)")
    }

    @Test("a secret on the command line is refused with the ways to give one", arguments: ["--password", "--password=hunter2", "--secret", "--key"])
    func passwordOnCommandLineRefused(_ flag: String) {
        let result = iron(["seal", flag, "public-password-0123456789abcdef"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("is not accepted: a secret on the command line"))
        #expect(result.stderr.contains("iron: hint: give the password with --password-file FILE"))
        #expect(!result.stderr.contains("hunter2") && !result.stderr.contains("public-password-0123456789abcdef"))
    }

    @Test("an unknown command suggests the nearest")
    func unknownCommand() {
        let result = iron("unsael")
        #expect(result.status == 64)
        #expect(result.stderr == "iron: error: unknown command 'unsael'; did you mean 'unseal'?\n")
        #expect(iron("frobnicate").stderr.contains("the commands are seal, unseal, inspect, reseal, password and completion"))
    }

    @Test("no arguments print the usage on stderr and exit 64")
    func noArguments() {
        let result = iron([String]())
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("Usage:"))
    }

    @Test("help is on stdout with status 0 in every spelling")
    func helpSpellings() {
        #expect(iron("--help").stdout.contains("iron seal [options] [FILE]"))
        #expect(iron("-h").status == 0)
        for command in Spec.commands {
            let a = iron("help", command.name), b = iron(command.name, "--help"), c = iron(command.name, "-h")
            #expect(a.status == 0 && b.status == 0 && c.status == 0)
            #expect(a.stdout == b.stdout && b.stdout == c.stdout)
            for option in command.options { #expect(a.stdout.contains("--\(option.name)")) }
        }
        #expect(iron("help", "nope").status == 64)
    }

    @Test("--version prints the version and the OpenSSL and SQLite inside (a static build carries its own)")
    func version() {
        let result = iron("--version")
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("iron \(Usage.version) (OpenSSL 3."))
        #expect(result.stdout.contains(", SQLite 3."))
        #expect(result.stdout.hasSuffix(")\n"))
    }

    @Test("edit distance and suggestions", arguments: [("pretty", "pretty", 0), ("pretyy", "pretty", 1), ("", "abc", 3), ("kitten", "sitting", 3)])
    func editDistance(_ a: String, _ b: String, _ distance: Int) {
        #expect(ArgumentParser.editDistance(a, b) == distance)
    }

    @Test("a prefix of a long option is suggested")
    func prefixSuggestion() {
        #expect(ArgumentParser.closest(to: "ignore", among: Spec.unseal.options.map(\.name)) == "ignore-expiration")
        #expect(ArgumentParser.closest(to: "zzzzzz", among: Spec.unseal.options.map(\.name)) == nil)
    }

    @Test("every command's options are unique and documented")
    func specIsConsistent() {
        for command in Spec.commands {
            let names = command.options.map(\.name)
            #expect(Set(names).count == names.count, "duplicate option in \(command.name)")
            for option in command.options { #expect(!option.help.isEmpty) }
            #expect(names.contains("help"))
        }
    }

    @Test("--keep-going and --jobs need --lines")
    func batchFlagsNeedLines() {
        let password = PasswordFixture()
        #expect(iron(["seal", "--keep-going"] + password.arguments, stdin: Array("1".utf8)).status == 64)
        #expect(iron(["unseal", "--jobs", "2"] + password.arguments).stderr.contains("--jobs works only with --lines"))
    }
}
