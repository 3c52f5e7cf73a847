import Foundation
import Testing
@testable import NNDL

/// `metrics.csv` as the engine appends it: the exact rows, and when they reach the file.
struct MetricsLogTests {
    static let hp = Hyperparameters(learningRate: 1e-3, reg: 0.25, lrDecay: 0.95, batchSize: 200)
    static let info = RunInfo(name: "m", modelDescription: "", totalIterations: 4, iterationsPerEpoch: 2, hyperparameters: hp)

    static func step(_ i: Int, loss: Double) -> TrainingEvent {
        .iteration(IterationReport(iteration: i, totalIterations: 4, epoch: Double(i) / 2, loss: loss, learningRate: 1e-3,
                                   elapsed: 0, imagesPerSecond: 0))
    }

    static func contents(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    /// Step rows wait up to a second in the buffer; a check, a change and the end write at once; a restart counts
    /// as run 2; reopening the file appends without a second header.
    @Test func rowsAndWhenTheyAreWritten() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(getpid())/metrics.csv").path
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        var log = try MetricsLog(path: path)
        try log.record(.started(Self.info), now: 10)
        #expect(Self.contents(path) == MetricsLog.header + "\n", "the header goes out with the start")
        try log.record(Self.step(1, loss: 2.5), now: 10.2)
        try log.record(Self.step(2, loss: 2.25), now: 10.5)
        #expect(Self.contents(path) == MetricsLog.header + "\n", "steps wait for the second to pass")
        try log.record(.epoch(EpochReport(epoch: 1, totalEpochs: 2, iteration: 2, trainAccuracy: 0.25, valAccuracy: 0.5,
                                          bestValAccuracy: 0.5, learningRate: 9.5e-4, evaluationSeconds: 0)), now: 10.6)
        var changed = Self.hp
        changed.learningRate = 5e-4
        changed.updateRule = .adam
        try log.record(.hyperparametersChanged(iteration: 3, changed), now: 10.7)
        try log.record(Self.step(3, loss: 2), now: 11.8)
        try log.record(.started(Self.info), now: 12)
        try log.close(at: 12)
        var again = try MetricsLog(path: path)
        try again.record(.started(Self.info), now: 0)
        try again.record(Self.step(1, loss: 1), now: 0.1)
        try again.close(at: 0.2)
        #expect(Self.contents(path) == """
            run,kind,iteration,epoch,loss,learning_rate,train_acc,val_acc,best_val_acc,change
            1,step,1,0.5,2.5,0.001,,,,
            1,step,2,1.0,2.25,0.001,,,,
            1,check,2,1,,0.00095,0.25,0.5,0.5,
            1,change,3,,,0.0005,,,,learning_rate 0.001->0.0005; update_rule sgd->adam
            1,step,3,1.5,2.0,0.001,,,,
            1,step,1,0.5,1.0,0.001,,,,

            """)
    }
}
