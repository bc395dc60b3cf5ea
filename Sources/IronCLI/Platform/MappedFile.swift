#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The rest of a regular file mapped into memory, read-only (`mmap`): `--lines` reads a file's
/// lines where they lie, with no copy through `read(2)`. The pages behind the reader are handed
/// back (`madvise`), so memory stays bounded by a chunk whatever the file's size.
///
/// A file cut short by another process while it is mapped would end the process with `SIGBUS`;
/// while a mapping is in use that signal instead prints one `iron: error:` line and exits 74.
final class MappedFile: @unchecked Sendable {
    private let mapping: UnsafeMutableRawPointer
    private let mappingCount: Int
    /// Where the first unread byte lies in the mapping (a mapping starts at a page boundary).
    private let start: Int
    /// The number of bytes from the first unread one to the end of the file.
    let count: Int
    /// Pages before this offset of the mapping were handed back.
    private var released = 0
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Maps what is left of `descriptor` from its offset, and moves the offset past it, so that
    /// `read(2)` goes on after the mapped bytes if the file grows. `nil` when it is not a
    /// regular file, nothing is left, or it cannot be mapped: then read it.
    init?(descriptor: Int32) {
        var info = stat()
        guard unsafe fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        let offset = Int(lseek(descriptor, 0, SEEK_CUR)), size = Int(info.st_size)
        guard offset >= 0, size > offset else { return nil }
        let aligned = offset / MappedFile.pageSize * MappedFile.pageSize
        guard let mapped = unsafe mmap(nil, size - aligned, PROT_READ, MAP_PRIVATE, descriptor, off_t(aligned)),
              unsafe mapped != MAP_FAILED else { return nil }
        guard lseek(descriptor, off_t(size), SEEK_SET) >= 0 else {
            unsafe munmap(mapped, size - aligned)
            return nil
        }
        unsafe madvise(mapped, size - aligned, MADV_SEQUENTIAL)
        (mapping, mappingCount, start, count) = unsafe (mapped, size - aligned, offset - aligned, size - offset)
        MappedFile.reportTruncation()
    }

    deinit {
        unsafe munmap(mapping, mappingCount)
    }

    /// Calls `body` with the mapped bytes.
    func withBytes<Result>(_ body: (Span<UInt8>) throws -> Result) rethrows -> Result {
        let bytes = unsafe UnsafeRawBufferPointer(start: mapping + start, count: count).bindMemory(to: UInt8.self)
        return try body(unsafe bytes.span)
    }

    /// Hands back the whole pages before byte `offset` (of the mapped bytes): they are read.
    func release(before offset: Int) {
        let end = (start + offset) / MappedFile.pageSize * MappedFile.pageSize
        guard end > released else { return }
        unsafe madvise(mapping + released, end - released, MADV_DONTNEED)
        released = end
    }

    /// Turns `SIGBUS` (a mapped file cut short) into an error line and exit status 74.
    private static func reportTruncation() {
        _ = installHandler
    }

    private static let installHandler: Void = {
        var action = sigaction()
        #if canImport(Darwin)
        action.__sigaction_u.__sa_handler = { _ in MappedFile.exitTruncated() }
        #else
        action.__sigaction_handler.sa_handler = { _ in MappedFile.exitTruncated() }
        #endif
        unsafe sigemptyset(&action.sa_mask)
        unsafe sigaction(SIGBUS, &action, nil)
    }()

    /// What the handler does: only `write(2)` and `_exit(2)`, which a signal handler may call.
    private static func exitTruncated() -> Never {
        let message: StaticString = "iron: error: the input file was cut short while it was read\n"
        _ = unsafe write(2, message.utf8Start, message.utf8CodeUnitCount)
        _exit(74)
    }
}
