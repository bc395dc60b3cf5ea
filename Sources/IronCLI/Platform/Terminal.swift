#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The controlling terminal.
enum Terminal {
    /// Whether a file descriptor is a terminal.
    static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    /// Prints `prompt` on /dev/tty and reads a line with echo off. `nil` when there is no terminal.
    static func promptWithoutEcho(_ prompt: String) -> [UInt8]? {
        let descriptor = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var saved = termios()
        guard tcgetattr(descriptor, &saved) == 0 else { return nil }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        quiet.c_lflag |= tcflag_t(ICANON)
        try? FileDescriptorOutput.writeAll(descriptor, Array(prompt.utf8).span)
        guard tcsetattr(descriptor, TCSAFLUSH, &quiet) == 0 else { return nil }
        defer {
            tcsetattr(descriptor, TCSAFLUSH, &saved)
            try? FileDescriptorOutput.writeAll(descriptor, [0x0A].span)
        }
        return readLine(descriptor)
    }

    /// One line from `descriptor`, without its newline (at most 1 MiB).
    private static func readLine(_ descriptor: Int32) -> [UInt8] {
        let input = FileDescriptorInput(descriptor)
        var line: [UInt8] = []
        while line.count <= 1 << 20 {
            guard let count = try? input.read(upTo: 1, appendingTo: &line), count == 1 else { break }
            if line.last == 0x0A {
                line.removeLast()
                break
            }
        }
        return line
    }
}
