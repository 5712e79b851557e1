import Foundation
import Testing
@testable import MediaVault
import TestSupport

/// The line definitions are the contract: the shipped schema is exactly what they generate,
/// every definition's sample (all fields set) passes the shipped schema, and the generator
/// sees a field the moment a definition gains one.
@Suite struct OutputDefinitionTests {
    @Test func theShippedSchemaIsTheOneTheDefinitionsGenerate() throws {
        let shipped = try String(contentsOf: OutputContractTests.schema, encoding: .utf8)
        let generated = try OutputContract.schemaText()
        #expect(shipped == generated, "Schemas/mediavault-lines.v1.json is stale: run `mediavault schema > Schemas/mediavault-lines.v1.json`")
    }

    @Test func everyDefinitionsSampleFollowsTheShippedSchema() throws {
        let lines = OutputContract.lines.map { OutputRecord($0.sample).jsonLine }
        #expect(lines.count == OutputContract.lines.count && lines.count >= 25)
        #expect(try OutputContractTests.invalidLines(lines.joined(separator: "\n") + "\n").isEmpty)
        // Every type any definition prints is one the schema names.
        let schema = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: OutputContractTests.schema)) as? [String: Any])
        let named = ((schema["properties"] as? [String: Any])?["type"] as? [String: Any])?["enum"] as? [String] ?? []
        #expect(Set(OutputContract.lines.flatMap { $0.types }) == Set(named))
    }

    @Test func aFieldOutsideItsDefinitionIsRejected() throws {
        var record = OutputRecord(GalleryLine.sample)
        #expect(try OutputContractTests.invalidLines(record.jsonLine + "\n").isEmpty)
        record.fields.append(.init(key: "thumbnails", value: .int(3)))
        #expect(try OutputContractTests.invalidLines(record.jsonLine + "\n").count == 1)
    }

    /// A definition of the kind a command would add: the generator and the printer both follow it.
    private struct NewLine: OutputLine {
        static let types = ["novel"]
        static let about = "a test line"
        var seenAt: String
        @Always var postURL: String?
        var bytes: Int64?
        var digests: [Digest]
        var mode: LocalizeMode
        static var sample: NewLine { NewLine(seenAt: "now", postURL: nil, bytes: nil, digests: [], mode: .dryRun) }
    }

    @Test func theGeneratorAndThePrinterFollowTheDefinition() throws {
        let definition = OutputContract.definition(NewLine.self)
        #expect(definition["required"] as? [String] == ["type", "seen_at", "post_url", "digests", "mode"])
        let properties = try #require(definition["properties"] as? [String: Any])
        #expect(Set(properties.keys) == ["type", "seen_at", "post_url", "bytes", "digests", "mode"])
        #expect((properties["post_url"] as? [String: Any])?["type"] as? [String] == ["string", "null"])
        #expect((properties["mode"] as? [String: Any])?["enum"] as? [String] == ["localize", "dry-run", "undo"])
        #expect(((properties["digests"] as? [String: Any])?["items"] as? [String: Any])?["pattern"] as? String == "^[0-9a-f]{64}$")
        // Printed: declaration order, snake_case, null for @Always, nothing for a nil optional.
        #expect(OutputRecord(NewLine.sample).jsonLine == #"{"type":"novel","seen_at":"now","post_url":null,"digests":[],"mode":"dry-run"}"#)
        var full = NewLine.sample
        full.bytes = 12
        full.postURL = "https://a.test/p"
        #expect(OutputRecord(full).jsonLine == #"{"type":"novel","seen_at":"now","post_url":"https://a.test/p","bytes":12,"digests":[],"mode":"dry-run"}"#)
    }

    @Test func keysAreSnakeCaseAsJSONEncoderWritesThem() throws {
        struct Key: CodingKey {
            var stringValue: String
            init(_ name: String) { stringValue = name }
            init?(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
        }
        // JSONEncoder converts keyed-container keys only (not dictionary keys): one field named `name`.
        struct One: Encodable {
            let name: String
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(1, forKey: Key(name))
            }
        }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        for name in ["failedInputs", "postURL", "sha256", "hashedBytes", "innerURL", "perceptualHashes", "notStarted", "referersTried", "referrerpolicy"] {
            let json = try encoder.encode(One(name: name))
            let expected = try #require((JSONSerialization.jsonObject(with: json) as? [String: Int])?.keys.first)
            #expect(RecordEncoder.jsonKey(Key(name)) == expected, "\(name)")
        }
    }
}
