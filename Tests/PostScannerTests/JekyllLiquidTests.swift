import Foundation
import Testing
@testable import PostScanner

/// Jekyll Liquid that makes images: captures, includes fed by front matter, galleries.
@Suite struct JekyllLiquidTests {
    @Test func captureRenderedWithMarkdownifyKeepsTheLiquidAsWritten() throws {
        let post = try scanSnippet("""
        {% capture fig %}
        ![Foo]({{ "/assets/a.png" | absolute_url }})
        {% endcapture %}

        <figure>
          {{ fig | markdownify | remove: "<p>" }}
          <figcaption>From the capture.</figcaption>
        </figure>
        """)
        #expect(post.images.map(\.src) == [#"{{ "/assets/a.png" | absolute_url }}"#])
        #expect(post.images.first?.caption == "From the capture.")
    }

    @Test func includeFigureAndGalleryReadFrontMatter() throws {
        let front = """
        title: Same words
        image: https://img.example/a.jpg
        gallery:
          - url: /big/1.jpg
            image_path: /small/1.jpg
            alt: "one"
          - url: https://flickr.example/page
            image_path: /small/2.jpg
            alt: "two"
        """
        let body = """
        {% include figure image_path=page.image alt=page.title caption=page.title %}

        {% if page.missing %}{% include figure image_path=page.missing caption="never" %}{% endif %}

        {% include gallery caption="The **gallery** caption." %}
        """
        let post = try scanSnippet(body, front: front)
        #expect(post.images.filter { $0.occurrences > 0 }.map(\.src) == ["https://img.example/a.jpg", "/small/1.jpg", "/small/2.jpg"])
        #expect(post.images.map(\.caption) == ["Same words", nil, "The gallery caption."])  // a figure caption may repeat the title
        #expect(post.images[1].variants.count == 1)  // the full-size url of an image file
        #expect(post.images[2].variants.isEmpty)  // a url that is a web page is no variant
    }

    @Test func aKramdownAttributeListAfterAnImageKeepsTheCaptionLineUnderIt() throws {
        // Chirpy's image syntax: the attribute list renders nothing, the italic line is the caption.
        let body = """
        ![Coin Flip](/assets/img/coinflip.png){: width="700" height="400" }
        _Coin Flip Probability Tree_

        ![Dice](/assets/img/dice.png){:.shadow}
        _Dice tree_

        A map {:of words} and {: .note } here.
        """
        let post = try scanSnippet(body, front: "title: Coins")
        #expect(post.images.map(\.caption) == ["Coin Flip Probability Tree", "Dice tree"])
    }

    @Test func aGalleryOfCapturedPathsAndIncludeArgumentsNamingCaptures() throws {
        // HPSTR and So Simple list a gallery's paths in a capture; an unquoted include argument
        // is a variable, such as a caption captured with its link.
        let body = """
        {% capture images %}
            /images/2004-08-MT-ERD.png
            /images/2004-08-MT-ERD-2.png
        {% endcapture %}
        {% include gallery images=images caption="Moveable Type Entity Relationship Diagram" cols=1 %}

        {% capture detailed_caption %}Gratuitous image from <a href="https://ecmwf.int">the ECMWF presentation</a>.{% endcapture %}
        {% include image.html url="/assets/images/twin.jpg" caption=detailed_caption %}
        """
        let post = try scanSnippet(body, front: "title: Diagrams")
        #expect(post.images.map(\.src) == ["/images/2004-08-MT-ERD.png", "/images/2004-08-MT-ERD-2.png", "/assets/images/twin.jpg"])
        #expect(post.images.map(\.caption) == [nil, "Moveable Type Entity Relationship Diagram", "Gratuitous image from the ECMWF presentation."])
    }
}
