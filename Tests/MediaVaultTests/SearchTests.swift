import ArchiveStore
import Foundation
import Testing
@testable import MediaVault
import TestSupport

@Suite(.serialized) struct SearchTests {
    private func search(_ text: String, in archive: URL) -> (Int32, [OutputRecord]) {
        let output = RecordingOutput()
        let status = SearchJob(archive: archive).run(text: text, output: output)
        return (status, output.of("caption"))
    }

    @Test func chineseEnglishRankingAndNothing() async throws {
        let (archive, _) = try await LookupTestArchive.make("search")
        defer { try? FileManager.default.removeItem(at: archive.deletingLastPathComponent()) }
        let captions = LookupTestArchive.captions

        // 2 characters (below the trigram length: answered by a scan) and 4 characters (FTS5).
        for (query, expected) in [("夜景", captions[0]), ("故宫", captions[1]), ("故宫的雪", captions[1]), ("上海外滩", captions[0])] {
            let (status, hits) = search(query, in: archive)
            #expect(status == ExitStatus.success, "\(query)")
            #expect(hits.map { $0.string("caption") } == [expected], "\(query)")
            #expect(hits.first?.string("sha256")?.count == 64)
            #expect(hits.first?.string("title") == "旅行照片 Travel notes")
        }
        // English words, any case, every word required.
        #expect(search("LIGHTHOUSE harbour", in: archive).1.map { $0.string("caption") } == [captions[2]])
        #expect(search("lighthouse 夜景", in: archive).0 == ExitStatus.notFound)
        // A post title word finds every image of the post; the caption hit ranks first.
        let (_, travel) = search("Travel", in: archive)
        #expect(travel.count == 3)
        let (_, ranked) = search("景 Travel", in: archive)
        #expect(ranked.count == 2)
        // Nothing: exit 1 with a message.
        let output = RecordingOutput()
        #expect(SearchJob(archive: archive).run(text: "不存在的词", output: output) == ExitStatus.notFound)
        #expect(output.diagnostics.contains { $0.contains("不存在的词") })
    }

    @Test func rankingPrefersCaptionOverTitle() async throws {
        let (archive, _) = try await LookupTestArchive.make("search-rank")
        defer { try? FileManager.default.removeItem(at: archive.deletingLastPathComponent()) }
        let catalog = try Catalog(readingFile: archive.appendingPathComponent("catalog.sqlite"))
        let hits = try catalog.search("harbour")
        #expect(hits.count == 1)
        #expect(hits[0].rank != nil)
        // Re-scanning keeps the index in step: the caption text changes, old words stop matching.
        let writable = try Catalog(file: archive.appendingPathComponent("catalog.sqlite"))
        try await writable.database.write { db in
            try db.execute(sql: "UPDATE image_ref SET caption = 'a quiet harbour, renamed' WHERE caption LIKE 'A lighthouse%'")
            try db.execute(sql: "UPDATE post SET title = 'Renamed'")
        }
        #expect(try catalog.search("lighthouse").isEmpty)
        #expect(try catalog.search("quiet").count == 1)
        // The word in a caption and a title outranks the word in a title only.
        let renamed = try catalog.search("Renamed")
        #expect(renamed.count == 3)
        #expect(renamed.first?.caption == "a quiet harbour, renamed")
        #expect(try catalog.search("Travel").isEmpty)
    }
}
