import CCurl
import Foundation

/// Runs libcurl transfers on one dedicated thread that owns the multi handle and sleeps in
/// `curl_multi_poll`, so curl never blocks Swift's cooperative pool. Async callers wait on
/// continuations; cancelling the calling task removes its transfer.
public final class TransferLoop: @unchecked Sendable {
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
    public init(options: TransferOptions = TransferOptions()) {
        Self.globalInit
        self.options = options
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init failed: out of memory") }
        self.multi = multi
        _ = mv_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, options.maxPerHost)
        _ = mv_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, max(options.maxConcurrent, 1))
        // Idle connections kept for reuse: room for one per transfer slot and host limit, so a
        // run with few handles added at a time does not close connections it needs again.
        _ = mv_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(options.maxConcurrent, options.maxPerHost) * 4)
        _ = mv_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        let thread = Thread { [unowned self] in self.run() }
        thread.name = "mediavault.curl"
        thread.start()
    }

    deinit {
        shutdown()
        curl_multi_cleanup(multi)
    }

    /// libcurl's global state must be set up once, before any thread uses it.
    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    /// Stops the thread after failing whatever is still queued or running; idempotent.
    public func shutdown() {
        lock.lock()
        let wasStopping = stopping
        stopping = true
        lock.unlock()
        guard !wasStopping else { return }
        curl_multi_wakeup(multi)
        finished.wait()
    }

    /// Performs one GET; the body of a 2xx answer streams into `sink` on the transfer thread.
    /// Returns the response for any HTTP status; throws `TransferError` when no response came.
    public func perform(_ request: TransferRequest, sink: BodySink?) async throws -> TransferResponse {
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
                box.set(ObjectIdentifier(transfer))
                lock.lock()
                if stopping {
                    lock.unlock()
                    continuation.resume(throwing: CancellationError())
                    return
                }
                pending.append(transfer)
                let wake = sleeping
                sleeping = false
                lock.unlock()
                if wake { curl_multi_wakeup(multi) }
            }
        } onCancel: {
            guard let id = box.get() else { return }
            lock.lock()
            cancelled.insert(id)
            lock.unlock()
            curl_multi_wakeup(multi)
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
            curl_multi_perform(multi, &stillRunning)
            collectFinished()
            // Transfers that just finished freed slots: start the waiting ones now. Polling first
            // would sleep until the next network event or wakeup, up to a second with nothing
            // running (which stalled runs with many requests queued, now and then).
            if running.count < max(options.maxConcurrent, 1), !waiting.isEmpty { continue }
            guard goToSleep() else { continue }
            curl_multi_poll(multi, nil, 0, 1000, nil)
            lock.withLock { sleeping = false }
        }
        for transfer in waiting { transfer.continuation.resume(throwing: CancellationError()) }
        for transfer in running.values {
            curl_multi_remove_handle(multi, transfer.handle)
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
            let code = curl_multi_add_handle(multi, transfer.handle)
            guard code == CURLM_OK else {
                let message = String(cString: curl_multi_strerror(code))
                transfer.continuation.resume(throwing: TransferError(.other, "\(transfer.request.url): \(message)"))
                continue
            }
            running[ObjectIdentifier(transfer)] = transfer
        }
    }

    private func cancel(_ id: ObjectIdentifier) {
        if let index = waiting.firstIndex(where: { ObjectIdentifier($0) == id }) {
            waiting.remove(at: index).continuation.resume(throwing: CancellationError())
        } else if let transfer = running.removeValue(forKey: id) {
            curl_multi_remove_handle(multi, transfer.handle)
            transfer.continuation.resume(throwing: CancellationError())
        }
    }

    private func collectFinished() {
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let code = message.pointee.data.result
            var raw: UnsafeMutableRawPointer?
            _ = mv_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &raw)
            guard let raw else { continue }
            let transfer = Unmanaged<Transfer>.fromOpaque(raw).takeUnretainedValue()
            curl_multi_remove_handle(multi, easy)
            running.removeValue(forKey: ObjectIdentifier(transfer))
            transfer.continuation.resume(with: transfer.finish(code: code).mapError { $0 as any Error })
        }
    }
}

/// Carries the transfer's identity from the continuation body to the cancellation handler. Only
/// the identity: the transfer itself must be freed on the transfer thread, since its easy handle
/// shares the multi handle's connection and DNS caches, which libcurl does not lock. (Freeing it
/// on the waiting task's thread made runs stall now and then for a second.)
private final class TransferBox: @unchecked Sendable {
    // @unchecked: the one stored value is guarded by `lock`.
    private let lock = NSLock()
    private var id: ObjectIdentifier?
    func set(_ value: ObjectIdentifier) { lock.lock(); id = value; lock.unlock() }
    func get() -> ObjectIdentifier? { lock.lock(); defer { lock.unlock() }; return id }
}
