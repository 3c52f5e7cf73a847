import Foundation
import Testing
@testable import NNDL
@testable import NNDLExperiments

/// `Checkpoint.firstLayerFilters()`, what `nndl-tui filters` draws: the same filters the dashboard shows.
@Suite struct CheckpointFiltersTests {
    static func config(kind: String, inputDim: Int = 3072) throws -> ExperimentConfig {
        try ExperimentConfig.parse("""
            {"name": "filters", "seed": 5,
             "data": {"source": "random", "inputDim": \(inputDim), "numClasses": 3, "numTraining": 20, "numValidation": 6, "numTest": 0},
             "model": {"kind": "\(kind)", "hiddenDims": [3], "weightScale": 0.1},
             "solver": {"learningRate": 0.01, "batchSize": 10, "numIterations": 4}}
            """, source: "CheckpointFiltersTests")
    }

    /// After `finish()` (best-validation parameters back in place) the solver's snapshot, which the dashboard draws,
    /// equals the one read from the checkpoint it writes: W1 (H, D) for twoLayerNet and (D, H) for fullyConnected,
    /// rows in HWC and CHW respectively.
    @Test(arguments: [("twoLayerNet", ImageLayout.hwc), ("fullyConnected", .chw)])
    func checkpointGivesTheDashboardsFilters(kind: String, layout: ImageLayout) throws {
        let config = try Self.config(kind: kind)
        var data = try Experiment.loadData(config)
        data.image = .cifar(config.imageLayout)
        var trainer = try Experiment(config: config, data: data).makeTrainer()
        while !trainer.isFinished { _ = try trainer.step() }
        _ = try trainer.finish()
        let path = try makeScratchFolder() + "/checkpoint.npz"
        try NPZ.write(trainer.checkpointArrays(best: true) + [("config", NPY.encode(string: config.json))], to: path)
        let filters = try Checkpoint.load(path).firstLayerFilters()
        let shown = try #require(trainer.filterSnapshot())
        #expect(filters.image == .cifar(layout) && filters.count == 3)
        #expect(filters.values == shown.values && filters.image == shown.image && filters.count == shown.count)
    }

    /// Checkpoints without image filters: one message naming the file and what is wrong.
    @Test func checkpointsWithoutImageFiltersThrowNamingTheProblem() throws {
        let toy = try Self.config(kind: "twoLayerNet", inputDim: 4), fc = try Self.config(kind: "fullyConnected")
        func message(_ config: ExperimentConfig, _ arrays: [String: NPYArray]) -> String {
            do {
                _ = try Checkpoint(config: config, arrays: arrays, path: "c.npz").firstLayerFilters()
                return "no error"
            } catch { return "\(error)" }
        }
        func w(_ shape: [Int]) -> [String: NPYArray] {
            ["W1": NPYArray(shape: shape, dtype: "<f8", doubles: [Double](repeating: 0.5, count: shape.reduce(1, *)))]
        }
        #expect(message(toy, w([3, 4])) == "c.npz: W1 has 4 inputs, not 32×32×3 images: no filters to draw")
        #expect(message(fc, w([3, 3072])) == "c.npz: 'W1' has shape [3, 3072], expected [D, 3] for a fullyConnected")
        #expect(message(fc, [:]) == "c.npz: missing float array 'W1'")
        #expect(message(fc, w([3072, 3])) == "no error")
    }
}
