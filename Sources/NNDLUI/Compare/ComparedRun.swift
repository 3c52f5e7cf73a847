import NNDL
import NNDLExperiments

/// One side of `nndl-tui compare`: a saved run's figures, histories and W1 filters, ready to draw.
public struct ComparedRun: Sendable, Equatable {
    /// The run's short name.
    public var name: String
    /// Its config, flattened to `key.path: value` (the name left out), for the differences table.
    public var settings: [String: String]
    /// One minibatch loss per iteration.
    public var loss: [Double]
    /// The iteration each accuracy check was made after.
    public var checkIterations: [Int]
    /// Training accuracy at each check.
    public var trainAccuracy: [Double]
    /// Validation accuracy at each check.
    public var valAccuracy: [Double]
    /// The best validation accuracy.
    public var bestValAccuracy: Double?
    /// The test accuracy, when `train` measured it.
    public var testAccuracy: Double?
    /// The last minibatch loss.
    public var finalLoss: Double?
    /// Iterations trained.
    public var iterations: Int?
    /// The best-validation W1 as filters, or nil (see `filtersUnavailable`).
    public var filters: FilterSnapshot?
    /// Why there are no filters to draw.
    public var filtersUnavailable: String?

    /// A run from its parts.
    public init(
        name: String, settings: [String: String], loss: [Double], checkIterations: [Int], trainAccuracy: [Double],
        valAccuracy: [Double], bestValAccuracy: Double?, testAccuracy: Double?, finalLoss: Double?, iterations: Int?,
        filters: FilterSnapshot?, filtersUnavailable: String? = nil
    ) {
        precondition(checkIterations.count == trainAccuracy.count && checkIterations.count == valAccuracy.count,
                     "ComparedRun: one train and one validation accuracy per check.")
        self.name = name
        self.settings = settings
        self.loss = loss
        self.checkIterations = checkIterations
        self.trainAccuracy = trainAccuracy
        self.valAccuracy = valAccuracy
        self.bestValAccuracy = bestValAccuracy
        self.testAccuracy = testAccuracy
        self.finalLoss = finalLoss
        self.iterations = iterations
        self.filters = filters
        self.filtersUnavailable = filtersUnavailable
    }

    /// The run `saved` holds; its W1 when the inputs are 32×32×3 images, else the reason there is none.
    public init(_ saved: SavedRun) {
        let history = saved.state?.history ?? TrainingHistory()
        var filters: FilterSnapshot?, reason: String?
        do {
            filters = try saved.checkpoint.firstLayerFilters()
        } catch CheckpointError.invalid(_, let why) {
            reason = why
        } catch {
            reason = "\(error)"
        }
        let checks = min(history.checkIterations.count, history.trainAccuracy.count, history.valAccuracy.count)
        self.init(
            name: saved.name, settings: ComparedRun.flatten(saved.checkpoint.config.json),
            loss: history.loss, checkIterations: Array(history.checkIterations.prefix(checks)),
            trainAccuracy: Array(history.trainAccuracy.prefix(checks)), valAccuracy: Array(history.valAccuracy.prefix(checks)),
            bestValAccuracy: saved.bestValAccuracy, testAccuracy: saved.testAccuracy, finalLoss: saved.finalLoss,
            iterations: saved.iterations, filters: filters, filtersUnavailable: reason)
    }

    /// A config's JSON as `key.path: value` pairs (`solver.learningRate: 0.001`, `model.hiddenDims: [50]`), `name` left out.
    public static func flatten(_ json: String) -> [String: String] {
        var out: [String: String] = [:]
        func walk(_ value: JSONValue, _ path: String) {
            if case let .object(members) = value {
                for (key, member) in members { walk(member, path.isEmpty ? key : path + "." + key) }
            } else {
                out[path] = value.description
            }
        }
        walk(JSONValue.parse(json) ?? .object([:]), "")
        out["name"] = nil
        return out
    }

    /// The settings that differ between `a` and `b`, by key: (key, a's value, b's value), `-` where one lacks the key.
    public static func differences(_ a: ComparedRun, _ b: ComparedRun) -> [(key: String, a: String, b: String)] {
        Set(a.settings.keys).union(b.settings.keys).sorted().compactMap { key in
            let x = a.settings[key] ?? "-", y = b.settings[key] ?? "-"
            return x == y ? nil : (key, x, y)
        }
    }
}
