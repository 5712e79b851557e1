import Foundation
import Testing
@testable import PostScanner

@Suite struct ImageRuleTests {
    @Test func srcsetLargestCandidateIsFetchedAndOthersAreVariants() throws {
        let post = try scanSnippet(#"<p><img src="https://h/a-small.jpg" srcset="https://h/a-800.jpg 800w, https://h/a-1600.jpg 1600w, https://h/a-400.jpg 400w"></p>"#)
        let image = try #require(post.images.first)
        #expect(image.src == "https://h/a-small.jpg")
        #expect(image.url == "https://h/a-1600.jpg")
        #expect(image.variants == ["https://h/a-800.jpg", "https://h/a-1600.jpg", "https://h/a-400.jpg"])
    }

    @Test func densitySrcsetPrefersTwoX() throws {
        let post = try scanSnippet(#"<p><img src="https://img/x.jpg@s_2,w_820" srcset="https://img/x.jpg 2x"></p>"#)
        #expect(post.images.first?.src == "https://img/x.jpg@s_2,w_820")
        #expect(post.images.first?.url == "https://img/x.jpg")
        #expect(post.images.first?.variants == ["https://img/x.jpg"])
    }

    @Test func pictureSourcesAreCandidates() throws {
        let post = try scanSnippet(#"<picture><source srcset="https://h/p.webp 1x, https://h/p@2x.webp 2x" type="image/webp"><img src="https://h/p.jpg" alt="x"></picture>"#)
        let image = try #require(post.images.first)
        #expect(post.images.count == 1)
        #expect(image.src == "https://h/p.jpg")
        #expect(image.url == "https://h/p@2x.webp")
        #expect(image.variants == ["https://h/p.webp", "https://h/p@2x.webp"])
    }

    @Test func imagesSharingALoadingPlaceholderAreEachTheirLazyPicture() throws {
        let post = try scanSnippet("""
            <p><img src="https://h/lazy_placeholder.gif" data-lazy-src="https://h/one.jpg" alt="One"></p>
            <p><img src="https://h/lazy_placeholder.gif" data-lazy-src="https://h/two.jpg" alt="Two"></p>
            <p><img src="/img/grey.gif" data-original="https://h/three.jpg"></p><p><img src="/img/grey.gif" data-original="https://h/four.jpg"></p>
            """)
        #expect(post.images.map(\.url) == ["https://h/one.jpg", "https://h/two.jpg", "https://h/three.jpg", "https://h/four.jpg"])
        #expect(post.images.map(\.src) == ["https://h/one.jpg", "https://h/two.jpg", "https://h/three.jpg", "https://h/four.jpg"])
        #expect(post.images.allSatisfy { $0.variants.isEmpty })
    }

    @Test func theNoscriptCopyOfALazyImageIsTheSameImage() throws {
        let post = try scanSnippet("""
            <p><img src="https://h/wp-content/plugins/lazy/placeholder.gif" data-lazy-src="https://h/real.jpg" alt="Real">\
            <noscript><img src="https://h/real.jpg" alt="Real"></noscript></p>
            <p><img src="https://h/thumb.jpg" data-original="https://h/full.jpg"></p><p><img src="https://h/thumb.jpg"></p>
            """)
        #expect(post.images.map(\.url) == ["https://h/real.jpg", "https://h/full.jpg"])
        // A thumbnail shown again, once with its original and once without, stays one image.
        #expect(post.images.last?.src == "https://h/thumb.jpg" && post.images.last?.occurrences == 2)
    }

    @Test func bloggersImageAnchorNamesTheFullSizeAndOtherLinksDoNot() throws {
        let post = try scanSnippet("""
            <a href="https://blogger.googleusercontent.com/img/a/AVvXsEh=s1600" imageanchor="1"><img src="https://blogger.googleusercontent.com/img/a/AVvXsEh=s320"></a>
            <a href="https://h/full.jpg"><img src="https://h/thumb.jpg"></a>
            """)
        #expect(post.images.map(\.url) == ["https://blogger.googleusercontent.com/img/a/AVvXsEh=s1600", "https://h/thumb.jpg"])
        #expect(post.images.first?.variants == ["https://blogger.googleusercontent.com/img/a/AVvXsEh=s1600"])
    }

    @Test func markdownImagesInsideARawHTMLBlockAreImages() throws {
        let post = try scanSnippet("""
            <figure>
            ![The bay](https://h/bay.jpg "Noon")
            <figcaption>The bay at noon</figcaption>
            </figure>

            <div class="note">
            <pre>![shown as code](https://h/code.jpg)</pre>
            <!-- ![commented out](https://h/comment.jpg) -->
            Not an image: ![no destination] and !important.
            </div>

            ```
            ![fenced](https://h/fenced.jpg)
            ```
            """)
        #expect(post.images.map(\.url) == ["https://h/bay.jpg"])
        #expect(post.images.first?.caption == "The bay at noon")
        #expect(post.images.first?.alt == "The bay")
    }

    @Test func lazyAttributesStandInForPlaceholderSrc() throws {
        let post = try scanSnippet(#"<p><img src="data:image/gif;base64,R0lGOD" data-src="https://h/real.jpg"></p><p><img data-actualsrc="https://h/b.jpg"></p><p><img src="https://h/thumb.jpg" data-original="https://h/full.jpg" data-default-watermark-src="https://h/wm.jpg"></p>"#)
        #expect(post.images.map(\.src) == ["https://h/real.jpg", "https://h/b.jpg", "https://h/thumb.jpg"])
        #expect(post.images[2].url == "https://h/full.jpg")
        #expect(post.images[2].variants == ["https://h/full.jpg"])
    }

    @Test func aForumsLazyFileIsFetchedAndZoomfileIsTheFullSize() throws {
        // Discuz! writes `src` as its placeholder until a script swaps in `file`; `zoomfile` is the
        // full size. `src` stays as written; images sharing the placeholder are each their own picture.
        let post = try scanSnippet("""
            <p><img id="aimg_1" src="https://bbs.h/static/image/common/none.gif" zoomfile="https://bbs.h/data/attachment/forum/a.jpg" file="https://bbs.h/data/attachment/forum/a.thumb.jpg"></p>
            <p><img id="aimg_2" src="https://bbs.h/static/image/common/none.gif" file="https://bbs.h/data/attachment/forum/b.jpg"></p>
            <p><img src="https://h/img/loading.gif" file="https://h/c.jpg"></p>
            """)
        #expect(post.images.map(\.src) == ["https://bbs.h/data/attachment/forum/a.thumb.jpg", "https://bbs.h/data/attachment/forum/b.jpg",
                                           "https://h/img/loading.gif"])
        #expect(post.images.map(\.url) == ["https://bbs.h/data/attachment/forum/a.jpg", "https://bbs.h/data/attachment/forum/b.jpg", "https://h/c.jpg"])
        #expect(post.images.first?.variants == ["https://bbs.h/data/attachment/forum/a.jpg"])
    }

    @Test func thePictureAsShownIsTheFallbackOfAnOriginal() throws {
        // When mirror fetches another URL than the one the page shows (an original, a larger
        // size), the shown picture is its fallback: the lazy picture, never a placeholder `src`.
        let post = try scanSnippet("""
            <p><img src="https://h/a-1024x768.jpg" data-orig-file="https://h/a.jpg"></p>
            <p><img src="/b-800.jpg" srcset="/b-800.jpg 800w, /b-1600.jpg 1600w"></p>
            <p><img src="https://bbs.h/static/image/common/none.gif" zoomfile="https://bbs.h/c.jpg" file="https://bbs.h/c.thumb.jpg"></p>
            <p><img src="https://h/grey.gif" data-original="https://h/d.jpg"></p>
            <p><img src="https://h/e.jpg"></p>
            <ul class="blocks-gallery-grid"><li class="blocks-gallery-item"><figure><img src="https://h/f-460x1024.jpeg" data-full-url="https://h/f.jpeg" data-link="https://h/?attachment_id=2603" class="wp-image-2603"></figure></li></ul>
            """, front: "title: A post\nurl: https://blog.h/post/")
        #expect(post.images.map(\.url) == ["https://h/a.jpg", "https://blog.h/b-1600.jpg", "https://bbs.h/c.jpg", "https://h/d.jpg", "https://h/e.jpg", "https://h/f.jpeg"])
        #expect(post.images.map(\.fallback) == ["https://h/a-1024x768.jpg", "https://blog.h/b-800.jpg", "https://bbs.h/c.thumb.jpg", nil, nil, "https://h/f-460x1024.jpeg"])
    }

    @Test func theFullSizeFileAPictureLinksToIsItsLinkedOriginal() throws {
        // A thumbnail that opens its full size on a click (WordPress's "Link to: Media File",
        // fancybox, Markdown `[![](thumb)](full)`): the picture shown is fetched, the file it
        // links to is `linked`, through inline wrappers. A link to a page (a wiki's file page
        // too), a link with text, a link around two pictures or to the picture itself is none.
        let post = try scanSnippet("""
            <p><a href="https://h/a-full.jpg"><img src="https://h/a-thumb.jpg"></a></p>

            [![b](/img/b-small.png)](/img/b.PNG?v=2)

            <p><a class="fancybox" href="https://h/c.webp"><span><picture><img src="https://h/c-640.webp"></picture></span></a></p>
            <p><a href="https://h/j.jpg"><img class="lazyload" data-src="https://h/j-800.jpg" src="data:image/gif;base64,R0lGODlh"><noscript><img src="https://h/j-800.jpg"></noscript></a></p>
            <p><a href="https://h/d.html"><img src="https://h/d.jpg"></a></p>
            <p><a href="https://wiki.h/wiki/File:E.jpg"><img src="https://wiki.h/thumb/e-220px.jpg"></a></p>
            <p><a href="https://h/f-full.jpg">See the map <img src="https://h/f.jpg"></a></p>
            <p><a href="https://h/g-set.jpg"><img src="https://h/g1.jpg"><img src="https://h/g2.jpg"></a></p>
            <p><a href="https://h/i.jpg"><img src="https://h/i.jpg"></a></p>
            """, front: "title: A post\nurl: https://blog.h/post/")
        #expect(post.images.map(\.url) == ["https://h/a-thumb.jpg", "https://blog.h/img/b-small.png", "https://h/c-640.webp", "https://h/j-800.jpg", "https://h/d.jpg",
                                           "https://wiki.h/thumb/e-220px.jpg", "https://h/f.jpg", "https://h/g1.jpg", "https://h/g2.jpg", "https://h/i.jpg"])
        #expect(post.images.map(\.linked) == ["https://h/a-full.jpg", "https://blog.h/img/b.PNG?v=2", "https://h/c.webp", "https://h/j.jpg", nil, nil, nil, nil, nil, nil])
        // The linked file is what --originals asks for first, before the host's own original,
        // and one of the URLs the catalog finds the picture by.
        #expect(post.images.first?.original == "https://h/a-full.jpg")
        #expect(post.images.first?.otherURLs.contains("https://h/a-full.jpg") == true)
        #expect(post.images.first?.variants.isEmpty == true, "the linked file is no variant of the picture's own markup")
    }

