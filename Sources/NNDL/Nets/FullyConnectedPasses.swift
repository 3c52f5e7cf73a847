extension FullyConnectedNet {
    public mutating func scores(_ x: Tensor<T>) throws -> Tensor<T> {
        try validateBatch(x, nil, inputDimension: inputDimension, numClasses: numClasses)
        forward(x, mode: .test)
        return work.affine[hiddenDims.count]
    }

    public mutating func loss(_ x: Tensor<T>, _ y: [Int]) throws -> T {
        try validateBatch(x, y, inputDimension: inputDimension, numClasses: numClasses)
        forward(x, mode: .train)
        let dataLoss = Softmax.loss(work.affine[hiddenDims.count], y, dx: &work.dscores)
        let penalty = startWeightDecay(reg, parameters: parameters.tensors, into: &gradients, at: index.w)
        backward(x, accumulateWeightGradients: reg != 0)
        return dataLoss + T(0.5 * reg) * penalty
    }

    /// The loss with the dropout masks drawn from `rng` (swapped in for the net's own state, so nothing is copied).
    public mutating func loss(_ x: Tensor<T>, _ y: [Int], drawingFrom rng: inout NumPyRandomState) throws -> T {
        guard options.dropout > 0 else { return try loss(x, y) }
        swap(&dropoutRNG, &rng)
        defer { swap(&dropoutRNG, &rng) }
        return try loss(x, y)
    }

    /// Per hidden layer, the units the last forward pass's ReLU left at zero for every row (before dropout).
    public func deadReLUs() -> [DeadReLUs] {
        hiddenDims.indices.map { DeadReLUs.count(layer: $0 + 1, activations: reluOutput($0)) }
    }

    /// The activation of hidden layer `l` after ReLU (before dropout).
    func reluOutput(_ l: Int) -> Tensor<T> { options.batchnorm ? work.relu[l] : work.affine[l] }

    /// The input of layer `l + 1`: hidden layer `l`'s final activation.
    func layerOutput(_ l: Int) -> Tensor<T> { options.dropout > 0 ? work.dropped[l] : reluOutput(l) }

    mutating func forward(_ x: Tensor<T>, mode: Mode) {
        let last = hiddenDims.count
        for l in 0...last {
            let input = l == 0 ? x : layerOutput(l - 1)
            let width = l == last ? numClasses : hiddenDims[l]
            work.affine[l].resize([x.rows, width])
            let (w, b) = (parameters.tensors[index.w[l]], parameters.tensors[index.b[l]])
            let wide = l == 0 && firstLayerOnWideKernels
                && firstLayerPlans.forward(x: input, w: w, b: b, hidden: width, transposedWeights: false, into: &work.affine[0])
            if !wide { Affine.forward(x: input, w: w, b: b, transposedWeights: false, into: &work.affine[l]) }
            if l == last { break }
            if options.batchnorm {
                let (out, cache) = batchnormForward(
                    work.affine[l], parameters.tensors[index.gamma[l]], parameters.tensors[index.beta[l]],
                    state: &batchnormStates[l], mode: mode)
                work.batchnormCaches[l] = cache
                work.relu[l] = out
                ReLU.forwardInPlace(&work.relu[l])
            } else {
                ReLU.forwardInPlace(&work.affine[l])
            }
            if options.dropout > 0 {
                let config = DropoutConfig(p: options.dropout, seed: options.dropoutSeed)
                let (out, cache) = dropoutForward(reluOutput(l), config: config, mode: mode, rng: &dropoutRNG)
                work.dropped[l] = out
                work.dropoutCaches[l] = cache
            }
        }
    }

    /// Backpropagates from `work.dscores`; with `accumulateWeightGradients`, dW is added onto what the gradients hold.
    mutating func backward(_ x: Tensor<T>, accumulateWeightGradients: Bool) {
        let last = hiddenDims.count
        var none: Tensor<T>? = nil
        for l in stride(from: last, through: 0, by: -1) {
            let dout = l == last ? work.dscores : work.upstream[l]!
            let input = l == 0 ? x : layerOutput(l - 1)
            let w = parameters.tensors[index.w[l]]
            let wide = l == 0 && firstLayerOnWideKernels
                ? firstLayerPlans.plan(rows: x.rows, hidden: w.columns, inputs: w.rows, transposedWeights: false) : nil
            withPair(&gradients, index.w[l], index.b[l]) { dw, db in
                if let wide {
                    if !accumulateWeightGradients { dw.zero(shape: w.shape) }
                    wide.accumulateWeightGradient(dout: dout, x: input, into: &dw)
                    Affine.biasGradient(dout: dout, into: &db)
                } else if l == 0 {
                    Affine.backward(
                        dout: dout, x: input, w: w, dx: &none, dw: &dw, db: &db,
                        accumulateWeightGradient: accumulateWeightGradients)
                } else {
                    Affine.backward(
                        dout: dout, x: input, w: w, dx: &work.upstream[l - 1], dw: &dw, db: &db,
                        accumulateWeightGradient: accumulateWeightGradients)
                }
            }
            if l > 0 { backThroughHidden(l - 1) }
        }
    }

    /// Turns the gradient at hidden layer `k`'s output into the gradient at its affine output.
    private mutating func backThroughHidden(_ k: Int) {
        if options.dropout > 0, let cache = work.dropoutCaches[k] {
            work.upstream[k] = dropoutBackward(work.upstream[k]!, cache)
        }
        ReLU.backwardInPlace(&work.upstream[k]!, output: reluOutput(k))
        if options.batchnorm, let cache = work.batchnormCaches[k] {
            let (dx, dgamma, dbeta) = batchnormBackward(work.upstream[k]!, cache)
            work.upstream[k] = dx
            gradients[index.gamma[k]] = dgamma
            gradients[index.beta[k]] = dbeta
        }
    }
}
