import Foundation
import GRDB

/// The rows of one stored object, for writing many objects in one transaction.
public struct ObjectRows: Sendable {
    /// The object.
    public var object: ObjectRecord
    /// The URL that gave it.
    public var url: URLObjectRecord?
    /// The requests made for it.
    public var fetches: [FetchRecord]

    /// Bundles the rows of one object.
    public init(object: ObjectRecord, url: URLObjectRecord?, fetches: [FetchRecord]) {
        self.object = object
        self.url = url
        self.fetches = fetches
    }
}

extension Catalog {
    /// Records many stored objects in one transaction (one commit instead of one per image);
    /// same rules as `recordObject`. Call only after every object's file is durable.
    public func recordObjects(_ batch: [ObjectRows]) throws {
        guard !batch.isEmpty else { return }
        try write("record \(batch.count) objects") { db in
            for rows in batch { try Self.insert(rows, db) }
        }
    }
}
