import Testing
@testable import NNDL

/// CS231n's rel_error: max |x - y| / max(1e-8, |x| + |y|).
private func relError(_ x: [Double], _ y: [Double]) -> Double {
    guard x.count == y.count else { return .infinity }
    return zip(x, y).map { abs($0 - $1) / max(1e-8, abs($0) + abs($1)) }.max() ?? 0
}

/// The FullyConnectedNets notebook's inputs: N, D = 4, 5; w = linspace(-0.4, 0.6); dw = linspace(-0.6, 0.4).
private let notebookW = Tensor<Double>.linspace(-0.4, 0.6, shape: [4, 5])
private let notebookDW = Tensor<Double>.linspace(-0.6, 0.4, shape: [4, 5])

/// One update-rule check from the FullyConnectedNets notebook.
struct NotebookCase: Sendable, CustomTestStringConvertible {
    let kind: UpdateRuleKind
    let learningRate: Double
    /// Initial state: (name, linspace start, linspace stop).
    let state: [(String, Double, Double)]
    let t: Int
    let nextW: [Double]
    let nextState: [String: [Double]]
    var testDescription: String { kind.rawValue }
}

// Expected values printed by NumPy 2.4.6 (Python 3.11) running CS231n 2017 optim.py's formulas on the
// notebook's inputs (`.ravel().tolist()`); they agree with the notebook's printed 8-decimal expected_next_w,
// expected_velocity, expected_cache, expected_m and expected_v to within their rounding (rel error ≤ 1.2e-7).
private let notebookCases: [NotebookCase] = [
    NotebookCase(
        kind: .sgd, learningRate: 1e-3, state: [], t: 0,
        nextW: [
            -0.39940000000000003, -0.346821052631579, -0.2942421052631579, -0.24166315789473689,
            -0.18908421052631583, -0.13650526315789477, -0.08392631578947372, -0.03134736842105267,
            0.021231578947368376, 0.07381052631578942, 0.12638947368421047, 0.17896842105263158,
            0.23154736842105259, 0.28412631578947356, 0.3367052631578947, 0.3892842105263158,
            0.4418631578947368, 0.4944421052631578, 0.5470210526315789, 0.5996,
        ],
        nextState: [:]),
    NotebookCase(
        kind: .sgdMomentum, learningRate: 1e-3, state: [("velocity", 0.6, 0.9)], t: 0,
        nextW: [
            0.14060000000000006, 0.2073894736842105, 0.27417894736842097, 0.34096842105263164,
            0.407757894736842, 0.47454736842105266, 0.5413368421052631, 0.6081263157894736,
            0.6749157894736842, 0.7417052631578946, 0.8084947368421053, 0.8752842105263158,
            0.9420736842105263, 1.0088631578947367, 1.0756526315789472, 1.142442105263158,
            1.2092315789473682, 1.276021052631579, 1.3428105263157895, 1.4096000000000002,
        ],
        nextState: ["velocity": [
            0.5406000000000001, 0.5547578947368421, 0.5689157894736842, 0.5830736842105264,
            0.5972315789473683, 0.6113894736842106, 0.6255473684210526, 0.6397052631578948,
            0.6538631578947369, 0.6680210526315788, 0.6821789473684211, 0.6963368421052631,
            0.7104947368421053, 0.7246526315789474, 0.7388105263157895, 0.7529684210526316,
            0.7671263157894737, 0.7812842105263159, 0.795442105263158, 0.8096000000000001,
        ]]),
    NotebookCase(
        kind: .rmsprop, learningRate: 1e-2, state: [("cache", 0.6, 0.9)], t: 0,
        nextW: [
            -0.3922384948433383, -0.34037513299070765, -0.28849238846687814, -0.23659120821081786,
            -0.18467247195258382, -0.13273699834703015, -0.08078555043091254, -0.02881884049026984,
            0.023162465587694647, 0.07515774441461458, 0.12716641159814304, 0.17918791858913796,
            0.2312217498380417, 0.28326742022505713, 0.33532447273333105, 0.3873924763382963,
            0.43947102408970146, 0.4915597313657581, 0.5436582342813369, 0.5957661882343064,
        ],
        nextState: ["cache": [
            0.5976, 0.6126277008310249, 0.6277108033240998, 0.6428493074792244,
            0.6580432132963988, 0.6732925207756232, 0.6885972299168975, 0.7039573407202216,
            0.7193728531855956, 0.7348437673130194, 0.7503700831024931, 0.7659518005540166,
            0.78158891966759, 0.7972814404432133, 0.8130293628808865, 0.8288326869806094,
            0.8446914127423822, 0.8606055401662049, 0.8765750692520776, 0.8926000000000001,
        ]]),
    NotebookCase(
        kind: .adam, learningRate: 1e-2, state: [("m", 0.6, 0.9), ("v", 0.7, 0.5)], t: 5,
        nextW: [
            -0.40094747166840083, -0.3483618689667189, -0.2957770321333014, -0.24319298836973444,
            -0.19060976631902593, -0.13802739616704435, -0.08544590975289204, -0.032865340689163525,
            0.019714275506843335, 0.07229290126975907, 0.12487049682925762, 0.17744702003811577,
            0.2300224261834716, 0.2825966677792994, 0.33516969433784094, 0.3877414521174136,
            0.4403118838436444, 0.49288092840074144, 0.5454485204889067, 0.5980145902433942,
        ],
        nextState: [
            "m": [
                0.48000000000000004, 0.49947368421052635, 0.5189473684210526, 0.538421052631579,
                0.5578947368421052, 0.5773684210526316, 0.596842105263158, 0.6163157894736842,
                0.6357894736842106, 0.6552631578947368, 0.6747368421052632, 0.6942105263157895,
                0.7136842105263158, 0.7331578947368421, 0.7526315789473684, 0.7721052631578947,
                0.791578947368421, 0.8110526315789475, 0.8305263157894738, 0.8500000000000001,
            ],
            "v": [
                0.69966, 0.6890838227146813, 0.678513185595568, 0.6679480886426593,
                0.6573885318559557, 0.6468345152354571, 0.6362860387811634, 0.6257431024930747,
                0.615205706371191, 0.6046738504155125, 0.5941475346260386, 0.5836267590027702,
                0.5731115235457064, 0.5626018282548476, 0.5520976731301939, 0.5415990581717451,
                0.5311059833795013, 0.5206184487534625, 0.5101364542936287, 0.49966,
            ],
        ]),
]

