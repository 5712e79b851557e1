import Foundation

/// Locations every test needs: the repository root and temporary folders (shared data: `SharedData`).
public enum TestPaths {
    /// The repository root (the folder holding Package.swift) found from this source file, else
    /// the working directory (where `swift test` runs); a wrong guess fails the tests that read it.
    public static let repositoryRoot: URL = repositoryRootIfFound
        ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)

    /// The repository root, or nil when no Package.swift is above this source file.
    static let repositoryRootIfFound: URL? = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return nil
    }()

    /// The local folder `remote.origin.url` names in `.git/config`, if it is one.
    static var originRepository: URL? {
        guard let root = repositoryRootIfFound else { return nil }
        let config = root.appendingPathComponent(".git/config")
        guard let text = try? String(contentsOf: config, encoding: .utf8) else { return nil }
        var inOrigin = false
        for line in text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("[") { inOrigin = line == "[remote \"origin\"]"; continue }
            guard inOrigin, line.hasPrefix("url"), let equals = line.firstIndex(of: "=") else { continue }
            var url = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if url.hasPrefix("file://") { url = String(url.dropFirst(7)) }
            guard url.hasPrefix("/") else { return nil }  // a network remote: no data beside it
            return URL(fileURLWithPath: url).standardizedFileURL
        }
        return nil
    }

    /// A new empty temporary folder, unique to the caller.
    public static func makeTemporaryFolder(_ label: String = "test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("mediavault-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
