import ArgumentParser
import Foundation
import MediaVault

/// `mediavault schema`: prints the JSON Schema of every `--json` line, generated from the line
/// definitions (Schemas/mediavault-lines.v1.json is this output).
struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",  // explicit: derived from the type name it costs runtime lookups at every start
        abstract: "Print the JSON Schema of the --json lines of every command (generated from their definitions).")

    func run() throws {
        let text: String
        do { text = try OutputContract.schemaText() } catch {
            throw ValidationError("cannot serialize the schema: \(error)")
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
