/// The pictures a feed item attaches (Media RSS `media:content`, `media:thumbnail`): which of
/// them are one picture in several sizes.
enum FeedItemMedia {
    /// Gives each item-level `media:thumbnail` to the attached picture of the same file in another
    /// size folder (an Escenic site's `ALTERNATES/s98/NAME.jpg` beside its `ALTERNATES/s615/NAME.jpg`,
    /// on another of its image hosts), as a variant: one picture, not a thumbnail of its own.
    static func attach(_ thumbnails: [String], to media: inout [AttachedImage]) {
        for thumbnail in thumbnails {
            guard let picture = media.firstIndex(where: { $0.url != thumbnail && isSizeFolderCopy(thumbnail, of: $0.url) }),
                  !media[picture].variants.contains(thumbnail) else { continue }
            media[picture].variants.append(thumbnail)
        }
    }

    /// True when the two URLs' paths differ only in one folder that names a size on both sides
    /// (`s98`/`s615`, `w640`, `300x200`, `thumb`/`large`), or by one size folder more (`thumb/article/…`
    /// beside `article/…`, `2020/thumbs/photo.jpg` beside `2020/photo.jpg`): a generic name alone
    /// (`…/111/original.jpg` beside `…/333/original.jpg`) is two pictures.
    static func isSizeFolderCopy(_ one: String, of other: String) -> Bool {
        guard let first = ImageURL.webPath(of: one).map({ OriginalImageURL.split(String($0)).path.split(separator: "/") }),
              let second = ImageURL.webPath(of: other).map({ OriginalImageURL.split(String($0)).path.split(separator: "/") }),
              first.last == second.last else { return false }
        if first.count == second.count {
            let differing = zip(first, second).filter { $0 != $1 }
            return differing.count == 1 && namesSize(differing[0].0) && namesSize(differing[0].1)
        }
        let (longer, shorter) = first.count > second.count ? (first, second) : (second, first)
        guard longer.count == shorter.count + 1 else { return false }
        let extra = shorter.indices.first { longer[$0] != shorter[$0] } ?? shorter.count
        return namesSize(longer[extra]) && Array(longer[..<extra] + longer[(extra + 1)...]) == shorter
    }

    /// `s98`, `w640`, `h300`, `300x200`, or a size word (`thumb`, `large`).
    private static func namesSize(_ segment: Substring) -> Bool {
        let lower = segment.lowercased()
        if ["thumb", "thumbs", "thumbnail", "thumbnails", "small", "medium", "large", "big", "full", "original", "orig"].contains(lower) { return true }
        if let letter = lower.first, "swh".contains(letter), lower.count > 1, lower.dropFirst().allSatisfy(\.isASCIIDigit) { return true }
        let sides = lower.split(separator: "x")
        return sides.count == 2 && sides.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
    }

    /// The Media RSS images of an item, one per picture: the entries of a `media:group` (one
    /// piece of content in several sizes, by the spec) and entries naming the same file in other
    /// sizes (`3000.jpg?w=140`, `3000.jpg?w=460`) are one image, the widest given (else the first)
    /// with the others as its variants.
    static func merged(_ media: [AttachedImage], sizes: [(width: Int, group: Int?)]) -> [AttachedImage] {
        guard media.count > 1, media.count == sizes.count else { return media }
        var order: [String] = []
        var members: [String: [Int]] = [:]
        for (index, image) in media.enumerated() {
            let key = sizes[index].group.map { "group \($0)" }
                ?? "file " + (OriginalImageURL.original(of: image.url) ?? String(OriginalImageURL.split(image.url).path))
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(index)
        }
        return order.map { key in
            let indices = members[key] ?? []
            let widest = indices.max { sizes[$0].width < sizes[$1].width || (sizes[$0].width == sizes[$1].width && $0 > $1) } ?? indices[0]
            var picture = media[widest]
            for index in indices where index != widest {
                if !picture.variants.contains(media[index].url), media[index].url != picture.url { picture.variants.append(media[index].url) }
                picture.variants += media[index].variants.filter { !picture.variants.contains($0) }
                if picture.caption == nil { picture.caption = media[index].caption }
            }
            return picture
        }
    }
}
