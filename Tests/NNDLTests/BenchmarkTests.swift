import Foundation
import Testing
@testable import NNDL
@testable import NNDLExperiments

/// What `nndl-tui bench` reports: its JSON shape, and the FLOPs its GFLOP/s rest on.
struct BenchmarkTests {
    static func keys(_ report: Benchmark.Report) throws -> (top: Set<String>, row: Set<String>) {
        let data = try JSONEncoder().encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let rows = try #require(object["results"] as? [[String: Any]])
        return (Set(object.keys), Set(try #require(rows.first).keys))
    }

    @Test func jsonHasExactlyTheIssuesKeysUnlessProductsAreAskedFor() throws {
        var row = Benchmark.Result(
            workload: "fc-100-100-b200", dtype: "float32", msPerIteration: 3, imagesPerSecond: 66_667, gflops: 86)
        let plain = try Self.keys(Benchmark.Report(gemmGflops: ["float64": 70, "float32": 140], results: [row]))
        #expect(plain.top == ["gemmGflops", "results"])
        #expect(plain.row == ["workload", "dtype", "msPerIteration", "imagesPerSecond", "gflops"])
        row.productsAloneMs = 2
        let withProducts = try Self.keys(Benchmark.Report(gemmGflops: [:], results: [row]))
        #expect(withProducts.row == plain.row.union(["productsAloneMs"]))
    }

    /// Forward and dW of every layer, dx of every layer but the first: 2·N·(2·Σ D·H + Σ_{l>0} D·H).
    @Test func flopsCountForwardEveryWeightGradientAndAllButTheFirstInputGradient() throws {
        let byName = Dictionary(uniqueKeysWithValues: Benchmark.workloads.map { ($0.name, $0) })
        let two = try #require(byName["twoLayer-3072-50-10-b200"])
        #expect(two.flops == 2 * 200 * (2 * Double(3072 * 50 + 50 * 10) + Double(50 * 10)))
        let wide = try #require(byName["fc-1024x3-b256"])
        let products = Double(3072 * 1024 + 2 * 1024 * 1024 + 1024 * 10)
        #expect(wide.flops == 2 * 256 * (2 * products + Double(2 * 1024 * 1024 + 1024 * 10)))
    }
}
