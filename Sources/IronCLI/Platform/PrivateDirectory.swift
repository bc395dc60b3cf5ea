#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the cookie readers ask of the file system, without pointers.
enum FileSystem {
    enum Kind: Equatable { case missing, file, directory, other }

    /// What is at `path` (following symbolic links).
    static func kind(_ path: String) -> Kind {
        var info = stat()
        guard unsafe stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    static func isFile(_ path: String) -> Bool { kind(path) == .file }
    static func isDirectory(_ path: String) -> Bool { kind(path) == .directory }

    /// The names in a folder (without "." and ".."), sorted; empty when it cannot be read.
    static func names(in directory: String) -> [String] {
        guard let stream = unsafe opendir(directory) else { return [] }
        defer { unsafe closedir(stream) }
        var names: [String] = []
        while let entry = unsafe readdir(stream) {
            let name = unsafe withUnsafeBytes(of: entry.pointee.d_name) { raw in
                unsafe String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}

/// A private temporary folder (mode 0700, made by `mkdtemp`) for copies of a browser's database
/// files, so that SQLite never opens, locks or recovers the browser's own files. ``remove()``
/// (or releasing it) deletes what it holds.
final class PrivateDirectory {
    let path: String
    private var removed = false

    /// Makes `ROOT/iron-cookies.XXXXXX`; ROOT is usually `$TMPDIR` or `/tmp`.
    init(under root: String) throws {
        var template = Array((root.hasSuffix("/") ? root : root + "/").utf8CString.dropLast()) + Array("iron-cookies.XXXXXX".utf8CString)
        let made = unsafe template.withUnsafeMutableBufferPointer { unsafe mkdtemp($0.baseAddress!) }
        guard unsafe made != nil else { throw SystemError(operation: root, code: errno) }
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // mkdtemp makes it 0700 already; say so explicitly whatever the umask was.
        guard unsafe chmod(path, 0o700) == 0 else {
            let code = errno
            unsafe rmdir(path)
            throw SystemError(operation: path, code: code)
        }
    }

    deinit { remove() }

    /// Copies the regular file `source` into this folder as `name` (mode 0600).
    ///
    /// - Returns: `false` when `source` does not exist (an absent `-wal`, say).
    /// - Throws: ``SystemError`` when it exists but cannot be read or copied.
    @discardableResult
    func copy(_ source: String, as name: String) throws -> Bool {
        let input = unsafe open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else {
            let code = errno
            if code == ENOENT { return false }
            throw SystemError(operation: source, code: code)
        }
        defer { close(input) }
        var info = stat()
        guard unsafe fstat(input, &info) == 0 else { throw SystemError(operation: source, code: errno) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw SystemError(operation: source, code: EISDIR) }
        let target = path + "/" + name
        let output = unsafe open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw SystemError(operation: target, code: errno) }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = unsafe buffer.withUnsafeMutableBytes { unsafe read(input, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemError(operation: source, code: errno)
            }
            if count == 0 { return true }
            var offset = 0
            while offset < count {
                let written = unsafe buffer.withUnsafeBytes { unsafe write(output, $0.baseAddress! + offset, count - offset) }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw SystemError(operation: target, code: errno)
                }
                offset += written
            }
        }
    }

    /// Writes `bytes` into this folder as the new file `name` (mode 0600).
    func store(_ bytes: [UInt8], as name: String) throws {
        let target = path + "/" + name
        let output = unsafe open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw SystemError(operation: target, code: errno) }
        defer { close(output) }
        try FileDescriptorOutput.writeAll(output, bytes.span)
    }

    /// Deletes every file in the folder (SQLite may have added a `-shm`) and the folder.
    func remove() {
        guard !removed else { return }
        removed = true
        for name in FileSystem.names(in: path) { unsafe unlink(path + "/" + name) }
        unsafe rmdir(path)
    }
}
