import Foundation
import PostScanner

/// The edits that put back the references `localize` kept (see `LocalizeMarkers`): each
/// localized value gets the original bytes again and its keeper is removed, so an undone post
/// is byte for byte the post before `localize`.
enum LocalizeUndo {
    /// The edits that restore one post; empty when it holds no keeper.
    static func edits(map: PostSourceMap, source: SourceBytes) -> [PostSplicer.Edit] {
        var edits: [PostSplicer.Edit] = []
        for element in map.elements {
            for attribute in element.attributes {
                for name in LocalizeMarkers.htmlKeeperNames(for: attribute.name) where source.has(" \(name)=", at: attribute.end) {
                    let quoteAt = attribute.end + name.utf8.count + 2
                    guard quoteAt < source.bytes.count else { continue }
                    let quote = source.bytes[quoteAt]
                    guard let close = source.bytes[(quoteAt + 1)...].firstIndex(of: quote) else { continue }
                    edits.append(.init(range: attribute.valueRange, text: source.text((quoteAt + 1)..<close)))
                    let added = attribute.name == "src" ? LocalizeMarkers.dimensionsLength(in: source, at: close + 1) : 0
                    edits.append(.init(range: attribute.end..<(close + 1 + added), text: ""))
                }
            }
        }
        let markdown = (map.markdownImages + map.markdownLinks).map { ($0.destinationRange, $0.end) }
            + LocalizeShortcodes.sources(in: source.bytes).map { ($0.valueRange, $0.end) }
        for (valueRange, end) in markdown {
            for (prefix, encoded) in [(LocalizeMarkers.markdownPlain, false), (LocalizeMarkers.markdownEncoded, true)] where source.has(prefix, at: end) {
                let start = end + prefix.utf8.count
                guard let stop = source.find(LocalizeMarkers.markdownEnd, from: start) else { continue }
                let raw = source.text(start..<stop)
                edits.append(.init(range: valueRange, text: encoded ? LocalizeMarkers.decode(raw) : raw))
                edits.append(.init(range: end..<(stop + LocalizeMarkers.markdownEnd.utf8.count), text: ""))
            }
        }
        for cover in map.covers {
            for (suffix, encoded) in [("_original", false), ("_original_encoded", true)] {
                let lead = cover.indent + cover.key + suffix + (cover.isTOML ? " = '" : ": '")
                guard source.has(lead, at: cover.lineEnd) else { continue }
                let start = cover.lineEnd + lead.utf8.count
                guard let newline = source.bytes[start...].firstIndex(of: UInt8(ascii: "\n")),
                      newline > start, source.bytes[newline - 1] == UInt8(ascii: "'") else { continue }
                let raw = source.text(start..<(newline - 1))
                edits.append(.init(range: cover.valueRange, text: encoded ? LocalizeMarkers.decode(raw) : raw))
                edits.append(.init(range: cover.lineEnd..<(newline + 1), text: ""))
            }
        }
        return edits
    }
}
