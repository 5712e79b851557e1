import Foundation
import Testing
@testable import PostScanner

/// Image tags of Hexo themes (Butterfly, Volantis) beside Hexo's own: an argument naming an
/// image file is shown as one; Liquid's own tags and links are not images.
@Suite struct ThemeTagTests {
    private func images(_ body: String) throws -> [ImageRef] {
        let text = "---\ntitle: Tags\n---\n" + body
        return try PostScanner().scan(data: Data(text.utf8), displayPath: "p.md", baseFolder: nil).first?.images ?? []
    }

    @Test func butterflyAndVolantisTags() throws {
        let found = try images("""
        {% gallery %}
        ![Gallery one](https://i.example/g1.jpg)
        {% endgallery %}

        Text with {% inlineImg https://i.example/inline.png 150px %} inside.

        {% galleryGroup 'Wallpapers' 'Some wallpapers' '/Gallery/wallpaper' https://i.example/group.jpg %}

        {% image https://i.example/volantis.jpg, width=400px, alt=A lighthouse at dawn %}

        {% image https://i.example/trie.png::alt=一棵简单的 Trie::width=50% %}

        {% img left https://i.example/hexo.jpg 200 100 "Hexo's own" %}
        """)
        #expect(found.map(\.url) == ["https://i.example/g1.jpg", "https://i.example/inline.png", "https://i.example/group.jpg",
                                     "https://i.example/volantis.jpg", "https://i.example/trie.png", "https://i.example/hexo.jpg"])
        #expect(found.first { $0.url == "https://i.example/volantis.jpg" }?.caption == "A lighthouse at dawn")
        // Volantis splits on `::` when the tag has it (scripts/tags/image.js).
        #expect(found.first { $0.url == "https://i.example/trie.png" }?.caption == "一棵简单的 Trie")
        #expect(found.first { $0.url == "https://i.example/hexo.jpg" }?.caption == "Hexo's own")
    }

    @Test func fancyboxShowsItsThumbnailLinkingTheOriginalAndCaptionsItByTheTitle() throws {
        // landscape's scripts/fancybox.js: `<a href=original><img src=thumbnail||original alt=title></a>`
        // then `<span class="caption">title</span>`; Amber writes a gallery slug first.
        let found = try images("""
        {% fancybox https://i.example/yagi.jpg "433 MHz Yagi Antenna" %}

        {% fancybox https://i.example/full.jpg https://i.example/thumb.jpg Thumb title words %}

        {% fancybox gal-try-1 https://i.example/source.jpeg %}
        """)
        #expect(found.map(\.url) == ["https://i.example/yagi.jpg", "https://i.example/thumb.jpg", "https://i.example/source.jpeg"])
        #expect(found.map(\.caption) == ["433 MHz Yagi Antenna", "Thumb title words", nil])
    }

    @Test func tranquilpeaksImageTagSkipsItsClassesAndShowsItsThumbnail() throws {
        // scripts/tags/image.js: `{% image [classes] original [thumbnail] [width] [height] [title] %}`;
        // an address's query (`?v=3&s=400`) is part of it, not a `key=value` argument.
        let found = try images("""
        {% image fancybox right https://cdn.example/u/6375567?v=3&s=400 150px 150px %}

        {% image fancybox center https://i.example/01.jpg https://i.example/01-thumb.jpg 200px "Thumb and title" %}
        """)
        #expect(found.map(\.url) == ["https://cdn.example/u/6375567?v=3&s=400", "https://i.example/01-thumb.jpg"])
        #expect(found.map(\.caption) == [nil, "Thumb and title"])
        #expect(found.last?.linked == "https://i.example/01.jpg")
    }

    @Test func butterflysGalleryGroupIsCaptionedByItsNameAndDescription() throws {
        let found = try images("{% galleryGroup '壁紙' '收藏的一些壁紙' '/Gallery/wallpaper' https://i.example/t3.jpg %}")
        #expect(found.map(\.url) == ["https://i.example/t3.jpg"])
        #expect(found.first?.caption == "壁紙 收藏的一些壁紙")
    }

    @Test func stellarsKeyValueOptionsAreNotPartOfTheDescription() throws {
        // Stellar: `key:value` options anywhere after the source; `&nbsp;` stands for a space.
        let found = try images("""
        {% image https://i.example/a.jpg 港口的清晨 width:400px download:true %}

        {% image https://i.example/b.jpg padding:16px bg:#fff 来自印度的&nbsp;Rohit&nbsp;Vohra download:https://i.example/b.zip %}

        {% image https://i.example/c.jpg Note:the key is no option %}
        """)
        #expect(found.map(\.caption) == ["港口的清晨", "来自印度的 Rohit Vohra", "Note:the key is no option"])
    }

    @Test func liquidsOwnTagsAndLinksAreNotImages() throws {
        let found = try images("""
        {% assign cover = "https://i.example/assigned.jpg" %}
        {% if page.x == "https://i.example/if.png" %}shown{% endif %}
        {% link assets/file.png %}
        {% btn https://i.example/page.html, Read more %}
        {% post_link other-post %}
        """)
        #expect(found.isEmpty, "\(found.map(\.url))")
    }
}