    @Test func anAMPPagesImagesAreItsAmpImgAndAmpAnimElements() throws {
        // AMP pages write `<amp-img>` (with a `<noscript><img>` copy for browsers without the AMP
        // runtime); a `placeholder` of an embed and a `fallback` of another AMP image are not pictures.
        let post = try scanSnippet("""
            <figure><amp-img src="https://n.h/a-1024x683.jpg" width="1024" height="683" layout="responsive" alt="Harbour" srcset="https://n.h/a-1024x683.jpg 1024w, https://n.h/a.jpg 2048w"><noscript><img src="https://n.h/a-1024x683.jpg"></noscript></amp-img><figcaption>The harbour at dawn.</figcaption></figure>
            <p>Body text that goes on for a while, long enough to be body text and no caption of anything.</p>
            <p><amp-anim src="https://n.h/loop.gif" width="400" height="300" alt="A loop"></amp-anim></p>
            <amp-img src="https://t.h/pixel.gif" width="1" height="1" layout="fixed"></amp-img>
            <p><amp-img src="https://n.h/b.webp" width="800" height="600"><amp-img fallback src="https://n.h/b.jpg" width="800" height="600"></amp-img></amp-img></p>
            <amp-iframe src="https://player.h/v" width="640" height="360"><amp-img placeholder src="https://player.h/poster.jpg" layout="fill"></amp-img></amp-iframe>
            <p style="text-align:center">A video's caption</p>
            <p><amp-img src="https://n.h/c.jpg" width="800" height="600"></amp-img></p>
            <amp-youtube data-videoid="x1" width="480" height="270" layout="responsive"></amp-youtube>
            <p style="text-align:center">Another video's caption</p>
            """)
        #expect(post.images.map(\.src) == ["https://n.h/a-1024x683.jpg", "https://n.h/loop.gif", "https://n.h/b.webp", "https://n.h/c.jpg"])
        #expect(post.images.first?.url == "https://n.h/a.jpg")
        #expect(post.images.first?.occurrences == 1, "the noscript copy is the same occurrence")
        #expect(post.images.map(\.caption) == ["The harbour at dawn.", nil, nil, nil], "a video's caption stays the video's")
        #expect(post.images.map(\.alt) == ["Harbour", "A loop", nil, nil])
    }

