@testable import ArchiveStore
import Foundation
import Testing
@testable import MediaVault

/// The gallery shows a caption only where the scanner found one: an alt (often a file name or
/// "image") stays the thumbnail's alt text and search text, never a caption.
@Suite struct GalleryCaptionTests {
    private func card(caption: String?, alt: String?) -> String {
        let entry = GalleryEntry(sha256: String(repeating: "ef", count: 32), ext: "png", mediaType: "png", width: 10, height: 10,
                                 thumbnail: "thumbs/ef/x.png", url: nil, caption: caption, alt: alt,
                                 title: "Post", date: nil, postUrl: nil, postSource: nil, postPath: "p.md")
        return GalleryPage(number: 1, count: 1, total: 1,
                           cards: [.init(entry: entry, full: "objects/ef/x.png", thumbnail: "thumbs/ef/x.png", post: nil)]).html()
    }

    @Test func anAltAloneIsNoCaption() {
        let html = card(caption: nil, alt: "IMG_2041.png")
        #expect(!html.contains("class=\"caption\""))
        #expect(html.contains("alt=\"IMG_2041.png\""))
    }

    @Test func aFoundCaptionIsShown() {
        let html = card(caption: "The harbour at dawn", alt: "IMG_2041.png")
        #expect(html.contains("<span class=\"caption\">The harbour at dawn</span>"))
        #expect(html.contains("alt=\"The harbour at dawn\""))
    }
}
