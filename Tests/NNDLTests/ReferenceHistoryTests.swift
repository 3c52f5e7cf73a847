import Foundation
import Testing
@testable import NNDL
@testable import NNDLExperiments

/// Our Solver against the NumPy reference (`Scripts/cs231n_reference.py`: CS231n's `FullyConnectedNet`, `Solver` and
/// `optim.py`, dropout masks and accuracy samples from NumPy's one global random state): the stored histories of 40
/// iterations for every update rule, plain, with dropout (unseeded and seeded) and with batchnorm, on the seeded
/// random data, so the suite needs no Python. `python3 Scripts/compare_reference.py --data random` reruns both sides.
@Suite struct ReferenceHistoryTests {
    /// One stored run: its config (as nndl-tui reads it) and the reference's histories.
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let config: String
        let loss: [Double]
        let valAccuracy: [Double]
        let trainAccuracy: [Double]
        var description: String { name }
    }

    static let cases: [Case] = {
        guard let url = Bundle.module.url(forResource: "reference_histories.json", withExtension: nil, subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url),
              let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return [] }
        return list.compactMap { entry in
            guard let name = entry["name"] as? String, let config = entry["config"],
                  let text = try? JSONSerialization.data(withJSONObject: config),
                  let loss = entry["loss"] as? [Double], let val = entry["valAccuracy"] as? [Double],
                  let train = entry["trainAccuracy"] as? [Double] else { return nil }
            return Case(name: name, config: String(decoding: text, as: UTF8.self), loss: loss, valAccuracy: val,
                        trainAccuracy: train)
        }
    }()

    @Test func everyRuleAndVariantIsStored() {
        let names = Set(Self.cases.map(\.name))
        for rule in UpdateRuleKind.allCases {
            for variant in ["plain", "dropout", "batchnorm", "dropout-seed"] {
                #expect(names.contains("\(rule.rawValue)-\(variant)"), "\(rule.rawValue)-\(variant)")
            }
        }
    }

    @Test(arguments: cases)
    func lossHistoryMatchesTheNumPyReference(_ c: Case) throws {
        let config = try ExperimentConfig.parse(c.config, source: c.name)
        var trainer = try Experiment(config: config).makeTrainer()
        while !trainer.isFinished { _ = try trainer.step() }
        let ours = trainer.history
        #expect(ours.loss.count == c.loss.count)
        for (i, (a, b)) in zip(ours.loss, c.loss).enumerated() {
            #expect(abs(a - b) <= 1e-9 * abs(b), "iteration \(i + 1): ours \(a), NumPy \(b)")
        }
        #expect(ours.valAccuracy == c.valAccuracy && ours.trainAccuracy == c.trainAccuracy)
    }

    /// The stored variants differ from each other, so a mask drawn from another random state would not match.
    @Test func variantsTrainDifferently() throws {
        let byName = Dictionary(uniqueKeysWithValues: Self.cases.map { ($0.name, $0.loss) })
        for rule in UpdateRuleKind.allCases.map(\.rawValue) {
            let plain = try #require(byName["\(rule)-plain"])
            for variant in ["dropout", "batchnorm", "dropout-seed"] {
                #expect(try #require(byName["\(rule)-\(variant)"]).last != plain.last, "\(rule)-\(variant)")
            }
            #expect(byName["\(rule)-dropout"]?.last != byName["\(rule)-dropout-seed"]?.last)
        }
    }
}
