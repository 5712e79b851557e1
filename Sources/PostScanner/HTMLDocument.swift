import CGumbo
import Foundation

/// One node of a parsed HTML5 tree: an element (lower-case tag, attributes, children) or text.
final class HTMLNode {
    /// Element tag name in lower case; empty for text nodes.
    let tag: String
    /// The text of a text node (entities already decoded by the parser); empty for elements.
    let text: String
    /// Attributes in source order.
    let attributes: [HTMLAttribute]
    /// Child nodes in document order.
    fileprivate(set) var children: [HTMLNode] = []
    /// The enclosing element; nil for the root. Unowned: the document keeps the whole tree alive.
    fileprivate(set) unowned(unsafe) var parent: HTMLNode?
    /// Position of this node among its parent's children.
    fileprivate(set) var indexInParent = 0
    /// Position in a depth-first walk of the whole document (parents before children).
    fileprivate(set) var order = 0
    /// Byte offset of the element's `<` in the parsed text; -1 for text and for elements the parser implied.
    fileprivate(set) var sourceOffset = -1

    /// Creates a node; the document builder links it into the tree.
    init(tag: String, text: String, attributes: [HTMLAttribute]) {
        self.tag = tag
        self.text = text
        self.attributes = attributes
    }

    /// True for element nodes.
    var isElement: Bool { !tag.isEmpty }

    /// The decoded value of the attribute `name` (lower case), or nil when absent.
    func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// The `src`-like attribute `name` exactly as written in the source (quotes removed, entities kept).
    func rawAttribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.raw
    }

    /// The sibling after this node, or nil.
    var nextSibling: HTMLNode? {
        guard let parent, indexInParent + 1 < parent.children.count else { return nil }
        return parent.children[indexInParent + 1]
    }

    /// The sibling before this node, or nil.
    var previousSibling: HTMLNode? {
        guard let parent, indexInParent > 0 else { return nil }
        return parent.children[indexInParent - 1]
    }

    /// True when `self` is `other` or inside it.
    func isInside(_ other: HTMLNode) -> Bool {
        var node: HTMLNode? = self
        while let current = node {
            if current === other { return true }
            node = current.parent
        }
        return false
    }

    /// Calls `visit` for this node and every descendant in document order; iterative so that
    /// deeply nested (or hostile) markup cannot overflow the stack.
    func walk(_ visit: (HTMLNode) -> Void) {
        var stack: [HTMLNode] = [self]
        while let node = stack.popLast() {
            visit(node)
            stack.append(contentsOf: node.children.reversed())
        }
    }
}

/// One attribute: decoded value for use, raw text for reporting URLs "as written".
struct HTMLAttribute {
    /// Lower-case attribute name.
    let name: String
    /// Value with character references decoded.
    let value: String
    /// Value as written in the source, without its quotes (kept for `src` only; empty otherwise).
    let raw: String
    /// Byte offset in the parsed text where the value as written starts (its opening quote, if
    /// any); -1 when the attribute has no value in the source. Lets a rewriter splice one value.
    var sourceStart = -1
    /// Byte length of the value as written, quotes included.
    var sourceLength = 0
}

/// Owns a node tree and takes it apart iteratively: the default release of a deeply nested
/// tree would recurse once per level and overflow a thread's stack.
final class HTMLTree {
    /// The `<html>` element.
    let root: HTMLNode

    /// Takes ownership of a built tree.
    init(root: HTMLNode) { self.root = root }

    deinit {
        var stack: [HTMLNode] = [root]
        while let node = stack.popLast() {
            stack.append(contentsOf: node.children)
            node.children = []
        }
    }
}

/// A parsed HTML5 document (gumbo), copied into Swift nodes; gumbo's memory is freed at once.
struct HTMLDocument {
    /// Keeps the nodes alive (they point to their parents without owning them).
    private let tree: HTMLTree
    /// The `<html>` element (gumbo always builds html/head/body).
    var root: HTMLNode { tree.root }

    /// Parses `html` the way a browser would: unclosed tags are closed, misnested ones fixed.
    init(html: String) {
        // gumbo frees its tree recursively (one C frame per nesting level): a document with very
        // many tags is parsed on a thread whose stack is sized for its worst-case depth.
        var html = html
        let tagCount = html.utf8.count < Self.deepDocumentTags ? 0 : html.withUTF8 { bytes in
            bytes.reduce(into: 0) { count, byte in if byte == UInt8(ascii: "<") { count += 1 } }
        }
        let root = tagCount < Self.deepDocumentTags ? Self.parse(html) : Self.parseOnLargeStack(html, depth: tagCount)
        tree = HTMLTree(root: root)
    }

    /// Tag count above which parsing moves to a thread with a large stack.
    static let deepDocumentTags = 5_000

    private static func parse(_ html: String) -> HTMLNode {
        var html = html
        return html.withUTF8 { buffer in
            var options = kGumboDefaultOptions
            options.max_errors = 0  // we never read parse errors; recording them costs time
            guard let base = buffer.baseAddress,
                  let output = base.withMemoryRebound(to: CChar.self, capacity: buffer.count, {
                      gumbo_parse_with_options(&options, $0, buffer.count)
                  }) else {
                return HTMLNode(tag: "html", text: "", attributes: [])
            }
            defer { gumbo_destroy_output(&options, output) }
            return HTMLDocument.copy(output.pointee.root)
        }
    }

