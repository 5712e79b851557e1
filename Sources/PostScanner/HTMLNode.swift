import CGumbo
import Foundation

/// A view of one node of gumbo's tree: an element (lower-case tag, attributes, children) or
/// text. Comments are skipped everywhere, as if they were not there. Two views are equal when
/// they show the same node.
struct HTMLNode: Hashable {
    /// gumbo's node.
    let pointer: UnsafeMutablePointer<GumboNode>
    /// Keeps the tree alive for as long as the view exists.
    private let storage: HTMLTreeStorage

    init(_ pointer: UnsafeMutablePointer<GumboNode>, _ storage: HTMLTreeStorage) {
        self.pointer = pointer
        self.storage = storage
    }

    static func == (lhs: HTMLNode, rhs: HTMLNode) -> Bool { lhs.pointer == rhs.pointer }
    func hash(into hasher: inout Hasher) { hasher.combine(pointer) }

    /// True for element nodes.
    var isElement: Bool {
        let type = pointer.pointee.type
        return type == GUMBO_NODE_ELEMENT || type == GUMBO_NODE_TEMPLATE
    }

    /// Element tag name in lower case; empty for text nodes.
    var tag: String {
        guard isElement else { return "" }
        let element = pointer.pointee.v.element
        let index = Int(element.tag.rawValue)
        if index < HTMLTreeStorage.knownTagNames.count { return HTMLTreeStorage.knownTagNames[index] }
        var piece = element.original_tag
        gumbo_tag_from_original_text(&piece)
        let name = piece.length > 0 ? Self.string(piece).lowercased() : ""
        return name.isEmpty ? "unknown" : name
    }

    /// True when this is the element `<name>` of a tag gumbo knows (cheaper than comparing `tag`).
    func isElement(_ tag: GumboTag) -> Bool {
        isElement && pointer.pointee.v.element.tag == tag
    }

    /// The text of a text node (entities decoded by the parser); empty for elements.
    var text: String {
        guard !isElement, let text = pointer.pointee.v.text.text else { return "" }
        return storage.text(text)
    }

