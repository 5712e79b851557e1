import ArchiveStore
import Foundation
import Testing
import TestSupport

/// The contract's checks on what happens to rows over time: re-checks, placeholders, forget,
/// prune, learned strategies, verification times and the gallery.
extension ContractChecks {
    static func historyKeptOnRecheck(_ catalog: any ContractCatalog) throws {
        let url = cdn + "changing.jpg", old = Rows.sha("0a"), new = Rows.sha("0b")
        try catalog.recordObjects([Rows.object(old, from: url)])
        try catalog.recordObjects([Rows.object(new, from: url, status: 201)])
        #expect(try catalog.object(forURL: url)?.sha256 == new, "the mapping says what the URL gives now")
        let history = try catalog.history(url: url)
        #expect(history.map(\.sha256) == [old, new] && history.map(\.event) == ["fetched", "fetched"])
        #expect(history.map(\.status) == [200, 201])
        #expect(try catalog.earlierCaptures(url: url).map(\.sha256) == [old])
        try catalog.recordObservation(URLObservation(url: url, sha256: new, status: 304, event: .unchanged))
        #expect(try catalog.history(url: url).last.map { [$0.event, "\($0.status ?? 0)"] } == ["unchanged", "304"])
        #expect(try catalog.earlierCaptures(url: url).map(\.sha256) == [old], "an unchanged answer is not an earlier capture")
    }

    static func placeholderForgotten(_ catalog: any ContractCatalog) throws {
        let sha = Rows.sha("9f")
        try catalog.recordObjects([Rows.object(sha, from: cdn + "p1.jpg"), Rows.object(sha, from: cdn + "p2.jpg")])
        #expect(try catalog.forget(urls: [cdn + "p1.jpg"], sha256: sha) == nil, "another URL still maps to the object")
        #expect(try catalog.history(url: cdn + "p1.jpg").last?.event == "placeholder")
        #expect(try catalog.object(forURL: cdn + "p1.jpg") == nil)
        let removed = try catalog.forget(urls: [cdn + "p2.jpg"], sha256: sha)
        #expect(removed?.sha256 == sha, "the last mapping gone: the object's files may be deleted")
        #expect(try !catalog.hasObject(sha256: sha))
    }

    static func tombstones(_ catalog: any ContractCatalog) throws {
        let a = Rows.sha("aa"), b = Rows.sha("bb")
        try catalog.recordObjects([Rows.object(a, from: cdn + "a.jpg"), Rows.object(b, from: cdn + "b.jpg")])
        let planned = try catalog.forget(.url(cdn + "a.jpg"), dryRun: true)
        #expect(planned.urls == [cdn + "a.jpg"])
        #expect(try catalog.object(forURL: cdn + "a.jpg") != nil && catalog.tombstones() == Tombstones(), "a dry run changes nothing")

        try catalog.forget(.url(cdn + "a.jpg"), dryRun: false)
        #expect(try catalog.tombstones().urls == [cdn + "a.jpg"])
        #expect(try catalog.object(forURL: cdn + "a.jpg") == nil)
        #expect(try catalog.history(url: cdn + "a.jpg").last?.event == "forgotten")

        let effect = try catalog.forget(.object(sha256: b), dryRun: false)
        #expect(effect.urls == [cdn + "b.jpg"])
        let stones = try catalog.tombstones()
        #expect(stones.objects == [b] && stones.urls == [cdn + "a.jpg", cdn + "b.jpg"], "an object's URLs are tombstoned too")
    }

    static func forgetPost(_ catalog: any ContractCatalog) throws {
        let shared = cdn + "shared.jpg", own = cdn + "own.jpg"
        try catalog.recordPosts([Rows.post("/site/a.md#1", title: "A", [(own, "mine", nil), (shared, "ours", nil)]),
                                 Rows.post("/site/b.md", title: "B", [(shared, "ours too", nil)])])
        try catalog.recordObjects([Rows.object(Rows.sha("c1"), from: own), Rows.object(Rows.sha("c2"), from: shared)])
        #expect(try catalog.postSources(matching: "/site/a.md", absolutePath: "/site/a.md") == ["/site/a.md#1"])

        let effect = try catalog.forget(.post(source: "/site/a.md"), dryRun: false)
        #expect(effect.posts == ["posts//site/a.md#1"])
        #expect(effect.urls == [own], "an image another post shows stays")
        #expect(try catalog.counts().posts == 1)
        #expect(try catalog.archived(among: [own, shared]) == [shared])
        let stones = try catalog.tombstones()
        #expect(stones.posts == ["/site/a.md"] && stones.covers(postSource: "/site/a.md#3"))
    }

