@testable import NNDL
import Testing
@testable import NNDLUI

@Suite struct HyperparameterTests {
    static let base = Fixtures.hyperparameters

    static func with(_ change: (inout Hyperparameters) -> Void) -> Hyperparameters {
        var hp = base
        change(&hp)
        return hp
    }

    struct Step: Sendable, CustomStringConvertible {
        let field: HyperparameterField, direction: Int, from: Hyperparameters, to: HyperparameterValue
        var description: String { "\(field) \(direction > 0 ? "up" : "down")" }
    }

    // Rates: printed by python3: 1e-3*10**0.25, 1e-3/10**0.25, 0.25*10**0.25. Decays and momenta move by 0.01 and
    // stop one step inside an open end (momentum ∈ [0, 1), decay rate ∈ (0, 1)); β2 moves by 0.001.
    static let steps: [Step] = [
        Step(field: .learningRate, direction: 1, from: base, to: .number(0.0017782794100389228)),
        Step(field: .learningRate, direction: -1, from: base, to: .number(0.0005623413251903491)),
        Step(field: .reg, direction: 1, from: base, to: .number(0.4445698525097307)),
        Step(field: .reg, direction: 1, from: with { $0.reg = 0 }, to: .number(1e-4)),
        Step(field: .reg, direction: -1, from: with { $0.reg = 0 }, to: .number(0)),
        Step(field: .lrDecay, direction: 1, from: base, to: .number(0.96)),
        Step(field: .lrDecay, direction: 1, from: with { $0.lrDecay = 1 }, to: .number(1)),
        Step(field: .momentum, direction: -1, from: with { $0.momentum = 0.01 }, to: .number(0)),
        Step(field: .momentum, direction: 1, from: with { $0.momentum = 0.99 }, to: .number(0.99)),
        Step(field: .decayRate, direction: -1, from: base, to: .number(0.98)),
        Step(field: .decayRate, direction: 1, from: base, to: .number(0.99)),
        Step(field: .beta1, direction: 1, from: base, to: .number(0.91)),
        Step(field: .beta2, direction: -1, from: base, to: .number(0.998)),
        Step(field: .beta2, direction: 1, from: base, to: .number(0.999)),
        Step(field: .epsilon, direction: 1, from: base, to: .number(1e-7)),
        Step(field: .batchSize, direction: 1, from: base, to: .count(400)),
        Step(field: .batchSize, direction: -1, from: base, to: .count(100)),
        Step(field: .batchSize, direction: -1, from: with { $0.batchSize = 1 }, to: .count(1)),
        Step(field: .batchSize, direction: 1, from: with { $0.batchSize = 80_000 }, to: .count(100_000)),
        Step(field: .updateRule, direction: 1, from: base, to: .rule(.sgdMomentum)),
        Step(field: .updateRule, direction: -1, from: base, to: .rule(.adam)),
    ]

    @Test(arguments: steps)
    func step(_ s: Step) throws {
        let out = s.field.stepped(s.from, direction: s.direction)
        #expect(s.field.value(in: out) == s.to)
        for other in HyperparameterField.allCases where other != s.field {
            #expect(other.value(in: out) == other.value(in: s.from), "only \(s.field) moves")
        }
        try out.validate()
    }

    static let accepted: [(HyperparameterField, String, HyperparameterValue)] = [
        (.learningRate, "3e-4", .number(3e-4)), (.reg, "0", .number(0)), (.batchSize, " 64 ", .count(64)),
        (.lrDecay, "1", .number(1)), (.momentum, "0.5", .number(0.5)), (.momentum, "0", .number(0)),
        (.beta2, "0.9999", .number(0.9999)), (.epsilon, "1e-6", .number(1e-6)), (.updateRule, "Adam", .rule(.adam)),
        (.updateRule, "sgd_momentum", .rule(.sgdMomentum)),
    ]

    @Test(arguments: accepted)
    func typedValueAccepted(_ field: HyperparameterField, _ text: String, _ value: HyperparameterValue) throws {
        #expect(field.value(in: try field.setting(text, in: Self.base)) == value)
    }

    /// The panel refuses what the engine refuses (the same bounds), so nothing it sends comes back refused.
    static let refused: [(HyperparameterField, String, HyperparameterError)] = [
        (.learningRate, "abc", .notANumber(field: .learningRate, text: "abc")),
        (.learningRate, "nan", .notANumber(field: .learningRate, text: "nan")),
        (.learningRate, "0", .outOfRange(field: .learningRate, got: "0.0")),
        (.learningRate, "-1", .outOfRange(field: .learningRate, got: "-1.0")),
        (.reg, "-0.1", .outOfRange(field: .reg, got: "-0.1")),
        (.batchSize, "0", .outOfRange(field: .batchSize, got: "0")),
        (.batchSize, "2.5", .notAWholeNumber(field: .batchSize, text: "2.5")),
        (.momentum, "1", .outOfRange(field: .momentum, got: "1.0")),
        (.lrDecay, "0", .outOfRange(field: .lrDecay, got: "0.0")),
        (.decayRate, "1", .outOfRange(field: .decayRate, got: "1.0")),
        (.beta2, "1", .outOfRange(field: .beta2, got: "1.0")),
        (.epsilon, "0", .outOfRange(field: .epsilon, got: "0.0")),
        (.updateRule, "adagrad", .unknownUpdateRule(text: "adagrad")),
    ]

