#!/usr/bin/env python3
"""The notebooks' own Python doing a preset's run, timed as a student runs it: load and preprocess CIFAR-10 once
(get_CIFAR10_data), then train: the first notebook's `TwoLayerNet.train` (neural_net.py, W1 is (H, D)) for
`twoLayerNet` presets, CS231n's `FullyConnectedNet` + `Solver` (Scripts/cs231n_reference.py) for `fullyConnected` ones.
Prints one JSON line: seconds loading, seconds training, peak resident memory (MiB), final loss, iterations.

    python3 Scripts/notebook_runs.py CONFIG.json     # nndl-tui's resolved config (a checkpoint's 'config' entry)

Used by `Scripts/bench --notebook-runs`, which times nndl-tui on the same preset and prints the table.
"""
import json
import os
import resource
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cs231n_reference as cs231n  # noqa: E402


class TwoLayerNet:
    """neural_net.py's TwoLayerNet: affine - ReLU - affine - softmax, W1 (H, D), W2 (C, H), as the ECE notebook."""

    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {'W1': std * np.random.randn(hidden_size, input_size), 'b1': np.zeros(hidden_size),
                       'W2': std * np.random.randn(output_size, hidden_size), 'b2': np.zeros(output_size)}

    def loss(self, X, y=None, reg=0.0):
        W1, b1, W2, b2 = (self.params[k] for k in ('W1', 'b1', 'W2', 'b2'))
        h = np.maximum(0, X.dot(W1.T) + b1)
        scores = h.dot(W2.T) + b2
        if y is None:
            return scores
        N = X.shape[0]
        shifted = scores - np.max(scores, axis=1, keepdims=True)
        probs = np.exp(shifted)
        probs /= np.sum(probs, axis=1, keepdims=True)
        loss = -np.sum(np.log(probs[np.arange(N), y])) / N + 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
        dscores = probs
        dscores[np.arange(N), y] -= 1
        dscores /= N
        grads = {'W2': dscores.T.dot(h) + reg * W2, 'b2': np.sum(dscores, axis=0)}
        dh = dscores.dot(W2) * (h > 0)
        grads['W1'] = dh.T.dot(X) + reg * W1
        grads['b1'] = np.sum(dh, axis=0)
        return loss, grads

    def train(self, X, y, X_val, y_val, learning_rate, learning_rate_decay, reg, num_iters, batch_size):
        num_train = X.shape[0]
        iterations_per_epoch = max(num_train / batch_size, 1)
        loss_history = []
        for it in np.arange(num_iters):
            idx = np.random.choice(num_train, batch_size)
            X_batch, y_batch = X[idx], y[idx]
            loss, grads = self.loss(X_batch, y=y_batch, reg=reg)
            loss_history.append(loss)
            for p in self.params:
                self.params[p] -= learning_rate * grads[p]
            if it % iterations_per_epoch == 0:
                (self.predict(X_batch) == y_batch).mean()
                (self.predict(X_val) == y_val).mean()
                learning_rate *= learning_rate_decay
        return loss_history

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)


def two_layer_data(config):
    """The ECE notebook's get_CIFAR10_data: images (N, 32, 32, 3) as float64, mean image subtracted, rows of 3072."""
    d = config['data']
    images, labels, _, _ = cs231n.cifar_binary(d.get('dir') or os.environ['NNDL_CIFAR_DIR'])
    images = images.transpose(0, 2, 3, 1)
    n_train, n_val = d['numTraining'], d['numValidation']
    x_train = images[:n_train].astype(np.float64)
    x_val = images[n_train:n_train + n_val].astype(np.float64)
    mean = np.mean(x_train, axis=0)
    x_train -= mean
    x_val -= mean
    return (x_train.reshape(n_train, -1), labels[:n_train], x_val.reshape(n_val, -1), labels[n_train:n_train + n_val])


def main():
    with open(sys.argv[1]) as f:
        config = json.load(f)
    m, s = config['model'], config['solver']
    start = time.perf_counter()
    if m['kind'] == 'twoLayerNet':
        X, y, X_val, y_val = two_layer_data(config)
        loaded = time.perf_counter()
        np.random.seed(config.get('seed', 0))
        net = TwoLayerNet(X.shape[1], m['hiddenDims'][0], 10, std=m['weightScale'])
        history = net.train(X, y, X_val, y_val, s['learningRate'], s['lrDecay'], m['reg'], s['numIterations'],
                            s['batchSize'])
    else:
        data = cs231n.load_data(config)
        loaded = time.perf_counter()
        history = cs231n.run_loaded(config, data)['loss']
    done = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({'loadSeconds': loaded - start, 'trainSeconds': done - loaded, 'peakMiB': peak,
                      'finalLoss': float(history[-1]), 'iterations': len(history)}))


if __name__ == '__main__':
    main()
