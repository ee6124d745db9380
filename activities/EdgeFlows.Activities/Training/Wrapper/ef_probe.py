"""What a machine offers for training: OS, free disk under the work root, memory, CPUs
(cgroup quota included), GPUs from nvidia-smi, docker or podman, and jobs still running.
"""

import os
import platform
import shutil
import subprocess

from ef_state import FINAL, JOB_ID, alive, now_iso, read_state, resolve_root


def cmd_probe(workroot):
    root = resolve_root(workroot)
    report = {"pythonVersion": platform.python_version(), "probedAt": now_iso(), "os": os_name()}
    try:
        os.makedirs(os.path.join(root, "jobs"), exist_ok=True)
        if not os.access(os.path.join(root, "jobs"), os.W_OK):
            report["error"] = "the work root %s is not writable" % root
    except OSError as error:
        report["error"] = "the work root %s cannot be created: %s" % (root, error.strerror)
    existing = root
    while not os.path.exists(existing):
        existing = os.path.dirname(existing)
    disk = os.statvfs(existing)
    report["freeDiskBytes"] = disk.f_bavail * disk.f_frsize
    report.update(memory())
    report["cpuCount"] = cpu_count()
    report["gpus"] = gpus()
    report["containerRuntime"] = container_runtime()
    report["runningJobs"] = running_jobs(os.path.join(root, "jobs"))
    return report


def os_name():
    pretty = None
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    pretty = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    kernel = "%s %s %s" % (platform.system(), platform.release(), platform.machine())
    return "%s (%s)" % (pretty, kernel) if pretty else kernel


def memory():
    values = {}
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                key, rest = line.split(":", 1)
                values[key] = int(rest.split()[0]) * 1024
        return {"memoryTotalBytes": values.get("MemTotal"), "memoryAvailableBytes": values.get("MemAvailable", values.get("MemFree"))}
    except (OSError, ValueError):
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        return {"memoryTotalBytes": pages, "memoryAvailableBytes": None}


def cpu_count():
    try:
        count = len(os.sched_getaffinity(0))
    except AttributeError:
        count = os.cpu_count() or 1
    try:  # a cgroup v2 CPU quota lowers what a job can use
        with open("/sys/fs/cgroup/cpu.max") as f:
            quota, period = f.read().split()
        if quota != "max":
            count = min(count, max(1, -(-int(quota) // int(period))))
    except (OSError, ValueError):
        pass
    return count


def run_quietly(argv, timeout):
    try:
        done = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def gpus():
    smi = shutil.which("nvidia-smi")
    if not smi:
        return []
    out = run_quietly([smi, "--query-gpu=name,memory.total,memory.used,driver_version", "--format=csv,noheader,nounits"], 20)
    found = []
    for line in (out or "").splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) >= 4:
            found.append({"name": parts[0], "memoryTotalBytes": mib(parts[1]), "memoryUsedBytes": mib(parts[2]), "driverVersion": parts[3]})
    return found


def mib(text):
    try:
        return int(float(text) * 1024 * 1024)
    except ValueError:
        return None


def container_runtime():
    for name in ("docker", "podman"):
        path = shutil.which(name)
        if path:
            version = run_quietly([path, "--version"], 10)
            return {"name": name, "path": path, "version": version.strip() if version else None}
    return None


def running_jobs(jobs):
    found = []
    try:
        names = sorted(os.listdir(jobs))
    except OSError:
        return found
    for name in names:
        if not JOB_ID.match(name):
            continue
        state = read_state(os.path.join(jobs, name))
        if state and state.get("phase") not in FINAL and alive(state.get("pid"), state.get("pidStart")):
            found.append(name)
    return found
