import Foundation

/// What the pipeline needs from an object store to keep downloaded bytes (the local folder
/// today, S3 later). Rules every implementation keeps:
/// - `save` returns only once the object survives a crash (fsync'd and named, or PUT with its
///   checksum); the caller writes catalog rows only after that, so a crash leaves at worst
///   temp files or objects without rows, never a row without its bytes.
/// - Saving identical bytes twice is idempotent: the second returns `isNew == false`.
/// - How durability is paid (per object or per batch) is the implementation's business.
public protocol ObjectSaver: Sendable {
    /// A new temp object to stream bytes into.
    func makePending() throws -> PendingObject
    /// Makes `pending` durable under its hash name.
    func save(_ pending: PendingObject, fileExtension: String) async throws -> StoredObject
}
