import Foundation
import Testing
@testable import PostScanner

@Suite struct CaptionRuleTests {
    @Test func aWeChatSectionUnderAnImageIsItsCaption() throws {
        // WeChat articles lay out with `<section>`, not `<p>`: the grey centred section under a
        // picture is its caption; a long section of body text is not.
        let post = try scanSnippet("""
            <section><span>这是一段正文内容，介绍了本文的背景和主要观点，篇幅较长，不是图片说明。</span></section>
            <section style="text-align: center;"><img data-src="https://mmbiz.qpic.cn/mmbiz_jpg/AbCd/640?wx_fmt=jpeg" data-type="jpeg"></section>
            <section style="text-align: center;"><span style="color: rgb(136, 136, 136);font-size: 12px;">图为会议现场（图片来源：新华社）</span></section>
            <section style="text-align: center;"><img data-src="https://mmbiz.qpic.cn/mmbiz_png/EfGh/640?wx_fmt=png"></section>
            <section><span>又一段正文内容，篇幅较长，讲述了更多的细节，显然不是任何图片的说明文字，而是文章本身的叙述部分，继续展开论述，这一段会写得很长很长，远远超过任何图片说明可能的长度，以便确认正文不会被当作说明。</span></section>
            """)
        #expect(post.images.map(\.caption) == ["图为会议现场（图片来源：新华社）", nil])
    }

