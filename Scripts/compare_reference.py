#!/usr/bin/env python3
"""Trains the same FullyConnectedNet runs with nndl-tui and with Scripts/cs231n_reference.py and prints, per update
rule (plain, with dropout, with batchnorm), the largest relative difference between the two loss histories and the
first iteration where they part by more than 1e-9.

    python3 Scripts/compare_reference.py [--binary PATH] [--data DIR] [--iterations N]
    python3 Scripts/compare_reference.py --data random --write-fixture Tests/NNDLTests/Fixtures/reference_histories.json

--data DIR (default $NNDL_CIFAR_DIR) trains on a small CIFAR-10 subset (the first 500 images, centred on their
mean; validation the next 100); --data random on nndl-tui's seeded Gaussian rows, which need no files.
--write-fixture stores the reference's histories for the random data (what `swift test` compares against).
NumPy only; nndl-tui must be built (default .build/release/nndl-tui, else .build/debug/nndl-tui).
"""
import argparse
import copy
import json
import os
import subprocess
import sys
import tempfile
import zipfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cs231n_reference  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULES = [('sgd', 1e-3), ('sgd_momentum', 1e-3), ('rmsprop', 1e-4), ('adam', 1e-3)]
VARIANTS = [('plain', {}), ('dropout', {'dropout': 0.25}), ('batchnorm', {'batchnorm': True}),
            ('dropout-seed', {'dropout': 0.25, 'dropoutSeed': 123})]


def base_config(data, iterations):
    """A small FullyConnectedNet run: [50, 40] hidden units, batch 50, `iterations` steps (two epochs' checks)."""
    if data == 'random':
        d = {'source': 'random', 'numTraining': 200, 'numValidation': 50, 'numTest': 0, 'inputDim': 60,
             'numClasses': 10}
        scale = 5e-2
    else:
        d = {'source': 'cifar10', 'dir': data, 'numTraining': 500, 'numValidation': 100, 'numTest': 0,
             'subtractMean': True, 'layout': 'chw'}
        scale = 1e-3
    return {'name': 'reference', 'seed': 0, 'data': d,
            'model': {'kind': 'fullyConnected', 'hiddenDims': [50, 40], 'weightScale': scale, 'reg': 0.05,
                      'dtype': 'float64', 'batchnorm': False, 'dropout': 0},
            'solver': {'updateRule': 'sgd', 'learningRate': 1e-3, 'lrDecay': 0.9, 'batchSize': 50,
                       'numIterations': iterations, 'numTrainSamples': 100, 'printEvery': 1000}}


def cases(data, iterations):
    """(name, config) for every rule and variant."""
    out = []
    for rule, rate in RULES:
        for variant, model in VARIANTS:
            c = copy.deepcopy(base_config(data, iterations))
            c['name'] = '%s-%s' % (rule, variant)
            c['solver'].update({'updateRule': rule, 'learningRate': rate})
            c['model'].update(model)
            out.append((c['name'], c))
    return out


def nndl(binary, config, workdir):
    """Trains `config` with nndl-tui; returns (the resolved config, the loss history) from its checkpoint."""
    path = os.path.join(workdir, config['name'] + '.json')
    with open(path, 'w') as f:
        json.dump(config, f)
    checkpoint = os.path.join(workdir, config['name'] + '.npz')
    done = subprocess.run([binary, 'train', '--headless', '--config', path, '--checkpoint', checkpoint],
                          cwd=workdir, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit('nndl-tui failed on %s: %s' % (config['name'], done.stderr.strip()))
    with zipfile.ZipFile(checkpoint) as z:
        def text(name):
            return str(np.load(z.open(name + '.npy')))
        return json.loads(text('config')), json.loads(text('state'))['history']


def parting(ours, theirs):
    """(largest relative difference, first iteration (1-based) with a difference above 1e-9, or None)."""
    a, b = np.array(ours), np.array(theirs)
    rel = np.abs(a - b) / np.maximum(np.abs(b), 1e-300)
    above = np.nonzero(rel > 1e-9)[0]
    return float(rel.max()), (int(above[0]) + 1 if len(above) else None)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--binary', help='the nndl-tui executable')
    parser.add_argument('--data', default=os.environ.get('NNDL_CIFAR_DIR'), help="CIFAR-10 binary folder, or 'random'")
    parser.add_argument('--iterations', type=int, default=40, help='iterations per run (default 40)')
    parser.add_argument('--write-fixture', help='write the reference histories (random data only) to this file')
    args = parser.parse_args()
    if not args.data:
        sys.exit('compare_reference.py: pass --data DIR (CIFAR-10 binary) or --data random')
    data = args.data if args.data == 'random' else os.path.abspath(args.data)
    binary = os.path.abspath(args.binary) if args.binary else next((p for p in [os.path.join(ROOT, '.build/release/nndl-tui'),
                                              os.path.join(ROOT, '.build/debug/nndl-tui')] if os.path.exists(p)), None)
    if binary is None and not args.write_fixture:
        sys.exit('compare_reference.py: build nndl-tui first (swift build -c release --product nndl-tui)')
    fixture = []
    worst = {}
    with tempfile.TemporaryDirectory() as workdir:
        for name, config in cases(data, args.iterations):
            reference = cs231n_reference.run(config)
            fixture.append({'name': name, 'config': config, 'loss': reference['loss'],
                            'trainAccuracy': reference['trainAccuracy'], 'valAccuracy': reference['valAccuracy']})
            if binary is None:
                continue
            _, history = nndl(binary, config, workdir)
            largest, first = parting(history['loss'], reference['loss'])
            same_checks = history['valAccuracy'] == reference['valAccuracy']
            print('%-24s largest relative difference %.3e  %s  accuracies %s' % (
                name, largest, 'parts from iteration %d' % first if first else 'within 1e-9 throughout',
                'equal' if same_checks else 'DIFFER'))
            rule = name.split('-')[0]
            worst[rule] = max(worst.get(rule, 0.0), largest)
    for rule, largest in worst.items():
        print('%-13s largest relative loss difference over its runs: %.3e' % (rule, largest))
    if args.write_fixture:
        if data != 'random':
            sys.exit('compare_reference.py: --write-fixture needs --data random (the suite has no CIFAR-10)')
        with open(args.write_fixture, 'w') as f:
            json.dump(fixture, f, indent=1)
            f.write('\n')
        print('wrote', args.write_fixture)
    if any(v > 1e-9 for v in worst.values()):
        sys.exit(1)


if __name__ == '__main__':
    main()
