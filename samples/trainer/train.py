#!/usr/bin/env python3
"""EdgeFlows reference trainer: logistic regression on CSV files, Python standard library only.

Reads every *.csv under the inputs folder (a header of feature names ending in `label`, then
rows of numbers with a 0/1 label), trains a deterministic logistic regression and writes
outputs/model.json and outputs/metrics.json.

Deterministic by construction: rows are sorted by their text, the train/test split is a hash
of each row (so a row lands on the same side in every run and whatever file it came in),
features are standardised with statistics of the training rows, and full-batch gradient
descent starts from zero weights for a fixed number of epochs. The same data gives the same
model.json, byte for byte.

    python3 train.py --inputs DIR --outputs DIR [--epochs 1000] [--learning-rate 0.1]
                     [--l2 0.001] [--test-percent 20] [--seed 42]

Folders default to $EDGEFLOWS_INPUTS / $EDGEFLOWS_OUTPUTS (set by the EdgeFlows job wrapper),
else /data/in and /data/out (the Docker image's mounts).
"""

import argparse
import hashlib
import json
import math
import operator
import os
import sys
import time

FORMAT = "edgeflows.logistic-regression.v1"
EPSILON = 1e-15  # probabilities are clipped this far from 0 and 1 in the log loss


def main(argv=None):
    args = parse_args(argv)
    started = time.monotonic()
    names, rows, labels, files = load(args.inputs)
    train, test = split(rows, labels, args.seed, args.test_percent)
    if not train[0] or not test[0]:
        fail("the split left no training or no test rows (%d rows in all)" % len(rows))
    mean, scale = fit_scaler(train[0])
    train_x = [standardise(r, mean, scale) for r in train[0]]
    weights, bias = fit(train_x, train[1], args.epochs, args.learning_rate, args.l2)
    test_p = [predict(weights, bias, standardise(r, mean, scale)) for r in test[0]]
    train_p = [predict(weights, bias, r) for r in train_x]
    seconds = time.monotonic() - started

    model = {
        "format": FORMAT,
        "featureNames": names,
        "scaler": {"mean": mean, "scale": scale},
        "weights": weights,
        "bias": bias,
        "threshold": 0.5,
        "settings": {"epochs": args.epochs, "learningRate": args.learning_rate, "l2": args.l2,
                     "testPercent": args.test_percent, "seed": args.seed},
        "data": {"files": files, "rows": len(rows)},
    }
    metrics = evaluate(test[1], test_p)
    metrics.update({"rows": len(rows), "trainRows": len(train[0]), "testRows": len(test[0]),
                    "trainAccuracy": evaluate(train[1], train_p)["accuracy"], "trainingSeconds": round(seconds, 3)})
    os.makedirs(args.outputs, exist_ok=True)
    write_json(os.path.join(args.outputs, "model.json"), model)
    write_json(os.path.join(args.outputs, "metrics.json"), metrics)
    print("trained on %d rows, tested on %d: accuracy %.4f, auc %.4f, f1 %.4f, log loss %.4f (%.2f s)"
          % (len(train[0]), len(test[0]), metrics["accuracy"], metrics["auc"], metrics["f1"], metrics["logLoss"], seconds))
    return 0


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Train the EdgeFlows reference model.")
    parser.add_argument("--inputs", default=os.environ.get("EDGEFLOWS_INPUTS", "/data/in"))
    parser.add_argument("--outputs", default=os.environ.get("EDGEFLOWS_OUTPUTS", "/data/out"))
    parser.add_argument("--epochs", type=int, default=1000)
    parser.add_argument("--learning-rate", type=float, default=0.1)
    parser.add_argument("--l2", type=float, default=0.001)
    parser.add_argument("--test-percent", type=int, default=20)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    if args.epochs < 1 or args.learning_rate <= 0 or args.l2 < 0 or not 0 < args.test_percent < 100:
        parser.error("epochs >= 1, learning rate > 0, l2 >= 0 and 0 < test percent < 100")
    return args


def fail(message):
    sys.stderr.write("train.py: %s\n" % message)
    sys.exit(2)


