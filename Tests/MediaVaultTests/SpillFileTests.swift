import Fetcher
import Foundation
import Testing
@testable import MediaVault
import TestSupport

/// What a run spills to disk instead of keeping per image (`SpillFile`) reads back as written,
/// from the file or from memory when no file can be made; the placeholder watch, which keeps
/// 16 bytes per new body and the rest there, judges as it did.
@Suite struct SpillFileTests {
    private static let noFolder = "/nonexistent-\(UUID().uuidString)"

    @Test(arguments: [true, false])
    func textsReadBackAtTheirOffsetsAndInOrder(onDisk: Bool) {
        let spill = onDisk ? SpillFile() : SpillFile(folder: Self.noFolder)
        var texts: [String?] = [nil, "", "图片 é", String(repeating: "long ", count: 300)]
        // Enough for several writes and scan reads, with texts straddling both.
        while texts.count < 3 * SpillFile.readSize / 60 { texts.append("https://img.example/\(texts.count).jpg?" + String(repeating: "q", count: texts.count % 50)) }
        texts.append(String(repeating: "tail ", count: 200))
        let offsets = texts.map { spill.append($0) }
        #expect(spill.inMemory == !onDisk)
        for index in [0, 1, 2, 3, 4, texts.count / 2, texts.count - 2, texts.count - 1] {
            #expect(spill.text(at: offsets[index])?.text == texts[index], "text \(index)")
            #expect(spill.text(at: offsets[index])?.next == (index + 1 < offsets.count ? offsets[index + 1] : spill.end))
        }
        var scanned: [String?] = []
        var scannedOffsets: [Int] = []
        spill.scan { text, offset in
            scanned.append(text)
            scannedOffsets.append(offset)
        }
        #expect(scanned == texts)
        #expect(scannedOffsets == offsets)
        #expect(spill.text(at: spill.end) == nil)
    }

    /// The first URL of a digest answered thousands of bodies earlier is read back from the
    /// file for the suspect's message; a digest sharing only its first 64 bits is other bytes.
    @Test(arguments: [true, false])
    func theWatchNamesTheFirstURLFromTheSpill(onDisk: Bool) {
        let watch = PlaceholderWatch(rules: HostRules(), spill: onDisk ? SpillFile() : SpillFile(folder: Self.noFolder))
        let digests = (0..<6000).map { String(UInt64($0) &* 0x9E37_79B9_7F4A_7C15 | 1 << 63, radix: 16) + String(repeating: "0", count: 48) }
        let path = String(repeating: "p", count: 100)
        for (number, digest) in digests.enumerated() {
            #expect(watch.judge(sha256: digest, url: "https://img.test/\(path)/\(number).jpg", host: "img.test") == .accept)
        }
        // Another query of the same URL is the same URL; another URL is a suspect, a third junk.
        #expect(watch.judge(sha256: digests[0], url: "https://img.test/\(path)/0.jpg?w=2", host: "img.test") == .accept)
        #expect(watch.judge(sha256: digests[0], url: "https://img.test/other.jpg", host: "img.test")
                == .suspect("same bytes (\(digests[0].prefix(12))) as https://img.test/\(path)/0.jpg"))
        #expect(watch.judge(sha256: digests[0], url: "https://img.test/third.jpg", host: "img.test")
                == .placeholder("img.test answered the same bytes (\(digests[0].prefix(12))) for 3 different URLs"))
        // The same first 64 bits, other bytes after them: a digest of its own, judged exactly.
        let twin = String(digests[1].prefix(16)) + String(repeating: "1", count: 48)
        #expect(watch.judge(sha256: twin, url: "https://img.test/twin.jpg", host: "img.test") == .accept)
        #expect(watch.judge(sha256: twin, url: "https://img.test/twin2.jpg", host: "img.test")
                == .suspect("same bytes (\(twin.prefix(12))) as https://img.test/twin.jpg"))
        #expect(watch.judge(sha256: digests[1], url: "https://img.test/again.jpg", host: "img.test")
                == .suspect("same bytes (\(digests[1].prefix(12))) as https://img.test/\(path)/1.jpg"))
        // Another host's URL with the same bytes is that host's first.
        #expect(watch.judge(sha256: digests[2], url: "https://b.test/2.jpg", host: "b.test") == .accept)
    }

    @Test func savedFilesForgetOnlyWhatAFileHoldsNowWhenTheListIsOnDisk() throws {
        let folder = try TestPaths.makeTemporaryFolder("saved-files")
        defer { try? FileManager.default.removeItem(at: folder) }
        let saved = SavedFiles(spill: SpillFile(folder: folder.path))
        // 6,000 files (past the 256 KB kept in memory), every 1,000th with the placeholder's key;
        // one of them saved again with real bytes, one placeholder on another host.
        for index in 0..<6_000 {
            let host = index == 3_000 ? "other.test" : "wx.test"
            saved.record(url: "https://\(host)/\(index).jpg", path: "/plain/\(host)/\(index).jpg", key: index % 1_000 == 0 ? "P" : "k\(index)")
        }
        saved.record(url: "https://wx.test/2000.jpg", path: "/plain/wx.test/2000.jpg", key: "real")
        let forgotten = saved.forget(key: "P", host: "wx.test").map { $0.url }.sorted()
        #expect(forgotten == ["https://wx.test/0.jpg", "https://wx.test/1000.jpg", "https://wx.test/4000.jpg", "https://wx.test/5000.jpg"])
        #expect(saved.forget(key: "P", host: "wx.test").isEmpty, "forgotten once")
        // Fetched again and again a placeholder: forgotten again.
        saved.record(url: "https://wx.test/1000.jpg", path: "/plain/wx.test/1000.jpg", key: "P")
        #expect(saved.forget(key: "P", host: "wx.test").map { $0.url } == ["https://wx.test/1000.jpg"])
    }
}
