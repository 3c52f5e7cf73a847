#!/usr/bin/env python3
"""A NumPy reference for nndl-tui's FullyConnectedNet + Solver: CS231n semantics, written for this project.

It trains the net an nndl-tui config describes the way CS231n's `fc_net.py`, `layers.py`, `optim.py` and
`solver.py` do: `np.random.seed(seed)` before the model is built, weights `weight_scale * randn`, minibatches from
`np.random.choice`, dropout masks (p = the probability of DROPPING a unit) from the same global random state
(reseeded with `dropout_param['seed']` before each mask when one is given), accuracy checks on `np.random.choice`
samples, learning-rate decay at each epoch's end. It prints JSON: the loss of every iteration and the accuracies of
every check.

    python3 Scripts/cs231n_reference.py CONFIG.json [--iterations N]   # CONFIG: nndl-tui's resolved config JSON

Only the `fullyConnected` model, `random` and `cifar10` (binary format) data are supported. NumPy only.
"""
import argparse
import json
import os
import sys

import numpy as np


# ---------------------------------------------------------------- data

def cifar_binary(folder):
    """(train images, train labels, test images, test labels) from the binary batches, images as (N, 3, 32, 32) uint8."""
    def read(name):
        raw = np.fromfile(os.path.join(folder, name), dtype=np.uint8).reshape(-1, 3073)
        return raw[:, 1:].reshape(-1, 3, 32, 32), raw[:, 0].astype(np.int64)
    parts = [read('data_batch_%d.bin' % i) for i in range(1, 6)]
    test_x, test_y = read('test_batch.bin')
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]), test_x, test_y


def load_data(config):
    """The splits `nndl-tui` trains on: `get_CIFAR10_data` for cifar10, or the seeded Gaussian rows of `random`."""
    d = config['data']
    if d['source'] == 'random':
        rs = np.random.RandomState(config.get('seed', 0) + 1)
        def split(n):
            x = rs.randn(n, d['inputDim'])
            return x, rs.randint(0, d['numClasses'], size=n)
        x_train, y_train = split(d['numTraining'])
        x_val, y_val = split(d['numValidation'])
        return {'X_train': x_train, 'y_train': y_train, 'X_val': x_val, 'y_val': y_val}
    if d['source'] != 'cifar10':
        sys.exit('cs231n_reference.py: data.source %r is not supported' % d['source'])
    folder = d.get('dir') or os.environ.get('NNDL_CIFAR_DIR')
    if not folder:
        sys.exit('cs231n_reference.py: set data.dir or NNDL_CIFAR_DIR')
    images, labels, _, _ = cifar_binary(folder)
    n_train, n_val = d['numTraining'], d['numValidation']
    x_train = images[:n_train].astype(np.float64)
    x_val = images[n_train:n_train + n_val].astype(np.float64)
    if d.get('subtractMean', True):
        mean = np.mean(x_train, axis=0)
        x_train -= mean
        x_val -= mean
    data = {'X_train': x_train, 'y_train': labels[:n_train], 'X_val': x_val, 'y_val': labels[n_train:n_train + n_val]}
    if d.get('smallData'):
        data['X_train'] = data['X_train'][:d['smallData']]
        data['y_train'] = data['y_train'][:d['smallData']]
    return data


# ---------------------------------------------------------------- layers

def affine_forward(x, w, b):
    return x.reshape(x.shape[0], -1).dot(w) + b, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    dx = dout.dot(w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T.dot(dout)
    return dx, dw, np.sum(dout, axis=0)


def relu_forward(x):
    out = np.maximum(0, x)
    return out, out


def relu_backward(dout, out):
    return dout * (out > 0)


def batchnorm_forward(x, gamma, beta, bn_param):
    mode, eps, momentum = bn_param['mode'], bn_param['eps'], bn_param['momentum']
    if mode == 'train':
        mean = np.mean(x, axis=0)
        var = np.var(x, axis=0)
        xhat = (x - mean) / np.sqrt(var + eps)
        bn_param['running_mean'] = momentum * bn_param['running_mean'] + (1 - momentum) * mean
        bn_param['running_var'] = momentum * bn_param['running_var'] + (1 - momentum) * var
        return gamma * xhat + beta, (xhat, gamma, 1 / np.sqrt(var + eps))
    xhat = (x - bn_param['running_mean']) / np.sqrt(bn_param['running_var'] + eps)
    return gamma * xhat + beta, None


def batchnorm_backward(dout, cache):
    xhat, gamma, inverse_std = cache
    n = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xhat, axis=0)
    dx = (gamma * inverse_std / n) * (n * dout - dbeta - xhat * dgamma)
    return dx, dgamma, dbeta


def dropout_forward(x, dropout_param):
    """Inverted dropout; p is the probability of dropping a unit (the CS231n version of the notebooks' era)."""
    p, mode = dropout_param['p'], dropout_param['mode']
    if mode != 'train':
        return x, None
    if 'seed' in dropout_param:
        np.random.seed(dropout_param['seed'])
    mask = (np.random.rand(*x.shape) >= p) / (1 - p)
    return x * mask, mask


