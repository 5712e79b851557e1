import Foundation
import Testing
@testable import PostScanner
import TestSupport

/// Caption rules for shapes found on feeds beyond the corpus's (each snippet is the shape of a
/// real post: 站酷 works, 猫眼 films, WeChat-edited articles, vgtime lists, 快科技 deals,
/// 科学网 translations, 简书 captions), each beside the shape the rule must still accept.
@Suite struct FeedShapeCaptionTests {
    @Test func aSecondCaptionLineSetAsTheFirstJoinsItAndADisclaimerIsNone() throws {
        // 游戏葡萄: a chart's caption then its legend, both centred italic lines; a report's
        // disclaimer in a grey span beside the last picture.
        let post = try scanSnippet("""
            <p style="text-align:center;"><img src="https://h/chart.png" alt="26.png"></p><p style="text-align:center;"><em>左为2020年全年；右为2021年最新<br></em></p><p style="text-align:center;"><em>蓝线为PS系列；红线为Switch；绿线为XBOX系列 </em></p><p>总的来说，主机市场仍在增长。</p>
            <p style="text-align:center;"><img src="https://h/one.png"></p><p style="text-align:center;"><em>一行说明</em></p><p style="text-align:center;"><em>诗的第一行</em></p><p style="text-align:center;"><em>诗的第二行</em></p>
            <p><img src="https://h/report.gif" alt="640.gif"><span style="font-size:14px;font-weight:700;color:rgb(191,191,191);">说明：本报告为 App Growing 制作，报告中所有的文字、图片、表格均受有关商标和著作权的法律保护。</span></p>
            """)
        #expect(post.images.map(\.caption) == ["左为2020年全年；右为2021年最新 蓝线为PS系列；红线为Switch；绿线为XBOX系列", "一行说明", nil])
        // The second line is the next figure's (numbered, or right above its picture), or a quotation: not joined.
        let others = try scanSnippet("""
            <p style="text-align:center;"><img src="https://h/1.png"></p><p style="text-align:center;"><em>图1：某产品首页</em></p><p style="text-align:center;"><em>图2：某产品详情页</em></p><p>正文。</p><p style="text-align:center;"><img src="https://h/2.png"></p>
            <p style="text-align:center;"><img src="https://h/3.png"></p><p style="text-align:center;"><em>第三张图说明</em></p><p style="text-align:center;"><em>另一张图的说明</em></p><p style="text-align:center;"><img src="https://h/4.png"></p>
            <p style="text-align:center;"><img src="https://h/5.png"></p><p style="text-align:center;"><em>第五张图说明</em></p><p style="text-align:center;"><em>“我们要把最好的留给孩子。”</em></p><p>正文。</p>
            """)
        #expect(others.images.map(\.caption)[0] == "图1：某产品首页")
        #expect(others.images.map(\.caption)[2] == "第三张图说明")
        #expect(others.images.map(\.caption)[4] == "第五张图说明")
    }

    @Test func chineseNewsCreditsUnderAPictureAreItsCaption() throws {
        // 趣头条 republishing news: `供图/…`, `受访者供图`, `新华社记者 李贺 摄` in the paragraph under the picture.
        let credits = ["供图/北京市盲人学校", "谢宇菲（中）在闭幕式上。（受访者供图）", "2月4日，运动员在比赛中。新华社记者 李贺 摄", "摄影：张三", "资料图",
                       "本文作者供图", "摄影 | 王五", "（视觉中国/图）"]
        let body = credits.enumerated().map { "<p><img src=\"https://h/\($0.offset).jpeg\"></p><p>\($0.element)</p><p>“我觉得自己责任很重大。”她说。</p>" }.joined(separator: "\n")
        let post = try scanSnippet(body)
        #expect(post.images.map(\.caption) == credits)
        // A sentence that merely ends in 摄 (拍摄) is none.
        let plain = try scanSnippet("<p><img src=\"https://h/x.jpeg\"></p><p>这张照片是我去年在北京拍摄</p><p>正文。</p>")
        #expect(plain.images.first?.caption == nil)
    }

