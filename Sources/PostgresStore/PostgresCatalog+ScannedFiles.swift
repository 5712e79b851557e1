import ArchiveStore
import Foundation

extension PostgresCatalog {
    /// Records (or replaces) what these post files yielded (one transaction).
    public func recordScannedFiles(_ files: [ScannedFileRecord]) throws {
        guard !files.isEmpty else { return }
        try write("remember what \(files.count) post files yielded") { connection in
            for file in files {
                try connection.executePrepared("""
                    INSERT INTO scanned_file (path, size, mtime_ns, yield) VALUES ($1, $2, $3, $4)
                    ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, yield = excluded.yield
                    """, [file.path, file.size, file.mtimeNs, file.yield])
            }
        }
    }

    /// What the post file at `path` yielded when it was last parsed, if it was.
    public func scannedFile(path: String) throws -> ScannedFileRecord? {
        try read("read what \(path) yielded when last parsed") { connection in
            let rows = try connection.executePrepared("SELECT size, mtime_ns, yield FROM scanned_file WHERE path = $1", [path])
            guard rows.count > 0 else { return nil }
            guard let size = Int64(try rows.required(0, "size")), let mtime = Int64(try rows.required(0, "mtime_ns")) else {
                throw PGError(sqlState: "", message: "size or mtime_ns of \(path) is not an integer", operation: "read")
            }
            return ScannedFileRecord(path: path, size: size, mtimeNs: mtime, yield: try rows.required(0, "yield"))
        }
    }
}