def dropout_backward(dout, mask):
    return dout if mask is None else dout * mask


def softmax_loss(x, y):
    shifted = x - np.max(x, axis=1, keepdims=True)
    z = np.sum(np.exp(shifted), axis=1, keepdims=True)
    log_probs = shifted - np.log(z)
    n = x.shape[0]
    loss = -np.sum(log_probs[np.arange(n), y]) / n
    dx = np.exp(log_probs)
    dx[np.arange(n), y] -= 1
    return loss, dx / n


# ---------------------------------------------------------------- the net

class FullyConnectedNet:
    """{affine - [batchnorm] - relu - [dropout]} x (L - 1) - affine - softmax, as CS231n's fc_net.py."""

    def __init__(self, hidden_dims, input_dim, num_classes, dropout, use_batchnorm, reg, weight_scale,
                 seed=None, bn_momentum=0.9, bn_eps=1e-5):
        self.use_batchnorm, self.use_dropout, self.reg = use_batchnorm, dropout > 0, reg
        self.num_layers = 1 + len(hidden_dims)
        self.params = {}
        dims = [input_dim] + list(hidden_dims) + [num_classes]
        for i in range(self.num_layers):
            self.params['W%d' % (i + 1)] = weight_scale * np.random.randn(dims[i], dims[i + 1])
            self.params['b%d' % (i + 1)] = np.zeros(dims[i + 1])
            if use_batchnorm and i < len(hidden_dims):
                self.params['gamma%d' % (i + 1)] = np.ones(dims[i + 1])
                self.params['beta%d' % (i + 1)] = np.zeros(dims[i + 1])
        self.dropout_param = {'mode': 'train', 'p': dropout}
        if seed is not None:
            self.dropout_param['seed'] = seed
        self.bn_params = [{'mode': 'train', 'momentum': bn_momentum, 'eps': bn_eps,
                           'running_mean': np.zeros(dims[i + 1]), 'running_var': np.zeros(dims[i + 1])}
                          for i in range(len(hidden_dims))] if use_batchnorm else []

    def loss(self, X, y=None):
        mode = 'test' if y is None else 'train'
        self.dropout_param['mode'] = mode
        for bn_param in self.bn_params:
            bn_param['mode'] = mode
        h, caches = X, []
        for l in range(1, self.num_layers):
            a, affine_cache = affine_forward(h, self.params['W%d' % l], self.params['b%d' % l])
            bn_cache = None
            if self.use_batchnorm:
                a, bn_cache = batchnorm_forward(a, self.params['gamma%d' % l], self.params['beta%d' % l],
                                                self.bn_params[l - 1])
            h, relu_cache = relu_forward(a)
            mask = None
            if self.use_dropout:
                h, mask = dropout_forward(h, self.dropout_param)
            caches.append((affine_cache, bn_cache, relu_cache, mask))
        L = self.num_layers
        scores, last_cache = affine_forward(h, self.params['W%d' % L], self.params['b%d' % L])
        if mode == 'test':
            return scores
        loss, dout = softmax_loss(scores, y)
        for l in range(1, L + 1):
            W = self.params['W%d' % l]
            loss += 0.5 * self.reg * np.sum(W * W)
        grads = {}
        dh, dw, grads['b%d' % L] = affine_backward(dout, last_cache)
        grads['W%d' % L] = dw + self.reg * self.params['W%d' % L]
        for l in range(L - 1, 0, -1):
            affine_cache, bn_cache, relu_cache, mask = caches[l - 1]
            da = relu_backward(dropout_backward(dh, mask), relu_cache)
            if self.use_batchnorm:
                da, grads['gamma%d' % l], grads['beta%d' % l] = batchnorm_backward(da, bn_cache)
            dh, dw, grads['b%d' % l] = affine_backward(da, affine_cache)
            grads['W%d' % l] = dw + self.reg * self.params['W%d' % l]
        return loss, grads


# ---------------------------------------------------------------- optim.py

def sgd(w, dw, config):
    w -= config['learning_rate'] * dw
    return w, config


def sgd_momentum(w, dw, config):
    v = config.get('velocity', np.zeros_like(w))
    v = config['momentum'] * v - config['learning_rate'] * dw
    config['velocity'] = v
    return w + v, config


def rmsprop(w, dw, config):
    cache = config.get('cache', np.zeros_like(w))
    cache = config['decay_rate'] * cache + (1 - config['decay_rate']) * dw ** 2
    config['cache'] = cache
    return w - config['learning_rate'] * dw / (np.sqrt(cache) + config['epsilon']), config


def adam(w, dw, config):
    m = config.get('m', np.zeros_like(w))
    v = config.get('v', np.zeros_like(w))
    config['t'] = config.get('t', 0) + 1
    t = config['t']
    m = config['beta1'] * m + (1 - config['beta1']) * dw
    mt = m / (1 - config['beta1'] ** t)
    v = config['beta2'] * v + (1 - config['beta2']) * (dw ** 2)
    vt = v / (1 - config['beta2'] ** t)
    config['m'], config['v'] = m, v
    return w - config['learning_rate'] * mt / (np.sqrt(vt) + config['epsilon']), config