    @Test func aPictureAfterAParagraphOpensItsOwnLine() throws {
        // Arc Publishing's feeds (La Nación): paragraphs, then a picture, a break and its caption
        // in a `<caption>` the HTML parser drops (its text stays on the picture's line).
        let post = try scanSnippet("""
            <p>Así, las familias con un hijo cobrarán 9000 pesos.</p><img alt="Tarjeta" src="https://h/a.jpg" width="768"/><br/><caption>Se anunciaron ampliaciones en la Tarjeta Alimentar</caption><p>“Seguimos ampliando”, resaltó Zabaleta.</p>
            <p>Texto <img src="https://h/inline.png"><br>de la línea.</p>
            """)
        #expect(post.images.map(\.caption) == ["Se anunciaron ampliaciones en la Tarjeta Alimentar", nil])
    }

    @Test func labelledFieldsUnderThePictureAreNoCaption() throws {
        // RSSHub's eShop route: the game's box art, then its release date, price, language and
        // publisher, one labelled field per line. One labelled line is still a credit.
        let post = try scanSnippet("""
            <div>
            <img src="https://www.nintendo.com.hk/software/img/bnr/70010000050752.jpeg"><br><strong>发售日期：</strong>2022.6.24<br><strong>价格：</strong>港币<br><strong>支持中文：</strong>是<br><strong>发行商：</strong>Nintendo<br>
            <div class="value"><p>※遊戲畫面為英文版遊戲內容</p></div>
            </div>
            <p><img src="https://h/b.jpg"><br>图源：视觉中国</p>
            """)
        #expect(post.images.map(\.caption) == [nil, "图源：视觉中国"])
    }

    @Test func aColumnBesideThePictureIsNoCaption() throws {
        // 知識分子 (xiumi): the picture and the article's summary in two inline-block columns of a
        // centred row; the same picture with a centred line under it keeps that caption.
        let column = "margin: 0px; display: inline-block; vertical-align: top;"
        let post = try scanSnippet("""
            <section style="text-align: center;"><section style="\(column) width: 270.8px;"><section style="text-align: center;"><img src="https://h/a.png"></section></section>
            <section style="\(column) width: 406.2px;"><section style="font-size: 15px;"><p><span style="color: rgb(0, 70, 138); font-size: 14px;">医生采用医学图像来诊断疾病已近数十年了。</span></p></section></section></section>
            <p>正文第一段。</p>
            <section style="text-align: center;"><section style="text-align: center;"><img src="https://h/b.png"></section>
            <section><p><span style="color: rgb(136, 136, 136); font-size: 14px;">医学图像</span></p></section></section>
            """)
        #expect(post.images.map(\.caption) == [nil, "医学图像"])
    }

    @Test func aLineOfOrnamentsIsNoCaption() throws {
        let post = try scanSnippet("""
            <p style="text-align: center;"><img src="https://h/a.jpg"></p><p><br></p>
            <p style="text-align: center;"><strong><span style="color: rgb(179, 17, 30)">●</span><span>　</span><span>●</span><span>　</span><span>●</span></strong></p>
            <p>正文开始，讲的是另一件事。</p>
            <p style="text-align: center;"><img src="https://h/b.jpg"></p><p style="text-align: center;">● 第 2 张图</p>
            """)
        #expect(post.images.map(\.caption) == [nil, "● 第 2 张图"])
    }

    @Test func textAfterABlankLineUnderAPictureIsANewParagraphNotItsCaption() throws {
        let post = try scanSnippet("""
            <div><img src="https://h/poster.jpg"> <br>  <br> 演员：刘陆,莫含,邓宇 <br> 上映信息：今天暂无场次 </div>
            <div><img src="https://h/credit.jpg"><br>图源：视觉中国</div>
            """)
        #expect(post.images.map(\.caption) == [nil, "图源：视觉中国"])
    }

