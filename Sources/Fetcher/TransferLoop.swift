import CCurl
import Foundation

/// Runs libcurl transfers on one dedicated thread that owns the multi handle and sleeps in
/// `curl_multi_poll`, so curl never blocks Swift's cooperative pool. Async callers wait on
/// continuations; cancelling the calling task removes its transfer. `shutdown()` stops the
/// thread; so does dropping the last reference without it: the thread holds only the engine,
/// never the loop, so the loop's `deinit` runs and ends the thread instead of leaking it.
public final class TransferLoop: Sendable {
    /// The multi handle, its thread and its queues.
    let engine: TransferEngine

    /// Starts the transfer thread with the given options.
    public init(options: TransferOptions = TransferOptions()) {
        engine = TransferEngine(options: options)
    }

    deinit { engine.shutdown() }

    /// Stops the thread after failing whatever is still queued or running; idempotent.
    public func shutdown() { engine.shutdown() }

    /// Performs one GET; the body of a 2xx answer streams into `sink` on the transfer thread.
    /// Returns the response for any HTTP status; throws `TransferError` when no response came.
    public func perform(_ request: TransferRequest, sink: BodySink?) async throws -> TransferResponse {
        try await engine.perform(request, sink: sink)
    }
}

/// What `TransferLoop` runs: the multi handle and the thread that owns it. The thread keeps
/// the engine alive until it ends; the multi handle is freed when both have let go.
final class TransferEngine: @unchecked Sendable {
    // @unchecked: `pending`, `cancelled` and `stopping` are guarded by `lock`; `multi`,
    // `running` and `waiting` are touched only by the transfer thread (and deinit after it ended).
    private let options: TransferOptions
    private let multi: UnsafeMutableRawPointer
    private let lock = NSLock()
    private var pending: [Transfer] = []
    private var cancelled: Set<ObjectIdentifier> = []
    private var stopping = false
    /// True while the transfer thread sleeps (or is about to sleep) in `curl_multi_poll`: only
    /// then does a new request need a wakeup, and only the first one (it clears the flag). A
    /// busy thread takes new work at the top of its loop anyway, and a wakeup costs a write on
    /// one side and a read on the other.
    private var sleeping = false
    private var waiting: [Transfer] = []
    private var running: [ObjectIdentifier: Transfer] = [:]
    private let finished = DispatchSemaphore(value: 0)

