import ArgumentParser
import Foundation
import NNDL
import NNDLExperiments

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Accuracy of a checkpoint's parameters on a split (the notebook's final cell).")

    enum Split: String, ExpressibleByArgument, CaseIterable { case test, val, train }

    @OptionGroup var weights: WeightsModelOption

    @Option(help: "The .npz checkpoint written by train, or a run folder (runs/NAME: its newest run).",
            completion: .npzFiles)
    var checkpoint: String

    @Option(help: "Which split: test, val or train.")
    var split: Split = .test

    @Option(help: "CIFAR-10 folder (else the one in the checkpoint's config, $NNDL_CIFAR_DIR, ./data/).")
    var data: String?

    @Flag(help: "Print {\"split\": …, \"accuracy\": …} as JSON on stdout.")
    var json = false

    func run() throws {
        var checkpoint = try Checkpoint.load(RunFolder.checkpoint(self.checkpoint), model: try weights.model())
        if let data { checkpoint.config.data.dir = data }
        let splits = try Experiment.loadData(checkpoint.config)
        let samples: any Samples
        switch split {
        case .train: samples = splits.train
        case .val: samples = splits.val
        case .test:
            guard let test = splits.test else { throw CLIError("the checkpoint's data source has no test split") }
            samples = test
        }
        let accuracy = try checkpoint.accuracy(on: samples, numClasses: splits.numClasses)
        if json {
            printOut(jsonText(["split": split.rawValue, "accuracy": "\(accuracy)"]).replacingOccurrences(of: "\"\(accuracy)\"", with: "\(accuracy)"))
        } else {
            printOut("\(split.rawValue) accuracy: \(accuracy)")
        }
    }
}
