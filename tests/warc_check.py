#!/usr/bin/env python3
"""tests/warc_check.py: an independent WARC reader for the tests.

    warc_check.py [--pith] FILE...

Reads each FILE (plain WARC, or .warc.gz with one gzip member per record)
with none of pith's code and checks every record:

  - framing: a "WARC/1.0" or "WARC/1.1" line, "Name: value" lines (a name
    is a token), a blank line, Content-Length bytes of block, CRLF CRLF;
    in a gzip file each member holds one whole record;
  - WARC-Type, WARC-Record-ID and WARC-Date present; the record id is
    "<" URI ">" and unique in the file; the date ISO 8601 in UTC;
  - WARC-Block-Digest over the block, and for a response record holding
    an HTTP message, WARC-Payload-Digest over the bytes after its header
    (sha1, sha256 or md5; base32 or hexadecimal);
  - in a WARC/1.1 record, WARC-Target-URI without angle brackets.

--pith: what pith writes, besides: every record has a WARC-Block-Digest,
and every HTTP response record a WARC-Payload-Digest.

Prints "FILE: N records, D digests checked" when all is well, else one
line a problem ("FILE: offset O: what"); exits 1 when any was found.
"""
import base64
import hashlib
import re
import sys
import zlib

TOKEN = re.compile(rb"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
RECORD_ID = re.compile(r"^<[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]+>$")
DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


class Bad(Exception):
    pass


def members(data):
    """(offset, bytes) of each gzip member, or of the whole plain file."""
    if data[:2] != b"\x1f\x8b":
        yield 0, data
        return
    at = 0
    while at < len(data):
        z = zlib.decompressobj(31)
        try:
            out = z.decompress(data[at:]) + z.flush()
        except zlib.error as e:
            raise Bad("offset %d: corrupt gzip member: %s" % (at, e))
        if not z.eof:
            raise Bad("offset %d: gzip member cut short" % at)
        yield at, out
        at = len(data) - len(z.unused_data)


def digest_ok(value, data):
    """Whether "algo:value" is data's digest; None if the algorithm is
    not one this checker knows."""
    algo, _, given = value.partition(":")
    h = {"sha1": hashlib.sha1, "sha256": hashlib.sha256,
         "md5": hashlib.md5}.get(algo.lower())
    if h is None:
        return None
    raw = h(data).digest()
    return given in (base64.b32encode(raw).decode(), raw.hex(),
                     raw.hex().upper())


def header(data, at):
    """The version, the fields (name, value) and the offset of the block."""
    end = data.find(b"\r\n\r\n", at)
    if end < 0:
        raise Bad("no blank line after the header")
    lines = data[at:end].split(b"\r\n")
    if lines[0] not in (b"WARC/1.0", b"WARC/1.1"):
        raise Bad("version line %r" % lines[0][:20])
    fields = []
    for line in lines[1:]:
        name, colon, value = line.partition(b":")
        if not colon or not TOKEN.match(name):
            raise Bad("field line %r" % line[:40])
        fields.append((name.decode().lower(), value.strip().decode("utf-8",
                                                                   "replace")))
    return lines[0].decode(), fields, end + 4


def check_digests(f, block, pith):
    """Checks the digests; how many were checked."""
    n = 0
    if "warc-block-digest" in f:
        if digest_ok(f["warc-block-digest"], block) is False:
            raise Bad("WARC-Block-Digest does not match the block")
        n += 1
    elif pith:
        raise Bad("no WARC-Block-Digest")
    http = (f.get("warc-type") == "response" and
            f.get("content-type", "").startswith("application/http"))
    if not http:
        return n
    end = block.find(b"\r\n\r\n")
    if end < 0:
        raise Bad("an HTTP response without the end of its header")
    if "warc-payload-digest" in f:
        if digest_ok(f["warc-payload-digest"], block[end + 4:]) is False:
            raise Bad("WARC-Payload-Digest does not match the payload")
        n += 1
    elif pith:
        raise Bad("no WARC-Payload-Digest")
    return n


def check_record(data, at, ids, pith):
    """One record at data[at:]; (where the next starts, digests checked)."""
    version, fields, start = header(data, at)
    f = dict(fields)
    for name in ("WARC-Type", "WARC-Record-ID", "WARC-Date",
                 "Content-Length"):
        if name.lower() not in f:
            raise Bad("no %s" % name)
    if not f["content-length"].isdigit():
        raise Bad("Content-Length %r" % f["content-length"])
    if not RECORD_ID.match(f["warc-record-id"]):
        raise Bad("WARC-Record-ID %r is not <URI>" % f["warc-record-id"])
    if f["warc-record-id"] in ids:
        raise Bad("WARC-Record-ID %s twice" % f["warc-record-id"])
    ids.add(f["warc-record-id"])
    if not DATE.match(f["warc-date"]):
        raise Bad("WARC-Date %r" % f["warc-date"])
    uri = f.get("warc-target-uri", "")
    if version == "WARC/1.1" and uri.startswith("<"):
        raise Bad("WARC/1.1 WARC-Target-URI in angle brackets: %s" % uri)
    end = start + int(f["content-length"])
    if end > len(data):
        raise Bad("block cut short: %d of %s bytes" % (len(data) - start,
                                                       f["content-length"]))
    if data[end:end + 4] != b"\r\n\r\n":
        raise Bad("no CRLF CRLF after the block")
    return end + 4, check_digests(f, data[start:end], pith)


def check(path, pith):
    ids = set()
    records = digests = 0
    problems = 0
    data = open(path, "rb").read()
    gzipped = data[:2] == b"\x1f\x8b"
    try:
        for base, member in members(data):
            at = 0
            while at < len(member):
                try:
                    at, n = check_record(member, at, ids, pith)
                except Bad as e:
                    print("%s: offset %d: %s" % (path, base + at, e))
                    problems += 1
                    break
                records += 1
                digests += n
                if gzipped and at != len(member):
                    print("%s: offset %d: a gzip member holds more than one "
                          "record" % (path, base))
                    problems += 1
                if gzipped:
                    break
    except Bad as e:
        print("%s: %s" % (path, e))
        problems += 1
    if problems == 0:
        print("%s: %d records, %d digests checked" % (path, records, digests))
    return problems


def main():
    args = sys.argv[1:]
    pith = "--pith" in args
    paths = [a for a in args if a != "--pith"]
    if not paths:
        sys.exit("usage: warc_check.py [--pith] FILE...")
    sys.exit(1 if sum(check(p, pith) for p in paths) else 0)


if __name__ == "__main__":
    main()
