import ChildProcess
import ArchiveStore
import Foundation
import Testing
@testable import MediaVault
import TestSupport

/// Validates bags with the `bagit` package from PyPI (the Library of Congress's reference tool).
enum BagItValidator {
    /// The venv the tests make for bagit (kept in .build/, so made once per checkout).
    static let venv = TestPaths.repositoryRoot.appendingPathComponent(".build/bagit-venv")

    /// A Python that imports `bagit`: $MEDIAVAULT_BAGIT_PYTHON, the tests' venv, the system
    /// python3, else the venv is made now (`python3 -m venv`, `pip install bagit` from PyPI);
    /// nil when that fails too (no python3-venv, or PyPI unreachable).
    static let python: String? = {
        var candidates = [venv.appendingPathComponent("bin/python").path, "/usr/bin/python3"]
        if let chosen = ProcessInfo.processInfo.environment["MEDIAVAULT_BAGIT_PYTHON"] { candidates.insert(chosen, at: 0) }
        func hasBagit(_ python: String) -> Bool {
            FileManager.default.isExecutableFile(atPath: python) && (try? run(python, ["-c", "import bagit"]).status) == 0
        }
        if let found = candidates.first(where: hasBagit) { return found }
        let python = venv.appendingPathComponent("bin/python").path
        _ = try? run("/usr/bin/python3", ["-m", "venv", venv.path])
        _ = try? run(python, ["-m", "pip", "install", "--quiet", "bagit"])
        return hasBagit(python) ? python : nil
    }()

    /// `python -m bagit --validate DIR`: exit status and stderr (where bagit logs).
    static func validate(_ bag: URL) throws -> (status: Int32, log: String) {
        try run(python ?? "python3", ["-m", "bagit", "--validate", bag.path])
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, log: String) {
        // stdout is drained and dropped; bagit logs on stderr.
        let output = try ChildProcess.run(executable, arguments: arguments)
        return (output.status, output.stderrText)
    }
}

@Suite(.serialized) struct ExportTests {
    @Test func bagValidatesWithPythonBagitAndCorruptionIsCaught() async throws {
        let archive = try await MirroredExamples.make("export-archive")
        let bag = archive.deletingLastPathComponent().appendingPathComponent(archive.lastPathComponent + "-bag")
        defer { for url in [archive, bag] { try? FileManager.default.removeItem(at: url) } }
        let output = RecordingOutput()
        #expect(BagItExport(archive: archive, bag: bag).run(output: output) == ExitStatus.success, "\(output.diagnostics)")

        // The layout and the tag files RFC 8493 asks for.
        let objects = try Catalog(readingFile: archive.appendingPathComponent("catalog.sqlite")).allObjects()
        for object in objects {
            #expect(FileManager.default.fileExists(atPath: bag.appendingPathComponent("data/" + object.relativePath).path))
        }
        let info = try String(contentsOf: bag.appendingPathComponent("bag-info.txt"), encoding: .utf8)
        let manifest = try String(contentsOf: bag.appendingPathComponent("manifest-sha256.txt"), encoding: .utf8)
        let lines = manifest.split(separator: "\n")
        var octets: Int64 = 0
        for line in lines {
            let path = String(line.split(separator: " ", maxSplits: 1)[1]).trimmingCharacters(in: .whitespaces)
            let (sha, size) = try SHA256Hasher.hash(fileAt: bag.appendingPathComponent(path))
            #expect(line.hasPrefix(sha), "\(path)")
            octets += size
        }
        #expect(info.contains("Payload-Oxum: \(octets).\(lines.count)\n"))
        #expect(info.contains("Bagging-Date: ") && info.contains("Bag-Software-Agent: mediavault"))
        #expect(try String(contentsOf: bag.appendingPathComponent("bagit.txt"), encoding: .utf8) == "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
        // The catalog copy is a complete database on its own, with every object row.
        let copy = try Catalog(readingFile: bag.appendingPathComponent("data/catalog.sqlite"))
        #expect(try copy.allObjects() == objects)
        #expect(try copy.integrityProblems().isEmpty)

        guard let python = BagItValidator.python else {
            print("ExportTests: SKIPPED bagit validation: no python with the bagit package and \(BagItValidator.venv.path) could not be made (needs python3-venv from Scripts/setup and PyPI)")
            return
        }
        _ = python
        let valid = try BagItValidator.validate(bag)
        #expect(valid.status == 0, "\(valid.log.suffix(600))")
        #expect(valid.log.contains("is valid"))

        // Corrupt one payload file (a copy: the bag's objects are hard links of the archive's).
        let victim = bag.appendingPathComponent("data/" + objects[0].relativePath)
        var bytes = try Data(contentsOf: victim)
        bytes[bytes.count / 2] ^= 0xFF
        try FileManager.default.removeItem(at: victim)
        try bytes.write(to: victim)
        let invalid = try BagItValidator.validate(bag)
        #expect(invalid.status != 0)
        #expect(invalid.log.contains(objects[0].sha256), "\(invalid.log.suffix(600))")
        // The archive's own object is untouched.
        #expect(try SHA256Hasher.hash(fileAt: archive.appendingPathComponent(objects[0].relativePath)).sha256 == objects[0].sha256)
    }

    @Test func refusesANonEmptyFolder() throws {
        let archive = try TestPaths.makeTemporaryFolder("export-refuse")
        defer { try? FileManager.default.removeItem(at: archive) }
        _ = try Catalog(file: archive.appendingPathComponent("catalog.sqlite"))
        try Data("x".utf8).write(to: archive.appendingPathComponent("keep.txt"))
        let output = RecordingOutput()
        #expect(BagItExport(archive: archive, bag: archive).run(output: output) == ExitStatus.fatal)
        #expect(output.diagnostics.first?.contains("not empty") == true)
    }
}
