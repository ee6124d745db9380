"""The detached process that runs a job: download inputs, run the command, upload outputs.

It runs in its own session (it survives the ssh connection and EdgeFlows), records every phase
in state.json, and stops the command's process group on cancel (SIGTERM from the cancel
command or a cancel.json) or when the job's maximum duration is over: SIGTERM, then SIGKILL
after the grace period.
"""

import datetime
import os
import shlex
import signal
import subprocess
import sys
import time

from ef_state import Refused, Stop, kill_group, now_iso, proc_start_ticks, read_json, read_state, redact, remove_spec, write_json_atomic
from ef_transfer import download_inputs, upload_outputs

POLL = 0.2  # seconds between checks while the command runs


class Job(object):
    def __init__(self, jobdir):
        self.dir = jobdir
        self.state_path = os.path.join(jobdir, "state.json")
        self.state = read_state(jobdir)
        self.spec = read_json(os.path.join(jobdir, "spec.json"))
        self.log = open(os.path.join(jobdir, "log.txt"), "ab", buffering=0)
        self.stop_reason = None
        self.deadline = None

    def save(self, **changes):
        self.state.update(changes)
        write_json_atomic(self.state_path, self.state)

    def say(self, message):
        line = "[edgeflows %s] %s\n" % (datetime.datetime.now(datetime.timezone.utc).strftime("%H:%M:%S"), redact(message))
        self.log.write(line.encode("utf-8"))

    def check_stop(self):
        if self.stop_reason is None and os.path.exists(os.path.join(self.dir, "cancel.json")):
            self.stop_reason = (read_json(os.path.join(self.dir, "cancel.json")) or {}).get("reason", "cancelled on request")
        if self.stop_reason is None and _terminated:
            self.stop_reason = "the job wrapper received SIGTERM (is the target shutting down?)"
        if self.stop_reason is None and time.monotonic() >= self.deadline:
            self.stop_reason = "exceeded its maximum duration of %s s" % fmt_seconds(self.spec["maxDurationSeconds"])
        return self.stop_reason

    def raise_if_stopped(self):
        if self.check_stop():
            raise Stop(self.stop_reason)

    def placeholders(self, text):
        for key, sub in (("{inputs}", "inputs"), ("{outputs}", "outputs"), ("{code}", "code")):
            text = text.replace(key, os.path.join(self.dir, sub))
        return text.replace("{job}", self.dir)


def fmt_seconds(value):
    return ("%g" % value) if value is not None else "?"


_terminated = []


def _on_term(signum, frame):
    _terminated.append(signum)  # acted on by Job.check_stop, between steps


def cmd_run(jobdir):
    # Handlers first: a cancel that comes early must not kill the wrapper before state says why.
    signal.signal(signal.SIGTERM, _on_term)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Wait for the starter's go-ahead: it comes only once the job folder has its final name.
    if sys.stdin.buffer.read() != b"go":
        return
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    job = Job(jobdir)
    job.deadline = time.monotonic() + float(job.spec["maxDurationSeconds"])
    job.save(phase="Downloading", pid=os.getpid(), pidStart=proc_start_ticks(os.getpid()), startedAt=now_iso())
    try:
        download_inputs(job)
        exit_code = run_command(job)
        if job.stop_reason:
            raise Stop(job.stop_reason)
        if exit_code != 0:
            job.say("the command exited with code %d" % exit_code)
            finish(job, "Failed", "the command exited with code %d" % exit_code)
            return
        job.save(phase="Uploading")
        upload_outputs(job)
        job.say("job succeeded")
        finish(job, "Succeeded", None)
    except Stop as stop:
        job.say("job cancelled: %s" % stop)
        finish(job, "Cancelled", str(stop))
    except Refused as refused:
        job.say(str(refused))
        finish(job, "Failed", str(refused))
    except Exception as error:  # anything else still ends the job with a readable reason
        message = "%s: %s" % (type(error).__name__, error)
        job.say("job wrapper failed: " + message)
        finish(job, "Failed", "job wrapper failed: " + message)


def finish(job, phase, error):
    remove_spec(job.dir)
    job.save(phase=phase, finishedAt=now_iso(), error=redact(error) if error else None)


def run_command(job):
    spec = job.spec
    argv = [job.placeholders(a) for a in spec["command"]]
    env = dict(os.environ)
    for key, value in spec.get("environment", {}).items():
        env[key] = job.placeholders(value)
    env.update({"EDGEFLOWS_JOB_ID": job.state["jobId"], "EDGEFLOWS_JOB": job.dir,
                "EDGEFLOWS_INPUTS": os.path.join(job.dir, "inputs"), "EDGEFLOWS_OUTPUTS": os.path.join(job.dir, "outputs"),
                "EDGEFLOWS_CODE": os.path.join(job.dir, "code")})
    for item in spec.get("outputs", []):  # so the command can write outputs/a/b.json as it is
        os.makedirs(os.path.dirname(os.path.join(job.dir, "outputs", item["name"])), exist_ok=True)
    job.raise_if_stopped()
    job.say("running %s" % " ".join(shlex.quote(a) for a in argv))
    started = time.monotonic()
    try:
        proc = subprocess.Popen(argv, cwd=job.dir, env=env, stdin=subprocess.DEVNULL, stdout=job.log,
                                stderr=subprocess.STDOUT, close_fds=True, start_new_session=True)
    except OSError as error:
        job.say("the command could not start: %s" % error)
        job.save(exitCode=127, trainingSeconds=0.0)
        return 127
    job.save(phase="Running", commandPid=proc.pid, commandPgid=proc.pid,
             commandStartedAt=now_iso(), commandStartedMonotonic=started)
    grace = float(spec.get("cancelGraceSeconds", 10))
    term_sent_at = None
    while True:
        try:
            code = proc.wait(timeout=POLL)
            break
        except subprocess.TimeoutExpired:
            pass
        if term_sent_at is None and job.check_stop():
            job.say("stopping the command (%s): SIGTERM" % job.stop_reason)
            kill_group(proc.pid, signal.SIGTERM)
            term_sent_at = time.monotonic()
        elif term_sent_at is not None and time.monotonic() - term_sent_at >= grace:
            job.say("the command outlived the %g s grace period: SIGKILL" % grace)
            kill_group(proc.pid, signal.SIGKILL)
            term_sent_at = float("inf")
    seconds = time.monotonic() - started
    if job.stop_reason or job.check_stop():
        kill_group(proc.pid, signal.SIGKILL)  # whatever of its group outlived it
    job.save(exitCode=code, trainingSeconds=seconds, commandFinishedAt=now_iso())
    return code
