"""Job folders and their state: atomic state.json, process liveness, the log's tail, redaction.

Shared by every wrapper command. A job's phase is final once Succeeded, Failed or Cancelled;
a non-final job whose wrapper process is gone is marked Failed by whoever notices it.
"""

import datetime
import json
import os
import re
import signal
import tempfile
import time

PROTOCOL = 1
FINAL = ("Succeeded", "Failed", "Cancelled")
JOB_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
SIG = re.compile(r"(?i)(sig=)[^&\s\"'<>]+")
DEAD_WRAPPER_AFTER = 60  # a Pending job with no live wrapper this long after creation has failed


class Refused(Exception):
    """An expected failure: reported as {"error": message}, exit code 3."""


class Stop(Exception):
    """The job was cancelled or ran out of time while downloading or uploading."""


def redact(text):
    return SIG.sub(r"\1REDACTED", str(text))


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).isoformat()


def parse_iso(value):
    if not value:
        return None
    return datetime.datetime.fromisoformat(value)


# ---------------------------------------------------------------- files and state

def job_dir(workroot, job_id):
    if not JOB_ID.match(job_id or ""):
        raise Refused("invalid job id")
    return os.path.join(resolve_root(workroot), "jobs", job_id)


def resolve_root(workroot):
    return os.path.abspath(os.path.expanduser(workroot))


def write_json_atomic(path, data, mode=0o644):
    folder = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    try:
        with os.fdopen(fd, "w") as f:
            json.dump(data, f, indent=1, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        return None


def read_state(jobdir):
    return read_json(os.path.join(jobdir, "state.json"))


def proc_start_ticks(pid):
    """The process's start time in clock ticks since boot, or None when it is gone (or a zombie)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            data = f.read()
    except FileNotFoundError:
        return None
    except OSError:
        data = None
    if data is None:
        try:
            os.kill(pid, 0)
            return -1
        except ProcessLookupError:
            return None
        except PermissionError:
            return -1
    fields = data[data.rindex(")") + 2:].split()
    if fields[0] in ("Z", "X"):
        return None
    return int(fields[19])


def alive(pid, ticks):
    if not pid:
        return False
    current = proc_start_ticks(pid)
    return current is not None and (ticks in (None, -1) or current in (-1, ticks))


def group_alive(pgid):
    if not pgid:
        return False
    try:
        os.killpg(pgid, 0)
        return True
    except (ProcessLookupError, PermissionError):
        return False


def kill_group(pgid, sig):
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def tail_lines(path, count, max_line):
    if count <= 0:
        return []
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            want = min(size, max(4096, count * (max_line + 1) * 4))
            f.seek(size - want)
            data = f.read(want)
    except FileNotFoundError:
        return []
    text = data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if want < size:
        lines = lines[1:]  # the first one is probably cut
    if lines and lines[-1] == "":
        lines.pop()
    out = []
    for line in lines[-count:]:
        line = redact(line)
        out.append(line if len(line) <= max_line else line[:max_line] + "\u2026")
    return out


# ---------------------------------------------------------------- status

def describe(jobdir, job_id, tail, max_line):
    """The job's status as printed to the runner, after checking that a live wrapper backs it."""
    state = read_state(jobdir)
    if state is None:
        if not os.path.isdir(jobdir):
            return {"jobId": job_id, "phase": "NotFound", "jobFolder": jobdir}
        state = {"jobId": job_id, "phase": "Failed", "error": "the job folder has no state.json"}
    if state.get("phase") not in FINAL and not alive(state.get("pid"), state.get("pidStart")):
        state = read_state(jobdir) or state  # it may have finished just now
        if state.get("phase") not in FINAL:
            created = parse_iso(state.get("createdAt"))
            age = (datetime.datetime.now(datetime.timezone.utc) - created).total_seconds() if created else DEAD_WRAPPER_AFTER
            if state.get("pid") or age >= DEAD_WRAPPER_AFTER:
                state = mark_wrapper_dead(jobdir, state)
    result = dict((k, state.get(k)) for k in (
        "jobId", "phase", "exitCode", "startedAt", "finishedAt", "trainingSeconds", "error", "cancelRequested"))
    result["jobId"] = job_id
    result["jobFolder"] = jobdir
    result["cancelRequested"] = bool(state.get("cancelRequested")) or os.path.exists(os.path.join(jobdir, "cancel.json"))
    started = parse_iso(state.get("startedAt"))
    if started:
        end = parse_iso(state.get("finishedAt")) or datetime.datetime.now(datetime.timezone.utc)
        result["elapsedSeconds"] = max(0.0, (end - started).total_seconds())
    if state.get("phase") == "Running" and state.get("commandStartedMonotonic") is not None:
        result["trainingSeconds"] = max(0.0, time.monotonic() - state["commandStartedMonotonic"])
    if result.get("error"):
        result["error"] = redact(result["error"])
    result["lastLogLines"] = tail_lines(os.path.join(jobdir, "log.txt"), tail, max_line)
    return result


def mark_wrapper_dead(jobdir, state):
    pgid = state.get("commandPgid")
    if pgid and group_alive(pgid):
        kill_group(pgid, signal.SIGKILL)  # nobody is left to upload its outputs
    state = dict(state)
    state["phase"] = "Failed"
    state["finishedAt"] = now_iso()
    state["error"] = "the job wrapper (pid %s) stopped before the job finished (was the target restarted or the process killed?)" % state.get("pid")
    write_json_atomic(os.path.join(jobdir, "state.json"), state)
    remove_spec(jobdir)
    return state


def remove_spec(jobdir):
    try:
        os.unlink(os.path.join(jobdir, "spec.json"))
    except FileNotFoundError:
        pass
