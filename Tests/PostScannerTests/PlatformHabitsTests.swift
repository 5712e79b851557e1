import Foundation
import Testing
@testable import PostScanner

/// Habits of real feeds and exports: what WordPress.com, Feedsportal, Matomo, Tumblr, Grav,
/// Ghost and Substack put around their pictures.
@Suite struct PlatformHabitsTests {
    private func scan(_ text: String, path: String) throws -> [ScannedPost] { try scanDocument(text, path: path) }

    @Test func noteWritesItsThumbnailAsTextAndOldBloggerUploadsHaveNoSize() throws {
        // note.com: `media:thumbnail`'s address as its text; the author's `note:creatorImage` is none.
        let note = """
            <rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:note="https://note.com"><channel><title>note</title>
            <item><title>もしも猫展</title><link>https://note.com/x/n/1</link>
            <media:thumbnail>https://assets.st-note.com/production/uploads/images/119934613/rectangle_large_type_2_b0777e.jpeg?width=800</media:thumbnail>
            <description><![CDATA[<p>本文</p>]]></description>
            <note:creatorImage>https://assets.st-note.com/production/uploads/images/1/profile_x.png?width=60</note:creatorImage></item>
            </channel></rss>
            """
        let notePost = try #require(try scan(note, path: "note.xml").first)
        #expect(notePost.images.map(\.url) == ["https://assets.st-note.com/production/uploads/images/119934613/rectangle_large_type_2_b0777e.jpeg?width=800"])
        #expect(notePost.images.first?.isCover == true)
        // A Blogger post written in Windows Live Writer: its upload on Picasa's `ggpht.com` has no
        // size segment, the feed's thumbnail is the same path with `s72-c`; its emoticon is a character.
        let blogger = """
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"><title>Blog</title>
            <entry><title>Exceptions</title><link rel="alternate" href="https://b.blogspot.com/2013/12/x.html"/>
            <content type="html">&lt;p&gt;Done &lt;img class="wlEmoticon wlEmoticon-smile" alt="Smile" src="http://lh4.ggpht.com/-bZ/UrJs/AAAAAAAAAiw/Qx/wlEmoticon-smile2.png?imgmax=800"&gt;&lt;/p&gt;
            &lt;p&gt;&lt;img src="http://lh5.ggpht.com/-Eo5/UrJs9/AAAAAAAAAio/9-9w/image_thumb9.png?imgmax=800"&gt;&lt;/p&gt;</content>
            <media:thumbnail url="http://lh5.ggpht.com/-Eo5/UrJs9/AAAAAAAAAio/9-9w/s72-c/image_thumb9.png?imgmax=800" height="72" width="72"/></entry>
            </feed>
            """
        let bloggerPost = try #require(try scan(blogger, path: "blogger.xml").first)
        #expect(bloggerPost.images.map(\.url) == ["http://lh5.ggpht.com/-Eo5/UrJs9/AAAAAAAAAio/9-9w/image_thumb9.png?imgmax=800"])
        #expect(bloggerPost.images.first?.variants == ["http://lh5.ggpht.com/-Eo5/UrJs9/AAAAAAAAAio/9-9w/s72-c/image_thumb9.png?imgmax=800"])
        #expect(bloggerPost.images.first?.isCover == true)
    }

