"""Starting and cancelling a job: the commands the runner calls, which return at once.

Start is idempotent: the job folder is prepared under a temporary name and renamed into place,
and the rename either creates the whole job or fails because it exists, so two starts never
both run. The detached wrapper waits for a go-ahead that comes only after the rename.
"""

import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from ef_state import (FINAL, PROTOCOL, Refused, alive, describe, job_dir, now_iso, proc_start_ticks,
                      read_json, read_state, write_json_atomic)

MAIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "edgeflows_job.py")


def cmd_start(workroot, job_id, tail, max_line):
    jobdir = job_dir(workroot, job_id)
    envelope = json.loads(sys.stdin.buffer.read().decode("utf-8"))  # read fully before anything is created
    if envelope.get("protocol") != PROTOCOL:
        raise Refused("the runner speaks protocol %r, this wrapper %d" % (envelope.get("protocol"), PROTOCOL))
    if os.path.isdir(jobdir):
        return describe(jobdir, job_id, tail, max_line)
    jobs = os.path.dirname(jobdir)
    os.makedirs(jobs, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".new-%s-" % job_id, dir=jobs)
    os.chmod(staging, 0o755)
    child = None
    try:
        for sub in ("inputs", "outputs", "code"):
            os.mkdir(os.path.join(staging, sub))
        for item in envelope.get("codeFiles", []):
            name = item["name"]
            if "/" in name or name in ("", ".", ".."):
                raise Refused("invalid code file name")
            with open(os.path.join(staging, "code", name), "wb") as f:
                f.write(base64.b64decode(item["base64"]))
        spec = envelope["spec"]
        spec_fd = os.open(os.path.join(staging, "spec.json"), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(spec_fd, "w") as f:
            json.dump(spec, f)
        open(os.path.join(staging, "log.txt"), "ab").close()
        child = subprocess.Popen(
            [sys.executable, MAIN, "run", jobdir],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            close_fds=True, start_new_session=True, cwd="/")
        write_json_atomic(os.path.join(staging, "state.json"), {
            "jobId": job_id, "phase": "Pending", "pid": child.pid, "pidStart": proc_start_ticks(child.pid),
            "createdAt": now_iso(), "maxDurationSeconds": spec.get("maxDurationSeconds"), "wrapper": os.path.basename(os.path.dirname(MAIN))})
        try:
            os.rename(staging, jobdir)
        except OSError:
            if not os.path.isdir(jobdir):
                raise
            child.stdin.close()  # no go-ahead: the child exits without touching anything
            child.wait()
            child = None
            shutil.rmtree(staging, ignore_errors=True)
            return describe(jobdir, job_id, tail, max_line)
        child.stdin.write(b"go")
        child.stdin.close()
        child = None
    except BaseException:
        if child is not None:
            child.stdin.close()
            child.wait()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return describe(jobdir, job_id, tail, max_line)


def cmd_cancel(workroot, job_id, tail, max_line, wait):
    jobdir = job_dir(workroot, job_id)
    status = describe(jobdir, job_id, tail, max_line)
    if status["phase"] in FINAL or status["phase"] == "NotFound":
        return status
    state = read_state(jobdir)
    cancel_path = os.path.join(jobdir, "cancel.json")
    if not os.path.exists(cancel_path):
        write_json_atomic(cancel_path, {"reason": "cancelled on request", "requestedAt": now_iso()})
    grace = float((read_json(os.path.join(jobdir, "spec.json")) or {}).get("cancelGraceSeconds", 10))
    pid = state.get("pid")
    if alive(pid, state.get("pidStart")):
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + min(grace + 5, wait)
    while time.monotonic() < deadline:
        status = describe(jobdir, job_id, tail, max_line)
        if status["phase"] in FINAL:
            break
        time.sleep(0.1)
    return status
