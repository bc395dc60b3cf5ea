#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces a file atomically: a temporary file created exclusively in the same folder, written,
/// fsynced, given the old file's mode (0600 for a new file), renamed over the old one, and the
/// folder fsynced. On any failure the temporary file is removed and the old file is untouched.
enum AtomicFile {
    enum Existing {
        case none
        case regular(mode: UInt32)
    }

    /// What is at `path` now. A symbolic link or anything but a regular file is refused.
    static func examine(_ path: String) throws -> Existing {
        var info = stat()
        if lstat(path, &info) != 0 {
            if errno == ENOENT { return .none }
            throw CLIError(.noInput, "cannot examine \(path): \(SystemError.reason(errno))")
        }
        if info.st_mode & S_IFMT == S_IFLNK {
            throw CLIError(.ioError, "refusing to replace \(path): it is a symbolic link", hints: ["give the path of the file itself"])
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw CLIError(.ioError, "refusing to replace \(path): it is not a regular file")
        }
        return .regular(mode: UInt32(info.st_mode & 0o7777))
    }

    /// Writes `bytes` to `path`, replacing what is there atomically.
    ///
    /// - Parameters:
    ///   - bytes: The new contents.
    ///   - path: The file.
    ///   - mode: The permission bits (the old file's, or 0600).
    ///   - write: Writes bytes to a descriptor; tests replace it to simulate a full disk.
    static func replace(_ path: String, with bytes: [UInt8], mode: UInt32,
                        write: (Int32, [UInt8]) -> Int32 = AtomicFile.writeAll) throws {
        let (descriptor, temporary) = try createTemporary(beside: path, mode: mode)
        var succeeded = false
        defer {
            if !succeeded { unlink(temporary) }
        }
        let writeError = write(descriptor, bytes)
        if writeError != 0 {
            close(descriptor)
            throw failure(path, "write", writeError)
        }
        try install(descriptor, temporary, as: path)
        succeeded = true
    }

    /// A new temporary file beside `path` (created exclusively) with `mode`, and its path.
    static func createTemporary(beside path: String, mode: UInt32) throws -> (descriptor: Int32, path: String) {
        let (folder, name) = split(path)
        var template = Array("\(folder)/.\(name).tmp-XXXXXX".utf8CString)
        let descriptor = unsafe template.withUnsafeMutableBufferPointer { unsafe mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw CLIError(.ioError, "cannot create a temporary file in \(folder): \(SystemError.reason(errno))")
        }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if fchmod(descriptor, mode_t(mode & 0o7777)) != 0 {
            let code = errno
            close(descriptor)
            unlink(temporary)
            throw failure(path, "chmod", code)
        }
        return (descriptor, temporary)
    }

    /// Makes the written temporary file `path`: fsync, close, rename over `path`, fsync the folder.
    /// The caller removes the temporary file when this throws.
    static func install(_ descriptor: Int32, _ temporary: String, as path: String) throws {
        if fsync(descriptor) != 0 {
            let code = errno
            close(descriptor)
            throw failure(path, "fsync", code)
        }
        if close(descriptor) != 0 { throw failure(path, "close", errno) }
        if rename(temporary, path) != 0 { throw failure(path, "rename", errno) }
        let folderDescriptor = open(split(path).0, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// Removes a temporary file that will not be installed.
    static func remove(_ temporary: String) {
        unlink(temporary)
    }

    static func failure(_ path: String, _ what: String, _ code: Int32) -> CLIError {
        CLIError(.ioError, "cannot write \(path) (\(what)): \(SystemError.reason(code)); the old file is unchanged")
    }

    /// Writes everything; returns 0 or an errno.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Int32 {
        do {
            try FileDescriptorOutput.writeAll(descriptor, bytes.span)
            return 0
        } catch {
            return (error as? SystemError)?.code ?? EIO
        }
    }

    private static func split(_ path: String) -> (String, String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }
}