    @Test func theWordsOfASitesButtonsUnderAPictureAreNoCaption() throws {
        let post = try scanSnippet("""
            <div class="text-center"><div class="photo-information-content"><img src="https://h/a.jpg">
            <div class="image-info-icons"><span class="icon-image-collection" title="收藏单图">收藏</span><span class="icon-photo"></span></div></div></div>
            <div class="text-center"><div><img src="https://h/b.jpg"><div class="image-info">秋天的银杏大道</div></div></div>
            """)
        #expect(post.images.map(\.caption) == [nil, "秋天的银杏大道"])
    }

    @Test func aCentredBoldLineAboveAWrappedFigureWithAnEmptyCaptionIsItsCaption() throws {
        let post = try scanSnippet("""
            <h3 style="text-align: center;"><b>年度最佳游戏</b></h3><p style="text-align: center;"><b>生化危机 村庄</b></p>
            <div class="vg_insert_img"><figure><img src="https://h/1.jpg"><figcaption class="vg_insert_img_notice"></figcaption></figure></div><p><br></p>
            <p style="text-align: center;"><b>双人成行</b></p>
            <div class="vg_insert_img"><figure><img src="https://h/2.jpg"><figcaption></figcaption></figure></div>
            <p>正文：今年的游戏很多。</p>
            <p><b>左对齐的小标题</b></p><div><figure><img src="https://h/3.jpg"></figure></div>
            """)
        #expect(post.images.map(\.caption) == ["生化危机 村庄", "双人成行", nil])
    }

    @Test func anAdvertisingNoticeUnderAPictureIsNoCaptionAnItalicLineIs() throws {
        let post = try scanSnippet("""
            <p align="center"><a href="https://h/full.png"><img src="https://h/s_a.png"></a></p>
            <p><em>【广告】本文用于分享优惠促销信息，结果仅供参考。</em></p>
            <p><img src="https://h/b.png"></p><p><em>The harbour at dawn.</em></p>
            """)
        #expect(post.images.map(\.caption) == [nil, "The harbour at dawn."])
    }

    @Test func aLongParagraphUnderAPictureThatOpensAsAFigureLabelIsItsCaption() throws {
        let figure = "Fig. 1 In this Sept. 12, 2019 file photo, the award is displayed at the ceremony. "
            + String(repeating: "It was held at Harvard University in Cambridge, Mass. ", count: 4) + "Credit: AP Photo/Elise Amendola, File"
        let pointing = "△上图显示了跨硅表面的线扫描，" + String(repeating: "其中有几个扰动导致轮廓中的电流误差，", count: 8) + "（来源：Tajaddodianfar 等）"
        let source = "Source: " + String(repeating: "a long sentence of body text that names a source ", count: 3)
        let post = try scanSnippet("""
            <p><img src="https://h/1.jpg"><br></p><p style="line-height: 2em;"><strong><span>Fig. 1</span></strong> <span>\(figure.dropFirst(7))</span></p>
            <p style="text-align: center"><img src="https://h/2.png"></p><p>\(pointing)</p>
            <p><img src="https://h/3.png"></p><p>\(source)</p>
            <p><img src="https://h/4.png"></p><p>\(String(repeating: "▲ 很长的一段正文。", count: 60))</p>
            """)
        #expect(figure.count > 200 && pointing.count > 80 && source.count > 80)
        #expect(post.images.map(\.caption) == [figure, pointing, nil, nil])
    }

    @Test func theColourTheReaderSeesIsTheNearestOne() throws {
        // 观察者网: body text pasted as black inside a grey span is black body text; a grey span
        // inside a black one is a grey caption.
        let post = try scanSnippet("""
            <p style="text-align:center;"><span style="color:#666666;"><span style="color:#000000;"><img src="https://h/1.png"><br></span></span></p>
            <p style="text-align:left;"><span style="color:#666666;"><span style="color:#000000;">直播间里刷一个礼物需要3000元钱，是什么让粉丝不断掏钱？</span></span></p>
            <p style="text-align:center;"><img src="https://h/2.png"></p>
            <p style="text-align:left;"><span style="color:#000000;"><span style="color:#999999;">图自@央视财经</span></span></p>
            """)
        #expect(post.images.map(\.caption) == [nil, "图自@央视财经"])
    }

