import ArgumentParser
import Foundation
import NNDL
import NNDLExperiments

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time one training step of the notebooks' nets (f64 and f32) and a 2048³ GEMM on random CIFAR-shaped data.")

    @Flag(help: "Print the report as JSON on stdout.")
    var json = false

    @Flag(help: "With --json, add productsAloneMs to each result: the step's matrix products timed alone.")
    var products = false

    @Flag(help: "Fewer repetitions (a rough figure in about a minute).")
    var quick = false

    @Option(help: ArgumentHelp("Only this workload (repeatable): twoLayer-3072-50-10-b200, fc-100-100-b200, fc-1024x3-b256.", valueName: "name"))
    var workload: [String] = []

    @Option(help: ArgumentHelp("Only this dtype: float64 or float32.", valueName: "dtype"))
    var dtype: String?

    @Option(help: "Instead, time loading and preparing the CIFAR-10 folder DIR (median of 5) and report peak memory.")
    var cifar: String?

    func run() throws {
        if let cifar {
            let folder = try CIFAR10.locate(explicit: cifar)
            let r = try Benchmark.loadCIFAR(from: folder)
            if json { printOut(jsonText(r)); return }
            printOut(String(
                format: "CIFAR-10 (%@, %@): load %.0f ms, prepare 49000/1000/1000 %.0f ms, peak resident %.0f MB",
                r.format, folder.path, r.msToLoad, r.msToPrepare, r.peakResidentMB))
            return
        }
        let names = Benchmark.workloads.map(\.name)
        if let unknown = workload.first(where: { !names.contains($0) }) {
            throw ValidationError("--workload: no workload '\(unknown)'; pick one of \(names.joined(separator: ", ")).")
        }
        let selected = workload.isEmpty ? Benchmark.workloads : Benchmark.workloads.filter { workload.contains($0.name) }
        var dtypes = DType.allCases
        if let dtype {
            guard let d = DType(rawValue: dtype) else { throw ValidationError("--dtype: expected float64 or float32, got '\(dtype)'.") }
            dtypes = [d]
        }
        var report = try Benchmark.run(quick: quick, selected: selected, dtypes: dtypes) { line in if !json { printOut(line) } else { printError(line) } }
        if !products {
            for i in report.results.indices { report.results[i].productsAloneMs = nil }
        }
        if json { printOut(jsonText(report)) }
    }
}
