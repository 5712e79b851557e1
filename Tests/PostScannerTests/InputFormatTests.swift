import Foundation
import Testing
@testable import PostScanner
import TestSupport

@Suite struct InputFormatTests {
    @Test func rssItemsBecomePostsWithTheirLinks() throws {
        let rss = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Feed</title>
        <item><title>First</title><link>https://blog.example/2024/first/</link><pubDate>Tue, 14 Jun 2022 22:43:52 GMT</pubDate>
        <description><![CDATA[<p><img src="../img/a.jpg"></p><p align="center">说明文字</p>]]></description></item>
        <item><title>Second</title><link>https://blog.example/second</link>
        <description>&lt;p&gt;&lt;img src="https://h/b.jpg"&gt;&lt;/p&gt;</description></item>
        </channel></rss>
        """
        let posts = try PostScanner().scan(data: Data(rss.utf8), displayPath: "feed.xml", baseFolder: nil)
        #expect(posts.map(\.path) == ["feed.xml#1", "feed.xml#2"])
        #expect(posts.map(\.title) == ["First", "Second"])
        #expect(posts[0].url == "https://blog.example/2024/first/")
        #expect(posts[0].date == "Tue, 14 Jun 2022 22:43:52 GMT")
        #expect(posts[0].images.first?.url == "https://blog.example/2024/img/a.jpg")
        #expect(posts[0].images.first?.caption == "说明文字")
        #expect(posts[1].images.first?.src == "https://h/b.jpg")
    }

    @Test func atomEntriesBecomePosts() throws {
        let atom = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
        <entry><title>Entry</title><link rel="alternate" href="https://site.example/e/1"/><updated>2024-01-02T03:04:05Z</updated>
        <content type="html">&lt;figure&gt;&lt;img src="/pic.png"&gt;&lt;figcaption&gt;Cap&lt;/figcaption&gt;&lt;/figure&gt;</content></entry>
        <entry><title>X</title><link href="https://site.example/e/2"/>
        <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p><img src="https://h/x.jpg"/></p></div></content></entry>
        </feed>
        """
        let posts = try PostScanner().scan(data: Data(atom.utf8), displayPath: "atom.xml", baseFolder: nil)
        #expect(posts.count == 2)
        #expect(posts[0].url == "https://site.example/e/1")
        #expect(posts[0].date == "2024-01-02T03:04:05Z")
        #expect(posts[0].images.first?.url == "https://site.example/pic.png")
        #expect(posts[0].images.first?.caption == "Cap")
        #expect(posts[1].images.first?.src == "https://h/x.jpg")
    }

    @Test func tomlFrontMatter() throws {
        let text = "+++\ntitle = \"Hugo \\\"post\\\"\"\ndate = 2024-05-01T10:00:00Z\nimage = 'img/cover.jpg'\nurl = \"https://hugo.example/p/\"\n[params]\nfoo = \"bar\"\n+++\n\n![Boat](img/boat.jpg)\n"
        let post = try #require(try PostScanner().scan(data: Data(text.utf8), displayPath: "p.md", baseFolder: nil).first)
        #expect(post.title == "Hugo \"post\"")
        #expect(post.date == "2024-05-01T10:00:00Z")
        #expect(post.cover == "img/cover.jpg")
        #expect(post.images.map(\.url) == ["https://hugo.example/p/img/boat.jpg", "https://hugo.example/p/img/cover.jpg"])
        #expect(post.images.first?.caption == "Boat")
    }

    @Test func htmlBodyWithBlankLinesStaysHTMLAndMixedBodyIsMarkdown() throws {
        // An indented line after a blank line inside <div> would be a code block in CommonMark.
        let html = try scanSnippet("<div>\n<p>text</p>\n\n    <img src=\"https://h/a.jpg\">\n</div>\n")
        #expect(html.images.map(\.src) == ["https://h/a.jpg"])
        let mixed = try scanSnippet("<!-- more -->\n\nSome *text*.\n\n![Harbour](https://h/b.jpg)\n")
        #expect(mixed.images.map(\.src) == ["https://h/b.jpg"])
        #expect(mixed.images.first?.caption == "Harbour")
    }

    @Test func yamlDatesStayAsWritten() throws {
        let post = try scanSnippet("<p>x</p>", front: "title: t\ndate: 2022-03-06 15:09:14")
        #expect(post.date == "2022-03-06 15:09:14")
    }