    @Test func toutiaoPictureBoxesAreCaptionedAfterAnEmptySlotOrByACreditRightAfterThePicture() throws {
        let post = try scanSnippet("""
            <div class="pgc-img"><img src="https://h/1.png" class="syl-page-img"><p class="pgc-img-caption"></p></div><p data-track="5"><span style="font-size: 14px;">图 | Nature Electronics 第三期封面刊登这项研究成果</span></p>
            <p>正文：研究人员介绍了这种纺织品。</p>
            <div><img src="https://h/2.png">（来源：DeepMind）</div>
            <div class="pgc-img"><img src="https://h/3.png"><p class="pgc-img-caption"></p></div><p style="text-align:center;">下一节的标题</p>
            <p>正文。</p>
            <div>正文里的一句话<img src="https://h/4.png">（来源：DeepMind）</div>
            """)
        #expect(post.images.map(\.caption) == ["图 | Nature Electronics 第三期封面刊登这项研究成果", "（来源：DeepMind）", nil, nil])
    }

    @Test func aBlankLineEndsThePicturesLine() throws {
        // 探物: a product's picture, its name, then after a blank line its price and rating.
        let post = try scanSnippet("""
            <div><img src="https://h/1.png"><br><strong>Pico Neo3</strong><br><br>价格: ￥19.00 / 日<br>评分: 4.9</div>
            """)
        #expect(post.images.map(\.caption) == ["Pico Neo3"])
    }

    @Test func darkGreyIsABodyTextColourMidGreyACaptions() throws {
        // PMCAFF sets its body text in rgb(88,88,88) and its captions in rgb(136,136,136).
        let post = try scanSnippet("""
            <p style="text-align:center;"><img src="https://h/1.png"></p><p style="text-align:center;"><br></p>
            <p><span style="color:rgb(88,88,88);">看到这里，自然有人会问，这些语法必须要全部掌握吗？</span></p>
            <p style="text-align:center;"><img src="https://h/2.png"></p>
            <p><span style="color:rgb(136,136,136);">（聚合关系）</span></p>
            """)
        #expect(post.images.map(\.caption) == [nil, "（聚合关系）"])
    }

    @Test func aPictureBetweenLinesOfRunningTextIsCaptionedOnlyByAMarkedLine() throws {
        // 博客来: a book's blurb, its cover, then its price and publisher, all lines of one block.
        let post = try scanSnippet("""
            <div>在荒廢的世界裡，一位書商踏上旅程……more<br><img src="https://h/book.jpg" alt="世紀末書商2"><br>NT$251元<br>八千子，三日月，出版日期：2022-01-26</div>
            <div>另一段文字<br><img src="https://h/news.jpg"><br>▲ 发布会现场</div>
            <div><img src="https://h/credit.jpg"><br>(Proud &amp; Bachmeier, 2021)</div>
            """)
        #expect(post.images.map(\.caption) == [nil, "▲ 发布会现场", "(Proud & Bachmeier, 2021)"])
    }