RULES = {'sgd': sgd, 'sgd_momentum': sgd_momentum, 'rmsprop': rmsprop, 'adam': adam}


# ---------------------------------------------------------------- solver.py

class Solver:
    """CS231n's Solver: minibatch steps, decay and accuracy checks at each epoch's end (and the first/last step)."""

    def __init__(self, model, data, update_rule, optim_config, lr_decay, batch_size, num_epochs,
                 num_train_samples, num_val_samples, num_iterations=None):
        self.model, self.data = model, data
        self.update_rule = RULES[update_rule]
        self.lr_decay, self.batch_size, self.num_epochs = lr_decay, batch_size, num_epochs
        self.num_train_samples, self.num_val_samples = num_train_samples, num_val_samples
        self.num_iterations = num_iterations
        self.optim_configs = {p: dict(optim_config) for p in model.params}
        self.loss_history, self.train_acc_history, self.val_acc_history = [], [], []

    def _step(self):
        n = self.data['X_train'].shape[0]
        mask = np.random.choice(n, self.batch_size)
        loss, grads = self.model.loss(self.data['X_train'][mask], self.data['y_train'][mask])
        self.loss_history.append(loss)
        for p, w in self.model.params.items():
            self.model.params[p], self.optim_configs[p] = self.update_rule(w, grads[p], self.optim_configs[p])

    def check_accuracy(self, X, y, num_samples=None, batch_size=100):
        n = X.shape[0]
        if num_samples is not None and n > num_samples:
            mask = np.random.choice(n, num_samples)
            n, X, y = num_samples, X[mask], y[mask]
        predictions = [np.argmax(self.model.loss(X[i:i + batch_size]), axis=1) for i in range(0, n, batch_size)]
        return float(np.mean(np.hstack(predictions) == y))

    def train(self):
        n = self.data['X_train'].shape[0]
        per_epoch = max(n // self.batch_size, 1)
        total = self.num_iterations or self.num_epochs * per_epoch
        for t in range(total):
            self._step()
            epoch_end = (t + 1) % per_epoch == 0
            if epoch_end:
                for c in self.optim_configs.values():
                    c['learning_rate'] *= self.lr_decay
            if t == 0 or t == total - 1 or epoch_end:
                self.train_acc_history.append(
                    self.check_accuracy(self.data['X_train'], self.data['y_train'], self.num_train_samples))
                self.val_acc_history.append(
                    self.check_accuracy(self.data['X_val'], self.data['y_val'], self.num_val_samples))


def run(config, iterations=None):
    """Trains `config` (an nndl-tui config dict, every key resolved) and returns its histories."""
    return run_loaded(config, load_data(config), iterations)


def run_loaded(config, data, iterations=None):
    """Trains `config` on `data` (what `load_data(config)` returns) and returns its histories."""
    m, s = config['model'], config['solver']
    if m['kind'] != 'fullyConnected':
        sys.exit('cs231n_reference.py: only model.kind fullyConnected is supported')
    if m.get('dtype', 'float64') != 'float64':
        sys.exit('cs231n_reference.py: only float64 is supported')
    np.random.seed(config.get('seed', 0))
    input_dim = int(np.prod(data['X_train'].shape[1:]))
    num_classes = config['data'].get('numClasses', 10) if config['data']['source'] == 'random' else 10
    model = FullyConnectedNet(m['hiddenDims'], input_dim, num_classes, m.get('dropout', 0), m.get('batchnorm', False),
                              m.get('reg', 0.0), m['weightScale'], m.get('dropoutSeed'), m.get('batchnormMomentum', 0.9),
                              m.get('batchnormEps', 1e-5))
    # A key left out takes solver.py's / optim.py's default, as nndl-tui's configs do.
    rule = s.get('updateRule', 'sgd')
    optim_config = {'learning_rate': s.get('learningRate', 1e-3 if rule == 'adam' else 1e-2),
                    'momentum': s.get('momentum', 0.9), 'decay_rate': s.get('decayRate', 0.99),
                    'beta1': s.get('beta1', 0.9), 'beta2': s.get('beta2', 0.999), 'epsilon': s.get('epsilon', 1e-8)}
    solver = Solver(model, data, rule, optim_config, s.get('lrDecay', 1.0), s.get('batchSize', 100),
                    s.get('numEpochs') or 10, s.get('numTrainSamples', 1000), s.get('numValSamples'),
                    iterations or s.get('numIterations'))
    solver.train()
    return {'loss': [float(x) for x in solver.loss_history], 'trainAccuracy': solver.train_acc_history,
            'valAccuracy': solver.val_acc_history}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help="nndl-tui's resolved config JSON (e.g. a checkpoint's 'config' entry)")
    parser.add_argument('--iterations', type=int, help='train this many iterations (overrides the config)')
    args = parser.parse_args()
    with open(args.config) as f:
        config = json.load(f)
    print(json.dumps(run(config, args.iterations)))


if __name__ == '__main__':
    main()
