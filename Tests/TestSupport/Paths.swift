import Foundation

/// Locations every test needs: the repository root, shared test data, temporary folders.
public enum TestPaths {
    /// The repository root (the folder holding Package.swift), found from this source file.
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// The real-post corpus and third-party test suites: `$MEDIAVAULT_SHARED` if set, else
    /// `../shared` beside the repository, else `../shared` beside the repository this one was
    /// cloned from (a clone in a temporary folder still finds the data of its origin).
    public static let shared: URL = {
        if let path = ProcessInfo.processInfo.environment["MEDIAVAULT_SHARED"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let beside = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
        if FileManager.default.fileExists(atPath: beside.path) { return beside }
        if let origin = originRepository {
            let besideOrigin = origin.deletingLastPathComponent().appendingPathComponent("shared")
            if FileManager.default.fileExists(atPath: besideOrigin.path) { return besideOrigin }
        }
        return beside  // missing: the tests that need it fail naming this path
    }()

    /// The local folder `remote.origin.url` names in `.git/config`, if it is one.
    private static var originRepository: URL? {
        let config = repositoryRoot.appendingPathComponent(".git/config")
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