    @Test func aRunOfCentredLinesUnderAPictureIsAPassageNotItsCaption() throws {
        let post = try scanSnippet("""
            <p style="text-align:center;"><img src="https://h/1.png"></p>
            <p align="center">（唐光雨漫画作品，有改动）</p>
            <p>正文继续。</p>
            <p style="text-align:center;"><img src="https://h/2.png"></p>
            <p align="center"><strong>本月底</strong></p>
            <p align="center"><strong>苏炳添将迎来32岁生日</strong></p>
            <p align="center"><strong>我的“添”啊！祝贺！</strong></p>
            """)
        #expect(post.images.map(\.caption) == ["（唐光雨漫画作品，有改动）", nil])
        // Two centred lines, a title then its credit (北京天文馆), or a caption then the paper's
        // notice, are a caption; a line under the picture that repeats the post's title is one too.
        let apod = try scanSnippet("""
            <p style="text-align:center"><strong><img src="https://h/1.jpg"></strong></p>
            <p style="text-align: center;"><strong>“纸月亮”日食</strong></p>
            <p style="text-align: center;"><strong>图片来源及版权：</strong><a href="https://h/a"><strong>王乐天</strong></a></p>
            <p>说明：这是正文。</p>
            <p style="text-align:center;"><img src="https://h/2.jpg"></p>
            <p align="center">居中普通说明文字</p>
            <p align="center"><strong>本文系观察者网独家稿件</strong></p>
            <p style="text-align:center;"><img src="https://h/3.jpg"></p><p style="text-align: center;"><strong>3颗行星和1颗彗星</strong></p>
            """, front: "title: '3颗行星和1颗彗星'")
        #expect(apod.images.map(\.caption) == ["“纸月亮”日食", "居中普通说明文字", "3颗行星和1颗彗星"])
    }

    @Test func aRowOfPicturesCaptionedByItsFiguresAttributeAndALineEndingInACredit() throws {
        let post = try scanSnippet("""
            <figure class="ss-imgRows" figcaption="sdcc 编译命令及其生成的文件"><img src="https://h/1.png" alt><img src="https://h/2.png" alt></figure>
            <figure class="ss-imgRows" figcaption><img src="https://h/3.png"><img src="https://h/4.png"></figure>
            <p><img src="https://h/5.jpg"><br></p><p>00后少年40分钟造一部<a href="https://h/a">手机</a>（图源微博）</p>
            <p><img src="https://h/6.jpg"><br></p><p>他说这部手机（其实是模型）很好用。</p>
            """)
        #expect(post.images.map(\.caption) == [nil, "sdcc 编译命令及其生成的文件", nil, nil, "00后少年40分钟造一部手机（图源微博）", nil])
        // A news sentence that ends with the credit, and a source at the end of a sentence, credit the text.
        let sentences = try scanSnippet("""
            <p><img src="https://h/1.jpg"></p><p>据新华社报道，今天举行了一场重要会议，与会代表就多项议题进行了深入讨论。（图源新华社）</p>
            <p><img src="https://h/2.jpg"></p><p>会议取得圆满成功（来源：新华社）</p>
            """)
        #expect(sentences.images.map(\.caption) == [nil, nil])
    }

    @Test func textShownInACaptionElementIsKeptEvenWhenItIsAFileNameOrAGenericWord() throws {
        let post = try scanSnippet("""
            <div class="image-package"><div class="image-container"><img src="https://h/1.jpg" alt="photo.jpg"></div>
            <div class="image-caption">algorithms_programming.jpg</div></div>
            <figure><img src="https://h/2.png"><figcaption>image</figcaption></figure>
            <p><img src="https://h/3.png" alt="image"></p><p>image</p>
            """)
        #expect(post.images.map(\.caption) == ["algorithms_programming.jpg", "image", nil])
    }
}

/// Where a feed item's pictures are: the cover RSSHub copied from a placeholder `src`, copies
/// written relative beside an absolute `src`, and files named by a post in no site.
@Suite struct FeedShapeImageTests {
    @Test func aCoverCopiedFromTheFirstPicturesPlaceholderSrcIsThatPicture() throws {
        let post = try scanSnippet("""
            <div class="image-view"><img data-original-src="//upload-images.jianshu.io/upload_images/1-587a" src="https://www.jianshu.com/p/undefined"></div>
            <div class="image-view"><img data-original-src="//upload-images.jianshu.io/upload_images/1-9bc1" src="https://www.jianshu.com/p/undefined"></div>
            """, front: "title: 'A post'\nheadimg: 'https://www.jianshu.com/p/undefined'")
        #expect(post.images.map(\.url) == ["https://upload-images.jianshu.io/upload_images/1-587a", "https://upload-images.jianshu.io/upload_images/1-9bc1"])
        #expect(post.images.map(\.isCover) == [true, false])
    }

