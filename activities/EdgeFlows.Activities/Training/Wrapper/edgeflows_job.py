#!/usr/bin/env python3
"""EdgeFlows job wrapper: runs one training job in a folder on a training target.

Installed by EdgeFlows' training runners into WORKROOT/bin/job-wrapper-HASH/ (named by the
hash of its files, so an upgrade never changes the code of a job that is running). Python
3.7+, standard library only, so it runs on any Linux VM.

    start  WORKROOT JOBID TAIL MAXLINE   job spec (JSON) on stdin; starts the job detached,
                                         or finds the existing one; prints its status
    status WORKROOT JOBID TAIL MAXLINE   prints the job's status
    cancel WORKROOT JOBID TAIL MAXLINE WAIT
                                         cancels the job, waits until it stopped (at most
                                         WAIT seconds and the grace period + 5 s), prints it
    probe  WORKROOT                      prints what this machine offers
    run    JOBDIR                        (internal) the detached process that runs the job

A job folder WORKROOT/jobs/JOBID holds spec.json (0600: SAS URLs are secrets; deleted when
the job ends), state.json (written atomically), log.txt, inputs/, outputs/ and code/.
Every command prints one JSON object; a refusal prints {"error": ...} and exits 3.
SAS signatures (sig=...) never reach state.json, log.txt or anything printed.
"""

import json
import os
import sys

sys.dont_write_bytecode = True  # the installed folder stays exactly what its hash names
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ef_state import Refused, describe, job_dir, redact  # noqa: E402

USAGE = "usage: edgeflows_job.py start|status WORKROOT JOBID TAIL MAXLINE | cancel WORKROOT JOBID TAIL MAXLINE WAIT | probe WORKROOT"


def dispatch(argv):
    if len(argv) == 6 and argv[1] in ("start", "status"):
        workroot, job_id, tail, max_line = argv[2], argv[3], int(argv[4]), int(argv[5])
        if argv[1] == "status":
            return describe(job_dir(workroot, job_id), job_id, tail, max_line)
        from ef_control import cmd_start
        return cmd_start(workroot, job_id, tail, max_line)
    if len(argv) == 7 and argv[1] == "cancel":
        from ef_control import cmd_cancel
        return cmd_cancel(argv[2], argv[3], int(argv[4]), int(argv[5]), float(argv[6]))
    if len(argv) == 3 and argv[1] == "probe":
        from ef_probe import cmd_probe
        return cmd_probe(argv[2])
    raise Refused(USAGE)


def main(argv):
    if len(argv) == 3 and argv[1] == "run":
        from ef_run import cmd_run
        cmd_run(argv[2])
        return 0
    try:
        result, code = dispatch(argv), 0
    except Refused as refused:
        result, code = {"error": redact(refused)}, 3
    except OSError as error:
        result, code = {"error": redact("%s: %s" % (error.strerror or type(error).__name__, error.filename or ""))}, 3
    sys.stdout.write(json.dumps(result) + "\n")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
