/// A pool of random bytes drawn from a ``RandomSource`` in blocks, so that a token's salts and IV
/// do not each cost a call into the generator. Bytes handed out are erased from the pool.
struct RandomPool {
    private var source: any RandomSource
    private var pool: [UInt8]
    private var position: Int

    init(source: any RandomSource, blockSize: Int = 4096) {
        self.source = source
        pool = [UInt8](repeating: 0, count: blockSize)
        position = blockSize
    }

    /// Fills `output[range]` with random bytes.
    mutating func fill(_ output: inout [UInt8], _ range: Range<Int>) throws {
        var written = range.lowerBound
        while written < range.upperBound {
            if position == pool.count {
                try RandomPool.refill(&pool, from: &source)
                position = 0
            }
            let take = min(range.upperBound - written, pool.count - position)
            for k in 0..<take {
                output[written + k] = pool[position + k]
                pool[position + k] = 0
            }
            position += take
            written += take
        }
    }

    private static func refill(_ pool: inout [UInt8], from source: inout any RandomSource) throws {
        var span = pool.mutableSpan
        try source.fill(&span)
    }
}
