import Iron

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file descriptor.
public final class FileDescriptorInput: ByteInput {
    let descriptor: Int32
    /// Where `read(2)` puts its bytes before they are appended, reused.
    private var scratch: [UInt8] = []

    /// Wraps a descriptor; it is not closed.
    public init(_ descriptor: Int32) { self.descriptor = descriptor }

    public func read(upTo count: Int, appendingTo buffer: inout [UInt8]) throws -> Int {
        if scratch.count < count { scratch = [UInt8](repeating: 0, count: count) }
        let descriptor = self.descriptor
        let (read, code) = unsafe scratch.withUnsafeMutableBufferPointer { bytes in
            while true {
                let read = unsafe posixRead(descriptor, bytes.baseAddress!, count)
                if read > 0 { unsafe buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[0..<read])) }
                if read >= 0 || errno != EINTR { return (read, errno) }
            }
        }
        guard read >= 0 else { throw SystemError(operation: "read", code: code) }
        return read
    }
}

/// Writes to a file descriptor through a buffer.
public final class FileDescriptorOutput: ByteOutput {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    private let capacity: Int

    /// Wraps a descriptor; it is not closed.
    public init(_ descriptor: Int32, bufferSize: Int = 1 << 16) {
        self.descriptor = descriptor
        capacity = bufferSize
        buffer.reserveCapacity(bufferSize)
    }

    /// Buffers small writes; one of a quarter of the buffer or more goes out as it is, with no
    /// copy (a batch writes its pieces' output, tens of kilobytes each, this way).
    public func write(_ bytes: Span<UInt8>) throws {
        if bytes.count >= capacity / 4 {
            try flush()
            return try FileDescriptorOutput.writeAll(descriptor, bytes)
        }
        if buffer.count + bytes.count > capacity { try flush() }
        Bytes.append(bytes, to: &buffer)
    }

    /// Pieces that are small in all are buffered as ``write(_:)`` does; the rest go out with
    /// `writev`, up to `IOV_MAX` pieces a call, with no copy.
    public func write(pieces: [[UInt8]]) throws {
        let total = pieces.reduce(0) { $0 + $1.count }
        guard total >= capacity / 4 else {
            for piece in pieces { try write(piece.span) }
            return
        }
        try flush()
        try FileDescriptorOutput.writeAll(descriptor, pieces)
    }

    public func flush() throws {
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        let pending = buffer
        try FileDescriptorOutput.writeAll(descriptor, pending.span)
    }

    /// Writes every byte, retrying after signals and short writes.
    static func writeAll(_ descriptor: Int32, _ bytes: Span<UInt8>) throws {
        let code = unsafe bytes.withUnsafeBufferPointer { bytes -> Int32 in
            var offset = 0
            while offset < bytes.count {
                let written = unsafe posixWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return 0
        }
        if code != 0 { throw SystemError(operation: "write", code: code) }
    }
}

extension FileDescriptorOutput {
    /// Writes every byte of `pieces` in order with `writev`, retrying after signals and short writes.
    static func writeAll(_ descriptor: Int32, _ pieces: [[UInt8]]) throws {
        var first = 0, offset = 0 // the first piece not wholly written, and how much of it was
        while first < pieces.count {
            let batch = pieces[first..<min(pieces.count, first + 1024)]
            let written = unsafe withVectors(batch, skipping: offset) { unsafe writev(descriptor, $0.baseAddress, Int32($0.count)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw SystemError(operation: "write", code: errno)
            }
            var left = written + offset
            offset = 0
            while first < pieces.count && left >= pieces[first].count {
                left -= pieces[first].count
                first += 1
            }
            offset = left
        }
    }

    /// Calls `body` with an `iovec` per piece (the first one from `skipping`), valid during the call.
    private static func withVectors<Result>(_ pieces: ArraySlice<[UInt8]>, skipping: Int, _ body: (UnsafeMutableBufferPointer<iovec>) -> Result) -> Result {
        var vectors = [iovec](repeating: iovec(), count: pieces.count)
        // The pointers outlive `withUnsafeBytes`: sound here because the slice holds the arrays
        // alive and unchanged until `body` returns, so their storage stays where it is.
        for (k, piece) in pieces.enumerated() {
            unsafe piece.withUnsafeBytes { bytes in
                let skip = k == 0 ? skipping : 0
                vectors[k] = unsafe iovec(iov_base: UnsafeMutableRawPointer(mutating: bytes.baseAddress.map { $0 + skip }), iov_len: bytes.count - skip)
            }
        }
        return unsafe vectors.withUnsafeMutableBufferPointer { unsafe body($0) }
    }
}

// libc's read and write under names the streams' own methods do not hide.
private func posixRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    unsafe read(descriptor, buffer, count)
}

func posixWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    unsafe write(descriptor, buffer, count)
}
