import CGumbo

/// A set of tag names that answers for a node by gumbo's tag number, so the caption rules, which
/// ask it for nearly every node near an image, never hash a string (unknown tags still can).
struct TagSet: Sendable {
    /// Membership by `GumboTag` number, for the tags gumbo knows.
    private let known: [Bool]
    /// Names gumbo does not know (custom elements), compared by name.
    private let unknown: Set<String>

    /// The set of `names` (lower case).
    init(_ names: Set<String>) {
        var known = [Bool](repeating: false, count: HTMLTreeStorage.knownTagNames.count)
        for (index, name) in HTMLTreeStorage.knownTagNames.enumerated() where names.contains(name) { known[index] = true }
        self.known = known
        unknown = names.subtracting(HTMLTreeStorage.knownTagNames)
    }

    /// True when `node` is an element whose tag is in the set.
    func contains(_ node: HTMLNode) -> Bool {
        guard node.isElement else { return false }
        let index = Int(node.pointer.pointee.v.element.tag.rawValue)
        if index < known.count { return known[index] }
        return !unknown.isEmpty && unknown.contains(node.tag)
    }
}
