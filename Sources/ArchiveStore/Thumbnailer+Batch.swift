import Foundation

extension Thumbnailer {
    /// Thumbnails of many files on `jobs` threads at once, written to `folder/<name>.jpg|png`
    /// (`name` is the source's file name without its extension); results in input order.
    public func makeThumbnails(of sources: [URL], into folder: URL, jobs: Int) -> [Result<Thumbnail, ImageError>] {
        let results = ResultSlots<Result<Thumbnail, ImageError>>(count: sources.count)
        let next = Counter()
        // One thread per job pulling the next index: files differ in cost, so static slices idle.
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, sources.count))) { _ in
            while let index = next.take(below: sources.count) {
                let source = sources[index]
                let base = folder.appendingPathComponent(source.deletingPathExtension().lastPathComponent)
                do throws(ImageError) {
                    results.set(index, .success(try makeThumbnail(of: source, to: base)))
                } catch {
                    results.set(index, .failure(error))
                }
            }
        }
        return results.values
    }
}

extension SHA256Hasher {
    /// SHA-256 of many files on `jobs` threads at once (one file per thread at a time), in input order.
    public static func hash(filesAt files: [URL], jobs: Int) -> [Result<(sha256: String, size: Int64), StoreError>] {
        let results = ResultSlots<Result<(sha256: String, size: Int64), StoreError>>(count: files.count)
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, files.count))) { _ in
            while let index = next.take(below: files.count) {
                do {
                    results.set(index, .success(try hash(fileAt: files[index])))
                } catch let error as StoreError {
                    results.set(index, .failure(error))
                } catch {
                    results.set(index, .failure(.io("\(files[index].path): \(error)")))
                }
            }
        }
        return results.values
    }
}

/// A shared work index for the batch loops.
private final class Counter: @unchecked Sendable {
    // @unchecked: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value = 0

    func take(below limit: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}

/// Per-index result slots filled from several threads.
private final class ResultSlots<Value>: @unchecked Sendable {
    // @unchecked: `slots` is only touched under `lock`.
    private let lock = NSLock()
    private var slots: [Value?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock(); defer { lock.unlock() }
        slots[index] = value
    }

    /// Every slot; all were filled once the batch loop returned.
    var values: [Value] {
        lock.lock(); defer { lock.unlock() }
        return slots.map { $0! }
    }
}
