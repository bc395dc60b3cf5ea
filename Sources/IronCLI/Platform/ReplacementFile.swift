/// `--output FILE`: the command's output, written to a temporary file beside FILE and renamed over
/// it by ``commit()``; until then (and if the command fails) FILE is untouched. A new FILE is
/// created 0600 (tokens and payloads are secrets); an existing one keeps its mode.
final class ReplacementFile: ByteOutput {
    let path: String
    private let temporary: String
    private let descriptor: Int32
    private let output: FileDescriptorOutput
    private var finished = false

    /// Starts the replacement of `path`.
    ///
    /// - Throws: ``CLIError`` (74) when `path` is a link or not a regular file, or its folder is
    ///   not writable.
    init(path: String) throws {
        let mode: UInt32
        switch try AtomicFile.examine(path) {
        case .none: mode = 0o600
        case .regular(let existing): mode = existing
        }
        (descriptor, temporary) = try AtomicFile.createTemporary(beside: path, mode: mode)
        self.path = path
        output = FileDescriptorOutput(descriptor)
    }

    deinit { discard() }

    func write(_ bytes: Span<UInt8>) throws { try output.write(bytes) }

    func flush() throws { try output.flush() }

    /// Puts the written output in place of `path`.
    func commit() throws {
        guard !finished else { return }
        finished = true
        do {
            try output.flush()
            try AtomicFile.install(descriptor, temporary, as: path)
        } catch {
            AtomicFile.remove(temporary)
            if let error = error as? SystemError { throw AtomicFile.failure(path, "write", error.code) }
            throw error
        }
    }

    /// Forgets what was written; `path` stays as it was.
    func discard() {
        guard !finished else { return }
        finished = true
        Files.closeDescriptor(descriptor)
        AtomicFile.remove(temporary)
    }
}
