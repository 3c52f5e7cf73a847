import ArgumentParser
import Foundation
import NNDL

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time one training step of the notebooks' nets (f64 and f32) and a 2048³ GEMM on random CIFAR-shaped data.")

    @Flag(help: "Print the report as JSON on stdout.")
    var json = false

    @Flag(help: "Fewer repetitions (a rough figure in about a minute).")
    var quick = false

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
        let report = try Benchmark.run(quick: quick) { line in if !json { printOut(line) } else { printError(line) } }
        if json { printOut(jsonText(report)) }
    }
}
