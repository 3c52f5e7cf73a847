import Foundation

extension Solver {
    /// Runs one iteration: draw a minibatch, forward/backward, update every parameter, and check
    /// accuracies when the schedule says so. Throws `DivergedError` (parameters untouched) on a non-finite loss.
    public mutating func step() throws -> StepResult {
        stoppedParameters = nil
        let n = data.train.count
        let batch = effectiveBatchSize
        if indices.count != batch { indices = [Int](repeating: 0, count: batch) }
        rng.choice(n, into: &indices)
        data.train.gather(indices, into: &xBatch)
        if yBatch.count != batch { yBatch = [Int](repeating: 0, count: batch) }
        let labels = data.train.labels
        for (j, i) in indices.enumerated() { yBatch[j] = labels[i] }

        let loss = Double(try model.loss(xBatch, yBatch))
        guard loss.isFinite, model.gradients.allSatisfy(\.isFinite) else {
            throw DivergedError(iteration: iteration + 1, loss: loss)
        }
        let usedRate = learningRate
        for i in rules.indices {
            rules[i].update(&model.parameters.tensors[i], model.gradients[i])
        }
        history.loss.append(loss)
        iteration += 1
        let report = try scheduleChecks(completed: iteration)
        return StepResult(iteration: iteration, loss: loss, learningRate: usedRate, batchImages: batch, epoch: report)
    }

    private mutating func scheduleChecks(completed t: Int) throws -> EpochReport? {
        switch options.style {
        case .notebook:
            // neural_net.py: `if it % iterations_per_epoch == 0` with it = t - 1 and a float epoch length.
            let perEpoch = max(Double(data.train.count) / Double(options.hyperparameters.batchSize), 1)
            guard (Double(t - 1)).truncatingRemainder(dividingBy: perEpoch) == 0 else { return nil }
            let report = try checkAccuracies(trainIndices: indices, epochNumber: epoch)
            epoch += 1
            decay()
            return report
        case .solver:
            let epochEnd = t % iterationsPerEpoch == 0
            if epochEnd {
                epoch += 1
                decay()
            }
            guard t == 1 || t == totalIterations || epochEnd else { return nil }
            let sample = data.train.count > options.numTrainSamples
                ? rng.choice(data.train.count, size: options.numTrainSamples) : nil
            return try checkAccuracies(trainIndices: sample, epochNumber: epoch)
        }
    }

    private mutating func decay() {
        learningRate *= options.hyperparameters.lrDecay
        for i in rules.indices { rules[i].config.learningRate = learningRate }
    }

    private mutating func checkAccuracies(trainIndices: [Int]?, epochNumber: Int) throws -> EpochReport {
        let started = DispatchTime.now().uptimeNanoseconds
        let trainAcc = try model.accuracy(on: data.train, indices: trainIndices)
        var valIndices: [Int]? = nil
        if let m = options.numValSamples, data.val.count > m { valIndices = rng.choice(data.val.count, size: m) }
        let valAcc = try model.accuracy(on: data.val, indices: valIndices)
        history.trainAccuracy.append(trainAcc)
        history.valAccuracy.append(valAcc)
        history.checkIterations.append(iteration)
        if valAcc > bestValAccuracy {
            bestValAccuracy = valAcc
            bestParameters = model.parameters
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return EpochReport(
            epoch: epochNumber, totalEpochs: totalEpochs, iteration: iteration, trainAccuracy: trainAcc,
            valAccuracy: valAcc, bestValAccuracy: bestValAccuracy, learningRate: learningRate,
            evaluationSeconds: seconds)
    }

    /// Puts the best-validation parameters back into the model (what `solver.train()` does at its end);
    /// the parameters training reached are kept for a checkpoint's resume state.
    public mutating func restoreBestParameters() {
        guard bestValAccuracy >= 0 else { return }
        if stoppedParameters == nil { stoppedParameters = model.parameters }
        model.parameters = bestParameters
    }

    /// Runs every remaining iteration (the notebooks' `solver.train()`), then restores the best parameters.
    public mutating func train(onStep: (StepResult) -> Void = { _ in }) throws {
        while !isFinished { onStep(try step()) }
        restoreBestParameters()
    }
}
