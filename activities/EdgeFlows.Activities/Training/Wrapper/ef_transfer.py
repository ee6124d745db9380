"""Downloads inputs from read SAS URLs and uploads outputs to write SAS URLs.

Plain HTTP with urllib: a GET per input; a PUT (x-ms-blob-type: BlockBlob) per output, or Put
Block + Put Block List above SINGLE_PUT_LIMIT. Transient failures are retried with back-off.
URLs carry a signature: messages name the file, never the URL, and are redacted anyway.
"""

import base64
import os
import time
import urllib.error
import urllib.parse
import urllib.request

from ef_state import Refused, redact

STORAGE_VERSION = "2019-07-07"
HTTP_TIMEOUT = 60            # seconds without progress before a transfer attempt fails
TRANSFER_ATTEMPTS = 4        # per file, with back-off 1, 2, 4 s between attempts
SINGLE_PUT_LIMIT = 64 << 20  # larger outputs go up in blocks
BLOCK_SIZE = 8 << 20
CHUNK = 1 << 20


def with_retries(job, what, action):
    delay = 1.0
    for attempt in range(1, TRANSFER_ATTEMPTS + 1):
        job.raise_if_stopped()
        try:
            return action()
        except urllib.error.HTTPError as error:
            reason = "HTTP %d %s" % (error.code, error.reason)
            transient = error.code >= 500 or error.code in (408, 429)
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = "%s: %s" % (type(error).__name__, getattr(error, "reason", error))
            transient = True
        if not transient or attempt == TRANSFER_ATTEMPTS:
            raise Refused("%s failed: %s" % (what, redact(reason)))
        job.say("%s failed (%s); attempt %d of %d in %g s" % (what, redact(reason), attempt + 1, TRANSFER_ATTEMPTS, delay))
        time.sleep(delay)
        delay *= 2


def download_inputs(job):
    for item in job.spec.get("inputs", []):
        target = os.path.join(job.dir, "inputs", item["name"])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        total = with_retries(job, "downloading input '%s'" % item["name"], lambda: download(job, item["url"], target))
        job.say("downloaded input '%s' (%d bytes)" % (item["name"], total))


def download(job, url, target):
    partial = target + ".part"
    request = urllib.request.Request(url, headers={"x-ms-version": STORAGE_VERSION})
    with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response, open(partial, "wb") as out:
        expected = response.headers.get("Content-Length")
        total = 0
        while True:
            job.raise_if_stopped()
            chunk = response.read(CHUNK)
            if not chunk:
                break
            out.write(chunk)
            total += len(chunk)
    if expected is not None and int(expected) != total:
        raise ValueError("the download ended after %d of %s bytes" % (total, expected))
    os.replace(partial, target)
    return total


def upload_outputs(job):
    for item in job.spec.get("outputs", []):
        source = os.path.join(job.dir, "outputs", item["name"])
        if not os.path.isfile(source):
            raise Refused("the command did not write output '%s' (expected at outputs/%s)" % (item["name"], item["name"]))
        size = os.path.getsize(source)
        with_retries(job, "uploading output '%s'" % item["name"], lambda: upload(job, item["url"], source, size))
        job.say("uploaded output '%s' (%d bytes)" % (item["name"], size))


def content_type(path):
    return "application/json" if path.endswith(".json") else "application/octet-stream"


def put(url, body, length, headers):
    headers = dict(headers, **{"x-ms-version": STORAGE_VERSION, "Content-Length": str(length)})
    request = urllib.request.Request(url, data=body, method="PUT", headers=headers)
    with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:
        response.read()


def upload(job, url, source, size):
    if size <= SINGLE_PUT_LIMIT:
        with open(source, "rb") as f:
            put(url, f, size, {"x-ms-blob-type": "BlockBlob", "Content-Type": content_type(source)})
        return
    ids = []
    with open(source, "rb") as f:
        index = 0
        while True:
            job.raise_if_stopped()
            block = f.read(BLOCK_SIZE)
            if not block:
                break
            block_id = base64.b64encode(("%08d" % index).encode()).decode()
            put(url + "&comp=block&blockid=" + urllib.parse.quote(block_id, safe=""), block, len(block), {})
            ids.append(block_id)
            index += 1
    body = ('<?xml version="1.0" encoding="utf-8"?><BlockList>%s</BlockList>'
            % "".join("<Latest>%s</Latest>" % i for i in ids)).encode()
    put(url + "&comp=blocklist", body, len(body), {"x-ms-blob-content-type": content_type(source)})
