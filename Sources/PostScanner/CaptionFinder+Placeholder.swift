import Foundation

extension CaptionFinder {
    /// Names editors give pasted images (Typora `image-20200324205004033`, `Screenshot
    /// 2021-05-01 at 10.22.13`, `截屏2021-…`, `Pasted image 20220101`): never a caption.
    static func isEditorDefault(_ text: String) -> Bool {
        guard text.utf8.count <= 48, let first = text.utf8.first else { return false }  // editor names are short
        // Only texts opening like an editor name are lower-cased (i, s, p, d, 截, 屏).
        guard [0x69, 0x73, 0x70, 0x64, 0xE6, 0xE5].contains(first | (first < 0x80 ? 0x20 : 0)) else { return false }
        let lower = text.lowercased()
        guard let prefix = editorPrefixes.first(where: { lower.hasPrefix($0) }) else { return false }
        let rest = lower.dropFirst(prefix.count)
        return !rest.isEmpty && rest.allSatisfy { $0.isNumber || " -_.:atpm()".contains($0) } && rest.contains { $0.isNumber }
    }

    /// The openings of editor default names.
    static let editorPrefixes = ["image", "img", "screenshot", "screen shot", "pasted image", "截屏", "屏幕截图", "snipaste", "dsc", "photo"]
}
