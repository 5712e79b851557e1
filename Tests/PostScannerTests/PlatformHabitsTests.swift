import Foundation
import Testing
@testable import PostScanner

/// Habits of real feeds and exports: what WordPress.com, Feedsportal, Matomo, Tumblr, Grav,
/// Ghost and Substack put around their pictures.
@Suite struct PlatformHabitsTests {
    private func scan(_ text: String, path: String) throws -> [ScannedPost] { try scanDocument(text, path: path) }

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
        #expect(item.images.compactMap(\.url) == ["http://pandodaily.files.wordpress.com/2013/07/phone.png?w=584", "http://pandodaily.files.wordpress.com/2013/07/phone.png"])
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