    @Test func gbkDocumentWithMetaCharset() throws {
        let html = "<html><head><meta charset=\"gbk\"><title>标题</title></head><body><p align=\"center\"><img src=\"https://h/a.jpg\"></p><p align=\"center\">中文说明</p></body></html>"
        var bytes: [UInt8] = []
        // Foundation's GB18030 encoder (kCFStringEncodingGB_18030_2000 as an NSStringEncoding) makes the fixture.
        let encoding = String.Encoding(rawValue: 0x80000632)
        if let data = html.data(using: encoding) { bytes = [UInt8](data) }
        try #require(!bytes.isEmpty)
        #expect(bytes.count < html.utf8.count)  // really not UTF-8
        let post = try #require(try PostScanner().scan(data: Data(bytes), displayPath: "gbk.html", baseFolder: nil).first)
        #expect(post.title == "标题")
        #expect(post.images.first?.caption == "中文说明")
    }

    @Test func legacyLabelsAreDecodedAsBrowsersDecodeThem() throws {
        // A 2005 Movable Type feed declaring Shift_JIS writes NEC's ① (0x87 0x40, Windows-31J); a
        // Korean one declaring euc-kr uses CP949's 갂 (0x81 0x41); a Thai WordPress 1.2 page
        // declaring tis-620 has Windows smart quotes (0x93 0x94). Browsers read all three.
        func page(_ charset: String, _ text: [UInt8]) -> Data {
            Data(Array("<html><head><meta charset=\"\(charset)\"></head><body><figure><img src=\"https://h/a.jpg\"><figcaption>".utf8)
                 + text + Array("</figcaption></figure></body></html>".utf8))
        }
        let cases: [(String, [UInt8], String)] = [("Shift_JIS", [0x87, 0x40, 0x82, 0xA0], "①あ"), ("euc-kr", [0x81, 0x41], "갂"),
                                                  ("tis-620", [0x93, 0xA1, 0x94], "\u{201C}ก\u{201D}")]
        for (charset, bytes, caption) in cases {
            let post = try #require(try PostScanner().scan(data: page(charset, bytes), displayPath: "\(charset).html", baseFolder: nil).first)
            #expect(post.images.first?.caption == caption, "\(charset)")
        }
    }

    @Test func big5DocumentWithHttpEquivCharset() throws {
        let html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=big5\"></head><body><figure><img src=\"https://h/a.jpg\"><figcaption>臺灣風景</figcaption></figure></body></html>"
        let data = try #require(html.data(using: String.Encoding(rawValue: 0x80000A03)))  // kCFStringEncodingBig5
        let post = try #require(try PostScanner().scan(data: data, displayPath: "big5.html", baseFolder: nil).first)
        #expect(post.images.first?.caption == "臺灣風景")
    }

    @Test func badInputGivesScanErrorNamingTheInput() throws {
        let scanner = PostScanner()
        let binary = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
        #expect(throws: ScanError.self) { try scanner.scan(data: binary, displayPath: "photo.md", baseFolder: nil) }
        do { _ = try scanner.scan(data: binary, displayPath: "photo.md", baseFolder: nil) } catch { #expect(error.input == "photo.md") }
        do {
            _ = try scanner.scan(data: Data("---\ntitle: x\n\n<p>no end</p>".utf8), displayPath: "open.md", baseFolder: nil)
            Issue.record("unterminated front matter accepted")
        } catch { #expect(error.input == "open.md" && error.reason.contains("never closed")) }
        do {
            _ = try scanner.scan(data: Data([0x3C, 0x70, 0x3E, 0xFF, 0xFE, 0x41, 0xC3]), displayPath: "bad.html", baseFolder: nil)
            Issue.record("invalid UTF-8 accepted")
        } catch { #expect(error.input == "bad.html") }
        // An unterminated tag is HTML a browser repairs: no crash, no error.
        let post = try #require(try scanner.scan(data: Data("<div><p><img src=\"https://h/a.jpg\"<p".utf8), displayPath: "cut.html", baseFolder: nil).first)
        #expect(post.images.count <= 1)
    }

    @Test func deeplyNestedMarkupDoesNotOverflowTheStack() throws {
        let html = String(repeating: "<span>", count: 300_000) + "<img src=\"https://h/a.jpg\">"
        let post = try #require(try PostScanner().scan(data: Data(html.utf8), displayPath: "deep.html", baseFolder: nil).first)
        #expect(post.images.count == 1)
    }
}
