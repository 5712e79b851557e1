import ArchiveStore
import Foundation
import Testing
@testable import MediaVault
import TestSupport

/// Rolling verification: deterministic slices that together cover the archive, and a time box
/// that re-hashes the objects verified longest ago first, remembering when each was verified.
@Suite struct RollingVerifyTests {
    /// An archive of the six FetchCDN images, mirrored.
    static func mirrored(_ cdn: FetchCDN) async throws -> [String] {
        try cdn.writePost("a.md", page: nil, urls: (1...6).map { "https://open.test/\($0).png" })
        #expect(await cdn.mirror().status == ExitStatus.success)
        return try cdn.catalog().allObjects().map(\.sha256).sorted()
    }

    @Test func slicesAreDisjointStableAndCoverEverything() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let all = try await Self.mirrored(cdn)
        #expect(all.count == 6)
        var seen: [String] = []
        for n in 1...3 {
            let first = await Verifier(archive: cdn.archive, depth: .slice(n, of: 3)).inspect { _ in }
            let again = await Verifier(archive: cdn.archive, depth: .slice(n, of: 3)).inspect { _ in }
            #expect(first.verified.sorted() == again.verified.sorted(), "the same objects on every run")
            #expect(first.notHashed == all.count - first.verified.count)
            seen += first.verified
        }
        #expect(seen.sorted() == all, "3 slices: each object exactly once")
        // Damage is found by the slice that holds the object, and only by it.
        let victim = try #require(try cdn.catalog().allObjects().first)
        // Same size, one byte changed: only re-hashing finds it (a size check would find it in every slice).
        let file = cdn.archive.appendingPathComponent(victim.relativePath)
        var bytes = try Data(contentsOf: file)
        bytes[bytes.count / 2] ^= 0xFF
        try FileManager.default.removeItem(at: file)  // objects are read-only
        try bytes.write(to: file)
        var found = 0
        for n in 1...3 {
            let output = RecordingOutput()
            let status = await Verifier(archive: cdn.archive, depth: .slice(n, of: 3)).run(output: output)
            if output.of("problem").contains(where: { $0.string("sha256") == victim.sha256 }) {
                found += 1
                #expect(status == ExitStatus.damage)
            }
        }
        #expect(found == 1)
    }

    @Test func aTimeBoxStartsWithTheObjectsVerifiedLongestAgo() async throws {
        let cdn = try FetchCDN()
        defer { cdn.tearDown() }
        let all = try await Self.mirrored(cdn)
        let catalogFile = cdn.archive.appendingPathComponent("catalog.sqlite")
        // Every object but one was verified long ago, in a known order; one never was.
        let catalog = try Catalog(file: catalogFile)
        let never = all[3]
        let verifiedBefore = all.filter { $0 != never }
        for (index, sha) in verifiedBefore.enumerated() {
            try catalog.recordVerified([sha], at: Date(timeIntervalSince1970: 1_000_000 + Double(index) * 86_400))
        }
        // A zero budget still hashes one batch: the never-verified object first, then the oldest.
        let output = RecordingOutput()
        #expect(await Verifier(archive: cdn.archive, depth: .timeBox(seconds: 0)).run(output: output) == ExitStatus.success)
        let summary = try #require(output.of("summary").first)
        guard case .int(let hashed) = summary["hashed"], case .int(let notHashed) = summary["not_hashed"] else {
            Issue.record("summary without hashed/not_hashed: \(summary.jsonLine)"); return
        }
        #expect(hashed >= 1 && hashed + notHashed == Int64(all.count))
        let times = try Catalog(file: catalogFile).lastVerified()
        let now = Date().formatted(.iso8601).prefix(10)
        let refreshed = all.filter { times[$0]?.hasPrefix(String(now)) == true }
        #expect(refreshed.count == Int(hashed))
        #expect(refreshed.contains(never))
        let expected = [never] + verifiedBefore  // never verified, then oldest first
        #expect(Set(refreshed) == Set(expected.prefix(Int(hashed))))
        // A generous budget covers everything.
        #expect(await Verifier(archive: cdn.archive, depth: .timeBox(seconds: 60)).run(output: RecordingOutput()) == ExitStatus.success)
        let after = try Catalog(file: catalogFile).lastVerified()
        #expect(all.allSatisfy { after[$0]?.hasPrefix(String(now)) == true })
    }

    @Test func theCommandLineTakesSlicesAndDurations() throws {
        let archive = try TestPaths.makeTemporaryFolder("rolling-cli")
        defer { try? FileManager.default.removeItem(at: archive) }
        for bad in [["--read-data-subset", "4/3"], ["--read-data-subset", "0/3"], ["--max-duration", "10x"], ["--max-duration", "1m", "--fast"]] {
            let run = try EndToEndTests.run(["verify", "--archive", archive.path] + bad)
            #expect(run.status == 64, "\(bad)")
        }
    }
}