    @Test func backslashesInAPathAreSlashesAsBrowsersReadThem() throws {
        // A Windows Live Writer post (dotblogs, 2009) saved as Markdown: `src="\images\posts\9720\a.png"`.
        let post = try scanSnippet(#"<p><img title="image" src="\images\posts\9720\image_thumb_12.png" width="534"></p>"#,
                                   front: "title: WLW\nurl: https://dotblogs.com.tw/ontheroad/2009/12/01/wlw")
        #expect(post.images.map(\.url) == ["https://dotblogs.com.tw/images/posts/9720/image_thumb_12.png"])
        #expect(post.images.map(\.src) == [#"\images\posts\9720\image_thumb_12.png"#])
        #expect(ImageURL.withForwardSlashes(#"C:\Users\a\x.png"#) == #"C:\Users\a\x.png"#)
        #expect(ImageURL.withForwardSlashes(#"data:image/svg+xml,a\b"#) == #"data:image/svg+xml,a\b"#)
        // A query keeps its backslashes (LaTeX rendered by codecogs).
        #expect(ImageURL.withForwardSlashes(#"https://latex.codecogs.com/png.latex?%20\frac{12}{6}"#) == #"https://latex.codecogs.com/png.latex?%20\frac{12}{6}"#)
        #expect(ImageURL.withForwardSlashes(#"img\a.png?x=\y"#) == #"img/a.png?x=\y"#)
    }

    @Test func aPictureWhoseAddressIsAScriptsUndefinedIsAPlaceholder() throws {
        // 虎嗅 through RSSHub: the feed generator wrote JavaScript's `undefined` for the picture.
        let post = try scanSnippet("""
            <img alt="从历史角度看人类大规模死亡事件" src="https://www.huxiu.com/article/undefined" referrerpolicy="no-referrer">
            <p><img src="https://img.huxiucdn.com/article/content/a.jpg"></p>
            """, front: "title: 'A post'\nheadimg: 'https://www.huxiu.com/article/undefined'")
        #expect(post.images.map(\.url) == ["https://www.huxiu.com/article/undefined", "https://img.huxiucdn.com/article/content/a.jpg"])
        #expect(post.images.map(\.isPlaceholder) == [true, false])
        #expect(post.coverIsPlaceholder)
    }

    @Test func aWordPressResizedCopysOriginalIsNoVariantItIsWrittenNowhere() throws {
        // 半岛网 and 9to5 through RSSHub: `?w=770&resize=…` and Photon sizes, with no srcset.
        let post = try scanSnippet("""
            <figure class="wp-caption"><img src="https://chinese.aljazeera.net/wp-content/uploads/2022/09/62.jpg?w=770&resize=770%2C433"><figcaption class="wp-caption-text">(半岛电视台)</figcaption></figure>
            <img src="https://b.example/wp-content/uploads/2020/01/a-300x200.jpg" srcset="https://b.example/wp-content/uploads/2020/01/a-1024x683.jpg 1024w">
            """)
        #expect(post.images.map(\.variants) == [[], ["https://b.example/wp-content/uploads/2020/01/a-1024x683.jpg"]])
        #expect(post.images.map(\.caption) == ["(半岛电视台)", nil])
    }

    @Test func aLazyLoadersSpinnerIsNoCopyOfThePictureNorIsABrokenTemplateLink() throws {
        let post = try scanSnippet("""
            <img src="https://h/2024/error.jpg" srcset="/img/loading.gif" lazyload alt="图片引用方法三">
            <a href="{[site.baseurl}}/assets/img/a.png" imageanchor="1"><img src="https://h/assets/img/a.png"></a>
            """, front: "title: t\nurl: https://h/2024/post/")
        #expect(post.images.map(\.url) == ["https://h/2024/error.jpg", "https://h/assets/img/a.png"])
        #expect(post.images.map(\.variants) == [[], []])
    }

