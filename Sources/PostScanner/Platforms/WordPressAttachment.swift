/// The WordPress link between an `<img>` and its upload: the `wp-image-ID` class.
enum WordPressAttachment {
    /// The upload's URL named by the element's `wp-image-ID` class, or nil.
    static func original(of img: HTMLNode, in attachments: [Int: String]) -> String? {
        guard !attachments.isEmpty, let classes = img.attribute("class") else { return nil }
        for name in classes.split(separator: " ") where name.hasPrefix("wp-image-") {
            if let id = Int(name.dropFirst("wp-image-".count)), let url = attachments[id] { return url }
        }
        return nil
    }
}
