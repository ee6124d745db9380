#!/usr/bin/env python3
"""Scores rows with a model.json written by train.py. Python standard library only.

The entrypoint of the model image EdgeFlows builds: a small HTTP server.

    python3 score.py serve [--model PATH] [--host 0.0.0.0] [--port 8080]
        GET  /healthz  -> {"status": "ok", "format": ..., "features": N}
        POST /score    {"rows": [{"mean_radius": 17.99, ...}, ...]}   (by feature name)
                    or {"instances": [[17.99, 10.38, ...], ...]}      (in featureNames order)
                    -> {"probabilities": [...], "labels": [...]}

    python3 score.py batch [--model PATH] [--input rows.csv]
        reads CSV with a header (columns matched by name; others, like label, ignored) and
        prints "probability,label" per row.

The model path defaults to $MODEL_PATH, else /app/model/model.json.
"""

import argparse
import csv
import json
import math
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FORMAT = "edgeflows.logistic-regression.v1"
MAX_BODY = 16 << 20


class Model(object):
    def __init__(self, path):
        with open(path) as f:
            data = json.load(f)
        if data.get("format") != FORMAT:
            raise ValueError("%s is not a %s model" % (path, FORMAT))
        self.names = data["featureNames"]
        self.mean = data["scaler"]["mean"]
        self.scale = data["scaler"]["scale"]
        self.weights = data["weights"]
        self.bias = data["bias"]
        self.threshold = data.get("threshold", 0.5)

    def probability(self, values):
        if len(values) != len(self.names):
            raise ValueError("a row needs %d values, not %d" % (len(self.names), len(values)))
        z = self.bias + sum(w * (float(v) - m) / s for w, v, m, s in zip(self.weights, values, self.mean, self.scale))
        return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))

    def by_name(self, row):
        missing = [n for n in self.names if n not in row]
        if missing:
            raise ValueError("missing features: %s" % ", ".join(missing[:5]))
        return [row[n] for n in self.names]

    def score(self, rows):
        probabilities = [self.probability(r) for r in rows]
        return {"probabilities": probabilities, "labels": [1 if p >= self.threshold else 0 for p in probabilities]}


def serve(model, host, port):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/healthz":
                self.reply(200, {"status": "ok", "format": FORMAT, "features": len(model.names)})
            else:
                self.reply(404, {"error": "not found"})

        def do_POST(self):
            if self.path != "/score":
                return self.reply(404, {"error": "not found"})
            try:
                raw = self.body()
                if raw is None:
                    return self.reply(413, {"error": "body larger than %d bytes" % MAX_BODY})
                body = json.loads(raw or b"{}")
                rows = [model.by_name(r) for r in body["rows"]] if "rows" in body else body["instances"]
                self.reply(200, model.score(rows))
            except (KeyError, ValueError, TypeError) as error:
                self.reply(400, {"error": str(error) or "expected {\"rows\": [...]} or {\"instances\": [...]}"})

        def body(self):
            """The request body (Content-Length or chunked), or None when it is too large."""
            if self.headers.get("Transfer-Encoding", "").lower() != "chunked":
                length = int(self.headers.get("Content-Length", "0"))
                return None if length > MAX_BODY else self.rfile.read(length)
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0 or len(data) + size > MAX_BODY:
                    self.rfile.readline()
                    return data if size == 0 else None
                data += self.rfile.read(size)
                self.rfile.readline()

        def reply(self, status, payload):
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, fmt, *args):
            sys.stderr.write("score.py: %s\n" % (fmt % args))

    server = ThreadingHTTPServer((host, port), Handler)
    sys.stderr.write("score.py: serving %s on http://%s:%d\n" % (FORMAT, host, server.server_address[1]))
    sys.stderr.flush()
    server.serve_forever()


def batch(model, source):
    reader = csv.DictReader(source)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["probability", "label"])
    for row in reader:
        p = model.probability(model.by_name(row))
        out.writerow(["%.6f" % p, 1 if p >= model.threshold else 0])


def main(argv=None):
    parser = argparse.ArgumentParser(description="Score rows with an EdgeFlows reference model.")
    parser.add_argument("mode", nargs="?", choices=("serve", "batch"), default="serve")
    parser.add_argument("--model", default=os.environ.get("MODEL_PATH", "/app/model/model.json"))
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")))
    parser.add_argument("--input", help="CSV to score in batch mode (default: stdin)")
    args = parser.parse_args(argv)
    model = Model(args.model)
    if args.mode == "serve":
        serve(model, args.host, args.port)
    elif args.input:
        with open(args.input, newline="") as f:
            batch(model, f)
    else:
        batch(model, sys.stdin)
    return 0


if __name__ == "__main__":
    sys.exit(main())
