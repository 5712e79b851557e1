import ArchiveStore
import Foundation

/// Inputs given as lists: `-` among the inputs reads them from stdin, `--input-file FILE`
/// from a file; one post path, folder, feed file or URL per line, blank lines and lines
/// starting with `#` skipped (so `find … | mediavault mirror -` and a kept list both work).
public enum InputList {
    /// `inputs` with every `-` replaced by the lines of `standardInput()` (read once), then the lines of each file.
    public static func expand(_ inputs: [String], files: [String], standardInput: () -> String) throws -> [String] {
        var result: [String] = []
        var stdinLines: [String]?
        for input in inputs {
            guard input == "-" else { result.append(input); continue }
            if stdinLines == nil { stdinLines = lines(of: standardInput()) }
            result += stdinLines ?? []
        }
        for file in files {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw InputListError(message: "--input-file \(file): cannot read it (\(SystemError.describe(error))); give a UTF-8 text file with one input per line")
            }
            result += lines(of: text)
        }
        return result
    }

    /// The inputs of a list: trimmed, no blanks, no `#` comments.
    static func lines(of text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}

/// An input list that cannot be read.
public struct InputListError: Error, CustomStringConvertible {
    /// What failed and what to do.
    public var message: String
    public var description: String { message }
}