    /// Runs `parse` on a dedicated thread with room for `depth` nested C frames and waits for it.
    private static func parseOnLargeStack(_ html: String, depth: Int) -> HTMLNode {
        final class Box: @unchecked Sendable {  // handed to one thread, read after it signals
            var html = ""
            var root: HTMLNode? = nil
        }
        let box = Box()
        box.html = html
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.root = HTMLDocument.parse(box.html)
            done.signal()
        }
        thread.stackSize = min(max(depth * 256, 16 << 20), 1 << 30)
        thread.start()
        done.wait()
        return box.root ?? HTMLNode(tag: "html", text: "", attributes: [])
    }

    /// Copies gumbo's tree iteratively (explicit stack, no recursion) in document order, so each
    /// node is numbered as it is reached instead of in a second walk.
    private static func copy(_ gumboRoot: UnsafeMutablePointer<GumboNode>) -> HTMLNode {
        let root = makeNode(gumboRoot) ?? HTMLNode(tag: "html", text: "", attributes: [])
        var order = 0
        var stack: [(UnsafeMutablePointer<GumboNode>, HTMLNode)] = [(gumboRoot, root)]
        while let (gumboNode, node) = stack.popLast() {
            node.order = order
            order += 1
            guard gumboNode.pointee.type == GUMBO_NODE_ELEMENT || gumboNode.pointee.type == GUMBO_NODE_TEMPLATE else { continue }
            let children = gumboNode.pointee.v.element.children
            var built: [HTMLNode] = []
            built.reserveCapacity(Int(children.length))
            let firstPushed = stack.count
            for i in 0..<Int(children.length) {
                let child = children.data[i]!.assumingMemoryBound(to: GumboNode.self)
                guard let childNode = makeNode(child) else { continue }
                childNode.parent = node
                childNode.indexInParent = built.count
                built.append(childNode)
                stack.append((child, childNode))
            }
            node.children = built
            stack[firstPushed...].reverse()  // the first child is popped (numbered) first
        }
        return root
    }

    private static func makeNode(_ node: UnsafeMutablePointer<GumboNode>) -> HTMLNode? {
        switch node.pointee.type {
        case GUMBO_NODE_TEXT, GUMBO_NODE_WHITESPACE, GUMBO_NODE_CDATA:
            return HTMLNode(tag: "", text: String(cString: node.pointee.v.text.text), attributes: [])
        case GUMBO_NODE_ELEMENT, GUMBO_NODE_TEMPLATE:
            let element = node.pointee.v.element
            var tag: String
            if element.tag == GUMBO_TAG_UNKNOWN {
                var piece = element.original_tag
                gumbo_tag_from_original_text(&piece)
                tag = piece.length > 0 ? string(piece).lowercased() : "unknown"
            } else {
                tag = tagName(element.tag)
            }
            if tag.isEmpty { tag = "unknown" }
            var attributes: [HTMLAttribute] = []
            attributes.reserveCapacity(Int(element.attributes.length))
            for i in 0..<Int(element.attributes.length) {
                let attr = element.attributes.data[i]!.assumingMemoryBound(to: GumboAttribute.self).pointee
                let name = String(cString: attr.name)
                // Only URLs are ever reported "as written": copy the raw text for src alone.
                var raw = ""
                if name == "src" {
                    raw = string(attr.original_value)
                    if let first = raw.first, first == "\"" || first == "'", raw.count >= 2, raw.last == first {
                        raw = String(raw.dropFirst().dropLast())
                    }
                }
                var attribute = HTMLAttribute(name: name, value: String(cString: attr.value), raw: raw)
                if attr.original_value.length > 0 {
                    attribute.sourceStart = Int(attr.value_start.offset)
                    attribute.sourceLength = attr.original_value.length
                }
                attributes.append(attribute)
            }
            let built = HTMLNode(tag: tag, text: "", attributes: attributes)
            // Implied elements (no original tag) have no place in the source.
            if element.original_tag.length > 0 { built.sourceOffset = Int(element.start_pos.offset) }
            return built
        default:
            return nil  // comments and the document node carry nothing we show
        }
    }

    /// gumbo's lower-case names of its known tags, made into Swift strings once, not per element.
    private static let knownTagNames: [String] = (0..<Int(GUMBO_TAG_UNKNOWN.rawValue)).map {
        String(cString: gumbo_normalized_tagname(GumboTag(rawValue: UInt32($0))))
    }

    private static func tagName(_ tag: GumboTag) -> String {
        let index = Int(tag.rawValue)
        return index < knownTagNames.count ? knownTagNames[index] : String(cString: gumbo_normalized_tagname(tag))
    }

    private static func string(_ piece: GumboStringPiece) -> String {
        guard let data = piece.data, piece.length > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: piece.length), as: UTF8.self)
    }
}
