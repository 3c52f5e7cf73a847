import ArgumentParser
import Foundation
import NNDL
import NNDLExperiments

struct GradCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradcheck",
        abstract: "Numerical gradient check of the configured model (float64) on a few random samples.")

    @OptionGroup var experiment: ExperimentOptions

    @Option(help: "Samples in the check batch.")
    var samples = 3

    @Option(help: "Entries checked per parameter (all when the tensor is smaller).")
    var entries = 100

    @Option(help: "Largest relative error that passes.")
    var tolerance = 1e-5

    @Flag(help: "Print {\"W1\": error, …} as JSON on stdout.")
    var json = false

    func run() throws {
        let config = try experiment.load(fallback: nil)
        guard samples >= 1, entries >= 1 else { throw CLIError("--samples and --entries must be ≥ 1") }
        let report = try GradientCheckRun(config: config, samples: samples, entriesPerParameter: entries).run()
        if json {
            printOut("{" + report.map { "\(jsonText($0.name)): \($0.error)" }.joined(separator: ", ") + "}")
        } else {
            for r in report {
                let flag = r.error > tolerance ? "  FAIL" : ""
                printOut("\(r.name) max relative error: \(String(format: "%e", r.error))\(flag)")
            }
        }
        if report.contains(where: { !($0.error <= tolerance) }) { throw ExitCode(ExitStatus.failure.rawValue) }
    }
}