@Suite struct UpdateRuleTests {
    @Test(arguments: notebookCases)
    func matchesNotebookCheck(_ check: NotebookCase) throws {
        var rule = UpdateRule<Double>(kind: check.kind, config: Hyperparameters(learningRate: check.learningRate))
        var state: [String: Tensor<Double>] = [:]
        for (name, start, stop) in check.state { state[name] = .linspace(start, stop, shape: [4, 5]) }
        try rule.restore(state: state, t: check.t)
        var w = notebookW
        rule.update(&w, notebookDW)
        #expect(w.shape == [4, 5])
        #expect(relError(w.scalars, check.nextW) < 1e-8)
        let after = rule.stateTensors
        #expect(Set(after.keys) == Set(check.nextState.keys))
        for (name, expected) in check.nextState {
            #expect(relError(after[name]?.scalars ?? [], expected) < 1e-8, "state \(name)")
        }
        #expect(rule.t == (check.kind == .adam ? check.t + 1 : check.t))
    }

    @Test func changingLearningRateKeepsVelocity() {
        // NumPy 2.4.6: v = 0; v = 0.9*v - 1e-3*dw; w += v; v = 0.9*v - 1e-2*dw; w += v (notebook w, dw).
        let expectedW: [Double] = [
            -0.39286000000000004, -0.34085473684210527, -0.28884947368421054, -0.23684421052631582,
            -0.1848389473684211, -0.13283368421052635, -0.08082842105263162, -0.028823157894736884,
            0.02318210526315785, 0.07518736842105259, 0.1271926315789473, 0.1791978947368421,
            0.2312031578947368, 0.28320842105263144, 0.3352136842105263, 0.38721894736842105,
            0.4392242105263157, 0.49122947368421044, 0.5432347368421052, 0.59524,
        ]
        let expectedV: [Double] = [
            0.00654, 0.005966315789473684, 0.0053926315789473685, 0.004818947368421052,
            0.004245263157894737, 0.003671578947368421, 0.0030978947368421055, 0.00252421052631579,
            0.0019505263157894737, 0.0013768421052631579, 0.0008031578947368422, 0.00022947368421052583,
            -0.00034421052631578936, -0.0009178947368421045, -0.001491578947368421, -0.002065263157894737,
            -0.0026389473684210523, -0.0032126315789473676, -0.0037863157894736836, -0.00436,
        ]
        var rule = UpdateRule<Double>(kind: .sgdMomentum, config: Hyperparameters(learningRate: 1e-3))
        var w = notebookW
        rule.update(&w, notebookDW)
        rule.config.learningRate = 1e-2
        rule.update(&w, notebookDW)
        #expect(relError(w.scalars, expectedW) < 1e-8)
        #expect(relError(rule.stateTensors["velocity"]?.scalars ?? [], expectedV) < 1e-8)
    }