    static func prune(_ catalog: any ContractCatalog) throws {
        let a = Rows.sha("d1"), b = Rows.sha("d2"), c = Rows.sha("d3"), d = Rows.sha("d4")
        try catalog.recordObjects([Rows.object(a, from: cdn + "a.jpg", size: 300), Rows.object(b, from: cdn + "b.jpg", size: 200),
                                   Rows.object(c, from: cdn + "c.jpg", size: 100)])
        try catalog.recordObjects([Rows.object(d, from: cdn + "c.jpg", size: 50)])  // c.jpg changed: c is an earlier capture
        #expect(try catalog.unreferencedObjects().isEmpty)
        try catalog.forget(.url(cdn + "b.jpg"), dryRun: false)
        try catalog.forget(.object(sha256: a), dryRun: false)
        #expect(try catalog.unreferencedObjects().map(\.sha256) == [a, b], "largest first; the earlier capture is kept")
        #expect(try catalog.deleteUnreferencedObjects([a, b, c]) == [a, b])
        #expect(try catalog.hasObject(sha256: c) && !catalog.hasObject(sha256: a))
        #expect(try catalog.unreferencedObjects().isEmpty)

        // Forgotten bytes that a URL maps to again (a worker of a shared queue that fetched them
        // before it saw the tombstone commits afterwards): the tombstone wins, and prune removes
        // the mapping with the object instead of failing on its foreign key.
        let e = Rows.sha("d5")
        try catalog.recordObjects([Rows.object(e, from: cdn + "e.jpg", size: 10)])
        try catalog.forget(.object(sha256: e), dryRun: false)
        try catalog.recordObjects([Rows.object(e, from: cdn + "e2.jpg", size: 10)])
        #expect(try catalog.archived(among: [cdn + "e.jpg", cdn + "e2.jpg"]) == [cdn + "e2.jpg"])
        #expect(try catalog.unreferencedObjects().map(\.sha256) == [e])
        #expect(try catalog.deleteUnreferencedObjects([e]) == [e])
        #expect(try !catalog.hasObject(sha256: e))
        #expect(try catalog.archived(among: [cdn + "e2.jpg"]).isEmpty, "the forgotten bytes' mapping went with them")
    }

    static func hostStrategies(_ catalog: any ContractCatalog) throws {
        try catalog.recordHostStrategy(host: "cdn.a", strategy: "origin")
        try catalog.recordHostStrategy(host: "cdn.a", strategy: "none")
        try catalog.recordHostStrategy(host: "cdn.b", strategy: "page")
        #expect(try catalog.hostStrategies() == ["cdn.a": "none", "cdn.b": "page"])
        let sha = Rows.sha("e1")
        try catalog.recordObjects([Rows.object(sha, from: cdn + "v.jpg")])
        let validators = try catalog.validators()
        #expect(validators.count == 1 && validators[cdn + "v.jpg"]?.etag == "\"e-e100\"" && validators[cdn + "v.jpg"]?.lastModified == nil)
    }

    static func verification(_ catalog: any ContractCatalog) throws {
        let a = Rows.sha("f1"), b = Rows.sha("f2")
        try catalog.recordObjects([Rows.object(a, from: cdn + "a.jpg"), Rows.object(b, from: cdn + "b.jpg")])
        #expect(try catalog.lastVerified().isEmpty)
        try catalog.recordVerified([a], at: Date(timeIntervalSince1970: 1_704_164_645))
        #expect(try catalog.lastVerified() == [a: "2024-01-02T03:04:05Z"])
        try catalog.recordVerified([a, b], at: Date(timeIntervalSince1970: 1_704_164_700))
        #expect(try catalog.lastVerified() == [a: "2024-01-02T03:05:00Z", b: "2024-01-02T03:05:00Z"])
    }

