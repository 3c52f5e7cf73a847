import Testing
@testable import NNDL
@testable import NNDLExperiments

/// float32 runs say when their updates are rounded away (which float64 would keep).
@Suite struct PrecisionTests {
    static func firstWarning(dtype: String, learningRate: Double) throws -> String? {
        let config = try ExperimentConfig.parse("""
            {"name": "precision", "seed": 1,
             "data": {"source": "random", "inputDim": 20, "numClasses": 3, "numTraining": 60, "numValidation": 12, "numTest": 0},
             "model": {"kind": "fullyConnected", "hiddenDims": [16], "weightScale": 1e-2, "dtype": "\(dtype)"},
             "solver": {"updateRule": "sgd", "learningRate": \(learningRate), "batchSize": 20, "numEpochs": 3}}
            """, source: "test")
        var trainer = try Experiment(config: config).makeTrainer()
        var warnings: [String] = []
        while !trainer.isFinished {
            if let w = try trainer.step().epoch?.precisionWarning { warnings.append(w) }
        }
        #expect(warnings.count <= 1, "warned once a run at most: \(warnings)")
        return warnings.first
    }

    @Test func float32WarnsWhenUpdatesAreRoundedAway() throws {
        let warning = try Self.firstWarning(dtype: "float32", learningRate: 1e-9)
        #expect(warning?.hasPrefix("float32 lost precision: 100% of W") == true, "\(warning ?? "nil")")
        #expect(warning?.contains("model.dtype=float64") == true)
    }

    @Test func noWarningWhenUpdatesLandOrInFloat64() throws {
        #expect(try Self.firstWarning(dtype: "float32", learningRate: 1e-2) == nil)
        #expect(try Self.firstWarning(dtype: "float64", learningRate: 1e-9) == nil)
    }
}