    @Test(arguments: refused)
    func typedValueRefused(_ field: HyperparameterField, _ text: String, _ error: HyperparameterError) {
        #expect(throws: error) { try field.setting(text, in: Self.base) }
        var h = Self.base
        if case let .outOfRange(field, _) = error, field.bounds != nil, let v = Double(text) {
            h[keyPath: field.numberPath] = v
            #expect(throws: error, "Hyperparameters.validate refuses it too") { try h.validate() }
        }
    }

    /// Each rule's own settings are rows of their own, shown only for that rule.
    @Test func rowsFollowTheUpdateRule() {
        let shared: [HyperparameterField] = [.learningRate, .reg, .lrDecay, .batchSize, .updateRule]
        #expect(HyperparameterField.fields(for: .sgd) == shared)
        #expect(HyperparameterField.fields(for: .sgdMomentum) == shared + [.momentum])
        #expect(HyperparameterField.fields(for: .rmsprop) == shared + [.decayRate, .epsilon])
        #expect(HyperparameterField.fields(for: .adam) == shared + [.beta1, .beta2, .epsilon])
        #expect(HyperparameterField.beta2.label() == "β2" && HyperparameterField.beta2.label(ascii: true) == "beta2")
    }

    /// Adam's panel (paused on `fc-adam-bn-dropout`): its rows are β1, β2 and ε with the values Adam reads, and
    /// ← on β2 asks for a β2 of 0.998; RMSProp's decay rate (0.99 here) is not on Adam's panel at all.
    @Test func adamsBeta2RowEditsBeta2() {
        var hp = Self.base
        hp.updateRule = .adam
        var s = Fixtures.started(hp)
        #expect(Fixtures.panel(s, height: 10) == [
            "┌─ Hyperparameters ────────────┐",
            "│▸learning rate          0.001 │",
            "│ reg                     0.25 │",
            "│ lr decay                0.95 │",
            "│ batch size               200 │",
            "│ update rule             adam │",
            "│ β1                       0.9 │",
            "│ β2                     0.999 │",
            "│ ε                      1e-08 │",
            "└──────────────── ↑↓ ←→ Enter ─┘",
        ])
        for _ in 0..<6 { _ = s.handle(.down) }
        #expect(s.selectedField == .beta2)
        var expected = hp
        expected.beta2 = 0.998
        #expect(s.handle(.left) == .engine(.setHyperparameters(expected)))
    }

    /// A model with dropout states its p (the probability of dropping a unit) in the panel's title.
    @Test func dropoutProbabilityIsStatedInTheTitle() {
        #expect(Fixtures.panel(Fixtures.started(Self.base, dropout: 0.2), height: 8) == [
            "┌─ Hyperparameters · drop p=0.2┐",
            "│▸learning rate          0.001 │",
            "│ reg                     0.25 │",
            "│ lr decay                0.95 │",
            "│ batch size               200 │",
            "│ update rule              sgd │",
            "│                              │",
            "└──────────────── ↑↓ ←→ Enter ─┘",
        ])
    }

    @Test func changeLogCSVKeepsEveryDigit() {
        var new = Self.base
        new.learningRate = 0.0017782794100389228
        new.updateRule = .adam
        let changes = HyperparameterChange.between(Self.base, new, run: 1, iteration: 120)
        #expect(HyperparameterChange.csv(changes) == """
            run,iteration,field,old,new
            1,120,learning_rate,0.001,0.0017782794100389228
            1,120,update_rule,sgd,adam

            """)
    }
}

@Suite struct CSVExportTests {
    @Test func lossAndAccuracyRows() {
        let state = Fixtures.running(iterations: 2)
        // Fixtures: loss 2.3/√i, so 2.3 and 2.3/√2 = 1.626345596729059 (python3: 2.3/2**0.5).
        #expect(CSVExport.loss(state.loss) == """
            first_iteration,last_iteration,samples,mean,min,max
            1,1,1,2.3,2.3,2.3
            2,2,1,1.626345596729059,1.626345596729059,1.626345596729059

            """)
        #expect(CSVExport.accuracy(state.epochs) == """
            epoch,iteration,train_acc,val_acc,best_val_acc,learning_rate,evaluation_seconds
            1,50,0.31,0.29,0.29,0.001,1.0

            """)
        #expect(CSVExport.changes(state.changeLog).hasSuffix("1,6,learning_rate,0.001,0.0005\n"))
    }
}
