import Iron

/// Where a batch's chunks come from: runs of whole lines, of about a given size, taken where
/// they lie in a mapped regular file, or read into a buffer from anything else (a pipe, a
/// terminal, or a file that grew past its mapping).
///
/// Only chunk ends are looked for here (one short search back from the size asked for); the
/// lines inside a chunk are found by the threads that process it. The mapped pages of the chunks
/// before are handed back by one of those threads too (``ReadInput``), not between chunks, when
/// the other threads would wait.
struct ChunkSource {
    private let input: any ByteInput
    private let maximumLineBytes: Int
    private var mapped: MappedFile?
    /// The bytes read and not yet handed out (read mode).
    private var buffer: [UInt8] = []
    /// Where the next chunk starts: in the mapped bytes, or in `buffer`.
    private var position = 0
    private var atEnd = false
    /// Whether the start of the input was looked at for a byte order mark.
    private var startChecked = false

    init(input: any ByteInput, maximumLineBytes: Int) {
        self.input = input
        self.maximumLineBytes = maximumLineBytes
        mapped = (input as? FileDescriptorInput).flatMap { MappedFile(descriptor: $0.descriptor) }
    }

    /// Calls `body` with the next chunk, and with the input before it, to hand back once the chunk
    /// is under way: whole lines of about `size` bytes in all, a single line if it is longer, or
    /// the input's last line without its newline. A line longer than the maximum is cut just
    /// after the maximum, for the batch to report. Returns `nil` at the end of the input.
    mutating func next<Result>(about size: Int, _ body: (Span<UInt8>, ReadInput) throws -> Result) throws -> Result? {
        if let mapped {
            if let result = try next(from: mapped, about: size, body) { return result }
            // No whole line is left in the mapping: what is left of it, and whatever the file
            // gained since it was mapped, is read.
            mapped.withBytes { Bytes.append($0.extracting(min(position, $0.count)...), to: &buffer) }
            (self.mapped, position) = (nil, 0)
        }
        return try nextByReading(about: size, body)
    }

    private mutating func next<Result>(from mapped: MappedFile, about size: Int, _ body: (Span<UInt8>, ReadInput) throws -> Result) throws -> Result? {
        try mapped.withBytes { (bytes) throws -> Result? in
            if !startChecked {
                startChecked = true
                if ChunkSource.startsWithByteOrderMark(bytes) { position = 3 }
            }
            guard let end = chunkEnd(bytes, from: position, about: size) else { return nil }
            let result = try body(bytes.extracting(position..<end), ReadInput(mapped: mapped, end: position))
            position = end
            return result
        }
    }

    private mutating func nextByReading<Result>(about size: Int, _ body: (Span<UInt8>, ReadInput) throws -> Result) throws -> Result? {
        if position > 0 {
            buffer.removeSubrange(0..<position)
            position = 0
        }
        var wanted = size
        while true {
            while buffer.count < wanted && !atEnd {
                atEnd = try input.read(upTo: 1 << 16, appendingTo: &buffer) == 0
                if !startChecked { skipByteOrderMark() }
            }
            if let end = chunkEnd(buffer.span, from: 0, about: size) ?? (atEnd && !buffer.isEmpty ? buffer.count : nil) {
                position = end
                return try body(buffer.span.extracting(0..<end), ReadInput(mapped: nil, end: 0))
            }
            if atEnd { return nil }
            wanted = buffer.count + 1 // a line longer than the chunk: read on to its end
        }
    }

    /// Where a chunk of whole lines starting at `start` should end: after the last newline within
    /// `size` bytes, else after the line that runs past them, else just past the maximum line
    /// length (a line too long), else `nil` (no whole line yet).
    private func chunkEnd(_ bytes: Span<UInt8>, from start: Int, about size: Int) -> Int? {
        let limit = min(bytes.count, start + size)
        var last = limit - 1
        while last >= start && bytes[last] != 0x0A { last -= 1 }
        if last >= start { return last + 1 }
        let tooLong = start + maximumLineBytes + 1
        if let newline = Bytes.firstIndex(of: 0x0A, in: bytes.extracting(0..<min(bytes.count, tooLong)), from: limit) {
            return newline + 1
        }
        return bytes.count >= tooLong ? tooLong : nil
    }

    /// A UTF-8 byte order mark at the start of the input is no part of the first line.
    private mutating func skipByteOrderMark() {
        guard buffer.count >= 3 || atEnd else { return } // wait for three bytes
        startChecked = true
        if ChunkSource.startsWithByteOrderMark(buffer.span) { buffer.removeFirst(3) }
    }

    private static func startsWithByteOrderMark(_ bytes: Span<UInt8>) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }
}

/// The input before a chunk, which is done with: its mapped pages may be handed back (a read
/// buffer has nothing to hand back). Handing them back unmaps them (`madvise`), 20 to 50 µs for
/// a chunk of a megabyte here: one of the threads of the next chunk does it, while the others work.
struct ReadInput: Sendable {
    fileprivate let mapped: MappedFile?
    fileprivate let end: Int

    func release() {
        mapped?.release(before: end)
    }
}
