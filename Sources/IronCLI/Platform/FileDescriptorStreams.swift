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

// libc's read and write under names the streams' own methods do not hide.
private func posixRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    unsafe read(descriptor, buffer, count)
}

func posixWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    unsafe write(descriptor, buffer, count)
}
