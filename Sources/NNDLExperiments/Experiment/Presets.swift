import Foundation

/// An experiment preset: a config's JSON text, its name and where it was found.
public struct Preset: Sendable, Equatable {
    /// The name it is called by (the file's name without `.json`).
    public var name: String
    /// The JSON text.
    public var text: String
    /// The file it came from, or `built-in`.
    public var source: String
}

/// Finds presets: a path as given; else `NAME.json` in `./config`, in `$XDG_CONFIG_HOME/nndl-tui` (default
/// `~/.config/nndl-tui`), beside the executable (`config/` next to it or up to four folders above, as in a package
/// build); else the presets built into the binary. The first found wins, so a user's file overrides a shipped preset.
public enum Presets {
    /// The folders searched for `NAME.json`, in order.
    public static var folders: [String] {
        let env = ProcessInfo.processInfo.environment
        let xdg = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((env["HOME"] ?? "") + "/.config")
        var out = ["config", (xdg as NSString).appendingPathComponent("nndl-tui")]
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            out.append(dir.appendingPathComponent("config").path)
            dir = dir.deletingLastPathComponent()
        }
        return out
    }

    /// The preset `nameOrPath` names; throws `ConfigError.unreadable` when there is none.
    public static func find(_ nameOrPath: String) throws -> Preset {
        let fm = FileManager.default
        if fm.fileExists(atPath: nameOrPath) { return try read(nameOrPath) }
        let name = nameOrPath.hasSuffix(".json") ? String(nameOrPath.dropLast(5)) : nameOrPath
        if !name.contains("/") {
            for folder in folders {
                let path = (folder as NSString).appendingPathComponent(name + ".json")
                if fm.fileExists(atPath: path) { return try read(path) }
            }
            if let shipped = builtIn.first(where: { $0.name == name }) {
                return Preset(name: name, text: shipped.text, source: "built-in")
            }
        }
        throw ConfigError.unreadable(
            path: nameOrPath, reason: "no such file, and no preset of that name (nndl-tui presets lists them)")
    }

    /// Every preset by name, each as `find` would give it (a user's file before a shipped one), sorted by name.
    public static func all() -> [Preset] {
        var names = Set(builtIn.map(\.name))
        for folder in folders {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            names.formUnion(files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) })
        }
        return names.sorted().compactMap { try? find($0) }
    }

    /// The preset in the file at `path`.
    static func read(_ path: String) throws -> Preset {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigError.unreadable(path: path, reason: "not readable UTF-8 text")
        }
        let file = (path as NSString).lastPathComponent
        return Preset(name: file.hasSuffix(".json") ? String(file.dropLast(5)) : file, text: text, source: path)
    }
}

extension ExperimentConfig {
    /// The preset `nameOrPath` names (nil: the defaults, which need `model.kind` from an override) with `overrides`.
    public static func load(preset nameOrPath: String?, overrides: [String] = []) throws -> ExperimentConfig {
        guard let nameOrPath else { return try load(path: nil, overrides: overrides) }
        let preset = try Presets.find(nameOrPath)
        return try parse(preset.text, source: preset.source, overrides: overrides)
    }

    /// The one-line description a preset gives (`description`), or its model and solver in short.
    public var summaryLine: String {
        if let description { return description }
        let m = model, s = solver
        return "\(m.kind.rawValue) \(m.hiddenDims) \(s.updateRule.rawValue) lr \(s.learningRate) on \(data.source.rawValue)"
    }
}
