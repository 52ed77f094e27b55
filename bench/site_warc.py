#!/usr/bin/env python3
"""bench/site_warc.py: the scrapinghub pages as one WARC with their URLs,
so that clean can see which pages share a host (cross-document repetition).

  site_warc.py pack SHARED html|text   a WARC of resource records on stdout
  site_warc.py unpack SHARED WARC DIR  DIR/<id>.txt from clean's records
"""
import gzip, json, os, sys

def truth(shared):
    return json.load(open(f"{shared}/datasets/scrapinghub/ground-truth.json"))

def pack(shared, kind):
    out = sys.stdout.buffer
    for n, (page, gold) in enumerate(sorted(truth(shared).items())):
        if kind == "html":
            body = gzip.open(f"{shared}/datasets/scrapinghub/html/{page}.html.gz").read()
            ctype = "text/html"
        else:
            body = open(f"{shared}/datasets/scrapinghub-dumps/{page}.txt", "rb").read()
            ctype = "text/plain; charset=utf-8"
        head = (f"WARC/1.1\r\nWARC-Type: resource\r\n"
                f"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{n:012d}>\r\n"
                f"WARC-Date: 2026-01-01T00:00:00Z\r\nWARC-Target-URI: {gold['url']}\r\n"
                f"Content-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n")
        out.write(head.encode() + body + b"\r\n\r\n")

def unpack(shared, warc, folder):
    page_of = {gold["url"]: page for page, gold in truth(shared).items()}
    data = open(warc, "rb").read()
    os.makedirs(folder, exist_ok=True)
    while data.startswith(b"WARC/"):
        head, rest = data.split(b"\r\n\r\n", 1)
        fields = dict(l.split(b": ", 1) for l in head.split(b"\r\n")[1:])
        n = int(fields[b"Content-Length"])
        block, data = rest[:n], rest[n + 4:]
        if fields.get(b"WARC-Type") == b"conversion" and b"Pith-Part" not in fields:
            uri = fields[b"WARC-Target-URI"].decode()
            open(f"{folder}/{page_of[uri]}.txt", "wb").write(block + b"\n")

if sys.argv[1] == "pack":
    pack(sys.argv[2], sys.argv[3])
else:
    unpack(*sys.argv[2:5])
