import ArchiveStore
import ArgumentParser
import Foundation

/// `mediavault hash`: the store's SHA-256 on arbitrary files, printed like `sha256sum` (for `Scripts/bench hash`).
struct Hash: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash",  // explicit: derived from the type name it costs runtime lookups at every start
        abstract: "SHA-256 of files with the archive's hasher, printed as sha256sum does.",
        shouldDisplay: false)

    @Argument(help: "Files.")
    var files: [String]

    @Option(name: .long, help: "Files hashed at once (default: one per core).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard jobs >= 1, jobs <= 256 else { throw ValidationError("--jobs must be between 1 and 256") }
    }

    func run() throws {
        let results = SHA256Hasher.hash(filesAt: files.map { URL(fileURLWithPath: $0) }, jobs: jobs)
        var failed = false
        var lines = ""
        for (file, result) in zip(files, results) {
            switch result {
            case .success(let digest): lines += "\(digest.sha256)  \(file)\n"
            case .failure(let error):
                failed = true
                FileHandle.standardError.write(Data("mediavault: \(error)\n".utf8))
            }
        }
        FileHandle.standardOutput.write(Data(lines.utf8))
        if failed { throw ExitCode(1) }
    }
}