    @Test func aRootRelativeCoverOfAnExportedPostIsTheBodyPictureOfThatPath() throws {
        // A WordPress post exported to Markdown: the featured image root-relative, the body's absolute.
        let markdown = """
            ---
            title: Adding CTCSS tones
            image: /wp-content/uploads/sites/3/2024/02/shot-2.png
            ---
            <figure class="wp-block-image">[![Xgpro](https://blog.narf.example/wp-content/uploads/sites/3/2024/02/shot-1.png)](https://blog.narf.example/wp-content/uploads/sites/3/2024/02/shot-1.png)</figure>

            <figure class="wp-block-image">[![Screenshot](https://blog.narf.example/wp-content/uploads/sites/3/2024/02/shot-2.png)](https://blog.narf.example/wp-content/uploads/sites/3/2024/02/shot-2.png)</figure>
            """
        let post = try #require(try scan(markdown, path: "ctcss.md").first)
        #expect(post.images.map(\.url) == ["https://blog.narf.example/wp-content/uploads/sites/3/2024/02/shot-1.png",
                                            "https://blog.narf.example/wp-content/uploads/sites/3/2024/02/shot-2.png"])
        #expect(post.images.map(\.isCover) == [false, true])
    }

    @Test func diviImageModulesAreThePicturesTheyRender() throws {
        // A Divi post exported to Markdown keeps its layout as shortcodes; `et_pb_image` is the
        // lead picture, `et_pb_blurb` shows its `image`, `et_pb_text` holds ordinary HTML.
        let markdown = """
            ---
            ID: 1597
            post_title: 'JS Basics: Functions and Syntax'
            post_date: 2018-02-15 15:42:09
            ---
            [et_pb_section bb_built="1"][et_pb_row][et_pb_column type="4_4"][et_pb_image _builder_version="3.0.101" src="https://www.creativemedia.space/wp-content/uploads/2018/02/js-4x2.gif" show_in_lightbox="off" alt="Functions" /][/et_pb_column][/et_pb_row][et_pb_row][et_pb_column type="4_4"][et_pb_text admin_label="Body"]
            <p><img src="https://www.creativemedia.space/wp-content/uploads/2018/02/anatomy.gif" alt=""></p>
            [/et_pb_text][et_pb_blurb title="Scope" image="https://www.creativemedia.space/wp-content/uploads/2018/02/scope.png" image_placement="left"]Text[/et_pb_blurb][/et_pb_column][/et_pb_row][/et_pb_section]
            """
        let post = try #require(try scan(markdown, path: "divi.md").first)
        // The exporter keeps WordPress's names for the title and the date.
        #expect(post.title == "JS Basics: Functions and Syntax")
        #expect(post.date == "2018-02-15 15:42:09")
        #expect(post.images.compactMap(\.url) == ["https://www.creativemedia.space/wp-content/uploads/2018/02/js-4x2.gif",
                                                  "https://www.creativemedia.space/wp-content/uploads/2018/02/anatomy.gif",
                                                  "https://www.creativemedia.space/wp-content/uploads/2018/02/scope.png"])
    }

    @Test func aNewsTeasersSummaryUnderItsPictureIsNoCaption() throws {
        // G1's feed: the description is the picture, a break and the article's summary, in no
        // paragraph. A short credit in the same place is still the picture's caption.
        let rss = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>G1</title>
            <item><title>Kátia Rabello</title><link>http://g1.globo.com/a.html</link>
            <description><![CDATA[<img src="https://s2.glbimg.com/x/katia.jpg" /><br /> ]]>  Banqueira foi condenada à prisão pelo tribunal, em 2012, no julgamento do mensalão. Benefício foi concedido pelo ministro Luís Roberto Barroso, responsável pela execução das penas.</description></item>
            <item><title>Credit</title><link>http://g1.globo.com/b.html</link>
            <description><![CDATA[<img src="https://s2.glbimg.com/x/b.jpg" /><br />Foto: Reuters]]></description></item>
            </channel></rss>
            """
        let items = try scan(rss, path: "g1.xml")
        #expect(items.map { $0.images.map(\.url) } == [["https://s2.glbimg.com/x/katia.jpg"], ["https://s2.glbimg.com/x/b.jpg"]])
        #expect(items.map { $0.images.map(\.caption) } == [[nil], ["Foto: Reuters"]])
    }

    @Test func atomsEnclosureLinkIsTheEntrysPictureAndACommentBeforeTheDeclarationLosesNothing() throws {
        // An Atom generator's `<link rel="enclosure">` (RFC 4287) is the entry's picture; a banner
        // comment before `<?xml` made libxml2 drop the bodies; a `medium="image"` typed `video/mp4` is a video.
        let atom = """
            <!-- generated by AllegroRSS -->
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"><title>Offers</title>
            <entry><title>Netflix</title><id>1</id><link href="https://allegro.pl/oferta/1"/>
            <link href="https://4.allegroimg.com/s400/03c737/fef4750449d8" rel="enclosure" type="image/jpeg" length="large"/>
            <summary type="html">Price: 5.00zl</summary></entry>
            <entry><title>Body</title><id>2</id><link href="https://h/2"/>
            <content type="html">&lt;p&gt;&lt;img src="https://h/body.png"&gt;&lt;/p&gt;</content>
            <media:content url="https://h/clip.mp4" type="video/mp4" medium="image"/></entry>
            </feed>
            """
        let entries = try scan(atom, path: "offers.xml")
        #expect(entries.map(\.cover) == ["https://4.allegroimg.com/s400/03c737/fef4750449d8", nil])
        #expect(entries.map { $0.images.compactMap(\.url) } == [["https://4.allegroimg.com/s400/03c737/fef4750449d8"], ["https://h/body.png"]])
    }

    @Test func twittersOlderShareLinkHoldsAButtonNotAPicture() throws {
        let rss = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Slashdot</title><item><title>SpaceX</title><link>https://slashdot.org/a</link>
            <description>&lt;p&gt;&lt;img src="https://h/photo.jpg"&gt;&lt;/p&gt;&lt;div class="share_submission"&gt;&lt;a class="slashpop" href="http://twitter.com/home?status=SpaceX+Working:+https://slashdot.org/a"&gt;&lt;img src="https://a.fsdn.com/sd/twitter_icon_large.png"&gt;&lt;/a&gt;&lt;/div&gt;</description></item></channel></rss>
            """
        #expect(try scan(rss, path: "slashdot.xml").first?.images.compactMap(\.url) == ["https://h/photo.jpg"])
    }

    @Test func aSavedMediumPagesBlurredStandInIsNoPictureAndItsCaptionIsThePictures() throws {
        // A live Medium page (2015–2019): the blurred `freeze/max/30` stand-in, the picture loaded
        // from `data-src`, its `<noscript>` copy; saved to Markdown, the stand-in loses its class.
        let html = """
            <html><head><title>Medium</title></head><body><div class="section-content">
            <figure class="graf graf--figure"><div class="aspectRatioPlaceholder is-locked"><div class="progressiveMedia js-progressiveMedia graf-image">
            <img src="https://cdn-images-1.medium.com/freeze/max/30/1*MCt4.jpeg?q=20" crossorigin="anonymous" class="progressiveMedia-thumbnail js-progressiveMedia-thumbnail">
            <canvas class="progressiveMedia-canvas js-progressiveMedia-canvas"></canvas>
            <img class="progressiveMedia-image js-progressiveMedia-image" data-src="https://cdn-images-1.medium.com/max/800/1*MCt4.jpeg">
            <noscript class="js-progressiveMedia-inner"><img class="progressiveMedia-noscript js-progressiveMedia-inner" src="https://cdn-images-1.medium.com/max/800/1*MCt4.jpeg"></noscript>
            </div></div><figcaption class="imageCaption">The event loop</figcaption></figure>
            <figure class="graf graf--figure graf--iframe"><div class="progressiveMedia js-progressiveMedia"><img src="https://i.embed.ly/1/display/resize?url=https%3A%2F%2Favatars3.githubusercontent.com%2Fu%2F1874648&amp;width=40" class="progressiveMedia-thumbnail js-progressiveMedia-thumbnail">
            <div class="iframeContainer"><iframe data-src="/media/6bdb"></iframe></div></div></figure>
            </div></body></html>
            """
        let page = try #require(try scan(html, path: "medium.html").first)
        #expect(page.images.compactMap(\.url) == ["https://cdn-images-1.medium.com/max/800/1*MCt4.jpeg"])
        #expect(page.images.map(\.caption) == ["The event loop"])

        let markdown = """
            ---
            title: Xcode
            ---
            <figure name="bc5e" class="graf--figure">

            <div class="progressiveMedia js-progressiveMedia graf-image" data-image-id="1*IbQU.png">![](https://cdn-images-1.medium.com/freeze/max/60/1*IbQU.png?q=20)

            <canvas class="progressiveMedia-canvas js-progressiveMedia-canvas" width="75" height="47"></canvas>

            ![](https://cdn-images-1.medium.com/max/1600/1*IbQU.png)

            </div>

            <figcaption class="imageCaption">Want this colour scheme?</figcaption>

            </figure>
            """
        let post = try #require(try scan(markdown, path: "xcode.md").first)
        #expect(post.images.compactMap(\.url) == ["https://cdn-images-1.medium.com/max/1600/1*IbQU.png"])
        #expect(post.images.map(\.caption) == ["Want this colour scheme?"])
    }

    @Test func takeoutsBloggerExportKeepsLivePostsAndHashnodeNamesItsCover() throws {
        // Google Takeout's Blogger `feed.atom` says each entry's kind and state in elements of its own.
        let takeout = """
            <?xml version='1.0' encoding='utf-8'?>
            <feed xmlns='http://www.w3.org/2005/Atom' xmlns:blogger='http://schemas.google.com/blogger/2018'>
            <entry><id>1</id><blogger:type>POST</blogger:type><blogger:status>LIVE</blogger:status><title>Workshop</title>
            <content type='html'>&lt;img src="https://blogger.googleusercontent.com/img/x/w320-h214/1.png"&gt;</content></entry>
            <entry><id>2</id><blogger:type>POST</blogger:type><blogger:status>DRAFT</blogger:status><title>Draft</title><content type='html'>x</content></entry>
            <entry><id>3</id><blogger:type>PAGE</blogger:type><blogger:status>SOFT_TRASHED</blogger:status><title>Old page</title><content type='html'>x</content></entry>
            <entry><id>4</id><blogger:type>COMMENT</blogger:type><blogger:status>LIVE</blogger:status><title>Nice</title><content type='html'>x</content></entry>
            <entry><id>5</id><blogger:type>PAGE</blogger:type><blogger:status>LIVE</blogger:status><title>About</title><content type='html'>x</content></entry>
            </feed>
            """
        #expect(try scan(takeout, path: "feed.atom").map(\.title) == ["Workshop", "About"])
        let hashnode = """
            <?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Hellō</title>
            <item><title>Hellō localhost</title><link>https://blog.hello.dev/localhost</link><description>Text</description>
            <cover_image>https://cdn.hashnode.com/res/hashnode/image/upload/v1697803875709/c29631d1.png</cover_image></item></channel></rss>
            """
        let item = try #require(try scan(hashnode, path: "rss.xml").first)
        #expect(item.cover == "https://cdn.hashnode.com/res/hashnode/image/upload/v1697803875709/c29631d1.png")
        #expect(item.images.compactMap(\.url) == ["https://cdn.hashnode.com/res/hashnode/image/upload/v1697803875709/c29631d1.png"])
    }

    @Test func flickrsAttachedLargeSizeIsTheBodyPicturesOriginal() throws {
        // Flickr's photo feed: the body shows `_m` (240 px), `media:content` attaches `_b` (1024 px).
        let rss = """
            <?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Uploads</title>
            <item><title>Fall Welcome 2014</title><link>https://www.flickr.com/photos/x/15489018322/</link>
            <description>&lt;p&gt;&lt;a href="https://www.flickr.com/photos/x/15489018322/"&gt;&lt;img src="https://farm4.staticflickr.com/3927/15489018322_8fc8e5fb5b_m.jpg" width="240" height="180" alt="Fall Welcome 2014" /&gt;&lt;/a&gt;&lt;/p&gt;</description>
            <media:content url="https://farm4.staticflickr.com/3927/15489018322_8fc8e5fb5b_b.jpg" type="image/jpeg" height="768" width="1024"/>
            </item></channel></rss>
            """
        let item = try #require(try scan(rss, path: "flickr.xml").first)
        #expect(item.images.compactMap(\.url) == ["https://farm4.staticflickr.com/3927/15489018322_8fc8e5fb5b_m.jpg"])
        #expect(item.images.first?.variants == ["https://farm4.staticflickr.com/3927/15489018322_8fc8e5fb5b_b.jpg"])
        #expect(item.images.first?.isCover == true)
    }

    @Test func wordpressEmojiAndKeywordTitlesAreNoPicturesNorCaptions() throws {
        // WordPress 5.8 draws emoji as `wp-smiley` pictures; WordPress.com VIP titles a picture with its search keywords.
        let rss = """
            <?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>News</title>
            <item><title>Trump</title><link>https://h/a</link>
            <description><![CDATA[<p>WIGAN WARRIORS touch down<img src="https://s.w.org/images/core/emoji/13.1.0/72x72/1f3c9.png" alt="🏉" class="wp-smiley" style="height: 1em; max-height: 1em;" /></p><p><img src="https://h/photo.jpg"></p>]]></description>
            <media:content url="https://indianexpressonline.files.wordpress.com/2017/01/protest-759.jpg" medium="image">
            <media:title type="html">trump, trump inaugural, donald trump, trump president, president elect, latest world news</media:title></media:content>
            <media:content url="https://h/b.jpg" medium="image"><media:title type="html">Electoral College, Washington</media:title></media:content>
            </item></channel></rss>
            """
        let item = try #require(try scan(rss, path: "news.xml").first)
        #expect(item.images.compactMap(\.url) == ["https://h/photo.jpg", "https://indianexpressonline.files.wordpress.com/2017/01/protest-759.jpg", "https://h/b.jpg"])
        #expect(item.images.map(\.caption) == [nil, nil, "Electoral College, Washington"])
    }

    @Test func githubsFeedsGiveAuthorsAvatarsNotPictures() throws {
        // GitHub's release and activity Atom feeds: the author's avatar as every entry's
        // `media:thumbnail`, and in the activity feed's bodies too.
        let atom = """
            <?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"><title>Release notes</title>
            <entry><id>tag:github.com,2008:Repository/1/v1.0</id><title>v1.0</title><link rel="alternate" href="https://github.com/hajimehoshi/oto/releases/tag/v1.0"/>
            <content type="html">&lt;p&gt;&lt;img src="https://user-images.githubusercontent.com/1/screenshot.png"&gt;&lt;/p&gt;&lt;img class="avatar avatar-user" src="https://avatars.githubusercontent.com/u/1024025?s=64&amp;amp;v=4" width="32" height="32" alt="@torvalds"&gt;</content>
            <author><name>hajimehoshi</name></author><media:thumbnail height="30" width="30" url="https://avatars.githubusercontent.com/u/16950?s=60&amp;v=4"/></entry>
            </feed>
            """
        let entry = try #require(try scan(atom, path: "releases.atom").first)
        #expect(entry.images.compactMap(\.url) == ["https://user-images.githubusercontent.com/1/screenshot.png"])
        #expect(entry.cover == nil)
    }

    @Test func avatarsShareButtonsAndTrackersAreNoPictures() throws {
        // A WordPress.com item via Feedsportal: the author's Gravatar as `media:content`, share
        // buttons under the body, a Matomo pixel carrying the post's address.
        let rss = """
            <?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Pando</title>
            <item><title>Drawbridge</title><link>http://pandodaily.com/a/</link>
            <description><![CDATA[<p><img src="http://pandodaily.files.wordpress.com/2013/07/phone.png?w=584" alt="phone"></p>
            <div class='mf-viral'><table><tr><td><a href="http://share.feedsportal.com/share/twitter/?u=http%3A%2F%2Fpandodaily.com%2Fa"><img src="http://res3.feedsportal.com/social/twitter.png" border="0"></a>
            <a href="https://www.facebook.com/sharer.php?u=http%3A%2F%2Fpandodaily.com%2Fa"><img src="http://blog.example/icons/fb.png"></a>
            <a class="a2a_dd" href="#"><img src="https://static.addtoany.com/buttons/share_save_171_16.png"></a></td></tr></table></div>
            <img src="https://stats.3960.org/p.php?idsite=8&amp;action_name=A&amp;url=https%3A%2F%2Fjournal.3960.org%2Fposts%2Fa%2F" style="border:0;" alt="">
            <img src="https://blog.example/piwik.php?rec=1">]]></description>
            <media:content url="http://pandodaily.files.wordpress.com/2013/07/phone.png" medium="image"/>
            <media:content url="http://2.gravatar.com/avatar/59ea3a?s=96&amp;d=identicon&amp;r=G" medium="image"><media:title type="html">mcarney7</media:title></media:content>
            </item></channel></rss>
            """
        let item = try #require(try scan(rss, path: "pando.xml").first)
        // The attached upload is the body picture's original (`?w=584` resizes it): one picture, not two.
        #expect(item.images.compactMap(\.url) == ["http://pandodaily.files.wordpress.com/2013/07/phone.png?w=584"])
        #expect(item.images.first?.variants == ["http://pandodaily.files.wordpress.com/2013/07/phone.png"])
        // A `url=` that names a page is no picture's original.
        #expect(ImageURL.innerURL("https://t.example/track.gif?url=https%3A%2F%2Fblog.example%2Fposts%2Fa%2F") == nil)
        #expect(ImageURL.innerURL("https://t.example/go.php?u=https%3A%2F%2Fblog.example%2Fa.html") == nil)
        #expect(ImageURL.innerURL("https://proxy.example/fetch?url=https%3A%2F%2Fcdn.example%2Fa.jpg") == "https://cdn.example/a.jpg")
    }

    @Test func aJSONFeedsIconIsNoCoverAndEscapedTitlesShowDecoded() throws {
        let feed = """
            {"version": "https://jsonfeed.org/version/1.1", "title": "Journal", "icon": "https://cdn.example/favicon-192x192.png",
             "items": [{"id": "1", "title": "Workflow: Add Task &amp; Sub Tasks", "content_html": "<p>Text</p>",
                        "image": "https://cdn.example/favicon-192x192.png", "banner_image": "https://cdn.example/favicon-192x192.png"},
                       {"id": "2", "title": "Second", "content_html": "<p>Text</p>", "image": "https://cdn.example/a.jpg"}]}
            """
        let items = try scan(feed, path: "feed.json")
        #expect(items.map(\.title) == ["Workflow: Add Task & Sub Tasks", "Second"])
        #expect(items.map(\.cover) == [nil, "https://cdn.example/a.jpg"])
        // Tumblr escapes its RSS titles twice.
        let rss = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
            <item><title>That &amp;rsquo;s why &amp;hellip;</title><link>https://t.example/1</link><description>x</description></item></channel></rss>
            """
        #expect(try scan(rss, path: "tumblr.xml").first?.title == "That ’s why …")
    }

    @Test func markupWrittenAsElementsOfTheDescriptionIsTheBody() throws {
        // Feeds written by XML tools put the body's markup in as elements, not escaped text.
        let rss = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Reality</title>
            <item><title>Sailor Moon</title><link>http://realityhacking.net/post/1</link>
            <description><p><img src="http://24.media.tumblr.com/d889/tumblr_mq5_500.jpg"/><br/>Sailor Moon, re-drawn</p><p>An edgy re-think of <em>Sailor Moon</em>.</p></description></item>
            <item><title>Escaped</title><link>http://realityhacking.net/post/2</link>
            <description>&lt;p&gt;&lt;img src="http://24.media.tumblr.com/b.jpg"&gt;&lt;/p&gt;</description></item></channel></rss>
            """
        let items = try scan(rss, path: "tumblr.xml")
        #expect(items.map { $0.images.compactMap(\.url) } == [["http://24.media.tumblr.com/d889/tumblr_mq5_500.jpg"], ["http://24.media.tumblr.com/b.jpg"]])
        // `<br/>` is one line break (HTML reads a stray `</br>` as a second): the line under the picture is its caption.
        #expect(items.first?.images.first?.caption == "Sailor Moon, re-drawn")
    }

    @Test func aGhostBookmarksSiteIconIsNoPicture() throws {
        let html = """
            <figure class="kg-card kg-bookmark-card"><a class="kg-bookmark-container" href="https://opensubscriptionplatforms.com/">
            <div class="kg-bookmark-content"><div class="kg-bookmark-title">Open Subscription Platforms</div>
            <div class="kg-bookmark-metadata"><img class="kg-bookmark-icon" src="https://opensubscriptionplatforms.com/images/favicon.png" alt=""></div></div>
            <div class="kg-bookmark-thumbnail"><img src="https://opensubscriptionplatforms.com/images/osp-card.png" alt=""></div></a></figure>
            """
        let post = try scanSnippet(html)
        #expect(post.images.compactMap(\.url) == ["https://opensubscriptionplatforms.com/images/osp-card.png"])
    }

    @Test func substacksSourceIsTheOriginalItsSrcsetResizes() throws {
        let original = "https://substack-post-media.s3.amazonaws.com/public/images/cde2_6720x4476.jpeg"
        let encoded = "https%3A%2F%2Fsubstack-post-media.s3.amazonaws.com%2Fpublic%2Fimages%2Fcde2_6720x4476.jpeg"
        let html = """
            <picture><img src="\(original)" srcset="https://substackcdn.com/image/fetch/w_424,c_limit/\(encoded) 424w, https://substackcdn.com/image/fetch/w_1456,c_limit/\(encoded) 1456w"></picture>
            <p><img src="https://cdn.example/small.jpg" srcset="https://cdn.example/large.jpg 1200w"></p>
            """
        let post = try scanSnippet(html)
        #expect(post.images.map(\.url) == [original, "https://cdn.example/large.jpg"])
        #expect(post.images.first?.variants.count == 2)
    }

    @Test func aLongCentredItalicLineUnderAPictureIsItsCaption() throws {
        let names = (1...8).map { "Dr. Person Number \($0) (University of Somewhere)" }.joined(separator: ", ")
        let html = """
            <p style="text-align: center;"><img src="https://nhakhoa.example/a.jpg"></p>
            <p style="text-align: center;"><em>From left to right: \(names)</em></p>
            <p style="text-align: center;"><img src="https://nhakhoa.example/b.jpg"></p>
            <p style="text-align: center;">\(names), a centred paragraph of body text that is not set apart as a caption.</p>
            """
        let post = try scanSnippet(html)
        #expect(post.images.first?.caption == "From left to right: \(names)")
        #expect(post.images.last?.caption == nil)
    }

    @Test func aFigureOfTextAfterThePictureIsItsCaption() throws {
        // 巴哈姆特 (GNN) wraps each picture in an empty `<figcaption>` and writes the caption in a
        // `<figure>` after it; a row of pictures gets one `common-desc` in an item or list of its own.
        func item(_ name: String) -> String {
            "<li class=\"bh-grids-img-box\"><figcaption style=\"padding-bottom: 66%\"><img alt=\"image\" src=\"https://p2.bahamut.com.tw/\(name).JPG\"></figcaption>"
        }
        let html = """
            <div><ul class="bh-grids-img">\(item("a"))
            <figure class="pic-desc"><a class="acglink" href="https://acg.gamer.com.tw/">超級瑪利歐世界</a>的招牌看板</figure></li></ul></div>
            <div><ul class="bh-grids-img">\(item("b"))</li>\(item("c"))</li>
            <li style="width: 100%"><figure class="common-desc">在廣場上可以購買力量提升手環</figure></li></ul></div>
            <div><ul class="bh-grids-img">\(item("d"))</li>\(item("e"))</li></ul>
            <ul class="bh-grids-img"><li style="width: 100%"><figure class="common-desc">發現金幣磚塊，<br>對手腕的負擔還真不小</figure></li></ul></div>
            <div><ul class="bh-grids-img">\(item("f"))</li></ul></div>
            <figure class="wp-block-pullquote"><blockquote><p>A quotation set apart.</p></blockquote></figure>
            """
        let post = try scanSnippet(html)
        #expect(post.images.map(\.caption) == ["超級瑪利歐世界的招牌看板", nil, "在廣場上可以購買力量提升手環", nil, "發現金幣磚塊， 對手腕的負擔還真不小", nil])
    }

    @Test func theArticlesNoticesAndLeadInsAreNoCaptions() throws {
        // 掘金: a licence notice in italics after the last picture; a lead-in ending in a colon over
        // the next pictures; a credit for the pictures is still a caption.
        let html = """
            <p><img src="https://p3-juejin.byteimg.com/a.image"></p>
            <p><em>这是开启后所花费的时间：</em></p>
            <p><img src="https://p3-juejin.byteimg.com/b.image"></p>
            <p><em>本文图片来自网络</em></p>
            <p><img src="https://p3-juejin.byteimg.com/c.image"></p>
            <p><em>本文为fjl的原创文章，著作权归本人和饥人谷所有，转载务必注明来源</em></p>
            """
        #expect(try scanSnippet(html).images.map(\.caption) == [nil, "本文图片来自网络", nil])
    }

    @Test func aPictureInAHiddenBlockIsNoneAndASlideCounterIsNoCaption() throws {
        // WeChat's hidden profile card holds the account's avatar; 机核's albums number each slide.
        let html = """
            <div id="js_profile_qrcode" aria-hidden="true" class="profile_container" style="display:none;">
            <div class="profile_inner"><strong class="profile_nickname">物种日历</strong>
            <img class="profile_avatar" src="https://mmbiz.qpic.cn/avatar.png"></div></div>
            <figure><img src="https://image.gcores.com/a.jpg" alt><figcaption> (1/7) </figcaption></figure>
            <figure><img src="https://image.gcores.com/b.jpg" alt><figcaption>手办 1/7 比例</figcaption></figure>
            """
        let post = try scanSnippet(html)
        #expect(post.images.compactMap(\.url) == ["https://image.gcores.com/a.jpg", "https://image.gcores.com/b.jpg"])
        #expect(post.images.map(\.caption) == [nil, "手办 1/7 比例"])
    }

    @Test func onlyAnItemsOwnChildrenNameItAndFeedsMediaIsReadByWhatItIs() throws {
        // Google's blog nests Open Graph and author blocks with their own `<title>`/`<description>`
        // in each item; the Daily Mail writes the item's `media:description` before its picture;
        // Le Monde types a `.jpg` enclosure `text/html`; Libsyn repeats the show's artwork in
        // every episode; Pheedo adds share buttons and an ad item.
        let rss = """
            <?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
            <channel><title>Mixed</title><itunes:image href="https://art.example/show.png"/><image><url>https://art.example/logo.png</url></image>
            <item><title>Google Earth’s 3D imagery, explained</title><link>https://blog.google/a</link>
            <description>&lt;figure&gt;&lt;img src="https://storage.example/canyon.jpg"&gt;&lt;figcaption&gt;Grand Canyon&lt;/figcaption&gt;&lt;/figure&gt;</description>
            <og xmlns:og="http://ogp.me/ns#"><title>OG title</title><description>A behind the scenes look</description></og>
            <author><name>Natalie</name><title/></author></item>
            <item><title>Black Dahlia</title><link>https://dailymail.example/b</link><description>Text</description>
            <media:description type="html">A head shot of Elizabeth Short</media:description>
            <media:content type="image/jpeg" url="https://i.mol.example/697.jpg"/></item>
            <item><title>JO 2018</title><link>https://lemonde.example/c</link><description>Texte</description>
            <enclosure url="https://cdn.example/episode.mp3" length="1"/>
            <enclosure url="https://s1.lemde.example/image/2018/644x322/5255112.jpg" type="text/html; charset=UTF-8" length="34251"/></item>
            <item><title>Episode 12</title><link>https://pod.example/12</link><description>Talk</description>
            <itunes:image href="https://art.example/show.png"/><enclosure url="https://pod.example/12.mp3" type="audio/mpeg" length="1"/></item>
            <item><title>Fitness</title><link>https://wapo.example/d</link>
            <description>&lt;p&gt;&lt;img src="https://wapo.example/kids.jpg"&gt;&lt;/p&gt;&lt;a href="http://www.pheedcontent.com/hostedMorselClick.php?x"&gt;&lt;img alt="Add to Facebook" src="http://images.pheedo.com/images/mm/facebook.gif"&gt;&lt;/a&gt;&lt;a href="http://ads.pheedo.com/click.phdo?s=1"&gt;&lt;img src="http://ads.pheedo.com/img.phdo?s=1"&gt;&lt;/a&gt;</description></item>
            <item><title>Featured Advertiser</title><link>http://ads.pheedo.com/click.phdo?s=cc&amp;p=4</link><description>&lt;img src="http://ads.pheedo.com/img.phdo?s=2"&gt;</description></item>
            </channel></rss>
            """
        let items = try scan(rss, path: "mixed.xml")
        #expect(items.map(\.title) == ["Google Earth’s 3D imagery, explained", "Black Dahlia", "JO 2018", "Episode 12", "Fitness"])
        #expect(items[0].images.map(\.caption) == ["Grand Canyon"])
        #expect(items[1].images.first?.caption == "A head shot of Elizabeth Short")
        #expect(items[2].cover == "https://s1.lemde.example/image/2018/644x322/5255112.jpg" && items[2].images.count == 1)
        #expect(items[3].cover == nil && items[3].images.isEmpty)
        #expect(items[4].images.compactMap(\.url) == ["https://wapo.example/kids.jpg"])
    }

    @Test func italicsSetByStyleAreCaptionStyle() throws {
        let html = """
            <p>Body.</p><div class="image-desc" style="text-align: center; color: #333;">
            <img src="https://imgslim.geekpark.example/a.jpg">&nbsp; &nbsp;<span style="color: rgb(44, 62, 80); font-style: italic;">特来电成为唯一一家宣布盈利的头部企业 | 视觉中国</span></div><p>Next paragraph.</p>
            """
        #expect(try scanSnippet(html).images.first?.caption == "特来电成为唯一一家宣布盈利的头部企业 | 视觉中国")
    }

    @Test func tumblrsOriginalIsFetchedAndAFileNameInAnyCaseIsNoCaption() throws {
        let html = """
            <figure class="tmblr-full" data-orig-src="https://s3.example/blog/saved-searches.png"><img src="https://64.media.tumblr.com/abc/s540x810/def.png" data-orig-src="https://s3.example/blog/saved-searches.png"></figure>

            ![Torus1](https://i0.wp.com/manasa.example/files/torus1.jpeg?w=322&ssl=1 "Torus1")
            """
        let post = try scanSnippet(html)
        #expect(post.images.first?.url == "https://s3.example/blog/saved-searches.png" && post.images.first?.fallback == "https://64.media.tumblr.com/abc/s540x810/def.png")
        #expect(post.images.last?.caption == nil)
    }
}
