import Foundation
import Testing
@testable import PostScanner

/// One small document per platform format, written here: what each format makes of posts,
/// images, captions and covers.
@Suite struct PlatformFormatTests {
    private func scan(_ text: String, path: String) throws -> [ScannedPost] { try scanDocument(text, path: path) }

    @Test func oldBloggerAndDrupalFeedsAreReadWhole() throws {
        // Blogger's Atom 0.3 (2004–2007): the body is inline XHTML typed `application/xhtml+xml`,
        // titles `mode="escaped"` are HTML, "Posted by Picasa" badges close every post.
        let atom = """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed version="0.3" xmlns="http://purl.org/atom/ns#"><title mode="escaped" type="text/html">Willy</title>
            <entry><title mode="escaped" type="text/html">未完成&amp;#12415;&amp;#12363;｜I'm Well</title>
            <link href="http://willy.blogspot.com/2005/06/well.html" rel="alternate" type="text/html"/>
            <content type="application/xhtml+xml" xml:base="http://willy.blogspot.com" xml:space="preserve">
            <div xmlns="http://www.w3.org/1999/xhtml"><a href="http://photos1.blogger.com/blogger/3341/489/1600/w24.jpg"><img alt="" border="0" src="http://photos1.blogger.com/blogger/3341/489/320/w24.jpg"/></a><br/>Ready?
            <a href="http://picasa.google.com/"><img src="http://photos1.blogger.com/pbp.gif" alt="Posted by Picasa"/></a></div></content></entry></feed>
            """
        let entry = try #require(try scan(atom, path: "atom.xml").first)
        #expect(entry.title == "未完成みか｜I'm Well")
        #expect(entry.images.map(\.src) == ["http://photos1.blogger.com/blogger/3341/489/320/w24.jpg"])
        // Drupal 4.7–6 feeds open with a DOCTYPE whose internal subset holds `>`; a title may hold markup.
        let rss = """
            <?xml version="1.0" encoding="utf-8"?>
            <!DOCTYPE rss [<!ENTITY % HTMLlat1 PUBLIC "-//W3C//ENTITIES Latin 1 for XHTML//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml-lat1.ent">]>
            <!-- Source: http://example.org/3.xml > copy.xml -->
            <rss version="2.0" xml:base="http://linuxbox.hu"><channel><title>Linuxbox</title>
            <item><title>SAI-Global Limited (ASX: SAI)사 재판매 시장 진입<BR /></title><link>http://linuxbox.hu/a</link>
            <description>&lt;img src="http://linuxbox.hu/a.png"&gt;</description></item>
            <item><title>Second</title><link>http://linuxbox.hu/b</link><description>Text</description></item></channel></rss>
            """
        let items = try scan(rss, path: "drupal.xml")
        #expect(items.map(\.title) == ["SAI-Global Limited (ASX: SAI)사 재판매 시장 진입", "Second"])
        #expect(items.first?.images.map(\.src) == ["http://linuxbox.hu/a.png"])
    }

    @Test func aStrayAmpersandInAFeedOrExportIsKeptAsWritten() throws {
        // Squarespace-style exports and some news feeds leave a URL's `&` unescaped; libxml2
        // dropped `&ixid` and the rest as unknown entities. CDATA and real references stay.
        let wxr = """
        <?xml version="1.0" encoding="UTF-8" ?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
        <channel><title>Blog</title>
        <item><title>Trip &amp; more</title><wp:post_id>1</wp:post_id><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
        <content:encoded><![CDATA[<p><img src="https://h/a.jpg?x=1&amp;y=2"></p>]]></content:encoded>
        <wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>2</wp:meta_value></wp:postmeta></item>
        <item><title>u</title><wp:post_id>2</wp:post_id><wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>
        <wp:attachment_url>https://images.unsplash.com/photo-1?ixlib=rb-1.2.1&ixid=eyJh&auto=format&fit=crop&w=1268&q=80</wp:attachment_url></item>
        </channel></rss>
        """
        let post = try #require(try scan(wxr, path: "export.xml").first)
        #expect(post.title == "Trip & more")
        #expect(post.cover == "https://images.unsplash.com/photo-1?ixlib=rb-1.2.1&ixid=eyJh&auto=format&fit=crop&w=1268&q=80")
        #expect(post.images.first?.src == "https://h/a.jpg?x=1&amp;y=2")  // HTML inside CDATA: as written
        let rss = """
        <rss version="2.0"><channel><title>News</title><item><title>Story</title>
        <link>https://www.bbc.com/news/articles/c62?at_medium=RSS&at_campaign=rss</link>
        <description>&lt;p&gt;&lt;img src="https://h/b.jpg"&gt;&lt;/p&gt;</description></item></channel></rss>
        """
        #expect(try scan(rss, path: "feed.xml").first?.url == "https://www.bbc.com/news/articles/c62?at_medium=RSS&at_campaign=rss")
    }

    @Test func aGutenbergCoverBlocksBackgroundPictureIsAnImage() throws {
        // WordPress's theme unit test data: fixed and repeated covers show their picture as a CSS
        // background; older WordPress wrote every cover block so, on the block itself.
        let feed = """
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Blog</title>
            <item><title>Covers</title><content:encoded><![CDATA[
            <div class="wp-block-cover is-light has-parallax"><span aria-hidden="true" class="wp-block-cover__background"></span><div role="img" class="wp-block-cover__image-background wp-image-761 has-parallax" style="background-position:50% 50%;background-image:url(https://h/2008/06/dsc20050102.jpg)"></div><div class="wp-block-cover__inner-container"><p>Wind Farm</p></div></div>
            <div class="wp-block-cover has-background-dim" style="background-image:url(&quot;https://h/2013/03/rain.jpg&quot;)"><div class="wp-block-cover__inner-container"><p>Rain</p></div></div>
            <div class="hero" style="background-image:url(https://h/theme-hero.jpg)"></div>
            ]]></content:encoded></item></channel></rss>
            """
        let post = try #require(try scan(feed, path: "feed.xml").first)
        #expect(post.images.map(\.src) == ["https://h/2008/06/dsc20050102.jpg", "https://h/2013/03/rain.jpg"])
    }

