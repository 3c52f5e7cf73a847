import Foundation
import Testing
@testable import NNDL
@testable import NNDLExperiments

/// The checks `nndl-tui notebook` prints, called as functions: every one within its cell's tolerance, and the cells
/// whose inputs are deterministic (toy net, linspace inputs) reproducing the values the notebooks printed.
@Suite struct NotebookTests {
    /// (notebook, cell, checks it prints) for every cell that needs no data.
    static let dataFreeCells: [(Notebook, String, Int)] = [
        (.twoLayer, "toy-scores", 1), (.twoLayer, "toy-loss", 2), (.twoLayer, "toy-gradients", 4),
        (.twoLayer, "toy-training", 1), (.fcNets, "affine-forward", 1), (.fcNets, "affine-backward", 3),
        (.fcNets, "relu-forward", 1), (.fcNets, "relu-backward", 1), (.fcNets, "affine-relu", 3),
        (.fcNets, "losses", 4), (.fcNets, "two-layer-net", 15), (.fcNets, "fc-net", 14),
    ]

    @Test(arguments: dataFreeCells)
    func cellPassesWithinItsTolerance(notebook: Notebook, name: String, count: Int) throws {
        let cell = try #require(notebook.cell(named: name))
        #expect(!cell.needsData)
        var data = NotebookData(directory: nil, layout: notebook.layout)
        let checks = try cell.run(&data)
        #expect(checks.count == count)
        for check in checks { #expect(check.passed, "\(check.line)") }
    }

    /// Checks computed from the notebooks' own inputs give the printed numbers up to the rounding of the
    /// numerical gradients (relative 1e-3) or exactly (the forward passes).
    @Test(arguments: [
        (Notebook.twoLayer, "toy-scores", 1e-12), (.twoLayer, "toy-loss", 0), (.twoLayer, "toy-gradients", 1e-4),
        (.twoLayer, "toy-training", 1e-14), (.fcNets, "affine-forward", 1e-12), (.fcNets, "relu-forward", 1e-12),
    ])
    func deterministicCellsReproduceThePrintedValues(notebook: Notebook, name: String, relative: Double) throws {
        var data = NotebookData(directory: nil, layout: notebook.layout)
        for check in try #require(notebook.cell(named: name)).run(&data) {
            let (ours, printed) = (try #require(check.ours.number), try #require(check.notebook?.number))
            #expect(abs(ours - printed) <= relative * abs(printed), "\(check.line)")
        }
    }

    /// The modular TwoLayerNet's gradient check runs on the linspace net, so its errors repeat the notebook's: all
    /// but W2 and b2 (whose errors, near 1e-10, are rounding noise) to 1e-6 relative.
    @Test func modularTwoLayerGradientErrorsRepeatTheNotebooks() throws {
        let checks = try FCNotebook.twoLayerNetCell().filter { $0.label.contains("relative error") }
        #expect(checks.count == 8)
        for check in checks where check.label.hasSuffix("W1 relative error") || check.label.hasSuffix("b1 relative error") {
            let (ours, printed) = (try #require(check.ours.number), try #require(check.notebook?.number))
            #expect(abs(ours - printed) <= 1e-6 * printed, "\(check.line)")
        }
    }

    @Test func toleranceRulesAcceptAndRefuse() {
        let rows: [(NotebookTolerance, NotebookValue, NotebookValue?, Bool)] = [
            (.below(1e-7), .number(3e-8), nil, true), (.below(1e-7), .number(1e-7), nil, false),
            (.near(1e-12), .number(1.0), .number(1.0 + 1e-13), true), (.near(1e-12), .number(1.0), .number(1.1), false),
            (.near(1e-12), .number(1.0), nil, false), (.between(0.27, 0.30), .number(0.282), nil, true),
            (.between(0.27, 0.30), .number(0.31), nil, false), (.equal, .text("(49000,)"), .text("(49000,)"), true),
            (.equal, .text("(48000,)"), .text("(49000,)"), false), (.below(1), .number(.nan), nil, false),
            (.none, .number(.nan), nil, true),
        ]
        for (tolerance, ours, notebook, expected) in rows {
            #expect(tolerance.accepts(ours, notebook: notebook) == expected, "\(tolerance) \(ours) \(String(describing: notebook))")
        }
    }

    @Test func aCheckPrintsItsLineAndRecord() {
        let check = NotebookCheck(cell: "toy-loss", label: "loss", ours: 1.5, notebook: 1.25, tolerance: .near(0.1))
        #expect(check.line == "loss: 1.5   notebook 1.25   (±0.1) FAIL")
        #expect(jsonText(NotebookCheckRecord(check))
            == #"{"cell":"toy-loss","difference":0.25,"label":"loss","notebook":1.25,"ours":1.5,"passed":false,"tolerance":"±0.1"}"#)
        let printed = NotebookCheck(cell: "fc-net", label: "Initial loss", ours: 2.5, notebook: nil, tolerance: .none)
        #expect(printed.line == "Initial loss: 2.5")
        #expect(jsonText(NotebookCheckRecord(printed))
            == #"{"cell":"fc-net","difference":null,"label":"Initial loss","notebook":null,"ours":2.5,"passed":null,"tolerance":null}"#)
    }

    @Test func withoutCIFARDataCellsAreSkippedAndTheRestRun() throws {
        var data = NotebookData(directory: "/nonexistent/cifar", layout: .hwc)
        let report = try Notebook.twoLayer.walk(data: &data)
        #expect(report.skipped.map(\.cell) == ["data", "cifar-sgd"])
        #expect(report.checks.count == 8 && report.passed)
    }

    /// The data-shape cells of both notebooks, the first CIFAR run and the overfit cell on the real CIFAR-10 (skipped
    /// without it).
    @Test(arguments: Notebook.allCases)
    func dataShapesMatchTheNotebook(notebook: Notebook) throws {
        guard let dir = TestData.cifarDirectory else {
            print("NotebookTests: CIFAR-10 not found (NNDL_CIFAR_DIR or ../shared/data); data cells skipped")
            return
        }
        var data = NotebookData(directory: dir.path, layout: notebook.layout)
        let checks = try #require(notebook.cell(named: "data")).run(&data)
        #expect(checks.count == 6 && checks.allSatisfy(\.passed))
        #expect(checks[0].ours == .text(notebook == .twoLayer ? "(49000, 3072)" : "(49000, 3, 32, 32)"))
        if notebook == .fcNets {
            let overfit = try FCNotebook.overfitCell(try data.splits())
            #expect(overfit.last?.passed == true, "\(overfit.last?.line ?? "")")
        } else {
            // The first CIFAR run: ten printed losses, then the final net's validation accuracy within "28-29%".
            let run = try TwoLayerNotebook.cifarSGD(try data.splits())
            #expect(run.count == 11 && run.allSatisfy(\.passed), "\(run.map(\.line))")
            #expect(run.first?.label == "iteration 0 / 1000: loss" && run.last?.label == "Validation accuracy")
        }
    }

    /// `small_data`: the first rows of another split, gathered as they are there.
    @Test func firstRowsGatherTheBaseRows() {
        let base = TensorSamples(x: Tensor<Double>(shape: [4, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8]), y: [0, 1, 2, 3])
        let small = FirstRows(base, count: 2)
        #expect(small.count == 2 && small.labels == [0, 1] && small.featureShape == [2])
        #expect(small.batch([1, 0, 1], as: Double.self).x.scalars == [3, 4, 1, 2, 3, 4])
    }

    /// `data.smallData` keeps the first 50 of the 49000 prepared rows, centred on the 49000 rows' mean (real
    /// CIFAR-10; skipped without it).
    @Test func smallDataTakesTheFirstRowsOfThePreparedSplit() throws {
        guard let dir = TestData.cifarDirectory else {
            print("NotebookTests: CIFAR-10 not found (NNDL_CIFAR_DIR or ../shared/data); smallData check skipped")
            return
        }
        let config = try ExperimentConfig.parse(
            #"{"model": {"kind": "fullyConnected"}, "data": {"smallData": 50, "numTest": 0}}"#, source: "test",
            overrides: ["data.dir=\(dir.path)"])
        let splits = try Experiment.loadData(config)
        let small = try #require(splits.train as? FirstRows)
        let whole = try #require(small.base as? ImageSamples)
        #expect(small.count == 50 && whole.count == 49000 && splits.val.count == 1000)
        #expect(small.batch([0, 49], as: Double.self).x == whole.batch([0, 49], as: Double.self).x)
    }

    /// `config/fc-overfit.json` trains what the overfit cell trains.
    @Test func overfitPresetStatesTheCellsSettings() throws {
        let config = try ExperimentConfig.load(path: TestData.packageRoot.appendingPathComponent("config/fc-overfit.json").path)
        #expect(config.model.weightScale == FCNotebook.overfitSettings.weightScale)
        #expect(config.solver.learningRate == FCNotebook.overfitSettings.learningRate)
        #expect(config.data.smallData == 50 && config.data.numTraining == 49000 && config.solver.numValSamples == nil)
        #expect(config.model.hiddenDims == [100, 100] && config.solver.batchSize == 25 && config.solver.numEpochs == 20)
    }
}
