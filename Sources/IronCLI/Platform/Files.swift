#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading named files and descriptors for the commands; failures become exit 66 with the reason.
enum Files {
    /// Opens a file for reading; failure is exit 66.
    static func openForReading(_ path: String, what: String = "file") throws -> Int32 {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CLIError(.noInput, "cannot read \(what) \(path): \(SystemError.reason(errno))")
        }
        return descriptor
    }

    static func closeDescriptor(_ descriptor: Int32) {
        close(descriptor)
    }

    /// Whether a file descriptor is open.
    static func isOpen(_ descriptor: Int32) -> Bool {
        fcntl(descriptor, F_GETFD) != -1
    }

    /// Reads a whole file, refusing more than `limit` bytes.
    static func read(_ path: String, limit: Int, what: String = "file") throws -> [UInt8] {
        let descriptor = try openForReading(path, what: what)
        defer { closeDescriptor(descriptor) }
        return try read(descriptor: descriptor, name: "\(what) \(path)", limit: limit)
    }

    static func read(descriptor: Int32, name: String, limit: Int) throws -> [UInt8] {
        let input = FileDescriptorInput(descriptor)
        do {
            guard let bytes = try input.readAll(limit: limit) else {
                throw CLIError(.dataError, "\(name) is larger than \(limit) bytes", hints: ["raise the limit with --max-size"])
            }
            return bytes
        } catch let error as SystemError {
            throw CLIError(.noInput, "cannot read \(name): \(error.reason)")
        }
    }

    /// The permission bits of a file, if it can be examined.
    static func mode(_ path: String) -> UInt32? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return UInt32(info.st_mode)
    }

    /// `0640` for a mode.
    static func octal(_ mode: UInt32) -> String {
        let text = String(mode & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - text.count)) + text
    }
}