    @Test func bloggerExportKeepsPublishedPostsAndPagesOnly() throws {
        let kind = "scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind"
        let export = """
        <?xml version='1.0' encoding='UTF-8'?>
        <feed xmlns='http://www.w3.org/2005/Atom' xmlns:app='http://purl.org/atom/app#' xmlns:thr='http://purl.org/syndication/thread/1.0'>
        <id>tag:blogger.com,1999:blog-1</id><title type='text'>Blog</title>
        <entry><id>tag:blogger.com,1999:blog-1.layout</id><category \(kind)#template'/><title type='text'>Template: Blog</title>
        <content type='text'>&lt;img src="https://theme.example/background.png"&gt;</content></entry>
        <entry><id>tag:blogger.com,1999:blog-1.settings.BLOG_NAME</id><category \(kind)#settings'/><title type='text'></title><content type='text'>Blog</content></entry>
        <entry><id>tag:blogger.com,1999:blog-1.post-1</id><published>2010-05-01T10:00:00.000-07:00</published><category \(kind)#post'/>
        <category scheme='http://www.blogger.com/atom/ns#' term='travel'/><title type='text'>A walk</title>
        <content type='html'>&lt;a href="https://blogger.googleusercontent.com/img/b/R29v/s1600/walk.jpg" imageanchor="1"&gt;&lt;img src="https://blogger.googleusercontent.com/img/b/R29v/s320/walk.jpg"&gt;&lt;/a&gt;</content>
        <link rel='alternate' type='text/html' href='https://blog.example/2010/05/a-walk.html' title='A walk'/></entry>
        <entry><id>tag:blogger.com,1999:blog-1.post-2</id><category \(kind)#post'/><title type='text'>Unfinished</title>
        <app:control><app:draft>yes</app:draft></app:control><content type='html'>&lt;img src="https://h.example/draft.jpg"&gt;</content></entry>
        <entry><id>tag:blogger.com,1999:blog-1.page-3</id><category \(kind)#page'/><title type='text'>About</title>
        <content type='html'>&lt;img src="https://h.example/me.jpg"&gt;</content></entry>
        <entry><id>tag:blogger.com,1999:blog-1.post-1.comment-9</id><category \(kind)#comment'/><title type='text'>Nice</title>
        <content type='html'>&lt;img src="https://spam.example/x.gif"&gt; nice</content><thr:in-reply-to ref='tag:blogger.com,1999:blog-1.post-1'/></entry>
        </feed>
        """
        let posts = try scan(export, path: "blog-export.xml")
        #expect(posts.map(\.title) == ["A walk", "About"])
        // The picture links to its full size (`imageanchor`): that is the one fetched, the shown size a variant.
        #expect(posts.flatMap(\.images).map(\.url) == ["https://blogger.googleusercontent.com/img/b/R29v/s1600/walk.jpg", "https://h.example/me.jpg"])
        #expect(posts.first?.images.first?.src == "https://blogger.googleusercontent.com/img/b/R29v/s320/walk.jpg")
        #expect(posts[0].url == "https://blog.example/2010/05/a-walk.html")
        // An ordinary Atom feed's categories (no kind scheme) keep every entry.
        let feed = export.replacingOccurrences(of: "http://schemas.google.com/g/2005#kind", with: "https://blog.example/tags")
            .replacingOccurrences(of: "<app:draft>yes</app:draft>", with: "")
        #expect(try scan(feed, path: "feed.xml").count == 6)
    }

