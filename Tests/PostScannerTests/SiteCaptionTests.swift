import Foundation
import Testing
@testable import PostScanner

/// Caption evidence in author-written posts: placeholders never count, titles and meaningful alts do.
@Suite struct SiteCaptionTests {
    @Test func editorPlaceholderAltsAreNeverCaptions() throws {
        let alts = ["Alt text", "png", "image", "image-20200324205004033", "Screenshot 2021-05-01 at 10.22.13", "截屏2021-05-01 10.22.13", "IMG_2041", "photo.JPG"]
        let body = alts.enumerated().map { "![\($0.element)](i\($0.offset).png)\n" }.joined(separator: "\n")
        let post = try scanSnippet(body)
        #expect(post.images.count == alts.count)
        #expect(post.images.allSatisfy { $0.caption == nil }, "\(post.images.map(\.caption))")
    }

    @Test func markdownTitleThenMeaningfulAltAreCaptions() throws {
        let post = try scanSnippet("![Alt words](a.png \"The title\")\n\n![A harbour at dawn](b.png)\n\n![Image 3 of the series](c.png)\n")
        #expect(post.images.map(\.caption) == ["The title", "A harbour at dawn", "Image 3 of the series"])
    }

    @Test func aSpaceInAnUnbracketedDestinationIsStillTheFile() throws {
        let post = try scanSnippet("![](shots/hot corners.webp)\n\n![t](a b.png \"title\")\n\n    ![](code block.png)\n")
        #expect(post.images.map(\.src) == ["shots/hot corners.webp"])
    }

    @Test func displaySettingsAfterADestinationAreNotPartOfIt() throws {
        // Hashnode writes `align="…"` inside the parentheses; markdown-it-imsize and StackEdit `=WxH`.
        let post = try scanSnippet("""
            ![A diagram](https://cdn.hashnode.com/res/hashnode/image/upload/v1/a.png align="center")

            ![](b.png =300x200)

            ![](c.png =300x)

            ![](d e.png)

            ![](f.png align=center)
            """)
        #expect(post.images.map(\.src) == ["https://cdn.hashnode.com/res/hashnode/image/upload/v1/a.png", "b.png", "c.png", "d e.png",
                                           "f.png align=center"])
        #expect(post.images.first?.caption == "A diagram")
    }

    @Test func aPymdownxCaptionBlockCaptionsTheBlockBeforeIt() throws {
        // MkDocs Material's image captions: `/// caption` or `/// figure-caption` after the image,
        // its YAML options indented; a caption block after a table belongs to the table.
        let post = try scanSnippet("""
            Body text long enough to be body text and not a caption.

            ![Alt words](a.png)
            /// caption
            The first *picture*
            ///

            ![](b.png)

            /// figure-caption
                attrs: {class: "wide"}
            The second picture
            ///

            ![](c.png)

            | a | b |
            |---|---|
            | 1 | 2 |

            /// caption
            A table
            ///

            /// caption
            Never closed
            """)
        #expect(post.images.map(\.src) == ["a.png", "b.png", "c.png"])
        #expect(post.images.map(\.caption) == ["The first picture", "The second picture", nil])
    }

    @Test func theIndentedBodiesOfAdmonitionsAndTabsAreMarkdown() throws {
        // MkDocs Material (pymdownx): `!!! note`, `??? note`, `???+ note` and `=== "Tab"` hold
        // Markdown indented four spaces, which is no code block there; a real code block stays code.
        let post = try scanSnippet("""
            - a list item

            ???+ note "ELF header"

                Read with `readelf -h`.

                ![img](assets/elf-header.png){ width="600" }

            !!! tip
                ![](tip.png)

            === "Tab 1"

                ![](tab1.png)

            Text.

                ![](in-code.png)
            """)
        #expect(post.images.map(\.src) == ["assets/elf-header.png", "tip.png", "tab1.png"])
    }

    @Test func rawHTMLAltIsACaptionOnlyInASitesOwnPosts() throws {
        let body = "Text.\n\n<img src=\"/logo.png\" alt=\"Logo of the sponsor\">\n"
        let tree = try SiteTree("alt", ["_config.yml": "title: t\n", "_posts/2020-01-01-a.md": body, "logo.png": ""])
        defer { tree.remove() }
        #expect(try tree.scan("_posts/2020-01-01-a.md").images.first?.caption == "Logo of the sponsor")
        #expect(try scanSnippet(body).images.first?.caption == nil)
    }

    @Test func aVideoOrSoundWrittenAsAnImageIsNoPicture() throws {
        // pandoc (Quarto) and Obsidian show a player for these.
        let post = try scanSnippet("""
            ![The wand in action](2024-01-03/video1.webm)

            ![A wand](wand.png)

            ![[clip.MP4]]

            <img src="https://h/loop.mp4?autoplay=1">
            """)
        #expect(post.images.map(\.src) == ["wand.png"])
    }

    @Test func nothingShownAsCodeIsAnImage() throws {
        let body = """
        ```html
        <img src="fenced.png">
        ![](fenced-md.png)
        ```

        ~~~~
        {{< figure src="tilde.png" >}}
        ~~~~

        Inline `<img src="inline.png">` and ``{% asset_img double.png %}``.

        {% highlight html %}<img src="highlight.png">{% endhighlight %}

        {% raw %}{{< figure src="raw.png" >}}{% endraw %}

        {{< highlight go >}}<img src="hugo-highlight.png">{{< /highlight >}}

        <!-- <img src="comment.png"> {% asset_img comment2.png %} -->

        ![real](real.png)
        """
        let post = try scanSnippet(body)
        #expect(post.images.map(\.src) == ["real.png"])
    }

    @Test func shortcodeArgumentsInEveryQuotingStyle() {
        let args = SiteMarkup.arguments(#"src="a b.png" alt='Single' title=`Raw` class=wide positional "quoted words""#)
        #expect(args.named == ["src": "a b.png", "alt": "Single", "title": "Raw", "class": "wide"])
        #expect(args.positional == ["positional", "quoted words"])
        let asset = SiteMarkup.hexoAsset(["left", "pic.png", "300", "200", "\"Title text\"", "\"Alt text\""].map { $0.replacingOccurrences(of: "\"", with: "") })
        #expect(asset?.name == "pic.png")
        #expect(asset?.title == "Title text")
        #expect(asset?.alt == "Alt text")
    }
}

/// Tags that a generator would refuse hide nothing.
@Suite struct SiteMarkupLeniencyTests {
    @Test func anUnclosedExampleTagHidesNothing() throws {
        let post = try scanSnippet("Write {% raw %} before Liquid.\n\n![after](after.png)\n\n{{< highlight go >}} in prose.\n\n![later](later.png)\n")
        #expect(post.images.map(\.src) == ["after.png", "later.png"])
    }

    @Test func aShortcodeIsAnImageOnlyByItsNameOrAnImageSource() throws {
        let post = try scanSnippet("{{< timeline src=\"events.json\" >}}\n\n{{< gallery-image src=\"g\" >}}\n\n{{< card src=\"c.webp?w=300\" >}}\n")
        #expect(post.images.map(\.src) == ["g", "c.webp?w=300"])
    }
}