def load(folder):
    """Every CSV under folder (sorted by path): the feature names, rows, labels, and per-file sha256."""
    paths = sorted(os.path.join(d, f) for d, _, fs in os.walk(folder) for f in fs if f.lower().endswith(".csv"))
    if not paths:
        fail("no .csv file under %s" % folder)
    header, lines, files = None, set(), []
    for path in paths:
        with open(path, "rb") as f:
            data = f.read()
        files.append({"name": os.path.relpath(path, folder), "sha256": hashlib.sha256(data).hexdigest()})
        text = data.decode("utf-8-sig").splitlines()
        if not text:
            continue
        if header is None:
            header = text[0].strip()
        elif text[0].strip() != header:
            fail("%s has another header than the first file" % path)
        lines.update(l.strip() for l in text[1:] if l.strip())  # a row sent twice counts once
    names = header.split(",")
    if len(names) < 2 or names[-1] != "label":
        fail("the header must list feature columns and end with 'label'")
    rows, labels = [], []
    for line in sorted(lines):  # sorted: the same rows in any files give the same order
        cells = line.split(",")
        if len(cells) != len(names) or cells[-1] not in ("0", "1"):
            fail("bad row (want %d numbers and a 0/1 label): %s" % (len(names) - 1, line[:80]))
        rows.append([float(c) for c in cells[:-1]])
        labels.append(int(cells[-1]))
    return names[:-1], rows, labels, files


def split(rows, labels, seed, test_percent):
    train, test = ([], []), ([], [])
    for row, label in zip(rows, labels):
        digest = hashlib.sha256(("%d:%r" % (seed, row)).encode()).hexdigest()
        side = test if int(digest[:8], 16) % 100 < test_percent else train
        side[0].append(row)
        side[1].append(label)
    return train, test


def fit_scaler(rows):
    n = len(rows)
    mean = [sum(column) / n for column in zip(*rows)]
    scale = []
    for column, m in zip(zip(*rows), mean):
        std = math.sqrt(sum((v - m) ** 2 for v in column) / n)
        scale.append(std if std > 0 else 1.0)
    return mean, scale


def standardise(row, mean, scale):
    return [(v - m) / s for v, m, s in zip(row, mean, scale)]


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def predict(weights, bias, row):
    return sigmoid(bias + sum(map(operator.mul, weights, row)))


def fit(rows, labels, epochs, rate, l2):
    """Full-batch gradient descent from zero weights (L2 on the weights, not the bias)."""
    n, width = len(rows), len(rows[0])
    columns = [list(c) for c in zip(*rows)]
    weights, bias = [0.0] * width, 0.0
    for _ in range(epochs):
        errors = [predict(weights, bias, r) - y for r, y in zip(rows, labels)]
        for j in range(width):
            weights[j] -= rate * (sum(map(operator.mul, errors, columns[j])) / n + l2 * weights[j])
        bias -= rate * sum(errors) / n
    return weights, bias


def evaluate(labels, probabilities):
    tp = sum(1 for y, p in zip(labels, probabilities) if y == 1 and p >= 0.5)
    fp = sum(1 for y, p in zip(labels, probabilities) if y == 0 and p >= 0.5)
    tn = sum(1 for y, p in zip(labels, probabilities) if y == 0 and p < 0.5)
    fn = len(labels) - tp - fp - tn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    loss = -sum(math.log(min(max(p if y == 1 else 1 - p, EPSILON), 1.0)) for y, p in zip(labels, probabilities)) / len(labels)
    return {"accuracy": (tp + tn) / len(labels), "precision": precision, "recall": recall, "f1": f1,
            "auc": auc(labels, probabilities), "logLoss": loss,
            "truePositives": tp, "falsePositives": fp, "trueNegatives": tn, "falseNegatives": fn}


def auc(labels, probabilities):
    """Area under the ROC curve from the ranks of the probabilities (ties share their mean rank)."""
    order = sorted(range(len(probabilities)), key=lambda i: probabilities[i])
    ranks = [0.0] * len(order)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and probabilities[order[j + 1]] == probabilities[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2.0 + 1
        i = j + 1
    positives = sum(labels)
    negatives = len(labels) - positives
    if positives == 0 or negatives == 0:
        return float("nan")
    rank_sum = sum(r for r, y in zip(ranks, labels) if y == 1)
    return (rank_sum - positives * (positives + 1) / 2.0) / (positives * negatives)


def write_json(path, data):
    temporary = path + ".tmp"
    with open(temporary, "w") as f:
        json.dump(data, f, indent=2, sort_keys=True)
        f.write("\n")
    os.replace(temporary, path)


if __name__ == "__main__":
    sys.exit(main())