    @Test func figcaptionWithEntities() throws {
        let post = try scanSnippet(#"<figure><img src="https://h/a.jpg" alt><figcaption>对比 LCH &amp; HCT　颜色</figcaption></figure>"#)
        #expect(post.images.first?.caption == "对比 LCH & HCT 颜色")
    }

    @Test func aCompositePicturesTwoLinesBothCaptionIt() throws {
        // 观察者网 under a two-part photo: `上图：…` then `下图：…`, both grey and centred; the
        // next picture's own caption stays its own.
        let post = try scanSnippet("""
            <p style="text-align:center;"><img src="https://h/a.jpg"></p>
            <p align="center"><span style="color:#666666;">上图：农民在农田里收草皮 </span></p>
            <p align="center"><span style="color:#666666;">下图：村民在翻整好的农田施肥</span></p>
            <p style="text-align:center;"><img src="https://h/b.jpg"></p>
            <p align="center"><span style="color:#666666;">上图：金马河畔</span></p>
            <p>下图是另一张照片，这一段是正文，不是说明。正文还要继续写很长很长，讲述更多的细节，远远超过任何图片说明可能的长度。</p>
            """)
        #expect(post.images.map(\.caption) == ["上图：农民在农田里收草皮 下图：村民在翻整好的农田施肥", "上图：金马河畔"])
    }

    @Test func unclosedFiguresEachKeepTheirOwnCaption() throws {
        // A Ghost post converted to Markdown leaves every `<figure>` open: each holds the text
        // after it and every later figure, yet its caption is the one under its own picture.
        let markdown = """
            ---
            title: Reverse shells
            ---
            <figure class="kg-card kg-image-card kg-card-hascaption"><img src="https://h/a.png" class="kg-image" alt loading="lazy"><figcaption>Syscall socket on x86-64</figcaption>

            Once a TCP socket is created, the shell connects back.

            <figure class="kg-card kg-image-card kg-card-hascaption"><img src="https://h/b.png" class="kg-image" alt loading="lazy"><figcaption>Logic of a reverse shell</figcaption>

            <figure class="kg-card kg-image-card"><img src="https://h/c.png" class="kg-image" alt loading="lazy">

            The end of that part.

            <figure class="kg-card kg-bookmark-card"><a class="kg-bookmark-container" href="https://man7.org/connect.2.html"><div class="kg-bookmark-content"><div class="kg-bookmark-title">connect(2)</div></div><div class="kg-bookmark-thumbnail"><img src="https://h/thumb.png" alt=""></div></a>

            It accepts three arguments, put together in this routine:

            ```nasm
            mov rax, 42
            ```

            <figcaption class="figure-caption">Connection to the remote address</figcaption>
            """
        let post = try #require(try PostScanner().scan(data: Data(markdown.utf8), displayPath: "ghost.md", baseFolder: nil).first)
        // The last caption is the code listing's: it is past the text the open bookmark card holds.
        #expect(post.images.map(\.caption) == ["Syscall socket on x86-64", "Logic of a reverse shell", nil, nil])
        // What is left on the picture's line is no body text: a WordPress→Markdown export's link
        // around the picture inside raw HTML, MkDocs' attribute list.
        let leftovers = try #require(try PostScanner().scan(data: Data("""
            <figure class="wp-caption alignright">[<img src="https://h/map-248x300.jpg" alt="">](https://h/maps/2012.html)<figcaption class="wp-caption-text">See the live map here!</figcaption></figure>Body text after it.

            <figure markdown>
              ![Capture - Login](login.webp){ width="430" }
              <figcaption>The login window</figcaption>
            </figure>
            """.utf8), displayPath: "export.md", baseFolder: nil).first)
        #expect(leftovers.images.map(\.caption) == ["See the live map here!", "The login window"])
        // A figure holding its picture, then another figure, then its caption: no gallery of figures.
        let nested = try scanSnippet(#"<figure class="wp-block-image"><img src="https://h/o.jpg"><figure class="wp-block-image"><img src="https://h/f.jpg"></figure><figcaption>Outer</figcaption></figure>"#)
        #expect(nested.images.map(\.caption) == ["Outer", nil])
    }

    @Test func anAltOrTitleThatIsThePicturesOwnFileNameIsNoCaption() throws {
        let markdown = """
            ![](ros_turtle.png "ros_turtle")

            ![after_mask](after_mask.png "after_mask")

            ![img56](img56.png)

            ![Boat](boat.png)

            ![alternate text](harbour.png)

            ![InputImg](img57.png "img57")
            """
        let post = try #require(try PostScanner().scan(data: Data(markdown.utf8), displayPath: "p.md", baseFolder: nil).first)
        #expect(post.images.map(\.caption) == [nil, nil, nil, "Boat", nil, "InputImg"])
    }

    @Test func anAltThatIsAFileNameIsNoCaptionEvenWithSpaces() throws {
        let markdown = """
            ![Screenshot 2024-01-02 at 10.00.00.png](Page%20abc/Screenshot_2024-01-02.png)

            ![截屏2024-01-01 下午3.00.00.PNG](a.png)

            ![The harbour at dawn](b.png)
            """
        let post = try #require(try PostScanner().scan(data: Data(markdown.utf8), displayPath: "page.md", baseFolder: nil).first)
        #expect(post.images.map(\.caption) == [nil, nil, "The harbour at dawn"])
    }

    @Test func nextCentredGreyParagraphSplitSpans() throws {
        let post = try scanSnippet(#"<p align="center"><img src="https://h/a.jpg" title="点击查看大图"></p><p align="center"><span style="color:#666666;">顿涅茨克与</span><span style="color:#666666;">卢甘斯克位置</span> </p>"#)
        #expect(post.images.first?.caption == "顿涅茨克与卢甘斯克位置")
    }

    @Test func oneCaptionAfterSeveralImagesBelongsToTheLast() throws {
        let post = try scanSnippet(#"<p align="center"><img src="https://h/1.jpg"></p><p align="center"><img src="https://h/2.jpg"></p><p align="center"><span style="color:#666666;">两张图</span></p>"#)
        #expect(post.images.map(\.caption) == [nil, "两张图"])
    }

    @Test func theCellBelowAnImagesCellCaptionsIt() throws {
        // Blogger's caption table; a two-picture table with a caption row; a long row is body text.
        let post = try scanSnippet("""
            <table align="center" cellpadding="0" cellspacing="0" class="tr-caption-container"><tbody>
            <tr><td style="text-align: center;"><a href="https://h/s1600/b.jpg" imageanchor="1"><img src="https://h/s320/b.jpg"></a></td></tr>
            <tr><td class="tr-caption" style="text-align: center;">Harbour at dawn</td></tr></tbody></table>
            <table><tr><td><img src="https://h/left.jpg"></td><td><img src="https://h/right.jpg"></td></tr>
            <tr><td align="center">左图说明</td><td align="center">右图说明</td></tr></table>
            <table><tr><td><img src="https://h/x.jpg"></td></tr><tr><td>\(String(repeating: "A long row of body text that only happens to sit in a table. ", count: 4))</td></tr></table>
            """)
        #expect(post.images.map(\.caption) == ["Harbour at dawn", "左图说明", "右图说明", nil])
    }

    @Test func aClassicWordPressGalleryItemIsCaptionedByItsDD() throws {
        let post = try scanSnippet("""
            <div id="gallery-1" class="gallery galleryid-5 gallery-columns-2">
            <dl class="gallery-item"><dt class="gallery-icon landscape"><a href="https://h/g1.jpg"><img src="https://h/g1-150x150.jpg"></a></dt>
            <dd class="wp-caption-text gallery-caption" id="gallery-1-7">Gallery caption one</dd></dl>
            <dl class="gallery-item"><dt class="gallery-icon landscape"><a href="https://h/g2.jpg"><img src="https://h/g2-150x150.jpg"></a></dt></dl>
            </div>
            """)
        #expect(post.images.map(\.caption) == ["Gallery caption one", nil])
    }

    @Test func aClassNamingPictureAndTextMarksACaption() throws {
        // Sina's `img_descr` beside the picture, 36kr's `img-desc` and a `photo-credit` below it;
        // a class naming only text, or only the picture's wrapper, is no caption.
        let post = try scanSnippet("""
            <div class="img_wrapper"><img src="https://h/a.jpg"><span class="img_descr">新浪图注</span></div>
            <p><img src="https://h/b.jpg"></p><p class="img-desc">三十六氪图注</p>
            <p><img src="https://h/c.jpg"></p><p class="photo-credit">Photo: AP</p>
            <p><img src="https://h/d.jpg"></p><p class="text">Body paragraph.</p>
            <div class="pic-wrapper"><img src="https://h/e.jpg"><span class="description">Body text beside the picture.</span></div>
            <div class="media"><img src="https://h/f.jpg"></div><div class="image-text">\(String(repeating: "A media block's text column, body text that runs on. ", count: 6))</div>
            """)
        #expect(post.images.map(\.caption) == ["新浪图注", "三十六氪图注", "Photo: AP", nil, nil, nil])
    }

    @Test func bodyTextAfterAnImagesLineBreakIsNoCaption() throws {
        // A paragraph written on the image's line after a `<br>` is body text once it runs long;
        // a credit line there stays a caption.
        let body = String(repeating: "这段文字描述了当天的行程和天气，", count: 10)
        let english = String(repeating: "The walk went on along the harbour wall. ", count: 8)
        let post = try scanSnippet("""
            <p><img src="https://h/a.jpg"><br>\(body)</p>
            <p><img src="https://h/b.jpg"><br>\(english)</p>
            <p><img src="https://h/c.jpg"><br>图源：视觉中国</p>
            """)
        #expect(post.images.map(\.caption) == [nil, nil, "图源：视觉中国"])
    }

    @Test func aNumberedFigureLabelUnderAnImageIsItsCaption() throws {
        let post = try scanSnippet("""
            <p><img src="https://h/1.png"></p><p>Figure 1: The architecture of the system.</p>
            <p><img src="https://h/2.png"></p><p>图 2：系统架构</p>
            <p><img src="https://h/3.png"></p><p>Figures are important, and this paragraph says so.</p>
            <p><img src="https://h/4.png"></p><p>Fig. 4. Throughput over time.</p>
            <p><img src="https://h/5.png"></p><p>图2022年的数据如下。</p>
            """)
        #expect(post.images.map(\.caption) == ["Figure 1: The architecture of the system.", "图 2：系统架构", nil, "Fig. 4. Throughput over time.", nil])
    }

    @Test func smallSubscriptOrItalicTextOnTheImagesLineIsItsCaption() throws {
        // GitHub-flavoured posts caption with `<sub>` on the line under the image, in the same paragraph.
        let markdown = "![](https://h/1.png)\n<sub>Sub caption</sub>\n\n![](https://h/2.png)\n<small>Small caption</small>\n\n![](https://h/3.png)\n*Italic caption*\n\n![](https://h/4.png)\nplain text beside it\n"
        let post = try #require(try PostScanner().scan(data: Data(markdown.utf8), displayPath: "p.md", baseFolder: nil).first)
        #expect(post.images.map(\.caption) == ["Sub caption", "Small caption", "Italic caption", nil])
    }

    @Test func captionAfterBreakInSameParagraph() throws {
        let post = try scanSnippet("<p><img src=\"https://h/a.jpg\"><br>\n(Proud & Bachmeier, 2021)</p>")
        #expect(post.images.first?.caption == "(Proud & Bachmeier, 2021)")
    }

    @Test func plainParagraphEqualToAltIsCaption() throws {
        let post = try scanSnippet(#"<p><img src="https://h/a.jpg" alt="Nothing Phone (1)"></p><p>Nothing Phone (1)</p><p><img src="https://h/b.jpg" alt="Meaningful alt"></p><p>Body text.</p>"#)
        #expect(post.images.map(\.caption) == ["Nothing Phone (1)", nil])
    }

    @Test func iframeCaptionIsNotAnImageCaption() throws {
        let post = try scanSnippet(#"<p align="center"><img src="https://h/a.jpg"></p><p align="center"><iframe src="https://player.bilibili.com/player.html?aid=1"></iframe></p><p align="center"><span style="color:#666666;">视频截图说明</span></p>"#)
        #expect(post.images.first?.caption == nil)
    }

    @Test func greyBodyTextIsNotACaption() throws {
        let body = String(repeating: "这是一段很长的正文，只是碰巧被设置成了灰色。", count: 6)
        let post = try scanSnippet(#"<p><img src="https://h/a.jpg"></p><p><span style="color:#666666;">\#(body)</span></p>"#)
        #expect(post.images.first?.caption == nil)
    }

    @Test func genericAltAndTitleTextsAreNotCaptions() throws {
        let post = try scanSnippet(#"<p><img src="https://h/a.jpg" alt="点击查看大图" title="点击查看大图"></p><p>点击查看大图</p><p><img src="https://h/b.jpg" alt="image "></p><p>image</p>"#,
                                   front: "title: 'A post'")
        #expect(post.images.map(\.caption) == [nil, nil])
        let md = try scanSnippet("![A post](https://h/c.jpg)\n\n![photo-123.jpg](https://h/d.jpg)\n")
        #expect(md.images.map(\.caption) == [nil, nil])
    }

    @Test func centredBoldLineAboveOnlyWhenNothingBelow() throws {
        let post = try scanSnippet(#"<p style="text-align:center;"><strong>发射全胜记录</strong></p><p style="text-align:center;"><img src="https://h/a.jpg"></p><p><strong>下一节</strong></p>"#)
        #expect(post.images.first?.caption == "发射全胜记录")
        let below = try scanSnippet(#"<p style="text-align:center;"><strong>标题</strong></p><p style="text-align:center;"><img src="https://h/a.jpg"></p><p style="text-align:center;">下方说明</p>"#)
        #expect(below.images.first?.caption == "下方说明")
        let left = try scanSnippet(#"<p><strong>1. 新闻条目</strong></p><p><img src="https://h/a.jpg"></p>"#)
        #expect(left.images.first?.caption == nil)
        // A centred line opening with a bold label titles the chart under it (观察者网's monthly sales).
        let label = try scanSnippet(#"<p align="center"><strong>附：</strong>2021年10月MPV销量排行榜</p><p align="center"><img src="https://h/a.png"></p><p><strong>本文系观察者网独家稿件，未经授权，不得转载。</strong></p>"#)
        #expect(label.images.first?.caption == "附：2021年10月MPV销量排行榜")
        let plain = try scanSnippet(#"<p align="center">附：2021年10月MPV销量排行榜</p><p align="center"><img src="https://h/a.png"></p><p>正文。</p>"#)
        #expect(plain.images.first?.caption == nil)
    }

    @Test func aRuleAfterAPictureClosesItsPart() throws {
        // AI 研习社: a decoration, a rule, then the next announcement's heading.
        let post = try scanSnippet(#"<p style="text-align: center;"><img src="https://h/deco.gif" width="121"></p><hr><p style="text-align: center;"><span style="font-size: 18px;"><strong>重磅通知！</strong></span></p><p>正文。</p>"#
                                   + #"<p style="text-align: center;"><img src="https://h/b.png"></p><p style="text-align: center;">图片来自网络</p>"#)
        #expect(post.images.map(\.caption) == [nil, "图片来自网络"])
    }

    @Test func aCentredSectionNumberAfterAPictureIsNoCaption() throws {
        // 观察者网: part 2 ends with pictures, part 3 opens with a centred bold number.
        let post = try scanSnippet(#"<p style="text-align:center;"><img src="https://h/a.png"></p><p align="center"><strong>3</strong></p><p>虽然我们使用统计器的方法有时不太科学。</p>"#
                                   + #"<p style="text-align:center;"><img src="https://h/b.png"></p><p style="text-align:center;">16世纪的《绝地求生》</p><p>正文。</p>"#)
        #expect(post.images.map(\.caption) == [nil, "16世纪的《绝地求生》"])
    }

    @Test func explicitLeftAlignmentBeatsCentredWrapper() throws {
        let post = try scanSnippet(#"<div align="center"><p><img src="https://h/a.jpg"></p><p align="left">正文继续。</p></div><p style="text-align:left;" align="center"><img src="https://h/b.jpg"></p><p style="text-align:left;" align="center">也是正文。</p>"#)
        #expect(post.images.map(\.caption) == [nil, nil])
    }
}

@Suite struct MoreCaptionRuleTests {
    @Test func captionClassAndItalicLineAfterImage() throws {
        let wp = try scanSnippet(#"<div class="wp-caption"><img src="https://h/a.jpg"><p class="wp-caption-text">A WordPress caption</p></div>"#)
        #expect(wp.images.first?.caption == "A WordPress caption")
        let md = try scanSnippet("![](https://h/b.jpg)\n*The harbour at dawn*\n\nBody text follows here.\n")
        #expect(md.images.first?.caption == "The harbour at dawn")
        let inline = try scanSnippet("<p>Look at <img src=\"https://h/c.png\"> this icon in a sentence.</p>")
        #expect(inline.images.first?.caption == nil)
    }
}

@Suite struct MarkdownTableCaptionTests {
    @Test func aOneColumnTablesFirstRowCaptionsTheImageInItsHead() throws {
        // GitHub's idiom: the image in the head, the caption in the first row of the body.
        let captioned = try scanSnippet("""
            | ![](https://h/a.png) |
            |:--:|
            | *The harbour at dawn* |

            Body text that goes on long enough to be a paragraph of its own and not a caption.
            """)
        #expect(captioned.images.first?.caption == "The harbour at dawn")
        // Two columns: a table of pictures and data, not a caption idiom.
        let table = try scanSnippet("""
            | ![](https://h/b.png) | ![](https://h/c.png) |
            |:--:|:--:|
            | *left* | *right* |
            """)
        #expect(table.images.map(\.caption) == [nil, nil])
    }
}

@Suite struct CaptionMarkerTests {
    @Test func markedShortLineIsCaptionLongCentredTextIsNot() throws {
        let marked = try scanSnippet(#"<p><img src="https://h/a.jpg"></p><p>▲ 北京冬奥会闭幕式画面</p>"#)
        #expect(marked.images.first?.caption == "▲ 北京冬奥会闭幕式画面")
        let long = String(repeating: "居中排版的正文段落，并不是图片说明。", count: 15)
        let centred = try scanSnippet(#"<p align="center"><img src="https://h/b.jpg"></p><p align="center">\#(long)</p>"#)
        #expect(centred.images.first?.caption == nil)
    }

    @Test func aCreditLineOpeningInAnyCaseOrScriptIsACaptionOrdinaryTextIsNot() throws {
        let post = try scanSnippet("""
            <p><img src="https://h/1.jpg"></p><p>Photo: Jane Doe/Reuters</p>
            <p>Body text that is long enough to be a paragraph of its own, not a credit line at all.</p>
            <p><img src="https://h/2.jpg"></p><p>IMAGE COURTESY OF NASA</p>
            <p>Body text that is long enough to be a paragraph of its own, not a credit line at all.</p>
            <p><img src="https://h/3.jpg"></p><p>Photo : AFP</p>
            <p>Body text that is long enough to be a paragraph of its own, not a credit line at all.</p>
            <p><img src="https://h/4.jpg"></p><p>圖片來源：中央社</p>
            <p>Body text that is long enough to be a paragraph of its own, not a credit line at all.</p>
            <p><img src="https://h/5.jpg"></p><p>写真：共同通信</p>
            <p>Body text that is long enough to be a paragraph of its own, not a credit line at all.</p>
            <p><img src="https://h/6.jpg"></p><p>Photographers often say the light matters most.</p>
            <p><img src="https://h/7.jpg"></p><p>Photo: \(String(repeating: "a long sentence that is body text ", count: 4))</p>
            """)
        #expect(post.images.map(\.caption) == ["Photo: Jane Doe/Reuters", "IMAGE COURTESY OF NASA", "Photo : AFP", "圖片來源：中央社", "写真：共同通信", nil, nil])
    }
}