    @Test func changingKindForgetsState() throws {
        var rule = UpdateRule<Double>(kind: .adam, config: Hyperparameters(learningRate: 1e-2))
        var w = notebookW
        rule.update(&w, notebookDW)
        rule.update(&w, notebookDW)
        #expect(rule.t == 2 && Set(rule.stateTensors.keys) == ["m", "v"])
        rule.kind = .adam  // the same kind keeps the state
        #expect(rule.t == 2)
        rule.kind = .sgdMomentum
        #expect(rule.t == 0 && rule.stateTensors.isEmpty)
        // The next step is a fresh momentum step: v = -lr·dw.
        var fresh = UpdateRule<Double>(kind: .sgdMomentum, config: Hyperparameters(learningRate: 1e-2))
        var w2 = w
        rule.update(&w, notebookDW)
        fresh.update(&w2, notebookDW)
        #expect(w == w2)
        rule.reset()
        #expect(rule.stateTensors.isEmpty)
    }

    @Test(arguments: UpdateRuleKind.allCases)
    func floatAgreesWithDouble(_ kind: UpdateRuleKind) {
        let config = Hyperparameters(learningRate: 1e-2)
        var ruleD = UpdateRule<Double>(kind: kind, config: config)
        var ruleF = UpdateRule<Float>(kind: kind, config: config)
        var wD = notebookW
        var wF = notebookW.converted(to: Float.self)
        for step in 0..<20 {
            let dwD = Tensor<Double>.linspace(-0.6 + 0.05 * Double(step), 0.4, shape: [4, 5])
            ruleD.update(&wD, dwD)
            ruleF.update(&wF, dwD.converted(to: Float.self))
        }
        #expect(relError(wF.converted(to: Double.self).scalars, wD.scalars) < 1e-5)
        for (name, stateD) in ruleD.stateTensors {
            let stateF = ruleF.stateTensors[name]?.converted(to: Double.self).scalars ?? []
            #expect(relError(stateF, stateD.scalars) < 1e-5, "state \(name)")
        }
        #expect(ruleF.t == ruleD.t)
    }

    @Test func updatesReuseTheirBuffers() {
        var rule = UpdateRule<Double>(kind: .adam, config: Hyperparameters(learningRate: 1e-2))
        var w = notebookW
        func address(_ t: Tensor<Double>?) -> UnsafeRawPointer? {
            t?.scalars.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        }
        rule.update(&w, notebookDW)
        let before = (address(w), address(rule.stateTensors["m"]), address(rule.stateTensors["v"]))
        for _ in 0..<3 { rule.update(&w, notebookDW) }
        let after = (address(w), address(rule.stateTensors["m"]), address(rule.stateTensors["v"]))
        #expect(before.0 == after.0 && before.1 == after.1 && before.2 == after.2)
        #expect(before.1 != nil && before.2 != nil)
    }

    @Test func restoreRejectsStateOfAnotherRule() {
        var rule = UpdateRule<Double>(kind: .adam, config: Hyperparameters(learningRate: 1e-2))
        let m = Tensor<Double>.zeros([4, 5])
        #expect(throws: NNDLError.self) { try rule.restore(state: ["velocity": m], t: 0) }
        #expect(throws: NNDLError.self) { try rule.restore(state: ["m": m], t: 3) }
        #expect(throws: NNDLError.self) { try rule.restore(state: ["m": m, "v": .zeros([5, 4])], t: 3) }
        #expect(throws: NNDLError.self) { try rule.restore(state: [:], t: -1) }
        #expect(rule.stateTensors.isEmpty && rule.t == 0)
    }
}