    @Test func aThemesUnfilledShareImageIsNoCover() throws {
        let page = try scanSnippet(#"<html><head><title>T</title><meta property="og:image" content="https://blog.ichiyo.in/%3Clink%20or%20path%20of%20image%20for%20opengraph,%20twitter-cards%3E"></head><body><p>text</p></body></html>"#,
                                   front: "", path: "page.html")
        #expect(page.cover == nil && page.images.isEmpty)
    }

    @Test func aSrcsetDescriptorWithNoURLNamesNoPicture() throws {
        // Telegram's blog: `srcset="/file/…/b, 1200w"`, a comma too many.
        let post = try scanSnippet(#"<img src="https://telegram.org/file/1/a" srcset="/file/2/b, 1200w">"#, front: "title: t\nurl: https://telegram.org/blog/post")
        #expect(post.images.first?.variants == ["https://telegram.org/file/2/b"])
    }

    @Test func aCoverCopiedFromATrackingPixelIsAPlaceholder() throws {
        let post = try scanSnippet("""
            <p><img src="https://h/photo.jpg"></p>
            <img src="https://track.mailerlite.com/webforms/o/1/r3?v1" width="1" height="1" style="visibility:hidden">
            """, front: "title: t\nthumbnail: 'https://track.mailerlite.com/webforms/o/1/r3?v1'")
        #expect(post.coverIsPlaceholder)
        #expect(post.images.map(\.url) == ["https://h/photo.jpg", "https://track.mailerlite.com/webforms/o/1/r3?v1"])
        #expect(post.images.map(\.isPlaceholder) == [false, true])
    }

    @Test func copiesWrittenRelativeBesideAnAbsoluteSrcAreOnItsServer() throws {
        let folder = try TestPaths.makeTemporaryFolder("relative-copies")
        defer { try? FileManager.default.removeItem(at: folder) }
        let post = try scanSnippet("""
            <picture><source srcset="/images/ac17-1.webp" type="image/webp"><img src="https://diygod.me/images/ac17-1.jpg"></picture>
            <img src="https://cdn.test/p/a.jpg" srcset="a-2x.jpg 2x">
            """, folder: folder)
        #expect(post.images.map(\.variants) == [["https://diygod.me/images/ac17-1.webp"], ["https://cdn.test/p/a-2x.jpg"]])
        #expect(post.images.map(\.url) == ["https://diygod.me/images/ac17-1.jpg", "https://cdn.test/p/a-2x.jpg"])
    }

    @Test func aFileAPostInNoSiteNamesIsMarkedMissingWhenItIsNotThere() throws {
        let folder = try TestPaths.makeTemporaryFolder("no-site-files")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data([0x89, 0x50]).write(to: folder.appendingPathComponent("here.png"))
        let file = folder.appendingPathComponent("post.md")
        try "---\ntitle: x\n---\n\n![a](nothere.png)\n\n![b](/uploads/2011/x.png)\n\n![c](here.png)\n".write(to: file, atomically: true, encoding: .utf8)
        let post = try #require(try PostScanner().scan(fileAt: file, displayPath: file.path).first)
        #expect(post.images.map(\.missingFile) == [true, true, false])
        #expect(post.images.map(\.rule) == [nil, nil, nil])
    }
}

/// Front-matter covers the theme templates write: placeholders left for the author, and the
/// keys of popular themes.
@Suite struct ThemeCoverKeyTests {
    @Test func aTemplatesPlaceholderIsNoCoverAndThemeKeysAre() throws {
        let placeholder = try scanSnippet("text", front: "title: t\ncover:\n    image: \"<image path/url>\"\n    alt: \"<alt text>\"")
        #expect(placeholder.cover == nil && placeholder.images.isEmpty)
        for key in ["featuredImage", "cover-img", "index_img", "ogimage"] {
            let post = try scanSnippet("text", front: "title: t\n\(key): https://h/cover.jpg")
            #expect(post.cover == "https://h/cover.jpg", "\(key)")
        }
    }
}