    static func scannedFiles(_ catalog: any ContractCatalog) throws {
        #expect(try catalog.scannedFile(path: "/site/a.md") == nil, "a file never parsed has no memo")
        // Sizes and times beyond 32 bits, and a yield in several scripts with separators in it.
        let first = ScannedFileRecord(path: "/site/a.md", size: 5_000_000_000, mtimeNs: 1_733_000_000_123_456_789,
                                      yield: "9:mv-scan-1 夜景 ~ 3:a:b\n'quoted' \\")
        let other = ScannedFileRecord(path: "/site/b.md", size: 0, mtimeNs: 1, yield: "")
        try catalog.recordScannedFiles([first, other])
        #expect(try catalog.scannedFile(path: "/site/a.md") == first)
        #expect(try catalog.scannedFile(path: "/site/b.md") == other)
        var edited = first
        edited.size = 12
        edited.mtimeNs += 1
        edited.yield = "edited"
        try catalog.recordScannedFiles([edited])
        #expect(try catalog.scannedFile(path: "/site/a.md") == edited, "a file parsed again replaces its memo")
        #expect(try catalog.scannedFile(path: "/site/b.md") == other)
        #expect(try catalog.scannedFile(path: "/site/A.md") == nil)
        try catalog.recordScannedFiles([])
    }

    static func gallery(_ catalog: any ContractCatalog) throws {
        let u1 = cdn + "g1.jpg", u2 = cdn + "g2.jpg"
        try catalog.recordPosts([Rows.post("g1.md", title: "First", [(u1, nil, "alt one"), (u2, "second", nil)]),
                                 Rows.post("g2.md", title: "Later", [(u1, "named later", nil)])])
        let a = Rows.sha("a0"), b = Rows.sha("b0"), orphan = Rows.sha("00")
        try catalog.recordObjects([Rows.object(b, from: u2), Rows.object(a, from: u1), Rows.object(orphan, from: cdn + "none.jpg")])
        let entries = try catalog.galleryEntries()
        #expect(entries.map(\.sha256) == [a, b, orphan], "post order, objects no post shows last")
        #expect(entries.first.map { [$0.caption, $0.alt, $0.title, $0.postPath] } == ["named later", "alt one", "First", "posts/g1.md"])
        #expect(entries.last.map { $0.url == nil && $0.title == nil } == true)
    }

    static func snapshot(_ catalog: any ContractCatalog) throws {
        let url = cdn + "snap.jpg", sha = Rows.sha("5a")
        try catalog.recordPosts([Rows.post("snap.md", title: "夜の港", [(url, "港の灯り", "lights")], variants: [cdn + "snap-2x.jpg"])])
        try catalog.recordObjects([Rows.object(sha, from: url, phash: -42)])
        try catalog.recordObjects([Rows.object(Rows.sha("5b"), from: url)])  // a recheck: history has two rows
        try catalog.forget(.url(cdn + "other.jpg"), dryRun: false)
        try catalog.recordVerified([sha], at: Date(timeIntervalSince1970: 1_704_164_645))
        let file = try TestPaths.makeTemporaryFolder("snapshot").appendingPathComponent("copy.sqlite")
        try catalog.copyConsistently(to: file)

        let copy = try Catalog(readingFile: file)
        #expect(try copy.counts() == catalog.counts())
        #expect(try copy.search("港の灯", limit: 10) .map(\.url) == [url], "the copy's own full-text index is filled")
        #expect(try copy.object(forURL: cdn + "snap-2x.jpg")?.sha256 == Rows.sha("5b"), "aliases copied")
        #expect(try copy.allObjects() == catalog.allObjects(), "every column, integers and flags included")
        #expect(try copy.history(url: url).map(\.sha256) == [sha, Rows.sha("5b")])
        #expect(try copy.tombstones() == catalog.tombstones() && copy.lastVerified() == catalog.lastVerified())
        #expect(try copy.integrityProblems(quick: false).isEmpty)
    }
}
