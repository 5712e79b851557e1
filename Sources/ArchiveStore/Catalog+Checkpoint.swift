import GRDB

extension Catalog {
    /// Copies every committed page from the write-ahead log into the catalog file (a PASSIVE
    /// checkpoint: it never waits for readers). A job calls it when its last write is done, so
    /// the catalog file is final when the job returns: the pool's own close, which may come later
    /// from whichever thread drops the last reference, then has nothing left to copy. Best
    /// effort: pages a concurrent reader still needs wait for that close, and nothing is lost.
    public func checkpoint() {
        _ = try? database.writeWithoutTransaction { db in try db.checkpoint(.passive) }
    }
}
