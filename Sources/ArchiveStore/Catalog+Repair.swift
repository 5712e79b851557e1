import Foundation
import GRDB

extension Catalog {
    /// Stores an object's perceptual hash (computed later than the object, e.g. by `verify --repair`).
    public func setPerceptualHash(sha256: String, hash: PerceptualHash) throws {
        try write("record the perceptual hash of \(sha256)") { db in
            try db.execute(sql: "UPDATE object SET phash = ? WHERE sha256 = ?", arguments: [hash.storedValue, sha256])
        }
    }
}
