#!/usr/bin/env python3
"""tests/warc.py: tiny WARC writer and reader for the shell tests.

  warc.py conv URI TEXT [FIELD=VALUE...]    one conversion record on stdout
  warc.py fail URI STAGE REASON             a metadata failure record
  warc.py page URI FILE [TYPE]              a resource record of FILE's bytes
                                            (TYPE: text/html)
  warc.py note URI FIELD=VALUE              a metadata record of that field
  warc.py types FILE                        the WARC-Type of each record
  warc.py texts FILE                        URI, a tab and the text (newlines
                                            as \\n) of each conversion record
"""
import gzip, sys, uuid

def record(fields, block):
    head = "WARC/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields)
    head += f"Content-Length: {len(block)}\r\n\r\n"
    return head.encode() + block + b"\r\n\r\n"

def base(kind, uri):
    return [("WARC-Type", kind), ("WARC-Record-ID", f"<urn:uuid:{uuid.uuid4()}>"),
            ("WARC-Date", "2026-03-04T05:06:07Z"), ("WARC-Target-URI", uri)]

def main():
    cmd = sys.argv[1]
    out = sys.stdout.buffer
    if cmd == "conv":
        uri, text = sys.argv[2], sys.argv[3].encode()
        fields = base("conversion", uri) + [("Content-Type", "text/plain; charset=utf-8")]
        fields += [tuple(a.split("=", 1)) for a in sys.argv[4:]]
        out.write(record(fields, text))
    elif cmd == "page":
        uri, block = sys.argv[2], open(sys.argv[3], "rb").read()
        ctype = sys.argv[4] if len(sys.argv) > 4 else "text/html"
        out.write(record(base("resource", uri) + [("Content-Type", ctype)], block))
    elif cmd == "fail":
        uri, stage, reason = sys.argv[2:5]
        name = "Pith-Fetch-Error" if stage == "ingest" else "Pith-Clean-Error"
        fields = base("metadata", uri) + [("Content-Type", "application/warc-fields"), (name, reason)]
        out.write(record(fields, f"error: {reason}\r\n".encode()))
    elif cmd == "note":
        uri, (name, value) = sys.argv[2], sys.argv[3].split("=", 1)
        fields = base("metadata", uri) + [("Content-Type", "application/warc-fields"), (name, value)]
        out.write(record(fields, f"{name}: {value}\r\n".encode()))
    elif cmd == "types":
        data = open(sys.argv[2], "rb").read()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        for line in data.split(b"\r\n"):
            if line.startswith(b"WARC-Type: "):
                print(line[11:].decode())

def records(data):
    """(fields, block) of each record of a plain WARC."""
    while data.startswith(b"WARC/"):
        head, rest = data.split(b"\r\n\r\n", 1)
        fields = dict(l.split(b": ", 1) for l in head.split(b"\r\n")[1:])
        n = int(fields[b"Content-Length"])
        yield fields, rest[:n]
        data = rest[n + 4:]

def texts(path):
    for fields, block in records(open(path, "rb").read()):
        if fields.get(b"WARC-Type") == b"conversion":
            uri = fields.get(b"WARC-Target-URI", b"").decode()
            print(uri + "\t" + block.decode().replace("\n", "\\n"))

if sys.argv[1] == "texts":
    texts(sys.argv[2])
else:
    main()
