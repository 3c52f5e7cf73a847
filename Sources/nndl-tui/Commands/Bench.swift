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

    func run() throws {
        let report = try Benchmark.run(quick: quick) { line in if !json { printOut(line) } else { printError(line) } }
        if json { printOut(jsonText(report)) }
    }
}
