import Foundation
import Testing
@testable import NNDL
@testable import NNDLExperiments

/// The sweep's printed table and its order, by either ranking.
@Suite struct SweepResultsTests {
    /// Two points of the tuning cell's grid: reg 0.25 peaked higher (best 0.52) but ended lower (0.49) than reg 0.35
    /// (best 0.51, final 0.51).
    static func rows() throws -> (SweepAxis, [SweepRow]) {
        let axis = try SweepAxis.parse("model.reg=0.25,0.35")
        let points = SweepAxis.product([axis])
        func summary(final: Double, best: Double) -> RunSummary {
            RunSummary(name: "t", status: .done, iterations: 5000, epochs: 21, finalLoss: 1.5, trainAcc: 0.5,
                       valAcc: final, bestValAcc: best, testAcc: 0.5, seconds: 1, imagesPerSecond: 1, checkpoint: nil)
        }
        return (axis, [SweepRow(point: points[0], summary: summary(final: 0.49, best: 0.52)),
                       SweepRow(point: points[1], summary: summary(final: 0.51, best: 0.51))])
    }

    @Test func finalRankingOrdersByTheValidationAccuracyAtTheEndWithBestAsTheSecondColumn() throws {
        let (axis, rows) = try Self.rows()
        let results = SweepResults(axes: [axis], folder: "/tmp", preset: "toy", overrides: [], ranking: .final)
        #expect(results.sorted(rows).map(\.point.index) == [1, 0])
        #expect(results.table(rows) == """
            model.reg       status     final val  best val  test
            0.35            done       0.5100     0.5100    0.5000
            0.25            done       0.4900     0.5200    0.5000
            """)
    }

    @Test func bestRankingOrdersByTheBestCheck() throws {
        let (axis, rows) = try Self.rows()
        let results = SweepResults(axes: [axis], folder: "/tmp", preset: "toy", overrides: [])
        #expect(results.sorted(rows).map(\.point.index) == [0, 1])
        #expect(results.table(rows) == """
            model.reg       status     best val  test
            0.25            done       0.5200    0.5000
            0.35            done       0.5100    0.5000
            """)
    }
}
