import CGumbo
import Foundation

/// A parsed HTML5 document (gumbo). The scanner reads gumbo's own tree through `HTMLNode`
/// views instead of copying it; the tree lives in a memory pool that is freed in one go with
/// the document.
struct HTMLDocument {
    /// Owns what the nodes point into; every node keeps it alive.
    let storage: HTMLTreeStorage

    /// The `<html>` element (gumbo always builds html/head/body).
    var root: HTMLNode { HTMLNode(storage.root, storage) }

    /// Parses `html` the way a browser would: unclosed tags are closed, misnested ones fixed.
    /// With `elidingText`, plain text runs are parsed as placeholders (see `HTMLTextElision`):
    /// the same tree, read the same way, in about half the time, but without source offsets.
    init(html: String, elidingText: Bool = false) {
        storage = HTMLTreeStorage(html: html, elidingText: elidingText)
    }
}

/// gumbo's output, its memory pool, the parsed bytes (gumbo's string pieces point into them)
/// and the elided text runs.
final class HTMLTreeStorage: @unchecked Sendable {
    // @unchecked: immutable after init; gumbo's tree is only read.
    /// The `<html>` element.
    let root: UnsafeMutablePointer<GumboNode>
    /// The placeholders' text, when text was elided.
    let elision: HTMLTextElision?
    /// True when source offsets refer to the caller's text (nothing was elided).
    var hasSourceOffsets: Bool { elision == nil }
    private let arena: UnsafeMutablePointer<mv_arena>
    private let parsed: UnsafeMutableBufferPointer<UInt8>

    convenience init(html: String, elidingText: Bool) {
        let bytes = Array(html.utf8)
        self.init(bytes: bytes, elision: elidingText ? HTMLTextElision(bytes) : nil)
    }

    /// Parses `bytes`, through `elision` when given; when the elided parse put a placeholder
    /// into an attribute, the original bytes are parsed again without elision (see
    /// `HTMLTextElision.attributesHavePlaceholders`).
    init(bytes: [UInt8], elision candidate: HTMLTextElision?) {
        var parse = Self.parse(candidate?.parsed ?? bytes)
        var elision = candidate
        if candidate != nil, HTMLTextElision.attributesHavePlaceholders(parse.root) {
            Self.release(parse.arena, parse.parsed)
            parse = Self.parse(bytes)
            elision = nil
        }
        self.elision = elision
        (root, arena, parsed) = parse
    }

    /// gumbo's tree of `input`, its memory pool, and the copy of `input` its pieces point into.
    private static func parse(_ input: [UInt8]) -> (root: UnsafeMutablePointer<GumboNode>, arena: UnsafeMutablePointer<mv_arena>, parsed: UnsafeMutableBufferPointer<UInt8>) {
        // gumbo's string pieces (raw attribute values) point into the parsed text: keep a copy.
        let parsed = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(input.count, 1))
        _ = parsed.initialize(from: input)
        let pool = UnsafeMutablePointer<mv_arena>.allocate(capacity: 1)
        pool.initialize(to: mv_arena())
        let output = parsed.baseAddress!.withMemoryRebound(to: CChar.self, capacity: parsed.count) {
            mv_gumbo_parse($0, input.count, pool)
        }
        // gumbo always builds an <html> element; the pool aborts if memory runs out.
        return (output!.pointee.root!, pool, parsed)
    }

    private static func release(_ arena: UnsafeMutablePointer<mv_arena>, _ parsed: UnsafeMutableBufferPointer<UInt8>) {
        mv_arena_release(arena)
        arena.deallocate()
        parsed.deallocate()
    }

    deinit { Self.release(arena, parsed) }

    /// The text of a gumbo text node, with elided runs put back.
    func text(_ cString: UnsafePointer<CChar>) -> String {
        if let elision, HTMLTextElision.mayHavePlaceholders(cString) { return elision.expand(cString) }
        return String(cString: cString)
    }

    /// gumbo's lower-case names of its known tags, made into Swift strings once, not per element.
    static let knownTagNames: [String] = (0..<Int(GUMBO_TAG_UNKNOWN.rawValue)).map {
        String(cString: gumbo_normalized_tagname(GumboTag(rawValue: UInt32($0))))
    }
}
