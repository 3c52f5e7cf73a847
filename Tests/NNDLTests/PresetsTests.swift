import Foundation
import Testing
@testable import NNDLExperiments

/// The presets built into the binary are the shipped files, and each one parses.
struct PresetsTests {
    static let configFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("config")

    /// `Scripts/embed-presets` writes them from config/; a preset changed without running it fails here.
    @Test func builtInPresetsAreTheShippedFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.configFolder.path).filter { $0.hasSuffix(".json") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(Presets.builtIn.map(\.name)))
        for (name, text) in Presets.builtIn {
            let file = try String(contentsOf: Self.configFolder.appendingPathComponent(name + ".json"), encoding: .utf8)
            #expect(text == file, "\(name): run Scripts/embed-presets")
            let config = try ExperimentConfig.parse(text, source: name)
            #expect(config.name == name)
        }
    }
}
