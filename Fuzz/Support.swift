// Shared helpers for the libFuzzer harnesses in Fuzz/. Compiled into every harness binary
// together with Sources/IronCLI (see scripts/fuzz); not part of the Swift package.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
@testable import Iron

/// Stops the fuzzer with a message when an invariant does not hold. libFuzzer treats the abort
/// as a crash and saves the input.
@inline(never)
func violation(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    writeStderr("\n==FUZZ INVARIANT VIOLATED== \(file):\(line): \(message)\n")
    abort()
}

/// `require(condition, "what")`: ``violation(_:file:line:)`` when the condition is false.
@inline(__always)
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) {
    if !condition() { violation(message(), file: file, line: line) }
}

/// Writes to file descriptor 2 directly (no stdio globals, which Swift 6 treats as unsafe).
func writeStderr(_ text: String) {
    var text = text
    text.withUTF8 { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
            if written <= 0 { return }
            offset += written
        }
    }
}

/// Bytes as a C-like escaped string, for messages: printable ASCII as is, the rest as \xNN.
func escaped(_ bytes: some Collection<UInt8>, limit: Int = 400) -> String {
    var text = "\""
    for (index, byte) in bytes.enumerated() {
        if index == limit {
            text += "...(\(bytes.count) bytes)"
            break
        }
        switch byte {
        case 0x22: text += "\\\""
        case 0x5C: text += "\\\\"
        case 0x0A: text += "\\n"
        case 0x0D: text += "\\r"
        case 0x09: text += "\\t"
        case 0x20..<0x7F: text.unicodeScalars.append(Unicode.Scalar(byte))
        default:
            let digits = Array("0123456789abcdef")
            text += "\\x\(digits[Int(byte >> 4)])\(digits[Int(byte & 15)])"
        }
    }
    return text + "\""
}

func escaped(_ text: String, limit: Int = 400) -> String { escaped(Array(text.utf8), limit: limit) }

/// Whether `haystack` contains `needle` as a contiguous run of bytes.
func containsBytes(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty else { return true }
    guard haystack.count >= needle.count else { return false }
    for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
        if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
    }
    return false
}

/// Whether the bytes are well-formed UTF-8 (String(decoding:) would keep them unchanged).
func isValidUTF8(_ bytes: [UInt8]) -> Bool {
    Array(String(decoding: bytes, as: UTF8.self).utf8) == bytes
}

/// Copies libFuzzer's input.
func inputBytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
    Array(UnsafeBufferPointer(start: data, count: size))
}

/// The same JSON limits the harnesses pick from a selector byte.
let depthChoices: [Int] = [1, 2, 3, 8, 64, 256, 10_000, .max]

/// A fixed instant for the clocks: 2027-01-01T00:00:00Z, after the vectors' expired tokens
/// expired (2026-10-31) and before the unexpired ones do (2101).
let fuzzNow: Int64 = 1_798_761_600_000

/// Set by scripts/fuzz while fuzzing (not in regress mode): harnesses then skip inputs that hit a
/// bug already saved under Fuzz/regressions/, so that fuzzing goes on past it. The regression run
/// leaves it unset, so the saved inputs keep failing until the bug is fixed.
let skipKnownBugs: Bool = getenv("IRON_FUZZ_SKIP_KNOWN_BUGS") != nil