    /// True for a text node with something other than whitespace (U+3000 and friends included),
    /// decided on gumbo's bytes without making a Swift string.
    var hasVisibleText: Bool {
        guard !isElement, let text = pointer.pointee.v.text.text else { return false }
        var bytes = UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self)
        while bytes.pointee != 0 {
            let byte = bytes.pointee
            if byte < 0x80 {
                if !(byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)) { return true }
                bytes += 1
                continue
            }
            // A multi-byte character: decode it and ask the same question as TextNormalizer.
            var length = 2
            var scalar = UInt32(byte & 0x1F)
            if byte >= 0xF0 { length = 4; scalar = UInt32(byte & 0x07) } else if byte >= 0xE0 { length = 3; scalar = UInt32(byte & 0x0F) }
            for offset in 1..<length {
                let continuation = bytes[offset]
                if continuation == 0 { return true }
                scalar = scalar << 6 | UInt32(continuation & 0x3F)
            }
            if let unicode = Unicode.Scalar(scalar), !TextNormalizer.isSpace(unicode) { return true }
            bytes += length
        }
        return false
    }

    /// The decoded value of the attribute `name` (lower case), or nil when absent.
    func attribute(_ name: String) -> String? {
        guard let attribute = find(name) else { return nil }
        return String(cString: attribute.pointee.value)
    }

    /// True when the element has the attribute `name` (lower case).
    func hasAttribute(_ name: String) -> Bool { find(name) != nil }

    /// The attribute `name` exactly as written (quotes removed, entities kept).
    func rawAttribute(_ name: String) -> String? {
        guard let attribute = find(name) else { return nil }
        var raw = Self.string(attribute.pointee.original_value)
        if let first = raw.utf8.first, first == UInt8(ascii: "\"") || first == UInt8(ascii: "'"), raw.utf8.count >= 2, raw.utf8.last == first {
            raw = String(raw.dropFirst().dropLast())
        }
        return raw
    }

    private func find(_ name: String) -> UnsafeMutablePointer<GumboAttribute>? {
        guard isElement else { return nil }
        let attributes = pointer.pointee.v.element.attributes
        guard attributes.length > 0 else { return nil }
        return name.withCString { wanted in
            for index in 0..<Int(attributes.length) {
                let attribute = attributes.data[index]!.assumingMemoryBound(to: GumboAttribute.self)
                if strcmp(attribute.pointee.name, wanted) == 0 { return attribute }
            }
            return nil
        }
    }

    /// Every attribute in source order, with where its value is written (see `HTMLAttribute`).
    var attributes: [HTMLAttribute] {
        guard isElement else { return [] }
        let vector = pointer.pointee.v.element.attributes
        return (0..<Int(vector.length)).map { index in
            let attribute = vector.data[index]!.assumingMemoryBound(to: GumboAttribute.self).pointee
            var result = HTMLAttribute(name: String(cString: attribute.name), value: String(cString: attribute.value))
            // An attribute written without a value (`<img file>`) has gumbo's name as its
            // "original value" and a value position gumbo never set: it has no place to splice.
            if storage.hasSourceOffsets, attribute.original_value.length > 0, attribute.original_value.data != attribute.original_name.data {
                result.sourceStart = Int(attribute.value_start.offset)
                result.sourceLength = attribute.original_value.length
            }
            return result
        }
    }

    /// Byte offset of the element's `<` in the parsed text; -1 for text, for elements the parser
    /// implied, and when text was elided (offsets would point into the elided text).
    var sourceOffset: Int {
        guard isElement, storage.hasSourceOffsets, pointer.pointee.v.element.original_tag.length > 0 else { return -1 }
        return Int(pointer.pointee.v.element.start_pos.offset)
    }

    // MARK: navigation

    /// The enclosing element; nil for the root.
    var parent: HTMLNode? {
        guard let parent = pointer.pointee.parent, parent.pointee.type != GUMBO_NODE_DOCUMENT else { return nil }
        return HTMLNode(parent, storage)
    }

    /// Child nodes in document order (comments left out).
    var children: [HTMLNode] {
        var result: [HTMLNode] = []
        var child = firstChild
        while let node = child {
            result.append(node)
            child = node.nextSibling
        }
        return result
    }

    /// The first child that is not a comment.
    var firstChild: HTMLNode? { child(from: 0, step: 1) }

    /// The last child that is not a comment.
    var lastChild: HTMLNode? { child(from: Int(Self.childVector(pointer).length) - 1, step: -1) }

    /// The sibling after this node, or nil.
    var nextSibling: HTMLNode? {
        guard let parent = pointer.pointee.parent, parent.pointee.type != GUMBO_NODE_DOCUMENT else { return nil }
        return HTMLNode(parent, storage).child(from: pointer.pointee.index_within_parent + 1, step: 1)
    }

    /// The sibling before this node, or nil.
    var previousSibling: HTMLNode? {
        guard let parent = pointer.pointee.parent, parent.pointee.type != GUMBO_NODE_DOCUMENT else { return nil }
        return HTMLNode(parent, storage).child(from: pointer.pointee.index_within_parent - 1, step: -1)
    }

    /// The first child at `index` or beyond (in the direction of `step`) that is not a comment.
    private func child(from index: Int, step: Int) -> HTMLNode? {
        let children = Self.childVector(pointer)
        var index = index
        while index >= 0, index < Int(children.length) {
            let node = children.data[index]!.assumingMemoryBound(to: GumboNode.self)
            if node.pointee.type != GUMBO_NODE_COMMENT { return HTMLNode(node, storage) }
            index += step
        }
        return nil
    }

    /// The children of an element; empty for text.
    private static func childVector(_ node: UnsafeMutablePointer<GumboNode>) -> GumboVector {
        let type = node.pointee.type
        return type == GUMBO_NODE_ELEMENT || type == GUMBO_NODE_TEMPLATE ? node.pointee.v.element.children : GumboVector()
    }

    /// True when `self` is `other` or inside it.
    func isInside(_ other: HTMLNode) -> Bool {
        var node: UnsafeMutablePointer<GumboNode>? = pointer
        while let current = node {
            if current == other.pointer { return true }
            node = current.pointee.parent
        }
        return false
    }

    /// Calls `visit` for this node and every descendant in document order (comments left out);
    /// iterative so that deeply nested (or hostile) markup cannot overflow the stack.
    func walk(_ visit: (HTMLNode) -> Void) {
        _ = first { visit($0); return false }
    }

    /// The first node in document order, this one and its descendants, that matches; stops there.
    /// `descend` decides whether the children of a node that did not match are visited.
    func first(where matches: (HTMLNode) -> Bool, descend: (HTMLNode) -> Bool = { _ in true }) -> HTMLNode? {
        var stack: [UnsafeMutablePointer<GumboNode>] = [pointer]
        while let current = stack.popLast() {
            let node = HTMLNode(current, storage)
            if matches(node) { return node }
            let type = current.pointee.type
            guard type == GUMBO_NODE_ELEMENT || type == GUMBO_NODE_TEMPLATE, descend(node) else { continue }
            let children = current.pointee.v.element.children
            var index = Int(children.length) - 1
            while index >= 0 {
                let child = children.data[index]!.assumingMemoryBound(to: GumboNode.self)
                if child.pointee.type != GUMBO_NODE_COMMENT { stack.append(child) }
                index -= 1
            }
        }
        return nil
    }

    static func string(_ piece: GumboStringPiece) -> String {
        guard let data = piece.data, piece.length > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: piece.length), as: UTF8.self)
    }
}

/// One attribute: decoded value, and where the value is written in the source.
struct HTMLAttribute {
    /// Lower-case attribute name.
    let name: String
    /// Value with character references decoded.
    let value: String
    /// Byte offset in the parsed text where the value as written starts (its opening quote, if
    /// any); -1 when the attribute has no value in the source. Lets a rewriter splice one value.
    var sourceStart = -1
    /// Byte length of the value as written, quotes included.
    var sourceLength = 0
}
