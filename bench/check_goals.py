#!/usr/bin/env python3
"""Checks benchmark results (a JSON array from run-all.sh) against issue 2's goals.

Prints one PASS/FAIL line per goal with the measured value; exits 1 if any goal is missed
or its scenario is missing from the results.
"""
import json
import sys


def find(results, scenario, arguments):
    for r in results:
        if r["scenario"] == scenario and r["arguments"] == arguments:
            return r
    return None


def main(path):
    results = json.load(open(path))
    seq1k = find(results, "sequence", "--activities 1000")
    seq4k = find(results, "sequence", "--activities 4000")
    fanout = find(results, "fanout", "--activities 10000")
    hello = find(results, "hello", "--orchestrations 5000")
    latency = find(results, "latency", "--orchestrations 500")
    idle = next((r for r in results if r["scenario"] == "idle"), None)

    def ratio():
        return seq4k["elapsedSeconds"] / seq1k["elapsedSeconds"]

    # (goal, needed results, measured value, passes)
    goals = [
        ("sequence 1000: >= 1,000 activities/s", [seq1k], lambda: seq1k["activitiesPerSecond"], lambda v: v >= 1000),
        ("sequence 4000: <= 4.5x the time of 1000", [seq1k, seq4k], ratio, lambda v: v <= 4.5),
        ("fanout 10000: >= 2,000 activities/s", [fanout], lambda: fanout["activitiesPerSecond"], lambda v: v >= 2000),
        ("hello 5000: >= 500 orchestrations/s", [hello], lambda: hello["orchestrationsPerSecond"], lambda v: v >= 500),
        ("hello 5000: peak working set <= 300 MB", [hello], lambda: hello["peakWorkingSetMb"], lambda v: v <= 300),
        ("latency 500: start->first activity p50 <= 5 ms", [latency], lambda: latency["p50Ms"], lambda v: v <= 5),
        ("latency 500: start->first activity p99 <= 25 ms", [latency], lambda: latency["p99Ms"], lambda v: v <= 25),
        ("idle: < 1 s CPU per minute", [idle], lambda: idle["cpuSecondsPerMinute"], lambda v: v < 1),
    ]
    failed = 0
    for name, needed, measure, passes in goals:
        if any(r is None for r in needed):
            print(f"FAIL  {name}: not measured")
            failed += 1
            continue
        value = measure()
        ok = passes(value)
        failed += not ok
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {value:,.3f}")
    loads = [r.get("loadAverageAtStart") for r in results if r.get("loadAverageAtStart") is not None]
    if loads:
        print(f"(load average at the start of each scenario: {', '.join(f'{l:.2f}' for l in loads)} on {results[0]['processors']} cores)")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: check_goals.py RESULTS.json")
    sys.exit(main(sys.argv[1]))