    @Test func aWebPagesShareImageIsItsCover() throws {
        func page(_ head: String, body: String = "<p><img src=\"https://s.h/body.jpg\"></p>") throws -> ScannedPost {
            try scanSnippet("<html><head><title>T</title>\(head)</head><body>\(body)</body></html>", front: "", path: "page.html")
        }
        // Open Graph first, then the Twitter card, then `<link rel=image_src>`; not in the body: an image of its own.
        let og = try page(#"<meta name="twitter:image" content="https://s.h/tw.jpg"><meta property="og:image" content="https://s.h/og.jpg">"#)
        #expect(og.cover == "https://s.h/og.jpg")
        #expect(og.images.map(\.url) == ["https://s.h/body.jpg", "https://s.h/og.jpg"])
        #expect(og.images.map(\.isCover) == [false, true])
        #expect(try page(#"<meta name="twitter:image" content="https://s.h/tw.jpg"><link rel="image_src" href="https://s.h/src.jpg">"#).cover == "https://s.h/tw.jpg")
        #expect(try page(#"<link rel="image_src" href="https://s.h/src.jpg">"#).cover == "https://s.h/src.jpg")
        // The share image shown in the body is that image, marked as the cover.
        let shown = try page(#"<meta property="og:image" content="https://s.h/body.jpg">"#)
        #expect(shown.images.count == 1 && shown.images.first?.isCover == true)
        // None declared: no cover. The site's emblem, which pages without a picture of their own
        // share, is none either; the next declared image is taken when there is one.
        #expect(try page("<meta property=\"og:image\" content=\" \">").cover == nil)
        #expect(try page(#"<meta property="og:image" content="https://s.h/static/Site-Logo.png?v=3">"#).cover == nil)
        #expect(try page(#"<meta property="og:image" content="https://s.h/img/og-default.jpg"><meta name="twitter:image" content="https://s.h/tw.jpg">"#).cover == "https://s.h/tw.jpg")
        #expect(try page(#"<meta property="og:image" content="https://s.h/logos/2024/harbour.jpg">"#).cover == "https://s.h/logos/2024/harbour.jpg",
                "a folder's name says nothing: only the file's")
    }

    @Test func aLazySrcsetIsReadLikeASrcset() throws {
        let post = try scanSnippet(#"<p><img src="data:image/gif;base64,R0lGOD" data-lazy-src="https://h/x-1024x768.jpg" data-lazy-srcset="https://h/x.jpg 2048w, https://h/x-1024x768.jpg 1024w"></p>"#)
        let image = try #require(post.images.first)
        #expect(image.src == "https://h/x-1024x768.jpg")
        #expect(image.url == "https://h/x.jpg")
    }

    @Test func entitiesInAttributesAreDecodedForFetchingButKeptInSrc() throws {
        let post = try scanSnippet(#"<p><img src="https://cn.bing.com/th?id=OHR.A.jpg&amp;rf=B.jpg&pid=hp"></p>"#)
        let image = try #require(post.images.first)
        #expect(image.src == "https://cn.bing.com/th?id=OHR.A.jpg&amp;rf=B.jpg&pid=hp")
        #expect(image.url == "https://cn.bing.com/th?id=OHR.A.jpg&rf=B.jpg&pid=hp")
    }

    @Test func relativeURLsResolveAgainstBaseHrefThenPostURLThenFolder() throws {
        let withBase = try scanSnippet(#"<base href="https://cdn.example/assets/"><p><img src="img/a.png"></p><p><img src="//other.host/b.png"></p>"#,
                                       front: "title: t\nurl: http://blog.example/posts/1/")
        #expect(withBase.images.map(\.url) == ["https://cdn.example/assets/img/a.png", "https://other.host/b.png"])
        let withURL = try scanSnippet(#"<p><img src="../img/a.png"></p>"#, front: "title: t\npermalink: https://blog.example/posts/1/")
        #expect(withURL.images.first?.url == "https://blog.example/posts/img/a.png")
        #expect(withURL.url == "https://blog.example/posts/1/")
        let folder = URL(fileURLWithPath: "/tmp/site/posts", isDirectory: true)
        let local = try scanSnippet(#"<p><img src="images/a.png"></p>"#, folder: folder)
        #expect(local.images.first?.url == "file:///tmp/site/posts/images/a.png")
        let nowhere = try scanSnippet(#"<p><img src="images/a.png"></p>"#)
        #expect(nowhere.images.first?.url == nil)
        #expect(nowhere.images.first?.src == "images/a.png")
    }

    @Test func proxyInnerURLIsRecorded() throws {
        let post = try scanSnippet(#"<p><img src="https://cors.zfour.workers.dev/?http://wx1.sinaimg.cn/mw1024/abc.jpg"></p>"#)
        #expect(post.images.first?.src == "https://cors.zfour.workers.dev/?http://wx1.sinaimg.cn/mw1024/abc.jpg")
        #expect(post.images.first?.innerURL == "http://wx1.sinaimg.cn/mw1024/abc.jpg")
    }

    @Test func aResizingProxysSourceIsItsInnerURLAndTheOriginalAskedFor() throws {
        // Cloudinary (and dev.to through it) write the source as it is in the path, Substack
        // percent-encoded, Jetpack's Photon as host and path (https with ssl=1); the Wayback
        // Machine's capture names the page's image. With --originals the source is asked for
        // first (the host's original of it when it has one: a WordPress upload's).
        let post = try scanSnippet("""
            <p><img src="https://res.cloudinary.com/practicaldev/image/fetch/s--Ab12--/c_limit%2Cw_880/https://dev-to-uploads.s3.amazonaws.com/uploads/a.png"></p>
            <p><img src="https://substackcdn.com/image/fetch/w_1456,c_limit/https%3A%2F%2Fsubstack-post-media.s3.amazonaws.com%2Fpublic%2Fimages%2Fb.png"></p>
            <p><img src="https://i2.wp.com/blog.h/wp-content/uploads/2023/05/c-1024x683.jpg?resize=1024%2C683&amp;ssl=1"></p>
            <p><img src="https://i0.wp.com/old.h/d.jpg?w=640"></p>
            <p><img src="https://web.archive.org/web/2020id_/http://e.h/e.gif?x=1"></p>
            <p><img src="https://cdn.h/photos/https-guide.png"></p>
            """)
        #expect(post.images.map(\.innerURL) == ["https://dev-to-uploads.s3.amazonaws.com/uploads/a.png", "https://substack-post-media.s3.amazonaws.com/public/images/b.png",
                                                "https://blog.h/wp-content/uploads/2023/05/c-1024x683.jpg", "http://old.h/d.jpg", "http://e.h/e.gif?x=1", nil])
        #expect(post.images.map(\.original) == ["https://dev-to-uploads.s3.amazonaws.com/uploads/a.png", "https://substack-post-media.s3.amazonaws.com/public/images/b.png",
                                                "https://blog.h/wp-content/uploads/2023/05/c.jpg", "http://old.h/d.jpg", "http://e.h/e.gif?x=1", nil])
    }

    @Test func placeholderCoverNotInBodyBecomesExtraCoverImage() throws {
        let post = try scanSnippet("<div><p>No picture today.</p></div>",
                                   front: "title: t\nheadimg: 'https://picsum.photos/400/300?random=1920'")
        #expect(post.cover == "https://picsum.photos/400/300?random=1920")
        #expect(post.coverIsPlaceholder)
        let cover = try #require(post.images.first)
        #expect(post.images.count == 1)
        #expect(cover.isCover && cover.isPlaceholder && cover.occurrences == 0)
    }

    @Test func aSitesBlankStandInIsAPlaceholderThroughAProxyToo() throws {
        // Blur Studio's page shows `blank.png` where its video goes; RSSHub's proxy fetched it.
        let blank = "https://cors.zfour.workers.dev/?http://blur.com/media/pages/projects/new-reel-2020/37/blank.png"
        let post = try scanSnippet(#"<div><img src="\#(blank)"><iframe src="https://player.vimeo.com/video/1"></iframe>"#
                                   + #"<img src="https://h/spacer.gif"><img src="https://h/blank-canvas.png"><img src="https://h/transparent.svg"></div>"#,
                                   front: "title: t\nheadimg: '\(blank)'")
        #expect(post.coverIsPlaceholder)
        #expect(post.images.map(\.isPlaceholder) == [true, true, false, true])
        // A picture the post describes is a picture of that name (an empty punched card's `blank.png`).
        let card = try scanSnippet(#"<p><img src="https://h/images/blank.png" alt="Blank Card"></p><p><img src="https://h/assets/images/blank.gif" alt="blank" title="blank"></p>"#)
        // An alt that only repeats the file's name (a template's) says nothing of it.
        #expect(card.images.map(\.isPlaceholder) == [false, true])
    }

    @Test func realCoverNotInBodyIsExtraImageAndRepeatedCoverIsOneImage() throws {
        let missing = try scanSnippet(#"<div><p><img src="https://h/body.jpg"></p></div>"#, front: "title: t\ncover: https://h/cover.jpg")
        #expect(missing.images.map(\.src) == ["https://h/body.jpg", "https://h/cover.jpg"])
        #expect(missing.images.map(\.isCover) == [false, true])
        #expect(missing.images[1].isPlaceholder == false)
        let repeated = try scanSnippet(#"<div><img src="https://h/c.jpg"><p>x</p><p><img src="https://h/c.jpg"></p></div>"#,
                                       front: "title: t\nthumbnail: https://h/c.jpg")
        #expect(repeated.images.count == 1)
        #expect(repeated.images.first?.isCover == true)
        #expect(repeated.images.first?.occurrences == 2)
    }

    @Test func linksAndMediaAreNotImages() throws {
        let post = try scanSnippet(#"<p><a href="https://h/big.jpg"></a><iframe src="https://player/x"></iframe><video><source src="https://v/a.mp4"></video><a class="project-link" data-logo="https://h/logo.png">x</a><img src="https://h/real.jpg"></p>"#)
        #expect(post.images.map(\.src) == ["https://h/real.jpg"])
    }

    @Test func markdownImagesInlineAndReferenceStyle() throws {
        let post = try scanSnippet("Intro text.\n\n![A harbour at dawn](https://h/a.jpg \"The harbour\")\n\n![image][ref]\n\n[ref]: https://h/b.png\n")
        #expect(post.images.map(\.src) == ["https://h/a.jpg", "https://h/b.png"])
        #expect(post.images.map(\.caption) == ["The harbour", nil])
        #expect(post.images.first?.alt == "A harbour at dawn")
    }

    /// An image inside another image's description is alt text (found by the fuzzer: replacing
    /// both freed the inner one twice).
    @Test func aMarkdownImageInsideAnotherImagesDescriptionIsAltText() throws {
        let post = try scanSnippet("![outer ![inner](https://h/in.jpg) text](https://h/out.jpg)\n")
        #expect(post.images.map(\.src) == ["https://h/out.jpg"])
        #expect(post.images.first?.alt == "outer inner text")
        // The fuzzer's input, nested deeper and unbalanced: scanned, not crashed.
        let found = Data(base64Encoded: "PCEhW0M8ISFbQ2xdKF1dPCEhW0NsXShdXV1dXT4pNV1dPik1OGxdKDwhIVtDP2xdKF0CCyEhW0NdbChdXV1dXT4pNV1dPik1OA==")!
        let posts = try PostScanner().scan(data: found, displayPath: "found.md", baseFolder: nil)
        #expect(posts.count == 1)
    }
}
