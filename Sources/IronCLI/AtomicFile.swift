#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Replaces a file atomically: a temporary file created exclusively in the same folder, written,
/// fsynced, given the old file's mode (0600 for a new file), renamed over the old one, and the
/// folder fsynced. On any failure the temporary file is removed and the old file is untouched.
enum AtomicFile {
    enum Existing {
        case none
        case regular(mode: mode_t)
    }

    /// What is at `path` now. A symbolic link or anything but a regular file is refused.
    static func examine(_ path: String) throws -> Existing {
        var info = stat()
        if lstat(path, &info) != 0 {
            if errno == ENOENT { return .none }
            throw CLIError(.noInput, "cannot examine \(path): \(String(cString: strerror(errno)))")
        }
        if info.st_mode & S_IFMT == S_IFLNK {
            throw CLIError(.ioError, "refusing to replace \(path): it is a symbolic link", hints: ["give the path of the file itself"])
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw CLIError(.ioError, "refusing to replace \(path): it is not a regular file")
        }
        return .regular(mode: info.st_mode & 0o7777)
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
        let (folder, name) = split(path)
        var template = Array("\(folder)/.\(name).tmp-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw CLIError(.ioError, "cannot create a temporary file in \(folder): \(String(cString: strerror(errno)))")
        }
        let temporary = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
        var succeeded = false
        defer {
            if !succeeded { unlink(temporary) }
        }
        func fail(_ what: String, _ code: Int32) -> CLIError {
            CLIError(.ioError, "cannot write \(path) (\(what)): \(String(cString: strerror(code))); the old file is unchanged")
        }
        if fchmod(descriptor, mode_t(mode & 0o7777)) != 0 {
            let code = errno
            close(descriptor)
            throw fail("chmod", code)
        }
        let writeError = write(descriptor, bytes)
        if writeError != 0 {
            close(descriptor)
            throw fail("write", writeError)
        }
        if fsync(descriptor) != 0 {
            let code = errno
            close(descriptor)
            throw fail("fsync", code)
        }
        if close(descriptor) != 0 { throw fail("close", errno) }
        if rename(temporary, path) != 0 { throw fail("rename", errno) }
        succeeded = true
        let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// Writes everything; returns 0 or an errno.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return 0
    }

    private static func split(_ path: String) -> (String, String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }
}
