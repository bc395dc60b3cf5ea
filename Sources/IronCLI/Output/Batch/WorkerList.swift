/// The workers of a batch, handed to its threads: each thread touches only its own worker, so
/// the list can be shared although workers are not `Sendable`.
struct WorkerList: @unchecked Sendable {
    let workers: [any LineWorker]
    init(_ workers: [any LineWorker]) { self.workers = workers }
}
