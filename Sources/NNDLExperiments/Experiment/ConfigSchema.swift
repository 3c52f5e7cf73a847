import Foundation
import NNDL

/// Reads `ExperimentConfig`s from JSON, applying `--set key.path=value` overrides, with every value validated.
extension ExperimentConfig {
    /// Loads the config file at `path` (nil: defaults, which need `model.kind` from an override) and applies `overrides`.
    public static func load(path: String?, overrides: [String] = []) throws -> ExperimentConfig {
        guard let path else { return try parse("{}", source: "defaults", overrides: overrides, requireKind: false) }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "not readable UTF-8 text" : "no such file"
            throw ConfigError.unreadable(path: path, reason: reason)
        }
        return try parse(text, source: path, overrides: overrides)
    }

    /// Parses config text from `source` and applies `overrides` in order.
    public static func parse(
        _ text: String, source: String, overrides: [String] = [], requireKind: Bool = true
    ) throws -> ExperimentConfig {
        guard case var .object(root)? = JSONValue.parse(text) else { throw ConfigError.notJSON(source: source) }
        if requireKind, root["model"].flatMap({ if case let .object(m) = $0 { m["kind"] } else { nil } }) == nil,
           !overrides.contains(where: { $0.hasPrefix("model.kind=") }) {
            throw ConfigError.missing(path: "model.kind")
        }
        for override in overrides { try apply(override: override, to: &root) }
        return try decode(root)
    }

    /// Sets `key.path=value` in a JSON object tree; the value is JSON when it parses as JSON, else a string.
    static func apply(override: String, to root: inout [String: JSONValue]) throws {
        guard let eq = override.firstIndex(of: "="), eq != override.startIndex else {
            throw ConfigError.malformedOverride(override)
        }
        let path = override[..<eq].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !path.contains(where: \.isEmpty) else { throw ConfigError.malformedOverride(override) }
        let text = String(override[override.index(after: eq)...])
        let value = JSONValue.parse(text) ?? .string(text)
        set(value, at: path[...], in: &root)
    }

    private static func set(_ value: JSONValue, at path: ArraySlice<String>, in object: inout [String: JSONValue]) {
        guard let key = path.first else { return }
        if path.count == 1 {
            object[key] = value
            return
        }
        var child: [String: JSONValue] = [:]
        if case let .object(existing)? = object[key] { child = existing }
        set(value, at: path.dropFirst(), in: &child)
        object[key] = .object(child)
    }

    /// Builds a config from a JSON object, rejecting unknown keys and out-of-range values.
    static func decode(_ root: [String: JSONValue]) throws -> ExperimentConfig {
        var c = ExperimentConfig()
        var r = FieldReader(prefix: "", object: root)
        c.name = try r.string("name", default: c.name, allowed: nil)
        if c.name.isEmpty || c.name.contains("/") {
            throw ConfigError.invalid(path: "name", expected: "a non-empty name without '/'", got: JSONValue.string(c.name).description)
        }
        c.description = try r.optionalString("description")
        c.seed = UInt32(try r.int("seed", default: Int(c.seed), range: 0...Int(UInt32.max)))
        c.data = try decodeData(r.section("data"))
        c.model = try decodeModel(r.section("model"))
        c.solver = try decodeSolver(r.section("solver"))
        try r.finish()
        try c.checkConsistency()
        return c
    }

    private static func decodeData(_ section: FieldReader) throws -> DataSection {
        var r = section
        var d = DataSection()
        d.source = try r.enumeration("source", default: d.source)
        d.dir = try r.optionalString("dir")
        d.numTraining = try r.int("numTraining", default: d.numTraining, range: 1...50000)
        d.smallData = try r.optionalInt("smallData", range: 1...50000)
        d.numValidation = try r.int("numValidation", default: d.numValidation, range: 1...50000)
        d.numTest = try r.int("numTest", default: d.numTest, range: 0...10000)
        d.subtractMean = try r.bool("subtractMean", default: d.subtractMean)
        d.layout = try r.optionalEnumeration("layout")
        d.inputDim = try r.int("inputDim", default: d.inputDim, range: 1...1_000_000)
        d.numClasses = try r.int("numClasses", default: d.numClasses, range: 2...1000)
        try r.finish()
        return d
    }

    private static func decodeModel(_ section: FieldReader) throws -> ModelSection {
        var r = section
        var m = ModelSection()
        m.kind = try r.enumeration("kind", default: m.kind)
        m.hiddenDims = try r.intArray("hiddenDims", default: m.hiddenDims, range: 1...1_000_000)
        m.weightScale = try r.double("weightScale", default: m.weightScale, check: (">0", { $0 > 0 }))
        m.reg = try r.hyperparameter(.reg, default: m.reg)
        m.dtype = try r.enumeration("dtype", default: m.dtype)
        m.batchnorm = try r.bool("batchnorm", default: m.batchnorm)
        m.dropout = try r.double("dropout", default: m.dropout, check: ("in [0, 1) (the probability of dropping a unit)", { $0 >= 0 && $0 < 1 }))
        m.dropoutSeed = try r.optionalInt("dropoutSeed", range: 0...Int(UInt32.max)).map { UInt32($0) }
        m.batchnormMomentum = try r.double(
            "batchnormMomentum", default: m.batchnormMomentum, check: ("in [0, 1)", { $0 >= 0 && $0 < 1 }))
        m.batchnormEps = try r.double("batchnormEps", default: m.batchnormEps, check: ("> 0", { $0 > 0 && $0.isFinite }))
        try r.finish()
        return m
    }

    private static func decodeSolver(_ section: FieldReader) throws -> SolverSection {
        var r = section
        var s = SolverSection()
        s.updateRule = try r.enumeration("updateRule", default: s.updateRule)
        s.learningRate = try r.hyperparameter(.learningRate, default: s.updateRule.defaultLearningRate)
        s.lrDecay = try r.hyperparameter(.lrDecay, default: s.lrDecay)
        s.batchSize = try r.int("batchSize", default: s.batchSize, range: Hyperparameters.batchSizeRange)
        s.numIterations = try r.optionalInt("numIterations", range: 1...100_000_000)
        s.numEpochs = try r.optionalInt("numEpochs", range: 1...1_000_000)
        s.momentum = try r.hyperparameter(.momentum, default: s.momentum)
        s.decayRate = try r.hyperparameter(.decayRate, default: s.decayRate)
        s.beta1 = try r.hyperparameter(.beta1, default: s.beta1)
        s.beta2 = try r.hyperparameter(.beta2, default: s.beta2)
        s.epsilon = try r.hyperparameter(.epsilon, default: s.epsilon)
        s.printEvery = try r.int("printEvery", default: s.printEvery, range: 1...100_000_000)
        s.numTrainSamples = try r.int("numTrainSamples", default: s.numTrainSamples, range: 1...50000)
        s.numValSamples = try r.optionalInt("numValSamples", range: 1...50000)
        s.plateauWindow = try r.int("plateauWindow", default: s.plateauWindow, range: 1...100_000_000)
        s.overfitGap = try r.double("overfitGap", default: s.overfitGap, check: ("in (0, 1]", { $0 > 0 && $0 <= 1 }))
        s.overfitChecks = try r.int("overfitChecks", default: s.overfitChecks, range: 1...1000)
        try r.finish()
        return s
    }

    /// Checks rules that span keys.
    func checkConsistency() throws {
        if solver.numIterations != nil && solver.numEpochs != nil {
            throw ConfigError.conflict("solver.numIterations and solver.numEpochs are both set: set one (the other null)")
        }
        if data.source == .cifar10 && data.numTraining + data.numValidation > 50000 {
            throw ConfigError.invalid(
                path: "data.numTraining + data.numValidation", expected: "at most 50000",
                got: "\(data.numTraining) + \(data.numValidation)")
        }
        let trainingRows = data.source == .toy ? Experiment.toyData().train.count : data.numTraining
        if let n = data.smallData, n > trainingRows {
            throw ConfigError.invalid(
                path: "data.smallData", expected: "at most the \(trainingRows) training rows", got: "\(n)")
        }
        if model.kind == .twoLayerNet && model.hiddenDims.count != 1 {
            throw ConfigError.invalid(
                path: "model.hiddenDims", expected: "exactly one width for twoLayerNet", got: "\(model.hiddenDims)")
        }
        if model.kind == .twoLayerNet && (model.batchnorm || model.dropout > 0) {
            throw ConfigError.conflict(
                "model.kind twoLayerNet has no batchnorm or dropout: use model.kind fullyConnected for them")
        }
    }
}
