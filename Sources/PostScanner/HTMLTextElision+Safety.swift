import CGumbo
#if canImport(Glibc)
import Glibc
#endif

/// The lead bytes of every placeholder (U+F0000 up), as a C set for `strpbrk`.
private let leadBytes: [CChar] = [CChar(bitPattern: 0xF3), CChar(bitPattern: 0xF4), 0]

extension HTMLTextElision {
    /// Makes an elision from parts, for tests that play a scanner mistake (a run elided inside
    /// an attribute) and check that the document is parsed again without elision.
    init(parsed: [UInt8], runs: [(start: Int32, end: Int32)], original: [UInt8]) {
        self.parsed = parsed
        self.runs = runs
        self.original = original
    }

    /// True when an attribute value of the tree holds a placeholder. Attributes are never
    /// expanded (only text nodes are), so a run elided where the tokenizer was in fact inside a
    /// tag would reach the scanner as a private-use character instead of a URL or alt text:
    /// the caller then parses the original text again, without elision. Documents with such
    /// code points of their own are never elided, so any found here came from the elision.
    static func attributesHavePlaceholders(_ root: UnsafeMutablePointer<GumboNode>) -> Bool {
        var stack = [root]
        while let node = stack.popLast() {
            let type = node.pointee.type
            guard type == GUMBO_NODE_ELEMENT || type == GUMBO_NODE_TEMPLATE else { continue }
            let element = node.pointee.v.element
            for index in 0..<Int(element.attributes.length) {
                let attribute = element.attributes.data[index]!.assumingMemoryBound(to: GumboAttribute.self)
                // strpbrk: glibc's vectorised search for the placeholders' lead bytes F3/F4.
                if let value = attribute.pointee.value, strpbrk(value, leadBytes) != nil { return true }
                if let name = attribute.pointee.name, strpbrk(name, leadBytes) != nil { return true }
            }
            for index in 0..<Int(element.children.length) {
                stack.append(element.children.data[index]!.assumingMemoryBound(to: GumboNode.self))
            }
        }
        return false
    }
}
