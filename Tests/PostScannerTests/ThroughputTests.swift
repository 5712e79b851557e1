import Foundation
import Testing
@testable import PostScanner
import TestSupport

/// Prints the scanner's throughput over the corpus (measured, not asserted: debug builds are slow).
@Suite struct ThroughputTests {
    @Test func corpusThroughput() throws {
        let folder = TestPaths.shared.appendingPathComponent("corpus/posts")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "md" }
        let documents = try files.map { try Data(contentsOf: $0) }
        let rounds = Int(ProcessInfo.processInfo.environment["MEDIAVAULT_SCAN_ROUNDS"] ?? "1") ?? 1
        let scanner = PostScanner()
        let start = ContinuousClock.now
        var bytes = 0, images = 0
        for _ in 0..<rounds {
            for (file, data) in zip(files, documents) {
                images += try scanner.scan(data: data, displayPath: file.lastPathComponent, baseFolder: folder).reduce(0) { $0 + $1.images.count }
                bytes += data.count
            }
        }
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        print("scan throughput: \(bytes) bytes, \(images) images in \(String(format: "%.3f", seconds)) s = \(String(format: "%.1f", Double(bytes) / 1e6 / seconds)) MB/s")
        #expect(images > 0)
    }
}
