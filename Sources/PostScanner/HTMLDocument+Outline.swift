import CGumbo

extension HTMLDocument {
    /// The whole tree as text, one node a line, indented by depth: elements with their attributes
    /// (decoded values), text with its content and kind (`text`, `space`, `cdata`). Two parses
    /// built the same tree exactly when their outlines are equal (`HTMLTextElisionTests`, the fuzzer).
    func outline() -> String {
        var lines: [String] = []
        var stack: [(HTMLNode, Int)] = [(root, 0)]
        while let (node, depth) = stack.popLast() {
            let indent = String(repeating: " ", count: depth)
            if node.isElement {
                let attributes = node.attributes.map { " \($0.name)=\"\($0.value)\"" }.joined()
                lines.append("\(indent)<\(node.tag)\(attributes)>")
                stack.append(contentsOf: node.children.reversed().map { ($0, depth + 1) })
            } else {
                let kind = switch node.pointer.pointee.type {
                case GUMBO_NODE_WHITESPACE: "space"
                case GUMBO_NODE_CDATA: "cdata"
                default: "text"
                }
                lines.append("\(indent)\(kind) \(node.text.debugDescription)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// How many text runs were parsed as placeholders (0 when nothing was elided).
    var elidedRuns: Int { storage.elision?.runCount ?? 0 }
}
