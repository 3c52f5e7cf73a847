import NNDL
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

    // Rates: printed by python3: 1e-3*10**0.25, 1e-3/10**0.25, 0.25*10**0.25.
    static let steps: [Step] = [
        Step(field: .learningRate, direction: 1, from: base, to: .number(0.0017782794100389228)),
        Step(field: .learningRate, direction: -1, from: base, to: .number(0.0005623413251903491)),
        Step(field: .reg, direction: 1, from: base, to: .number(0.4445698525097307)),
        Step(field: .reg, direction: 1, from: with { $0.reg = 0 }, to: .number(1e-4)),
        Step(field: .reg, direction: -1, from: with { $0.reg = 0 }, to: .number(0)),
        Step(field: .lrDecay, direction: 1, from: base, to: .number(0.96)),
        Step(field: .lrDecay, direction: 1, from: with { $0.lrDecay = 1 }, to: .number(1)),
        Step(field: .momentum, direction: -1, from: with { $0.momentum = 0.01 }, to: .number(0.01)),
        Step(field: .decayRate, direction: -1, from: base, to: .number(0.98)),
        Step(field: .batchSize, direction: 1, from: base, to: .count(400)),
        Step(field: .batchSize, direction: -1, from: base, to: .count(100)),
        Step(field: .batchSize, direction: -1, from: with { $0.batchSize = 1 }, to: .count(1)),
        Step(field: .updateRule, direction: 1, from: base, to: .rule(.sgdMomentum)),
        Step(field: .updateRule, direction: -1, from: base, to: .rule(.adam)),
    ]

    @Test(arguments: steps)
    func step(_ s: Step) {
        let out = s.field.stepped(s.from, direction: s.direction)
        #expect(s.field.value(in: out) == s.to)
        for other in HyperparameterField.allCases where other != s.field {
            #expect(other.value(in: out) == other.value(in: s.from), "only \(s.field) moves")
        }
    }

    static let accepted: [(HyperparameterField, String, HyperparameterValue)] = [
        (.learningRate, "3e-4", .number(3e-4)), (.reg, "0", .number(0)), (.batchSize, " 64 ", .count(64)),
        (.lrDecay, "1", .number(1)), (.momentum, "0.5", .number(0.5)), (.updateRule, "Adam", .rule(.adam)),
        (.updateRule, "sgd_momentum", .rule(.sgdMomentum)),
    ]

    @Test(arguments: accepted)
    func typedValueAccepted(_ field: HyperparameterField, _ text: String, _ value: HyperparameterValue) throws {
        #expect(field.value(in: try field.setting(text, in: Self.base)) == value)
    }

    static let refused: [(HyperparameterField, String, HyperparameterError)] = [
        (.learningRate, "abc", .notANumber(field: .learningRate, text: "abc")),
        (.learningRate, "nan", .notANumber(field: .learningRate, text: "nan")),
        (.learningRate, "0", .notPositive(field: .learningRate, value: 0)),
        (.learningRate, "-1", .notPositive(field: .learningRate, value: -1)),
        (.reg, "-0.1", .negative(field: .reg, value: -0.1)),
        (.batchSize, "0", .batchSizeTooSmall(0)),
        (.batchSize, "2.5", .notAWholeNumber(field: .batchSize, text: "2.5")),
        (.momentum, "1.5", .outsideUnitInterval(field: .momentum, value: 1.5)),
        (.lrDecay, "0", .outsideUnitInterval(field: .lrDecay, value: 0)),
        (.decayRate, "-0.5", .outsideUnitInterval(field: .decayRate, value: -0.5)),
        (.updateRule, "adagrad", .unknownUpdateRule(text: "adagrad")),
    ]

    @Test(arguments: refused)
    func typedValueRefused(_ field: HyperparameterField, _ text: String, _ error: HyperparameterError) {
        #expect(throws: error) { try field.setting(text, in: Self.base) }
    }

    @Test func refusalsNameTheValue() {
        #expect(HyperparameterError.notPositive(field: .learningRate, value: -1).description
                == "learning_rate must be > 0, got -1.0")
        #expect(HyperparameterError.outsideUnitInterval(field: .momentum, value: 1.5).description
                == "momentum must be in (0, 1], got 1.5")
        #expect(HyperparameterError.notANumber(field: .reg, text: "x").description == "reg: 'x' is not a number")
    }

    @Test func labelsFollowTheUpdateRule() {
        #expect(HyperparameterField.momentum.label(for: .adam) == "β1")
        #expect(HyperparameterField.decayRate.label(for: .adam, ascii: true) == "beta2")
        #expect(HyperparameterField.momentum.label(for: .sgdMomentum) == "momentum")
        #expect(!HyperparameterField.momentum.isUsed(by: .rmsprop))
        #expect(HyperparameterField.decayRate.isUsed(by: .rmsprop))
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
