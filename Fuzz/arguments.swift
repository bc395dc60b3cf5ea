// libFuzzer target `arguments`: run(["iron"] + argv, io:) over in-memory IO.
//
// Input: everything before the first "\0\0" is the argv, split on NUL; what follows is standard
// input. The environment holds IRON_PASSWORD and a few other password variables; the clock is
// fixed. Inputs that could touch the file system or take long are skipped: --map,
// --password-file, --password-fd, --output, --from-browser and short options that are or bundle
// -f, -o, -b, -j or -n; for `seal`, operands with a '/'; --iterations (and the
// encryption/integrity forms) above 1000, --count above 100, --length above 1000, --jobs above 4.
// scripts/fuzz runs the harness in an empty directory, so relative file names find nothing.
//
// Invariants:
// - the exit status is one of 0 1 2 3 64 65 66 74 78 (never 70, an internal error);
// - standard error is whole lines, each starting "iron: ";
// - no password from the environment appears on standard error or output (unless the input
//   itself holds it).

#if canImport(Glibc)
import Glibc
#endif
import Iron

private let environment: [String: String] = [
    "IRON_PASSWORD": "public-password-0123456789abcdef",
    "IRON_MAP": #"{"1": "public-rotation-one-aaaaaaaaaaaaaaaa", "2": {"encryption": "public-encryption-secret-eeeeeeeeeeee", "integrity": "public-integrity-secret-iiiiiiiiiiiii"}}"#,
    "IRON_SHORT": "tiny-secret-xyz",
    "IRON_BADMAP": #"{"1": 5, "x": "secret-in-bad-map-1234567890abcdef"}"#,
    "IRON_BADJSON": #"{"1": "leaky-secret-0123456789abcdefgh" x}"#,
]

private let secrets: [[UInt8]] = [
    "public-password-0123456789abcdef", "public-rotation-one-aaaaaaaaaaaaaaaa", "public-encryption-secret-eeeeeeeeeeee",
    "public-integrity-secret-iiiiiiiiiiiii", "tiny-secret-xyz", "secret-in-bad-map-1234567890abcdef", "leaky-secret-0123456789abcdefgh",
].map { Array($0.utf8) }

private let allowedStatuses: Set<Int32> = [0, 1, 2, 3, 64, 65, 66, 74, 78]

private let forbidden = ["--map", "--password-file", "--password-fd", "--output", "--from-browser"]
/// Short options that write or read files (-o, -f, -b) or whose values are not capped (-j, -n).
private let forbiddenShort: Set<Character> = ["o", "f", "b", "j", "n"]
private let caps: [(String, Int)] = [
    ("iterations", 1000), ("encryption-iterations", 1000), ("integrity-iterations", 1000),
    ("count", 100), ("length", 1000), ("jobs", 4),
]

/// Whether the argv is safe and cheap enough to run.
private func acceptable(_ argv: [String]) -> Bool {
    for argument in argv where forbidden.contains(where: { argument.contains($0) }) { return false }
    for argument in argv where argument.hasPrefix("-") && !argument.hasPrefix("--") && argument.contains(where: forbiddenShort.contains) {
        return false
    }
    for (index, argument) in argv.enumerated() {
        for (name, cap) in caps {
            var value: String?
            if argument == "--\(name)", index + 1 < argv.count {
                value = argv[index + 1]
            } else if argument.hasPrefix("--\(name)=") {
                value = String(argument.dropFirst(name.count + 3))
            }
            if let value, let number = Int(value), number > cap { return false }
        }
    }
    // `seal FILE` reads a file: no paths.
    if argv.first == "seal" {
        for (index, argument) in argv.enumerated() where argument.contains("/") {
            if argument.hasPrefix("--link=") { continue }
            if index > 0 && argv[index - 1] == "--link" { continue }
            return false
        }
    }
    return true
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = inputBytes(data, size)
    var argvBytes = input[...]
    var stdinBytes: ArraySlice<UInt8> = []
    if let split = input.indices.first(where: { $0 + 1 < input.count && input[$0] == 0 && input[$0 + 1] == 0 }) {
        argvBytes = input[..<split]
        stdinBytes = input[(split + 2)...]
    }
    let argv = argvBytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    guard acceptable(argv) else { return -1 } // -1: libFuzzer keeps it out of the corpus

    let stdout = MemoryOutput()
    let stderr = MemoryOutput()
    let io = IO(stdin: MemoryInput(Array(stdinBytes)), stdout: stdout, stderr: stderr, environment: environment,
                clock: FixedClock(millisecondsSince1970: fuzzNow), processorCount: 2)
    let status = run(["iron"] + argv, io: io)
    if getenv("IRON_FUZZ_TRACE") != nil {
        writeStderr("trace: \(argv.map { escaped($0, limit: 60) }) -> \(status)\n\(stderr.text)trace: stdout \(escaped(stdout.bytes, limit: 200))\n")
    }
    let what = "argv \(argv.map { escaped($0, limit: 120) }), stdin \(escaped(stdinBytes, limit: 200))"

    require(allowedStatuses.contains(status), "exit status \(status); stderr \(escaped(stderr.bytes)); \(what)")
    if !stderr.bytes.isEmpty {
        require(stderr.bytes.last == 0x0A, "standard error does not end with a newline: \(escaped(stderr.bytes)); \(what)")
        for line in stderr.bytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false) {
            require(line.starts(with: Array("iron: ".utf8)), "a line of standard error does not start with 'iron: ': \(escaped(line)); stderr \(escaped(stderr.bytes)); \(what)")
        }
    }
    let inputHolds = { (secret: [UInt8]) in containsBytes(input, secret) }
    for secret in secrets where !inputHolds(secret) {
        require(!containsBytes(stderr.bytes, secret), "standard error shows the secret \(escaped(secret)): \(escaped(stderr.bytes)); \(what)")
        require(!containsBytes(stdout.bytes, secret), "standard output shows the secret \(escaped(secret)): \(escaped(stdout.bytes, limit: 600)); \(what)")
    }
    return 0
}
