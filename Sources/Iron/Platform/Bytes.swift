#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The byte work that needs pointers (libc's `memchr` and `memcpy`, unaligned loads), so that
/// the rest of the library needs none.
package enum Bytes {
    /// The offset of the first `byte` in `span` at or after `start` (`memchr`), or `nil`.
    @inline(__always)
    package static func firstIndex(of byte: UInt8, in span: Span<UInt8>, from start: Int = 0) -> Int? {
        guard start < span.count else { return nil }
        return unsafe span.withUnsafeBufferPointer { buffer in
            guard let found = unsafe memchr(buffer.baseAddress! + start, Int32(byte), buffer.count - start) else { return nil }
            return unsafe UnsafeRawPointer(buffer.baseAddress!).distance(to: UnsafeRawPointer(found))
        }
    }

    /// Appends `span`'s bytes to `array`.
    @inline(__always)
    package static func append(_ span: Span<UInt8>, to array: inout [UInt8]) {
        guard span.count > 0 else { return }
        unsafe span.withUnsafeBufferPointer { unsafe array.append(contentsOf: $0) }
    }

    /// A new array holding `span`'s bytes.
    package static func array(_ span: Span<UInt8>) -> [UInt8] {
        var array: [UInt8] = []
        append(span, to: &array)
        return array
    }

    /// `span`'s bytes as UTF-8 text (invalid sequences become U+FFFD).
    package static func string(_ span: Span<UInt8>) -> String {
        unsafe span.withUnsafeBufferPointer { unsafe String(decoding: $0, as: UTF8.self) }
    }

    /// Copies `source` into `destination` from offset `start` (`memcpy`).
    @inline(__always)
    package static func copy(_ source: Span<UInt8>, into destination: inout MutableSpan<UInt8>, at start: Int) {
        precondition(start >= 0 && start + source.count <= destination.count)
        guard source.count > 0 else { return }
        unsafe source.withUnsafeBufferPointer { from in
            unsafe destination.withUnsafeMutableBufferPointer { to in
                unsafe (to.baseAddress! + start).update(from: from.baseAddress!, count: from.count)
            }
        }
    }

    /// The eight bytes at `offset` as one little-endian word, for scanning eight bytes at a time.
    @inline(__always)
    package static func word(_ span: Span<UInt8>, at offset: Int) -> UInt64 {
        precondition(offset >= 0 && offset + 8 <= span.count)
        return unsafe span.withUnsafeBufferPointer { unsafe UInt64(littleEndian: UnsafeRawPointer($0.baseAddress! + offset).loadUnaligned(as: UInt64.self)) }
    }

    /// Overwrites `span` with zeros in a way the optimiser may not remove: `explicit_bzero`
    /// (`memset_s` on Darwin), which runs at `memset`'s speed.
    package static func erase(_ span: inout MutableSpan<UInt8>) {
        erase(&span, first: span.count)
    }

    /// The same for the first `count` bytes of `span`.
    package static func erase(_ span: inout MutableSpan<UInt8>, first count: Int) {
        erase(&span, 0..<count)
    }

    /// The same for the bytes of `span` in `range`.
    package static func erase(_ span: inout MutableSpan<UInt8>, _ range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= span.count)
        guard !range.isEmpty else { return }
        unsafe span.withUnsafeMutableBufferPointer { buffer in
            #if canImport(Darwin)
            _ = unsafe memset_s(buffer.baseAddress! + range.lowerBound, range.count, 0, range.count)
            #else
            unsafe explicit_bzero(buffer.baseAddress! + range.lowerBound, range.count)
            #endif
        }
    }

    /// The four bytes at `offset`, the first looked up in the first 256 entries of `table`, the
    /// second in the next 256, and so on, ORed: a step of base64 decoding, with no bounds check
    /// per byte.
    @inline(__always)
    package static func lookUpQuad(_ span: Span<UInt8>, at offset: Int, in table: Span<UInt32>) -> UInt32 {
        precondition(offset >= 0 && offset + 4 <= span.count && table.count == 1024)
        return unsafe span.withUnsafeBufferPointer { bytes in
            unsafe table.withUnsafeBufferPointer { table in
                unsafe table[Int(bytes[offset])] | table[256 + Int(bytes[offset + 1])] | table[512 + Int(bytes[offset + 2])] | table[768 + Int(bytes[offset + 3])]
            }
        }
    }

    /// The characters of the eight six-bit groups at the top of `word` (the first group highest),
    /// looked up in a 64-entry `alphabet`, as one little-endian word: a step of base64 encoding,
    /// with no bounds check per character.
    @inline(__always)
    package static func lookUpSextets(_ word: UInt64, in alphabet: Span<UInt8>) -> UInt64 {
        precondition(alphabet.count == 64)
        return unsafe alphabet.withUnsafeBufferPointer { a in
            var characters: UInt64 = 0
            for k in 0..<8 { characters |= UInt64(unsafe a[Int(truncatingIfNeeded: word >> UInt64(58 - 6 * k)) & 63]) << UInt64(8 * k) }
            return characters
        }
    }

    /// Writes `word` little-endian into the eight bytes of `span` at `offset`.
    @inline(__always)
    package static func store(_ word: UInt64, into span: inout MutableSpan<UInt8>, at offset: Int) {
        precondition(offset >= 0 && offset + 8 <= span.count)
        unsafe span.withUnsafeMutableBufferPointer { unsafe UnsafeMutableRawPointer($0.baseAddress! + offset).storeBytes(of: word.littleEndian, as: UInt64.self) }
    }

    /// Whether every byte of `span[range]` is in `set`: the scan over every byte of a batch's
    /// lines, one table load per byte and no bounds check. (Swift's SIMD types were measured here:
    /// several times slower.)
    @inline(__always)
    package static func allInSet(_ span: Span<UInt8>, _ range: Range<Int>, _ set: ByteSet) -> Bool {
        precondition(range.lowerBound >= 0 && range.upperBound <= span.count)
        return unsafe span.withUnsafeBufferPointer { buffer in
            unsafe set.outside.withUnsafeBufferPointer { outside in
                // Eight bytes a round, with no branch per byte: the misses are gathered and looked at once.
                var index = range.lowerBound
                var missing: UInt8 = 0
                while index + 8 <= range.upperBound {
                    for k in 0..<8 { missing |= unsafe outside[Int(buffer[index + k])] }
                    if missing != 0 { return false }
                    index += 8
                }
                while index < range.upperBound {
                    missing |= unsafe outside[Int(buffer[index])]
                    index += 1
                }
                return missing == 0
            }
        }
    }
}

/// A set of bytes as a table of 256 entries, for ``Bytes/allInSet(_:_:_:)``.
package struct ByteSet: Sendable {
    /// 1 for a byte outside the set, 0 for one in it.
    fileprivate let outside: [UInt8]

    /// The set of the bytes for which `contains` is true.
    package init(_ contains: (UInt8) -> Bool) {
        outside = (0...255).map { contains(UInt8($0)) ? 0 : 1 }
    }

}