    @Test func atomXMLBaseResolvesLinksAndContentAndAPodcastsArtworkIsItsCover() throws {
        // xml:base nests (feed, entry, content); the content's own base beats the entry's link.
        let atom = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/">
        <entry xml:base="posts/2024/"><title>One</title><id>1</id><link href="hello/"/>
        <content type="html">&lt;img src="hello/pic.jpg"&gt;</content></entry>
        <entry><title>Two</title><id>2</id><link href="https://blog.example/two/"/>
        <content type="xhtml" xml:base="https://cdn.example/a/b/"><div xmlns="http://www.w3.org/1999/xhtml"><img src="rel.png"/></div></content></entry>
        <entry><title>Three</title><id>3</id><summary type="html" xml:base="/s/">&lt;img src="x.gif"&gt;</summary></entry>
        </feed>
        """
        let posts = try scan(atom, path: "feed.atom")
        #expect(posts.map(\.url) == ["https://blog.example/posts/2024/hello/", "https://blog.example/two/", nil])
        #expect(posts.flatMap(\.images).map(\.url) == ["https://blog.example/posts/2024/hello/pic.jpg", "https://cdn.example/a/b/rel.png",
                                                        "https://blog.example/s/x.gif"])
        let podcast = """
        <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>Pod</title>
        <image><url>https://pod.example/show.png</url></image>
        <item><title>Ep 1</title><enclosure url="https://pod.example/ep1.mp3" type="audio/mpeg" length="1"/>
        <itunes:image href="https://pod.example/ep1.jpg"/><description>Notes</description></item></channel></rss>
        """
        #expect(try scan(podcast, path: "pod.xml").map(\.cover) == ["https://pod.example/ep1.jpg"])
    }

    @Test func wordpressExportKeepsPublishedPostsAndPagesAndUsesAttachments() throws {
        let wxr = """
        <?xml version="1.0" encoding="UTF-8" ?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
        <channel><title>Blog</title>
        <item><title><![CDATA[Hello]]></title><link>https://blog.example/hello/</link><pubDate>Sun, 19 Jan 2025 02:26:26 +0000</pubDate>
        <content:encoded><![CDATA[<!-- wp:image --><figure class="wp-block-image"><img src="https://blog.example/wp-content/uploads/2025/01/sea-300x200.jpg" class="wp-image-7" alt=""/><figcaption class="wp-element-caption">The sea</figcaption></figure><!-- /wp:image -->
        <p>Text</p>]]></content:encoded>
        <wp:post_id>4</wp:post_id><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
        <wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value><![CDATA[7]]></wp:meta_value></wp:postmeta></item>
        <item><title>Draft</title><link>https://blog.example/?p=5</link><content:encoded><![CDATA[<img src="https://h/d.jpg">]]></content:encoded>
        <wp:post_id>5</wp:post_id><wp:status>draft</wp:status><wp:post_type>post</wp:post_type></item>
        <item><title>sea</title><wp:post_id>7</wp:post_id><wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>
        <wp:attachment_url>
          https://blog.example/wp-content/uploads/2025/01/sea-original.jpg</wp:attachment_url></item>
        <item><title>About</title><link>https://blog.example/about/</link><content:encoded><![CDATA[<p>No images</p>]]></content:encoded>
        <wp:post_id>8</wp:post_id><wp:status>publish</wp:status><wp:post_type>page</wp:post_type></item>
        <item><title>Nav</title><wp:post_id>9</wp:post_id><wp:status>publish</wp:status><wp:post_type>wp_navigation</wp:post_type></item>
        </channel></rss>
        """
        let posts = try scan(wxr, path: "export.xml")
        #expect(posts.map(\.title) == ["Hello", "About"])
        #expect(posts.map(\.url) == ["https://blog.example/hello/", "https://blog.example/about/"])
        #expect(posts[0].date == "Sun, 19 Jan 2025 02:26:26 +0000")
        #expect(posts[0].cover == "https://blog.example/wp-content/uploads/2025/01/sea-original.jpg")
        let image = try #require(posts[0].images.first)
        #expect(image.caption == "The sea")
        // The size suffix names the original, which --originals asks for; written nowhere, it is no variant.
        #expect(!image.variants.contains("https://blog.example/wp-content/uploads/2025/01/sea.jpg"))
        #expect(OriginalImageURL.original(of: try #require(image.url)) == "https://blog.example/wp-content/uploads/2025/01/sea.jpg")
        #expect(image.variants.contains("https://blog.example/wp-content/uploads/2025/01/sea-original.jpg"))  // wp-image-7
        #expect(posts[0].images.filter(\.isCover).count == 1)
    }

    @Test func wordpressClassicGalleryShowsItsAttachmentsWithTheirCaptions() throws {
        func attachment(_ id: Int, parent: Int, order: Int, file: String, caption: String) -> String {
            """
            <item><title>a\(id)</title><wp:post_id>\(id)</wp:post_id><wp:post_parent>\(parent)</wp:post_parent><wp:menu_order>\(order)</wp:menu_order>
            <wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type><excerpt:encoded><![CDATA[\(caption)]]></excerpt:encoded>
            <wp:attachment_url>https://blog.example/wp-content/uploads/\(file)</wp:attachment_url></item>
            """
        }
        let wxr = """
        <?xml version="1.0" encoding="UTF-8" ?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
         xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Blog</title>
        <item><title>Listed</title><link>https://blog.example/listed/</link>
        <content:encoded><![CDATA[<p>Our trip.</p>[gallery columns="2" ids="22,21,25"]<p>More.</p>[gallery_bank id="1"]]]></content:encoded>
        <wp:post_id>10</wp:post_id><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
        <item><title>Attached</title><link>https://blog.example/attached/</link>
        <content:encoded><![CDATA[[gallery type="rectangular" exclude="26"]]]></content:encoded>
        <wp:post_id>11</wp:post_id><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
        \(attachment(21, parent: 10, order: 0, file: "a.jpg", caption: "The <em>first</em> one"))
        \(attachment(22, parent: 10, order: 0, file: "b.jpg", caption: ""))
        \(attachment(23, parent: 11, order: 2, file: "c.jpg", caption: "Third"))
        \(attachment(24, parent: 11, order: 1, file: "d.png", caption: "Beach &amp; sea"))
        \(attachment(25, parent: 11, order: 0, file: "menu.pdf", caption: "A file"))
        \(attachment(26, parent: 11, order: 0, file: "hidden.jpg", caption: "Excluded"))
        </channel></rss>
        """
        let posts = try scan(wxr, path: "export.xml")
        let uploads = "https://blog.example/wp-content/uploads/"
        #expect(posts.map { $0.images.map(\.url) } == [[uploads + "b.jpg", uploads + "a.jpg"], [uploads + "d.png", uploads + "c.jpg"]])
        #expect(posts.map { $0.images.map(\.caption) } == [[nil, "The first one"], ["Beach & sea", "Third"]])
    }

    @Test func jsonFeedImageAttachmentsAreImagesCaptionedByTheirTitle() throws {
        let feed = #"""
        {"version":"https://jsonfeed.org/version/1.1","title":"Photos","items":[{"id":"1","url":"https://photos.example/1",
         "content_html":"<p>Two from today</p><img src=\"https://photos.example/in-body.jpg\">",
         "attachments":[{"url":"https://photos.example/a.jpg","mime_type":"image/jpeg","title":"Boats & nets"},
                        {"url":"https://photos.example/in-body.jpg","mime_type":"image/jpeg","title":"Also in the body"},
                        {"url":"https://photos.example/episode.mp3","mime_type":"audio/mpeg","title":"Episode"}]}]}
        """#
        let post = try #require(try scan(feed, path: "feed.json").first)
        #expect(post.images.map(\.url) == ["https://photos.example/in-body.jpg", "https://photos.example/a.jpg"])
        #expect(post.images.map(\.caption) == ["Also in the body", "Boats & nets"])
    }

    @Test func captionShortcodeInEveryForm() throws {
        let body = """
        <p>Intro</p>
        [caption id="attachment_1" align="aligncenter" width="300"]<img src="https://h/a.jpg" alt="a" /> Inner text[/caption]

        [caption id="" align="alignnone" width="300" caption="From the attribute"]<img src="https://h/b.jpg" alt="b" />[/caption]

        [caption id="" align="alignnone"]<a href="https://h/c-full.jpg"><img src="https://h/c.jpg?w=487" alt="c" /></a> Linked[/caption]

        [caption width="300"]![Alt of d](https://h/d.jpg) Migrated to Markdown[/caption]
        """
        let post = try scanSnippet(body)
        #expect(post.images.map(\.src) == ["https://h/a.jpg", "https://h/b.jpg", "https://h/c.jpg?w=487", "https://h/d.jpg"])
        #expect(post.images.map(\.caption) == ["Inner text", "From the attribute", "Linked", "Migrated to Markdown"])
    }

    @Test func renderedWordPressCaptionsAndGalleries() throws {
        let html = """
        <html><body>
        <div id="attachment_9" class="wp-caption aligncenter"><img class="size-medium wp-image-9" src="https://h/w-300x225.jpg" width="300" height="225"><p class="wp-caption-text">Rendered caption</p></div>
        <figure class="wp-block-gallery has-nested-images">
          <figure class="wp-block-image"><img src="https://h/g1.jpg" alt="g1"></figure>
          <figure class="wp-block-image"><img src="https://h/g2.jpg" alt=""><figcaption>Second</figcaption></figure>
        </figure>
        <p>Body text after the gallery, long enough to be a paragraph and not a caption of anything.</p>
        <p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-lazy-src="https://h/j-1024x768.jpg" data-orig-file="https://h/j.jpg" data-large-file="https://h/j-1024x768.jpg"></p>
        </body></html>
        """
        let post = try #require(try scan(html, path: "page.html").first)
        #expect(post.images.map(\.src) == ["https://h/w-300x225.jpg", "https://h/g1.jpg", "https://h/g2.jpg", "https://h/j-1024x768.jpg"])
        #expect(post.images.map(\.caption) == ["Rendered caption", nil, "Second", nil])
        let jetpack = post.images[3]
        #expect(jetpack.url == "https://h/j.jpg")  // the original is fetched
        #expect(jetpack.variants.contains("https://h/j.jpg"))
    }

    /// A Ghost 5 export: `__GHOST_URL__` for the site's address, the cover's caption in `posts_meta`.
    static let ghostPlaceholderExport = """
        {"db":[{"meta":{"version":"5.70.0"},"data":{"posts":[{"id":"p1","uuid":"u1","title":"Hello","status":"published",
          "feature_image":"__GHOST_URL__/content/images/2023/10/cover.jpg",
          "html":"<figure class=\\"kg-card kg-image-card\\"><img src=\\"__GHOST_URL__/content/images/2023/10/a.jpg\\" class=\\"kg-image\\"></figure>"}],
         "posts_meta":[{"id":"m1","post_id":"p1","feature_image_alt":null,
          "feature_image_caption":"Photo by <a href=\\"https://unsplash.com/@jane\\">Jane &amp; Joe</a> / <a href=\\"https://unsplash.com\\">Unsplash</a>"}]}}]}
        """

    /// An editor document as Ghost's export holds it: a JSON string inside the JSON.
    private func quoted(_ json: String) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: [json]), as: UTF8.self).dropFirst().dropLast().description
    }

    @Test func aGhostPostExportedWithoutHTMLIsReadFromItsEditorDocument() throws {
        // Migration tools write Ghost posts with only `lexical` (Ghost 5) or `mobiledoc` (1–4).
        let lexical = #"{"root":{"children":[{"type":"paragraph","children":[{"type":"text","text":"Hello"}]},{"type":"image","src":"https://h/lexical.jpg","alt":"A harbour","caption":"The harbour at <b>dawn</b>"},{"type":"gallery","images":[{"src":"https://h/g1.jpg"},{"src":"https://h/g2.jpg"}],"caption":"Two boats"}]}}"#
        let mobiledoc = #"{"version":"0.3.1","cards":[["image",{"src":"https://h/mobile.jpg","caption":"Old editor"}],["markdown",{"markdown":"![](https://h/md.png)"}]],"sections":[[10,0],[10,1]]}"#
        let export = """
            {"db":[{"meta":{"version":"5.70.0"},"data":{"posts":[
              {"id":"1","title":"Lexical","status":"published","html":null,"lexical":\(try quoted(lexical))},
              {"id":"2","title":"Mobiledoc","status":"published","mobiledoc":\(try quoted(mobiledoc))}]}}]}
            """
        let posts = try scan(export, path: "ghost.json")
        #expect(posts.map { $0.images.map(\.src) } == [["https://h/lexical.jpg", "https://h/g1.jpg", "https://h/g2.jpg"], ["https://h/mobile.jpg", "https://h/md.png"]])
        #expect(posts.map { $0.images.map(\.caption) } == [["The harbour at dawn", nil, "Two boats"], ["Old editor", nil]])
    }

    @Test func whatGhostsContentAPIAnswersIsReadAsItsExportIs() throws {
        // `GET /ghost/api/content/posts/`, saved by a headless front end: `{"posts":[…],"meta":…}`.
        let answer = #"""
            {"posts":[{"id":"5ddc9141c35e7700383b2937","uuid":"a5aa9bd8-ea31-415c-b452-3a01ec0ae14f","title":"Writing posts with Ghost ✍️",
              "html":"<p>Hello</p><figure class=\"kg-card kg-gallery-card kg-width-wide\"><div class=\"kg-gallery-container\"><div class=\"kg-gallery-row\"><div class=\"kg-gallery-image\"><img src=\"https://static.ghost.org/v3.0.0/images/gallery-sample-1.jpg\" width=\"6000\" height=\"4000\"></div></div></div><figcaption>A gallery</figcaption></figure>",
              "feature_image":"https://static.ghost.org/v3.0.0/images/writing-posts-with-ghost.png","feature_image_caption":"The editor",
              "url":"https://demo.ghost.io/writing-posts-with-ghost/","published_at":"2021-02-01T11:00:20.000+00:00"}],
             "meta":{"pagination":{"page":1,"limit":15,"pages":1,"total":1,"next":null,"prev":null}}}
            """#
        let post = try #require(try scan(answer, path: "posts.json").first)
        #expect(post.title == "Writing posts with Ghost ✍️" && post.url == "https://demo.ghost.io/writing-posts-with-ghost/")
        #expect(post.images.map(\.src) == ["https://static.ghost.org/v3.0.0/images/gallery-sample-1.jpg", "https://static.ghost.org/v3.0.0/images/writing-posts-with-ghost.png"])
        #expect(post.images.map(\.caption) == ["A gallery", "The editor"])
        #expect(post.cover == "https://static.ghost.org/v3.0.0/images/writing-posts-with-ghost.png")
        // Any other JSON with posts (a data file) is no post.
        #expect(try scan(#"{"posts":[{"name":"x","html":"<img src=\"https://h/a.png\">"}]}"#, path: "data.json").isEmpty)
    }

    @Test func aGhostEditorDocumentsProductAndAudioCardsShowTheirPictures() throws {
        // TryGhost/migrate's asset scraper reads the same fields: a product's picture and an
        // episode's artwork are shown on the page; an audio card without artwork shows none.
        let lexical = #"{"root":{"children":[{"type":"product","productImageSrc":"https://h/product.png","productTitle":"My title"},{"type":"audio","src":"https://h/a.mp3","thumbnailSrc":"https://h/art.jpg"},{"type":"audio","src":"https://h/b.mp3","thumbnailSrc":""}]}}"#
        let mobiledoc = #"{"version":"0.3.1","cards":[["product",{"productImageSrc":"https://h/old-product.png","productTitle":"Old"}],["audio",{"src":"https://h/c.mp3","thumbnailSrc":"https://h/old-art.jpg"}]],"sections":[[10,0],[10,1]]}"#
        let export = """
            {"db":[{"meta":{"version":"5.70.0"},"data":{"posts":[
              {"id":"1","title":"Lexical","status":"published","html":null,"lexical":\(try quoted(lexical))},
              {"id":"2","title":"Mobiledoc","status":"published","mobiledoc":\(try quoted(mobiledoc))}]}}]}
            """
        let posts = try scan(export, path: "ghost.json")
        #expect(posts.map { $0.images.map(\.src) } == [["https://h/product.png", "https://h/art.jpg"], ["https://h/old-product.png", "https://h/old-art.jpg"]])
    }

    @Test func aGhostPostConvertedToMarkdownKeepsThePlaceholderMeaning() throws {
        let markdown = """
            ---
            title: Reverse shells
            feature_image: __GHOST_URL__/content/images/2022/06/cover.png
            ---
            <figure class="kg-card kg-image-card"><img src="__GHOST_URL__/content/images/2022/06/image-9.png" class="kg-image" alt="Syscall socket"
            srcset="__GHOST_URL__/content/images/size/w600/2022/06/image-9.png 600w, __GHOST_URL__/content/images/2022/06/image-9.png 900w"></figure>
            """
        let given = try #require(try PostScanner(siteURL: "https://blog.example/").scan(data: Data(markdown.utf8), displayPath: "post.md", baseFolder: nil).first)
        #expect(given.images.map(\.url) == ["https://blog.example/content/images/2022/06/image-9.png", "https://blog.example/content/images/2022/06/cover.png"])
        #expect(given.images.first?.variants == ["https://blog.example/content/images/size/w600/2022/06/image-9.png"])
        // Without the address the pictures are missing files that say what to pass, not a folder named __GHOST_URL__.
        let unknown = try #require(try PostScanner().scan(data: Data(markdown.utf8), displayPath: "post.md", baseFolder: URL(fileURLWithPath: "/nonexistent")).first)
        #expect(unknown.images.count == 2 && unknown.images.allSatisfy { $0.missingFile && $0.rule == GhostPlaceholder.unknownRule })
    }

    @Test func ghostPlaceholderStandsForTheSiteURLGiven() throws {
        let posts = try PostScanner(siteURL: "https://blog.example/").scan(data: Data(Self.ghostPlaceholderExport.utf8), displayPath: "ghost.json", baseFolder: nil)
        #expect(posts.first?.images.map(\.url) == ["https://blog.example/content/images/2023/10/a.jpg", "https://blog.example/content/images/2023/10/cover.jpg"])
        #expect(posts.first?.images.last?.caption == "Photo by Jane & Joe / Unsplash")
        #expect(posts.first?.images.allSatisfy { !$0.missingFile } == true)
    }

    @Test func ghostPlaceholderWithNoAddressKnownIsAMissingFileThatSaysWhatToDo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ghost-none-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let posts = try PostScanner().scan(data: Data(Self.ghostPlaceholderExport.utf8), displayPath: "ghost.json", baseFolder: folder)
        let images = try #require(posts.first?.images)
        #expect(images.count == 2 && images.allSatisfy { $0.missingFile && ($0.rule ?? "").contains("--site-url") })
    }

    @Test func ghostPlaceholderStandsForTheInstallThatHoldsTheContentFolder() throws {
        // A Ghost install keeps exports in content/data/ and uploads in content/images/.
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ghost-site-\(UUID().uuidString)", isDirectory: true)
        let data = root.appendingPathComponent("content/data", isDirectory: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("content/images/2023/10"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let file = data.appendingPathComponent("site.ghost.2023-10-01.json")
        try Data(Self.ghostPlaceholderExport.utf8).write(to: file)
        let post = try #require(try PostScanner().scan(filePath: file.path, displayPath: "site.json").first)
        #expect(post.images.compactMap { $0.url.flatMap(URL.init(string:))?.standardizedFileURL.path } == [
            root.path + "/content/images/2023/10/a.jpg", root.path + "/content/images/2023/10/cover.jpg",
        ])
        #expect(post.siteRoot.map { URL(fileURLWithPath: $0).standardizedFileURL.path } == root.standardizedFileURL.path)
    }

    @Test func theScanMemoOfAnExportDependsOnTheSiteURL() {
        let export = FileManager.default.temporaryDirectory.path + "/nowhere-\(UUID().uuidString)/site.json"
        let without = PostScanner().settingsStamp(forPost: export)
        let with = PostScanner(siteURL: "https://blog.example").settingsStamp(forPost: export)
        #expect(without != nil && with != nil && without != with)
        // A post in no site, with no site URL, keeps the stamp it had (memos written before stay valid).
        #expect(PostScanner().settingsStamp(forPost: FileManager.default.temporaryDirectory.path + "/nowhere/a.md") == nil)
    }

    @Test func mediaRSSAttachedImagesAreImagesWithTheirDescriptions() throws {
        let feed = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>News</title>
            <item><title>Story</title><link>https://news.example/1</link>
            <description><![CDATA[<p>Text</p><img src="https://img.example/in-body.jpg">]]></description>
            <media:content url="https://video.example/clip.mp4" medium="video"><media:description>A clip</media:description></media:content>
            <media:content url="https://img.example/lead.jpg" medium="image"><media:title>Lead title</media:title><media:description>The harbour at dawn</media:description></media:content>
            <media:group><media:content url="https://img.example/second-300.jpg" type="image/jpeg" width="300"><media:title>Boats</media:title></media:content>
            <media:content url="https://img.example/second.jpg" type="image/jpeg" width="1200"/></media:group>
            <media:content url="https://img.example/in-body.jpg" type="image/jpeg"><media:description>Said by the feed</media:description></media:content>
            <media:thumbnail url="https://img.example/lead-thumb.jpg"/>
            <enclosure url="https://audio.example/a.mp3" type="audio/mpeg" length="1"/>
            </item></channel></rss>
            """
        let post = try #require(try scan(feed, path: "news.xml").first)
        #expect(post.images.map(\.url) == ["https://img.example/in-body.jpg", "https://img.example/lead.jpg", "https://img.example/second.jpg"])
        #expect(post.images.map(\.caption) == ["Said by the feed", "The harbour at dawn", "Boats"])
        #expect(post.images.map(\.isCover) == [false, true, false])
        // A group is one picture in several sizes (the Media RSS spec): the widest, the rest its variants.
        #expect(post.images.last?.variants == ["https://img.example/second-300.jpg"])
    }

    @Test func aCoverThatIsAnotherSizeOfABodyPictureIsThatPicture() throws {
        // A Blogger post moved to Jekyll: its `thumbnail:` is Flickr's `_t` of the `_m` it shows.
        let post = try #require(try PostScanner().scan(data: Data("""
            ---
            title: Islands
            thumbnail: http://farm5.static.flickr.com/5207/5199928430_eee923c599_t.jpg
            ---
            <a href="http://www.flickr.com/photos/x/5199928430/"><img src="http://farm5.static.flickr.com/5207/5199928430_eee923c599_m.jpg" alt="Original Island"></a>
            """.utf8), displayPath: "islands.md", baseFolder: nil).first)
        #expect(post.images.count == 1 && post.images.first?.isCover == true)
        #expect(post.images.first?.variants == ["http://farm5.static.flickr.com/5207/5199928430_eee923c599_t.jpg"])
    }

    @Test func mediaRSSSizesOfOnePictureAreOneImage() throws {
        // The Guardian: one picture at two widths; CNN: a group of crops; The New York Times: the
        // description after a self-closing `media:content`; Ars Technica: a thumbnail inside it and
        // its `media:text`; Blogger via FeedBurner: the `=s72-c` thumbnail of the body's picture.
        let feed = """
            <rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>News</title>
            <item><title>Guardian</title><description>Text</description>
            <media:content width="140" url="https://i.guim.co.uk/img/media/b7/master/3000.jpg?w=140&amp;s=0a"/>
            <media:content width="460" url="https://i.guim.co.uk/img/media/b7/master/3000.jpg?w=460&amp;s=a6"/></item>
            <item><title>CNN</title><description>Text</description><media:group>
            <media:content medium="image" url="https://cdn.cnn.com/gaza-super-169.jpeg" width="1100"/>
            <media:content medium="image" url="https://cdn.cnn.com/gaza-large-11.jpeg" width="300"/></media:group></item>
            <item><title>NYT</title><description>Text</description>
            <media:content medium="image" url="https://static01.nyt.com/sanaa.jpg" width="1800"/>
            <media:credit>Khaled Abdullah/Reuters</media:credit><media:description>Protesting in Sanaa, Yemen.</media:description></item>
            <item><title>Ars</title><description>Text</description>
            <media:content url="https://cdn.arstechnica.net/rfk-1152x648.jpg" medium="image"><media:thumbnail url="https://cdn.arstechnica.net/rfk-500x500.jpg"/>
            <media:text>Robert F. Kennedy Jr. at a hearing.</media:text></media:content></item>
            <item><title>Blogger</title><description>&lt;img src="https://blogger.googleusercontent.com/img/a/AVvXsE1"&gt;</description>
            <media:thumbnail url="https://blogger.googleusercontent.com/img/a/AVvXsE1=s72-c"/></item>
            </channel></rss>
            """
        let posts = try scan(feed, path: "news.xml")
        #expect(posts.map { $0.images.map(\.url) } == [["https://i.guim.co.uk/img/media/b7/master/3000.jpg?w=460&s=a6"], ["https://cdn.cnn.com/gaza-super-169.jpeg"],
                                                     ["https://static01.nyt.com/sanaa.jpg"], ["https://cdn.arstechnica.net/rfk-1152x648.jpg"],
                                                     ["https://blogger.googleusercontent.com/img/a/AVvXsE1"]])
        #expect(posts.map(\.cover) == ["https://i.guim.co.uk/img/media/b7/master/3000.jpg?w=460&s=a6", "https://cdn.cnn.com/gaza-super-169.jpeg",
                                       "https://static01.nyt.com/sanaa.jpg", "https://cdn.arstechnica.net/rfk-1152x648.jpg",
                                       "https://blogger.googleusercontent.com/img/a/AVvXsE1=s72-c"])
        #expect(posts.map { $0.images.first?.variants ?? [] } == [["https://i.guim.co.uk/img/media/b7/master/3000.jpg?w=140&s=0a"], ["https://cdn.cnn.com/gaza-large-11.jpeg"],
                                                                 [], ["https://cdn.arstechnica.net/rfk-500x500.jpg"],
                                                                 ["https://blogger.googleusercontent.com/img/a/AVvXsE1=s72-c"]])
        #expect(posts.map { $0.images.first?.caption } == [nil, nil, "Protesting in Sanaa, Yemen.", "Robert F. Kennedy Jr. at a hearing.", nil])
        #expect(posts.last?.images.first?.isCover == true)
    }

    @Test func anItemThumbnailOfTheSameFileIsTheAttachedPicturesSmallerCopy() throws {
        // The Mirror (Escenic): `ALTERNATES/s98/NAME.jpg` as the item's `media:thumbnail`, the same
        // NAME at `s615` as its enclosure and `media:content`, on another of its image hosts.
        // Massa News: the item's picture in an `<image>` element of its own.
        let feed = """
            <rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>News</title>
            <image><url>https://cdn.massa.example/avatar-144x144.jpg</url><title>News</title></image>
            <item><title>Crocodile</title><description>Text</description>
            <media:thumbnail url="http://i2.mirror.example/incoming/article95.ece/ALTERNATES/s98/HORRIFIC-FOOTAGE.jpg" width="96" height="98"/>
            <enclosure url="http://i1.mirror.example/incoming/article95.ece/ALTERNATES/s615/HORRIFIC-FOOTAGE.jpg"/>
            <media:content url="http://i1.mirror.example/incoming/article95.ece/ALTERNATES/s615/HORRIFIC-FOOTAGE.jpg" type="image/jpeg" width="615"/></item>
            <item><title>Lead thumbnail</title><description>Text</description>
            <media:thumbnail url="https://img.example/lead-thumb.jpg"/><media:content url="https://img.example/lead.jpg" medium="image"/></item>
            <item><title>Thumb folder</title><description>Text</description>
            <media:content url="https://img.example.com/article/2022/0124/abc.jpg" medium="image"/><media:thumbnail url="https://img.example.com/thumb/article/2022/0124/abc.jpg"/></item>
            <item><title>Generic names</title><description>Text</description>
            <media:content url="https://img.example.net/photos/111/original.jpg" medium="image"/><media:thumbnail url="https://img.example.net/photos/333/original.jpg"/></item>
            <item><title>Marcha</title><description>Leia mais</description>
            <image>http://cdn.massa.example/uploads/noticias/lg-220d01a3.jpeg</image></item>
            </channel></rss>
            """
        let posts = try scan(feed, path: "news.xml")
        #expect(posts.map { $0.images.map(\.url) } == [["http://i1.mirror.example/incoming/article95.ece/ALTERNATES/s615/HORRIFIC-FOOTAGE.jpg"],
                                                     ["https://img.example/lead-thumb.jpg", "https://img.example/lead.jpg"],
                                                     ["https://img.example.com/article/2022/0124/abc.jpg"],
                                                     ["https://img.example.net/photos/111/original.jpg"],
                                                     ["http://cdn.massa.example/uploads/noticias/lg-220d01a3.jpeg"]])
        #expect(posts.first?.images.first?.variants == ["http://i2.mirror.example/incoming/article95.ece/ALTERNATES/s98/HORRIFIC-FOOTAGE.jpg"])
        // A generic name in another id's folder is another picture's thumbnail, no variant of this one.
        #expect(posts[2].images.first?.variants == ["https://img.example.com/thumb/article/2022/0124/abc.jpg"])
        #expect(posts[3].images.first?.variants == [])
        #expect(posts.map(\.cover) == ["http://i1.mirror.example/incoming/article95.ece/ALTERNATES/s615/HORRIFIC-FOOTAGE.jpg",
                                       "https://img.example/lead-thumb.jpg", "https://img.example.com/article/2022/0124/abc.jpg", "https://img.example.net/photos/111/original.jpg",
                                       "http://cdn.massa.example/uploads/noticias/lg-220d01a3.jpeg"])
    }

    @Test func aLinkPostsRelativePicturesAreOnTheFeedsOwnSite() throws {
        // monkeydom's Middleman feed: an item linking to the GitHub page it is about; its pictures
        // are the blog's. An item with no link has them there too; one on the blog (`www.` or not)
        // keeps its own address as the base (a page bundle's `pic.jpg`), and so does one an aggregator
        // took from another feed (its `<source>`). The channel's logo repeated as an item's enclosure
        // is no picture of the item.
        let feed = """
            <rss version="2.0"><channel><title>cocoa-dom</title><link>https://coding.monkeydom.de</link>
            <image><url>https://coding.monkeydom.de/logo.png</url><link>https://coding.monkeydom.de</link></image>
            <item><title>TCMPortMapper</title><link>https://github.com/monkeydom/TCMPortMapper</link>
            <description>&lt;img src="/assets/posts/PortMapAppIcon-512.png"&gt;&lt;img src="shot.png"&gt;</description></item>
            <item><title>No link</title><description>&lt;img src="/assets/posts/b.png"&gt;</description></item>
            <item><title>Bundle</title><link>https://www.monkeydom.de/posts/2018/bundle/</link>
            <description>&lt;img src="pic.jpg"&gt;</description><enclosure url="https://coding.monkeydom.de/logo.png" type="image/png" length="1"/></item>
            <item><title>Via a planet</title><link>https://alice.example.com/2020/01/post.html</link><source url="https://alice.example.com/feed.xml">Alice</source>
            <description>&lt;img src="pic/b.png"&gt;</description></item>
            </channel></rss>
            """
        let posts = try scan(feed, path: "posts.rss")
        #expect(posts.map { $0.images.compactMap(\.url) } == [["https://coding.monkeydom.de/assets/posts/PortMapAppIcon-512.png", "https://coding.monkeydom.de/shot.png"],
                                                          ["https://coding.monkeydom.de/assets/posts/b.png"],
                                                          ["https://www.monkeydom.de/posts/2018/bundle/pic.jpg"],
                                                          ["https://alice.example.com/2020/01/pic/b.png"]])
        #expect(posts[2].cover == nil)
    }

    @Test func aChannelSavedWithoutItsRSSWrapperIsStillAFeed() throws {
        let channel = """
            <channel>
                <title>테크데일리(TechDaily) - 컴퓨팅</title><link>https://www.techdaily.example</link>
                <item><title>“아시아, 작년 한 해 사이버 공격 가장 많이 받아”</title><link>https://www.techdaily.example/news/1</link>
                <description>&lt;img src="https://www.techdaily.example/photo/1.jpg"&gt;</description></item>
            </channel>
            """
        let posts = try scan(channel, path: "techdaily.xml")
        #expect(posts.map(\.title) == ["“아시아, 작년 한 해 사이버 공격 가장 많이 받아”"])
        #expect(posts.first?.images.map(\.url) == ["https://www.techdaily.example/photo/1.jpg"])
    }

    @Test func aFeedSavedWithItsFilesHasThePicturesBesideIt() throws {
        // A Micro.blog archive: `feed.json` beside `uploads/2020/…`, written relative in each item.
        let tree = try SiteTree("microblog-archive", [
            "feed.json": #"""
            {"version":"https://jsonfeed.org/version/1","title":"leonp","home_page_url":"https://leonp.micro.blog/","items":[
             {"id":"1","url":"https://leonp.micro.blog/2020/12/16/machine.html","content_html":"<p><img src=\"uploads/2020/3649152f54.jpg\" alt=\"\"></p><p><img src=\"uploads/2020/gone.jpg\"></p><p><img src=\"../outside.jpg\"></p>"}]}
            """#,
            "uploads/2020/3649152f54.jpg": "", "../outside.jpg": "",
        ])
        defer { tree.remove(); try? FileManager.default.removeItem(atPath: tree.root.deletingLastPathComponent().path + "/outside.jpg") }
        let post = try #require(try PostScanner().scan(filePath: tree.path + "/feed.json", displayPath: "feed.json").first)
        // The copy on disk is the picture, its address on the blog a variant; a file not in the
        // archive stays the web address, and a path leaving the archive's folder is not followed.
        #expect(post.images.map(\.url) == ["file://" + tree.path + "/uploads/2020/3649152f54.jpg",
                                            "https://leonp.micro.blog/2020/12/16/uploads/2020/gone.jpg",
                                            "https://leonp.micro.blog/2020/12/outside.jpg"])
        #expect(post.images.first?.variants == ["https://leonp.micro.blog/2020/12/16/uploads/2020/3649152f54.jpg"])
        #expect(post.images.map(\.missingFile) == [false, false, false])
    }

    @Test func mastodonArchiveOutboxPostsWithTheirAttachedImages() throws {
        let outbox = #"""
        {"@context":"https://www.w3.org/ns/activitystreams","id":"outbox.json","type":"OrderedCollection","orderedItems":[
         {"type":"Create","published":"2023-05-01T10:00:00Z","object":{"id":"https://social.example/users/me/statuses/1","type":"Note",
          "url":"https://social.example/@me/1","published":"2023-05-01T10:00:00Z","content":"<p>Sunset at the pier</p>","attachment":[
           {"type":"Document","mediaType":"image/jpeg","url":"/media_attachments/files/109/original/abc.jpg","name":"Orange sky over a wooden pier"},
           {"type":"Document","mediaType":"video/mp4","url":"/media_attachments/files/109/original/clip.mp4","name":null}]}},
         {"type":"Announce","published":"2023-05-02T10:00:00Z","object":"https://other.example/users/x/statuses/9"},
         {"type":"Create","object":{"id":"https://social.example/users/me/statuses/3","type":"Note","summary":"Spoilers","content":"<p>Remote</p>",
          "attachment":[{"type":"Document","mediaType":"image/png","url":"https://files.social.example/media/x.png","name":""}]}},
         {"type":"Create","object":{"id":"https://social.example/users/me/statuses/4","type":"Note","content":"<p>\#(String(repeating: "长", count: 90))</p>"}},
         {"type":"Create","object":{"id":"https://social.example/users/me/statuses/5","type":"Note","content":"",
          "attachment":[{"type":"Document","mediaType":"image/png","url":"https://files.social.example/media/y.png","name":""}]}}]}
        """#
        let folder = URL(fileURLWithPath: "/srv/archive", isDirectory: true)
        let posts = try PostScanner().scan(data: Data(outbox.utf8), displayPath: "outbox.json", baseFolder: folder)
        #expect(posts.map(\.url) == ["https://social.example/@me/1", "https://social.example/users/me/statuses/3",
                                     "https://social.example/users/me/statuses/4", "https://social.example/users/me/statuses/5"])
        #expect(posts.map(\.date) == ["2023-05-01T10:00:00Z", nil, nil, nil])
        // A status has no title: its content warning, else its opening text (cut at 80 characters), stands for one.
        #expect(posts.map(\.title) == ["Sunset at the pier", "Spoilers", String(repeating: "长", count: 80) + "…", nil])
        #expect(posts.map { $0.images.map(\.url) } == [["file:///srv/archive/media_attachments/files/109/original/abc.jpg"],
                                                      ["https://files.social.example/media/x.png"], [],
                                                      ["https://files.social.example/media/y.png"]])
        #expect(posts.first?.images.first?.alt == "Orange sky over a wooden pier")
        #expect(posts.first?.images.first?.caption == nil, "a description for people who cannot see the image is its alt, not a caption")
    }

    @Test func ghostExportAndCards() throws {
        let ghost = """
        {"db":[{"meta":{"version":"5.0.0"},"data":{"posts":[
          {"id":"1","title":"Build log","slug":"build-log","status":"published","published_at":"2019-08-07T20:00:00.000Z",
           "feature_image":"https://ghost.example/content/images/cover.jpg",
           "html":"<figure class=\\"kg-card kg-image-card kg-card-hascaption\\"><img src=\\"https://ghost.example/content/images/a.png\\" class=\\"kg-image\\" srcset=\\"https://ghost.example/content/images/size/w600/a.png 600w, https://ghost.example/content/images/a.png 1200w\\"><figcaption>Getting toasty</figcaption></figure><figure class=\\"kg-card kg-image-card\\"><img src=\\"https://ghost.example/content/images/b.png\\"></figure><p><em>Not a caption</em></p>"},
          {"id":"2","title":"Draft","status":"draft","html":"<img src=\\"https://ghost.example/d.png\\">"}]}}]}
        """
        let posts = try scan(ghost, path: "ghost.json")
        #expect(posts.map(\.title) == ["Build log"])
        #expect(posts[0].cover == "https://ghost.example/content/images/cover.jpg")
        #expect(posts[0].images.filter { $0.occurrences > 0 }.map(\.caption) == ["Getting toasty", nil])
        #expect(posts[0].images[0].variants == ["https://ghost.example/content/images/size/w600/a.png"])
    }

    @Test func mediumExportFiguresAndFeaturedImage() throws {
        let html = """
        <html><body><article><section>
        <figure class="graf graf--figure"><img class="graf-image" data-is-featured="true" src="https://cdn-images-1.medium.com/max/800/0*a.png"><figcaption class="imageCaption">Photo by Someone on Unsplash</figcaption></figure>
        <figure class="graf graf--figure"><img class="graf-image" src="https://cdn-images-1.medium.com/max/800/0*b.png"></figure>
        <p class="graf graf--p"><strong><em>Mutability</em></strong></p>
        <img src="https://medium.com/_/stat?event=post.clientViewed" width="1" height="1">
        </section></article></body></html>
        """
        let post = try #require(try scan(html, path: "medium.html").first)
        #expect(post.images.map(\.src) == ["https://cdn-images-1.medium.com/max/800/0*a.png", "https://cdn-images-1.medium.com/max/800/0*b.png"])
        #expect(post.images.map(\.caption) == ["Photo by Someone on Unsplash", nil])
        #expect(post.cover == "https://cdn-images-1.medium.com/max/800/0*a.png")
        #expect(post.images[0].isCover)
    }

    @Test func jsonFeedItems() throws {
        let feed = """
        {"version":"https:\\/\\/jsonfeed.org\\/version\\/1.1","title":"T","icon":"https:\\/\\/site.example\\/icon.png",
         "items":[{"id":"1","url":"https:\\/\\/site.example\\/a","title":"A","date_published":"2024-12-10T12:00:00Z",
                   "image":"https:\\/\\/site.example\\/a-crop.jpg",
                   "content_html":"<img src=\\"https:\\/\\/site.example\\/a.jpg\\" alt=\\"screenshot\\"><figcaption>Bare caption</figcaption><p>Text</p>"},
                  {"id":"2","url":"https:\\/\\/site.example\\/b","content_text":"Only text","banner_image":"https:\\/\\/site.example\\/banner.jpg"}]}
        """
        let posts = try scan(feed, path: "feed.json")
        #expect(posts.map(\.title) == ["A", nil])
        #expect(posts.map(\.url) == ["https://site.example/a", "https://site.example/b"])
        #expect(posts.map(\.cover) == ["https://site.example/a-crop.jpg", "https://site.example/banner.jpg"])
        #expect(posts[0].images.first?.caption == "Bare caption")
        #expect(posts[0].images.contains { $0.src == "https://site.example/icon.png" } == false)
    }

    @Test func restructuredTextPosts() throws {
        let rst = """
        .. title: Trip to the sea
        .. date: 2024-05-01

        Some text with an *emphasis*.

        .. image:: https://h/plain.jpg
           :alt: plain

        .. figure:: https://h/figure.jpg
           :alt: figure alt
           :width: 400

           The caption *paragraph* of the figure.

           A legend paragraph.

        .. raw:: html

           <p><img src="https://h/raw.jpg"><br>Raw caption</p>

        Example::

            .. image:: https://h/in-literal-block.jpg

        .. code-block:: rst

           .. image:: https://h/in-code.jpg
        """
        let post = try #require(try scan(rst, path: "post.rst").first)
        #expect(post.title == "Trip to the sea")
        #expect(post.date == "2024-05-01")
        #expect(post.images.map(\.src) == ["https://h/plain.jpg", "https://h/figure.jpg", "https://h/raw.jpg"])
        #expect(post.images.map(\.caption) == [nil, "The caption paragraph of the figure.", "Raw caption"])
    }

    @Test func aFigureCaptionsLinksAndEscapesAreReadAsTheReaderSeesThem() throws {
        // A Wikimedia credit line as Pelican blogs write it: anonymous links (`__`), `\ ` joins.
        let rst = """
        .. figure:: https://h/Icon-Vim.png
           :alt: vim icon

           `Icon-Vim <https://commons.wikimedia.org/wiki/File:Icon-Vim.svg>`__ \\
           von `User:ZyMOS <//commons.wikimedia.org/wiki/User:ZyMOS>`__,\\ for the
           `Open Icon Library`_ - *free*
        """
        let post = try #require(try scan(rst, path: "post.rst").first)
        #expect(post.images.map(\.caption) == ["Icon-Vim von User:ZyMOS,for the Open Icon Library - free"])
    }

    @Test func aFigureWithNoCaptionShowsItsLegendAndAnImageGridItsLines() throws {
        // magnum.graphics (Pelican + m.css): `..` says "no caption", the credit under the
        // picture is its legend; an `image-grid` lists one picture per line, then its caption.
        let rst = """
        .. figure:: https://h/fivesided.jpg
            :alt: Five-sided projection installation

            ..

            .. class:: m-text m-dim m-small

            Image credit: Elisabeth Mayer

        .. image-grid::

            https://h/bowling-god.jpg Bowling God by Sebastian Peralta Friedburg
            https://h/pirates.jpg

            https://h/time-gun.jpg Time Gun
        """
        let post = try #require(try scan(rst, path: "post.rst").first)
        #expect(post.images.map(\.src) == ["https://h/fivesided.jpg", "https://h/bowling-god.jpg", "https://h/pirates.jpg", "https://h/time-gun.jpg"])
        #expect(post.images.map(\.caption) == ["Image credit: Elisabeth Mayer", "Bowling God by Sebastian Peralta Friedburg", nil, "Time Gun"])
    }

    @Test func pelicanRestructuredTextTitleAndFields() throws {
        let rst = """
        My super title
        ##############

        :date: 2010-10-03 10:20
        :cover: https://h/cover.jpg

        .. |pic| image:: https://h/sub.png
        """
        let post = try #require(try scan(rst, path: "post.rst").first)
        #expect(post.title == "My super title")
        #expect(post.date == "2010-10-03 10:20")
        #expect(post.cover == "https://h/cover.jpg")
        #expect(post.images.map(\.src) == ["https://h/sub.png", "https://h/cover.jpg"])
    }

    @Test func trackingPixelsAndBeaconsAreNotImages() throws {
        let html = """
        <p><img src="https://h/real.jpg" width="600" height="400"></p>
        <p><img src="http://feeds.feedburner.com/~r/Blog/~4/abc" height="1" width="1"></p>
        <p><a href="http://feeds.feedburner.com/~f/Blog?a=x"><img src="http://feeds.feedburner.com/~f/Blog?i=x" border="0"></a></p>
        <p><img src="https://stats.wordpress.com/b.gif?host=x" alt=""></p>
        <p><img src="https://h/spacer.gif" style="width:1px;height:1px"></p>
        <p><img src="https://h/poster.jpg" style="display:none;"></p>
        <p><img src="http://feedads.g.doubleclick.net/~at/x/0/di" border="0"></p>
        """
        let post = try scanSnippet(html)
        #expect(post.images.map(\.src) == ["https://h/real.jpg"])
    }

    @Test func wordpressOriginalsOnlyForWordPressUploads() {
        #expect(WordPressImageURL.original(of: "https://b.example/wp-content/uploads/2020/01/a-300x200.jpg") == "https://b.example/wp-content/uploads/2020/01/a.jpg")
        #expect(WordPressImageURL.original(of: "https://b.example/wp-content/uploads/2020/01/big-scaled.jpg") == "https://b.example/wp-content/uploads/2020/01/big.jpg")
        #expect(WordPressImageURL.original(of: "http://x.files.wordpress.com/2012/12/a.jpg?w=487") == "http://x.files.wordpress.com/2012/12/a.jpg")
        #expect(WordPressImageURL.original(of: "https://b.example/wp-content/uploads/2020/01/a.jpg") == nil)
        #expect(WordPressImageURL.original(of: "https://other.example/img/a-300x200.jpg") == nil)
    }

    @Test func aResizerPathHoldingAnEncodedURLNamesTheOriginal() throws {
        let rss = """
        <rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>F</title>
        <item><title>I</title><link>https://news.example/a</link>
        <media:content url="http://cdn.example/storage/a+b%2857%29.png" type="image/png"/>
        <description><![CDATA[<img src="https://cdn.example/dims3/resize/630x315!/quality/85/http%3A%2F%2Fcdn.example%2Fstorage%2Fa%2Bb%252857%2529.png" data-caption="A caption">]]></description></item>
        </channel></rss>
        """
        let post = try #require(try scan(rss, path: "feed.xml").first)
        let image = try #require(post.images.first)
        #expect(image.innerURL == "http://cdn.example/storage/a+b%2857%29.png")
        #expect(image.variants == ["http://cdn.example/storage/a+b%2857%29.png"])
        #expect(image.isCover && post.images.count == 1)
        #expect(image.caption == "A caption")
    }

    @Test func folderWalksReadRestructuredTextAndJSONOnlyWhenNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mediavault-platform-walk-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let feed = folder.appendingPathComponent("feed.json")
        try #"{"version":"https://jsonfeed.org/version/1","items":[{"id":"1","content_html":"<img src=\"https://h/a.png\">"}]}"#
            .write(to: feed, atomically: true, encoding: .utf8)
        try #"{"name":"x","image":"https://h/not-a-post.png"}"#.write(to: folder.appendingPathComponent("package.json"), atomically: true, encoding: .utf8)
        try ".. image:: https://h/b.png\n".write(to: folder.appendingPathComponent("post.rst"), atomically: true, encoding: .utf8)
        func images(_ inputs: [String]) throws -> [String] {
            var sources: [String] = []
            try InputWalker.walk(inputs, found: { item in
                sources += try PostScanner().scan(filePath: item.path, displayPath: item.relativePath).flatMap { $0.images.map(\.src) }
            }, failed: { Issue.record("\($0)") })
            return sources.sorted()
        }
        #expect(try images([folder.path]) == ["https://h/b.png"])  // JSON in a folder is data, not posts
        #expect(try images([feed.path]) == ["https://h/a.png"])  // a JSON Feed named as an input is read
        #expect(try images([folder.appendingPathComponent("package.json").path]).isEmpty)  // other JSON has no posts
    }

    @Test func aGutenbergGalleryCaptionBelongsToItsLastImage() throws {
        let html = """
        <figure class="wp-block-gallery has-nested-images columns-2">
          <figure class="wp-block-image size-large"><img src="https://h/1.jpg" alt=""></figure>
          <figure class="wp-block-image size-large"><img src="https://h/2.jpg" alt=""><figcaption class="wp-element-caption">Own caption</figcaption></figure>
          <figure class="wp-block-image size-large"><img src="https://h/3.jpg" alt=""></figure>
          <figcaption class="blocks-gallery-caption wp-element-caption">The whole gallery</figcaption>
        </figure>
        """
        let post = try #require(try scan("<html><body>\(html)</body></html>", path: "g.html").first)
        #expect(post.images.map(\.caption) == [nil, "Own caption", "The whole gallery"])
        // When the last picture has a caption of its own, the gallery's shows under it too.
        let both = html.replacingOccurrences(of: #"<img src="https://h/3.jpg" alt="">"#,
                                             with: #"<img src="https://h/3.jpg" alt=""><figcaption class="wp-element-caption">size = 10240</figcaption>"#)
        let captioned = try #require(try scan("<html><body>\(both)</body></html>", path: "g.html").first)
        #expect(captioned.images.map(\.caption) == [nil, "Own caption", "size = 10240 The whole gallery"])
    }
}