    /// Starts the transfer thread with the given options.
    init(options: TransferOptions) {
        Self.globalInit
        self.options = options
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init failed: out of memory") }
        self.multi = multi
        Self.set(multi, CURLMOPT_MAX_HOST_CONNECTIONS, options.maxPerHost, "CURLMOPT_MAX_HOST_CONNECTIONS")
        Self.set(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, max(options.maxConcurrent, 1), "CURLMOPT_MAX_TOTAL_CONNECTIONS")
        // Idle connections kept for reuse: room for one per transfer slot and host limit, so a
        // run with few handles added at a time does not close connections it needs again.
        Self.set(multi, CURLMOPT_MAXCONNECTS, max(options.maxConcurrent, options.maxPerHost) * 4, "CURLMOPT_MAXCONNECTS")
        Self.set(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX), "CURLMOPT_PIPELINING")
        // The thread holds the engine (not the TransferLoop) until `run` returns.
        let thread = Thread { [self] in run() }
        thread.name = "mediavault.curl"
        thread.start()
    }

    deinit {
        // Reached only after the thread ended: it holds a reference while it runs.
        curl_multi_cleanup(multi)
    }

    /// libcurl's global state must be set up once, before any thread uses it.
    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    /// A multi option set with a value the code chose: a refusal is a bug (an option or type
    /// this libcurl does not take), so it traps with libcurl's message instead of running misconfigured.
    private static func set(_ multi: UnsafeMutableRawPointer, _ option: CURLMoption, _ value: Int, _ name: String) {
        let code = mv_multi_setopt_long(multi, option, value)
        precondition(code == CURLM_OK, "curl_multi_setopt(\(name), \(value)): \(String(cString: curl_multi_strerror(code))) (CURLMcode \(code.rawValue))")
    }

    /// Removes an easy handle the loop added; a refusal means a bug (a handle it never added).
    private static func remove(_ handle: UnsafeMutableRawPointer, from multi: UnsafeMutableRawPointer) {
        let code = curl_multi_remove_handle(multi, handle)
        precondition(code == CURLM_OK, "curl_multi_remove_handle: \(String(cString: curl_multi_strerror(code))) (CURLMcode \(code.rawValue))")
    }

    /// Stops the thread after failing whatever is still queued or running; idempotent.
    func shutdown() {
        lock.lock()
        let wasStopping = stopping
        stopping = true
        lock.unlock()
        guard !wasStopping else { return }
        wake()
        finished.wait()
    }

    /// Wakes the thread from `curl_multi_poll`. It fails only for a multi handle that is not
    /// valid (a bug); even then the poll's one-second timeout wakes the thread, so it is not fatal.
    private func wake() {
        let code = curl_multi_wakeup(multi)
        assert(code == CURLM_OK, "curl_multi_wakeup: \(String(cString: curl_multi_strerror(code)))")
    }

    /// Performs one GET (see `TransferLoop.perform`).
    func perform(_ request: TransferRequest, sink: BodySink?) async throws -> TransferResponse {
        let box = TransferBox()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let transfer: Transfer
                do {
                    transfer = try Transfer(request: request, sink: sink, options: options, continuation: continuation)
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                lock.lock()
                // Named to the cancellation handler and queued in one step under `lock`, which the
                // handler takes too: a cancel either comes first (no transfer to name: it must not
                // start, or it would run on to its own timeout) or finds it queued, never between.
                if stopping || !box.set(ObjectIdentifier(transfer)) {
                    lock.unlock()
                    continuation.resume(throwing: CancellationError())
                    return
                }
                pending.append(transfer)
                let wake = sleeping
                sleeping = false
                lock.unlock()
                if wake { self.wake() }
            }
        } onCancel: {
            lock.lock()
            let id = box.cancel()
            if let id { cancelled.insert(id) }
            lock.unlock()
            if id != nil { wake() }
        }
    }

    // MARK: - The transfer thread

    private func run() {
        var stillRunning: Int32 = 0
        while true {
            let (stop, cancelledNow) = takeNewWork()
            if stop { break }
            for id in cancelledNow { cancel(id) }
            startWaitingTransfers()
            let performed = curl_multi_perform(multi, &stillRunning)
            if performed != CURLM_OK { failRunning(performed, during: "curl_multi_perform") }
            collectFinished()
            // Transfers that just finished freed slots: start the waiting ones now. Polling first
            // would sleep until the next network event or wakeup, up to a second with nothing
            // running (which stalled runs with many requests queued, now and then).
            if running.count < max(options.maxConcurrent, 1), !waiting.isEmpty { continue }
            guard goToSleep() else { continue }
            let polled = curl_multi_poll(multi, nil, 0, 1000, nil)
            lock.withLock { sleeping = false }
            if polled != CURLM_OK { failRunning(polled, during: "curl_multi_poll") }
        }
        for transfer in waiting { transfer.continuation.resume(throwing: CancellationError()) }
        for transfer in running.values {
            Self.remove(transfer.handle, from: multi)
            transfer.continuation.resume(throwing: CancellationError())
        }
        waiting.removeAll()
        running.removeAll()
        finished.signal()
    }

    /// Marks the thread as sleeping unless work arrived since `takeNewWork` (then it loops
    /// instead). Checked under the lock, so a request is either seen here or sends a wakeup.
    private func goToSleep() -> Bool {
        lock.withLock {
            guard pending.isEmpty, cancelled.isEmpty, !stopping else { return false }
            sleeping = true
            return true
        }
    }

    private func takeNewWork() -> (stop: Bool, cancelled: Set<ObjectIdentifier>) {
        lock.lock()
        defer { lock.unlock() }
        waiting.append(contentsOf: pending)
        pending.removeAll()
        let now = cancelled
        cancelled.removeAll()
        return (stopping, now)
    }

    /// Keeps at most `maxConcurrent` transfers inside libcurl; the rest wait in order.
    private func startWaitingTransfers() {
        while running.count < max(options.maxConcurrent, 1), !waiting.isEmpty {
            let transfer = waiting.removeFirst()
            if let mayStart = options.mayStart, !mayStart() {
                transfer.continuation.resume(throwing: TransferError(.notStarted, "\(transfer.request.url): not started, the run is stopping"))
                continue
            }
            let code = curl_multi_add_handle(multi, transfer.handle)
            guard code == CURLM_OK else {
                let message = "curl_multi_add_handle: \(String(cString: curl_multi_strerror(code))) (CURLMcode \(code.rawValue))"
                transfer.continuation.resume(throwing: TransferError(.other, "\(transfer.request.url): \(message)"))
                continue
            }
            running[ObjectIdentifier(transfer)] = transfer
        }
    }

    /// A multi call failed (out of memory, an internal error): every running transfer fails with
    /// libcurl's code and message instead of waiting forever; new transfers still start.
    private func failRunning(_ code: CURLMcode, during call: String) {
        let message = "\(call): \(String(cString: curl_multi_strerror(code))) (CURLMcode \(code.rawValue))"
        for transfer in running.values {
            Self.remove(transfer.handle, from: multi)
            transfer.continuation.resume(throwing: TransferError(.other, "\(transfer.request.url): \(message)"))
        }
        running.removeAll()
    }

    private func cancel(_ id: ObjectIdentifier) {
        if let index = waiting.firstIndex(where: { ObjectIdentifier($0) == id }) {
            waiting.remove(at: index).continuation.resume(throwing: CancellationError())
        } else if let transfer = running.removeValue(forKey: id) {
            Self.remove(transfer.handle, from: multi)
            transfer.continuation.resume(throwing: CancellationError())
        }
    }

    private func collectFinished() {
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let code = message.pointee.data.result
            var raw: UnsafeMutableRawPointer?
            // CURLINFO_PRIVATE was set on every handle this loop added: no answer is a bug.
            let info = mv_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &raw)
            precondition(info == CURLE_OK && raw != nil, "curl_easy_getinfo(CURLINFO_PRIVATE): \(String(cString: curl_easy_strerror(info)))")
            guard let raw else { continue }
            let transfer = Unmanaged<Transfer>.fromOpaque(raw).takeUnretainedValue()
            Self.remove(easy, from: multi)
            running.removeValue(forKey: ObjectIdentifier(transfer))
            transfer.continuation.resume(with: transfer.finish(code: code).mapError { $0 as any Error })
        }
    }
}

/// Carries the transfer's identity from the continuation body to the cancellation handler, and
/// the cancellation the other way when it comes first. Only the identity: the transfer itself
/// must be freed on the transfer thread once libcurl has it, since its easy handle then shares
/// the multi handle's connection and DNS caches, which libcurl does not lock. (Freeing it on the
/// waiting task's thread made runs stall now and then for a second.)
private final class TransferBox: @unchecked Sendable {
    // @unchecked: both sides touch it only under the engine's `lock`.
    private var id: ObjectIdentifier?
    private var isCancelled = false

    /// Records the transfer's identity; false when the task was cancelled first (do not start it).
    func set(_ value: ObjectIdentifier) -> Bool {
        guard !isCancelled else { return false }
        id = value
        return true
    }

    /// Records the cancellation; returns the transfer's identity if it was recorded before.
    func cancel() -> ObjectIdentifier? {
        isCancelled = true
        return id
    }
}
