import Foundation
import Testing

/// Where presets are found, as an installed copy of the binary sees it.
@Suite(.serialized) struct PresetsCLITests {
    /// A copy of the binary far from the package, with an empty config home: it still lists and runs the six shipped
    /// presets (built in); a file in `$XDG_CONFIG_HOME/nndl-tui/` adds a preset and overrides a shipped one by name.
    @Test func anInstalledBinaryHasTheShippedPresetsAndTheUsersOwn() throws {
        let dir = try Harness.scratch("presets")
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        let bin = dir.appendingPathComponent("bin/nndl-tui")
        try fm.createDirectory(at: bin.deletingLastPathComponent(), withIntermediateDirectories: true)
        try fm.copyItem(atPath: Harness.binary, toPath: bin.path)
        let home = ["XDG_CONFIG_HOME": dir.appendingPathComponent("xdg").path]
        let listed = try Harness.run(bin.path, ["presets", "--paths"], in: dir, environment: home)
        #expect(listed.status == 0, "\(listed.stderr)")
        let names = listed.stdout.split(separator: "\n").map { $0.split(separator: " ").first.map(String.init) ?? "" }
        let shipped = try FileManager.default.contentsOfDirectory(atPath: Harness.root.appendingPathComponent("config").path)
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
        #expect(names == shipped && shipped.count >= 6, "every preset in config/, built in")
        #expect(listed.stdout.split(separator: "\n").allSatisfy { $0.hasSuffix("[built-in]") }, "\(listed.stdout)")
        let toy = try Harness.run(bin.path, ["train", "--headless", "--config", "toy", "--json"], in: dir, environment: home)
        #expect(toy.status == 0, "\(toy.stderr)")

        let mine = dir.appendingPathComponent("xdg/nndl-tui")
        try fm.createDirectory(at: mine, withIntermediateDirectories: true)
        try #"{"name": "toy", "description": "my toy", "data": {"source": "toy"}, "model": {"kind": "twoLayerNet", "hiddenDims": [3]}}"#
            .write(to: mine.appendingPathComponent("toy.json"), atomically: true, encoding: .utf8)
        let again = try Harness.run(bin.path, ["presets"], in: dir, environment: home)
        #expect(again.stdout.split(separator: "\n").contains { $0.hasPrefix("toy ") && $0.hasSuffix("my toy") }, "\(again.stdout)")
        let version = try Harness.run(bin.path, ["--version"], in: dir)
        #expect(version.status == 0 && version.stdout.split(separator: ".").count == 3, "\(version.stdout)")
        let unknown = try Harness.run(bin.path, ["train", "--headless", "--config", "nope"], in: dir, environment: home)
        #expect(unknown.status == 2 && unknown.stderr.contains("no preset of that name (nndl-tui presets lists them)"),
                "\(unknown.stderr)")
    }
}
