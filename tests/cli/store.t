# store: archives, provenance, doc ids, formats, comments, failures,
# damaged input, output folders, write errors, options.
. "$PITH_TOP/tests/lib.sh"

# A small WARC writer: w.py TYPE URI TEXT [Field=Value ...].  TEXT @FILE
# reads the block from FILE.  A field given replaces the default of that
# name; Field= (empty) drops it.  BadDigest=1 writes a wrong block digest.
cat > w.py <<'PY'
import sys, uuid, base64, hashlib
kind, uri, text = sys.argv[1:4]
block = open(text[1:], "rb").read() if text.startswith("@") else text.encode()
f = {"WARC-Type": kind, "WARC-Record-ID": f"<urn:uuid:{uuid.uuid4()}>",
     "WARC-Date": "2026-03-04T05:06:07Z", "WARC-Target-URI": uri,
     "Content-Type": "text/plain; charset=utf-8",
     "WARC-Block-Digest": "sha1:" + base64.b32encode(hashlib.sha1(block).digest()).decode()}
for a in sys.argv[4:]:
    k, v = a.split("=", 1)
    if k == "BadDigest":
        f["WARC-Block-Digest"] = "sha1:" + "A" * 32
    elif v == "":
        f.pop(k, None)
    else:
        f[k] = v
head = "WARC/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in f.items())
head += f"Content-Length: {len(block)}\r\n\r\n"
sys.stdout.buffer.write(head.encode("utf-8", "surrogateescape") + block + b"\r\n\r\n")
PY
# r.py FILE: "TYPE RECORD-ID" per record of a .warc.gz (all members).
cat > r.py <<'PY'
import sys, gzip
data = gzip.open(sys.argv[1]).read()
while data:
    head, _, rest = data.partition(b"\r\n\r\n")
    f = dict(l.split(": ", 1) for l in head.decode().split("\r\n")[1:])
    n = int(f["Content-Length"])
    print(f["WARC-Type"], f.get("WARC-Record-ID", "-"))
    data = rest[n + 4:]
PY
w() { python3 w.py "$@"; }
# Files in a folder besides the catalog and its lock.
others() { ls -A "$1" | grep -v -e '^catalog\.sqlite' -e '^\.lock$' | wc -l | tr -d ' '; }
field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): d = d[k]
print(d)' "$@"; }
SRC1='<urn:uuid:00000000-0000-4000-8000-000000000001>'
CONV1='<urn:uuid:00000000-0000-4000-8000-0000000000c1>'

{ w conversion https://a.example/one "First article text." \
    WARC-Record-ID="$CONV1" WARC-Refers-To="$SRC1" \
    Pith-Source-URI=https://a.example/1 Pith-HTTP-Status=200 \
    Pith-Source-Content-Type="text/html; charset=iso-8859-1" \
    Pith-Charset-Declared=iso-8859-1 Pith-Charset-Detected=windows-1252 \
    Pith-Source-Payload-Digest=sha1:AAAABBBBCCCCDDDDEEEEFFFFGGGGHHHH Pith-Source-Bytes=5120 \
    Pith-Cleaner=pith-clean/0.1.0 Pith-Settings-Digest=sha1:SETTINGS Pith-Mode=html \
    Pith-Title=One Pith-Author="A. Writer" Pith-Published=2026-03-01 \
    Pith-Site-Name="A Site" WARC-Identified-Content-Language=en \
    Pith-Canonical-URL=https://a.example/one Pith-Description="About one"
  w conversion https://a.example/one "Nice post! -- a reader" Pith-Part=comments WARC-Refers-To="$SRC1"
  w warcinfo "" "software: test" WARC-Target-URI=
  w conversion https://a.example/two "Second article text.
With a second line."
  w metadata https://a.example/gone "error: HTTP status 404" Pith-Fetch-Error="HTTP status 404"
  w metadata https://a.example/bin "error: binary" Pith-Clean-Error="binary content"
} > in.warc

# ---- tar.gz: names, members, text, provenance ----
store -c /dev/null -o out --stats stats < in.warc > stdout 2> err; st=$?
is "$st" 1 "failures in the input: exit 1"
arch=$(ls out/pith-*.tar.gz 2>/dev/null)
like "$arch" '^out/pith-[0-9]{8}T[0-9]{6}Z-[0-9]+\.tar\.gz$' "one archive, named pith-YYYYMMDDTHHMMSSZ-PID.tar.gz"
is "$(others out)" 1 "nothing else in the folder (no temporary file)"
is "$(cat stdout)" "" "nothing on stdout"
like "$(cat err)" "failed items from earlier stages \(2\) are listed in the manifest of $arch" "exit 1 explained once, not per item"
is "$(head -n 1 stats)" "read=4 cleaned=2 stored=2 failed=2 empty=0 duplicate=0 near_duplicate=0 not_modified=0 disallowed=0 skipped=0 truncated=0 filtered=0 archive=${arch#out/}" "--stats line"
is "$(tail -n +2 stats)" "reason=1 HTTP status 404
reason=1 binary content" "--stats: a line per reason items failed"
bsdtar -tf "$arch" > members
is "$(grep -c '^[0-9a-f]\{20\}\.txt$' members)" 2 "two ID.txt"
is "$(grep -c '^[0-9a-f]\{20\}\.json$' members)" 2 "two ID.json"
is "$(grep -c '^[0-9a-f]\{20\}\.comments\.txt$' members)" 1 "one ID.comments.txt"
is "$(tail -n 1 members)" manifest.jsonl "manifest.jsonl last"
mkdir x && bsdtar -xf "$arch" -C x
one=$(grep -l '"One"' x/*.json); id1=$(basename "$one" .json)
two=$(grep -l 'a.example/two' x/*.json); id2=$(basename "$two" .json)
is "$(cat x/$id1.txt)" "First article text." "text stored exactly"
printf 'Second article text.\nWith a second line.' > want2
cmp -s want2 x/$id2.txt; ok $? "multi-line text byte for byte"
is "$(cat x/$id1.comments.txt)" "Nice post! -- a reader" "comments stored as ID.comments.txt beside their document"

python3 - "$one" "$arch" > prov <<'PY'
import json, sys, os
d = json.load(open(sys.argv[1]))
want = {"source_uri": "https://a.example/1", "final_uri": "https://a.example/one",
        "capture_time": "2026-03-04T05:06:07Z", "http_status": 200,
        "content_type": "text/html; charset=iso-8859-1", "charset_declared": "iso-8859-1",
        "charset_detected": "windows-1252", "raw_digest": "sha1:AAAABBBBCCCCDDDDEEEEFFFFGGGGHHHH",
        "source_record_id": "<urn:uuid:00000000-0000-4000-8000-000000000001>",
        "conversion_record_id": "<urn:uuid:00000000-0000-4000-8000-0000000000c1>",
        "cleaner": "pith-clean/0.1.0", "settings_digest": "sha1:SETTINGS", "mode": "html",
        "bytes_in": 5120, "bytes_out": 19, "stored_by": "pith-store/0.1.0",
        "archive": os.path.basename(sys.argv[2]),
        "metadata": {"title": "One", "author": "A. Writer", "published": "2026-03-01",
                     "site_name": "A Site", "language": "en",
                     "canonical_url": "https://a.example/one", "description": "About one"}}
for k, v in want.items():
    if d.get(k) != v:
        print("field", k, "got", repr(d.get(k)))
raw = open(sys.argv[1]).read()
if raw != json.dumps(d, indent=2, sort_keys=True, ensure_ascii=False) + "\n":
    print("not pretty-printed with sorted keys")
PY
is "$(cat prov)" "" "provenance: every field as the record says"
like "$(field "$one" text_digest)" '^sha1:[A-Z2-7]{32}$' "text digest is SHA-1 base32"
is "$(field "$two" source_uri)" "https://a.example/two" "source_uri falls back to the target URI"
is "$(python3 -c 'import json,sys; print(sorted(json.load(open(sys.argv[1]))["metadata"]))' "$two")" "[]" "absent metadata left out"

python3 - "$arch" > tarinfo <<'PY'
import tarfile, sys, calendar, time
cap = calendar.timegm(time.strptime("2026-03-04T05:06:07Z", "%Y-%m-%dT%H:%M:%SZ"))
for m in tarfile.open(sys.argv[1]):
    if m.name != "manifest.jsonl" and m.mtime != cap: print(m.name, "mtime", m.mtime)
    if m.mode != 0o644 or m.uid != 0 or m.gid != 0 or not m.isfile(): print(m.name, "mode/owner/type")
PY
is "$(cat tarinfo)" "" "members: regular files, mode 0644, uid/gid 0, mtime = capture time"

# ---- doc ids ----
python3 - x/"$id1".json > idcheck <<'PY'
import hashlib, json, sys, os
d = json.load(open(sys.argv[1]))
key = b"\0".join(s.encode() for s in (d["final_uri"], d["capture_time"], d["text_digest"]))
print("ok" if hashlib.sha256(key).hexdigest()[:20] == os.path.basename(sys.argv[1])[:20] else "differs")
PY
is "$(cat idcheck)" ok "doc id = SHA-256(uri NUL date NUL text digest), 20 hex digits"
sleep 1
store -c /dev/null -o out2 < in.warc 2>/dev/null
is "$(bsdtar -tf out2/*.tar.gz | sort | tr '\n' ' ')" "$(sort members | tr '\n' ' ')" "same input, same ids (a second run)"
unlike "$(ls out2)" "^${arch#out/}$" "a second run gets another archive name"
w conversion https://a.example/one "First article text, revised." > v2.warc
store -c /dev/null -o out3 < v2.warc 2>/dev/null
unlike "$(bsdtar -tf out3/*.tar.gz)" "$id1" "a changed text gets another id"

{ w conversion https://a.example/d "Twice." WARC-Refers-To="$SRC1"
  w conversion https://a.example/d "Its comments." Pith-Part=comments WARC-Refers-To="$SRC1"; } > once.warc
cat once.warc once.warc > twice.warc
store -c /dev/null -o o-twice --stats tstats < twice.warc 2>err; st=$?
is "$st" 0 "the same document twice in a run: exit 0"
is "$(bsdtar -tf o-twice/*.tar.gz | sort | uniq -d)" "" "stored once: no member name twice"
is "$(bsdtar -tf o-twice/*.tar.gz | wc -l | tr -d ' ')" 4 "text, comments, provenance, manifest"
like "$(cat tstats)" '^read=2 cleaned=2 stored=1 failed=0 empty=0 duplicate=1 ' "counted as a duplicate"
is "$(cat err)" "" "its comments are not orphans"

# ---- manifest ----
python3 - x/manifest.jsonl "$id1" > man <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
docs = [l for l in lines if "doc_id" in l]
fails = [l for l in lines if "error" in l]
print(len(docs), len(fails), "docs-first" if lines[:2] == docs else "mixed")
one = [d for d in docs if d["doc_id"] == sys.argv[2]][0]
print(one["uri"], one["title"], one["text_digest"][:5], " ".join(one["files"]))
for f in fails: print(f["uri"], f["stage"], f["error"])
PY
is "$(sed -n 1p man)" "2 2 docs-first" "manifest: a line per document, then per failure"
is "$(sed -n 2p man)" "https://a.example/one One sha1: $id1.txt $id1.json $id1.comments.txt" "document line: uri, title, digest, files"
is "$(sed -n 3p man)" "https://a.example/gone ingest HTTP status 404" "fetch failure listed with uri and reason"
is "$(sed -n 4p man)" "https://a.example/bin clean binary content" "clean failure listed with uri and reason"

{ w metadata https://j.example/f1 "error: a" Pith-Fetch-Error="refused"
  w conversion https://j.example/d1 "One."
  w metadata https://j.example/f2 "error: b" Pith-Clean-Error="no text"
  w conversion https://j.example/d2 "Two."; } > mixed.warc
store -c /dev/null -o o-mixed < mixed.warc 2>/dev/null
bsdtar -xOf o-mixed/*.tar.gz manifest.jsonl > mman
is "$(grep -c . mman):$(grep -c '"error"' mman)" "4:2" "failures among documents: each listed once"
is "$(cut -c1-12 mman | tr '\n' ' ')" '{"capture_ti {"capture_ti {"capture_ti {"capture_ti ' "one JSON object per line"
is "$(python3 -c 'import json,sys; print(" ".join(l.get("uri","")[-2:] for l in map(json.loads, open(sys.argv[1]))))' mman)" "d1 d2 f1 f2" "documents first, then failures, each in input order"

# ---- formats ----
for f in zip tar.zst; do
	store -c /dev/null -o "o-$f" --format "$f" < in.warc 2>/dev/null; st=$?
	is "$st" 1 "--format $f: exit 1 (same failures)"
	like "$(ls o-$f)" "^pith-.*\.$f$" "--format $f: .$f archive"
	is "$(bsdtar -tf o-$f/*.$f 2>/dev/null | sort | tr '\n' ' ')" "$(sort members | tr '\n' ' ')" "--format $f: same members"
	is "$(bsdtar -xOf o-$f/*.$f "$id1.txt")" "First article text." "--format $f: text exact"
done
printf '[store]\nformat = zip\noutput = cfgout\n' > zip.conf
store -c zip.conf < in.warc 2>/dev/null
like "$(ls cfgout)" '\.zip$' "[store] format and output from the config file"
store -c zip.conf -o cliout --format tar.zst < in.warc 2>/dev/null
like "$(ls cliout)" '\.tar\.zst$' "command line wins over the file"

# ---- compression level ----
python3 -c 'import random; r = random.Random(7); w = ["alpha", "beta", "gamma", "delta", "river", "stone", "cloud", "lamp"]
print(" ".join(r.choice(w) + str(r.randrange(50)) for _ in range(12000)), end="")' > long.txt
python3 "$PITH_TOP/tests/warc.py" conv http://e.test/long "$(cat long.txt)" > long.warc
for f in tar.gz tar.zst zip warc.gz; do
	store -c /dev/null -o "l1-$f" --format "$f" --level 1 < long.warc 2>/dev/null
	store -c /dev/null -o "l9-$f" --format "$f" --level 9 < long.warc 2>/dev/null
	s1=$(stat -c %s l1-$f/*.$f) s9=$(stat -c %s l9-$f/*.$f)
	ok "$(test "$s9" -lt "$s1"; echo $?)" "--format $f: --level 9 is smaller than 1 ($s9 < $s1 bytes)"
	if [ $f = warc.gz ]; then got=$(zcat l9-$f/*.$f | grep -c 'alpha'); else
		got=$(bsdtar -xOf l9-$f/*.$f "$(bsdtar -tf l9-$f/*.$f | grep '\.txt$')" | cmp -s - long.txt; echo $?); fi
	is "$got" "$( [ $f = warc.gz ] && echo 1 || echo 0)" "--format $f --level 9: the text reads back"
done
printf '[store]\nlevel = 9\n' > lvl.conf
store -c lvl.conf -o lvl-cfg < long.warc 2>/dev/null
store -c /dev/null -o lvl-default < long.warc 2>/dev/null
ok "$(test "$(stat -c %s lvl-cfg/*.tar.gz)" -lt "$(stat -c %s lvl-default/*.tar.gz)"; echo $?)" "[store] level from the file: 9 is smaller than the default 1"
store -c /dev/null -o bad-lvl --level 10 < in.warc 2>err; st=$?
is "$st" 2 "--level 10 for tar.gz: exit 2"
like "$(cat err)" "level 10: tar.gz takes 1 to 9" "the level and the format's range are named"
ok "$(test ! -e bad-lvl; echo $?)" "bad --level: nothing created"
store -c /dev/null -o zst19 --format tar.zst --level 19 < in.warc 2>/dev/null; st=$?
is "$st" 1 "--level 19 for tar.zst: accepted (exit 1: the same failures)"

store -c /dev/null -o o-warc --format warc.gz < in.warc 2>/dev/null; st=$?
is "$st" 1 "--format warc.gz: exit 1"
wg=$(ls o-warc/*.warc.gz)
like "$wg" '^o-warc/pith-.*\.warc\.gz$' "--format warc.gz: .warc.gz archive"
python3 r.py "$wg" > recs
is "$(cut -d' ' -f1 recs | tr '\n' ' ')" "warcinfo conversion conversion conversion metadata " "warc.gz: warcinfo, conversions (comments too), manifest record"
ok "$(grep -qF "conversion $CONV1" recs; echo $?)" "warc.gz: conversion record ids kept"
is "$(zcat "$wg" | grep -c '^WARC/1.1')" 5 "warc.gz: one record per member, readable with zcat"
is "$(python3 -c 'import gzip,sys,zlib
d=open(sys.argv[1],"rb").read(); n=0
while d:
    o=zlib.decompressobj(31); o.decompress(d); d=o.unused_data; n+=1
print(n)' "$wg")" 5 "warc.gz: one gzip member per record"
like "$(zcat "$wg" | grep -a '"doc_id"' | head -n 1)" "\"doc_id\":\"$id1\"|\"doc_id\":\"$id2\"" "warc.gz: manifest record lists the documents"
like "$(zcat "$wg")" 'WARC-Target-URI: urn:pith:manifest' "warc.gz: manifest record named"

# WET files come gzipped, one member per record.
python3 -c 'import gzip, sys
d = open("in.warc", "rb").read().split(b"WARC/1.1\r\n")[1:]
sys.stdout.buffer.write(b"".join(gzip.compress(b"WARC/1.1\r\n" + r) for r in d))' > in.warc.gz
store -c /dev/null -o o-gz < in.warc.gz 2>/dev/null; st=$?
is "$st:$(bsdtar -tf o-gz/*.tar.gz | sort | tr '\n' ' ')" "1:$(sort members | tr '\n' ' ')" "gzipped input (.warc.gz, WET): the same archive"

# ---- damaged and unexpected input ----
head -c $(( $(wc -c < in.warc) - 150 )) in.warc > cut.warc
store -c /dev/null -o o-cut < cut.warc 2>err; st=$?
is "$st" 1 "truncated input: exit 1"
like "$(cat err)" '^store: stdin: offset [0-9]+: ' "the damage is named by its offset"
is "$(bsdtar -tf o-cut/*.tar.gz | grep -c '^[0-9a-f]*\.txt$')" 2 "documents before the damage stored"
like "$(bsdtar -xOf o-cut/*.tar.gz manifest.jsonl)" '"error":"stdin: offset [0-9]+' "the damage is in the manifest too"

{ w conversion https://b.example/1 "Before garbage."
  printf 'this is not a WARC record\r\n\r\n'
  w conversion https://b.example/2 "After garbage."; } > junk.warc
store -c /dev/null -o o-junk < junk.warc 2>err; st=$?
is "$st" 1 "garbage between records: exit 1"
is "$(bsdtar -tf o-junk/*.tar.gz | grep -c '\.txt$')" 2 "reading resumes at the next record"

{ w response https://c.example/raw "HTTP/1.1 200 OK" Content-Type="application/http; msgtype=response"
  w resource file:///tmp/x.html "<p>hi</p>" Content-Type=text/html
  w request https://c.example/raw "GET / HTTP/1.1"
  w conversion https://c.example/ok "Clean text."; } > raw.warc
store -c /dev/null -o o-raw < raw.warc 2>err; st=$?
is "$st" 1 "uncleaned records: exit 1"
like "$(cat err)" '^store: stdin: https://c.example/raw: a response record is not cleaned text; run clean first$' "response: run clean first, with its URI"
like "$(cat err)" 'file:///tmp/x.html: a resource record is not cleaned text' "resource: the same"
is "$(grep -c 'not cleaned' err)" 2 "once per record; request records skipped quietly"
is "$(bsdtar -tf o-raw/*.tar.gz | grep -c '\.txt$')" 1 "the cleaned document is still stored"

{ w conversion https://d.example/bad "Tampered text." BadDigest=1
  w conversion https://d.example/empty ""
  w conversion https://d.example/lost "Orphan comments" Pith-Part=comments WARC-Refers-To='<urn:uuid:nowhere>'
  w conversion https://d.example/good "Good text."; } > odd.warc
store -c /dev/null -o o-odd --stats ostats < odd.warc 2>err; st=$?
is "$st" 1 "odd records: exit 1"
like "$(cat err)" 'd.example/bad: text does not match its WARC-Block-Digest' "block digest mismatch reported"
like "$(cat err)" 'd.example/lost: comments part without its document' "orphan comments reported"
is "$(head -n 1 ostats)" "read=4 cleaned=3 stored=1 failed=2 empty=1 duplicate=0 near_duplicate=0 not_modified=0 disallowed=0 skipped=0 truncated=0 filtered=0 archive=$(ls o-odd | grep "^pith-")" "empty text counted, not stored, not failed"
is "$(bsdtar -tf o-odd/*.tar.gz | grep -c '\.txt$')" 1 "only the good document stored"

python3 -c 'import sys; sys.stdout.write("y" * 5000)' > big.txt
{ w conversion https://e.example/big @big.txt; w conversion https://e.example/small "Small."; } > big.warc
store -c /dev/null -o o-big --max-size 2k < big.warc 2>err; st=$?
is "$st" 1 "--max-size: a larger record fails"
like "$(cat err)" '^store: stdin: offset 0: ' "named by its offset"
is "$(bsdtar -tf o-big/*.tar.gz | grep -c '\.txt$')" 1 "the next record is stored"

w conversion https://f.example/latin "Text." "Pith-Title=$(printf 'Caf\351')" > latin.warc
store -c /dev/null -o o-latin < latin.warc 2>/dev/null
is "$(bsdtar -xOf o-latin/*.tar.gz '*.json' | python3 -c 'import json,sys; print(json.load(sys.stdin)["metadata"]["title"])')" "Caf�" "a non-UTF-8 field value becomes U+FFFD, not a missing field"

# ---- nothing to store ----
store -c /dev/null -o empty < /dev/null 2>err; st=$?
is "$st" 0 "empty input: exit 0"
is "$(others empty)" 0 "empty input: no archive, no temporary file"
like "$(cat err)" "nothing to store: no archive written" "empty input: said so"
w warcinfo "" "software: x" WARC-Target-URI= | store -c /dev/null -o empty2 2>/dev/null; st=$?
is "$st:$(others empty2)" "0:0" "warcinfo only: exit 0, no archive"
w metadata https://g.example/x "error: x" Pith-Fetch-Error="timed out" | store -c /dev/null -o fonly 2>err; st=$?
is "$st:$(others fonly)" "1:0" "failures only: exit 1, no archive"
like "$(cat err)" "nothing stored \(1 failed\)" "failures only: said so"

# ---- output folders ----
store -c /dev/null -o deep/er/out < in.warc 2>/dev/null
like "$(ls deep/er/out)" '^pith-.*\.tar\.gz$' "missing folders are created"
touch afile
store -c /dev/null -o afile/sub < in.warc > /dev/null 2>err; st=$?
is "$st" 2 "output under a file: exit 2"
like "$(cat err)" '^store: afile/sub: cannot create folder: ' "the folder is named"
store -c /dev/null -o afile < in.warc 2>err; st=$?
is "$st" 2 "output is a file: exit 2"
like "$(cat err)" '^store: afile: cannot create folder: Not a directory' "said so"
store -c /dev/null -o /proc/pith-x < in.warc 2>err; st=$?
is "$st" 2 "output under /proc: exit 2"
like "$(cat err)" '^store: /proc/pith-x: ' "the folder is named"
mkdir ro && chmod 555 ro
if [ "$(id -u)" -ne 0 ]; then
	store -c /dev/null -o ro < in.warc 2>err; st=$?
	is "$st" 2 "read-only folder: exit 2"
	like "$(cat err)" '^store: ro: cannot write: Permission denied' "said so"
	is "$(others ro)" 0 "read-only folder: nothing left"
else
	skip "root can write a read-only folder"; skip "root"; skip "root"
fi

# A write error mid-archive (file size limit: EFBIG): exit 2, no archive.
python3 -c 'import os,base64; print(base64.b64encode(os.urandom(300000)).decode())' > noise.txt
{ w conversion https://h.example/1 "Small first."; w conversion https://h.example/2 @noise.txt; } > noise.warc
for f in tar.gz zip tar.zst warc.gz; do
	store -c /dev/null -o full-$f < /dev/null 2>/dev/null	# the catalog first
	(trap '' XFSZ; ulimit -f 64; store -c /dev/null -o full-$f --format $f --stats fs-$f < noise.warc) 2>err; st=$?
	is "$st" 2 "$f: write error mid-archive: exit 2"
	like "$(cat err)" "^store: full-$f/\\.pith-.*\\.tmp: .*File too large: nothing of this run was kept" "$f: the write error is named"
	is "$(others full-$f)" 0 "$f: no archive and no temporary file left"
	is "$(head -n 1 fs-$f)" "read=2 cleaned=2 stored=0 failed=2 empty=0 duplicate=0 near_duplicate=0 not_modified=0 disallowed=0 skipped=0 truncated=0 filtered=0 archive=-" \
	    "$f: --stats: nothing stored, the documents failed"
	is "$(tail -n +2 fs-$f)" "reason=2 $(sed 's/^store: //' err)" "$f: --stats: why, as said on stderr"
done

# A signal mid-run removes the temporary file.
mkfifo fifo
store -c /dev/null -o sig < fifo 2>/dev/null & pid=$!
exec 3> fifo
w conversion https://i.example/1 "Stored, then killed." >&3
sleep 1
like "$(ls -A sig)" '^\.pith-.*\.tmp$' "the temporary file exists while the run goes on"
kill -TERM $pid; { wait $pid; } 2>/dev/null; st=$?
exec 3>&-
is "$st" 143 "SIGTERM ends the run"
is "$(others sig)" 0 "and leaves nothing behind"

# ---- options ----
store --bogus 2>err; st=$?
is "$st" 2 "unknown option: exit 2"
is "$(grep "^usage:" err)" "usage: store [-c CONF] [-q | -v] [-o DIR] [--format FMT] [--level N]" "usage matches the synopsis"
store operand < /dev/null 2>err; st=$?
is "$st" 2 "an operand: exit 2"
store -h > help 2>&1; st=$?
is "$st:$(head -n 1 help)" "0:usage: store [-c CONF] [-q | -v] [-o DIR] [--format FMT] [--level N]" "-h: usage on stdout, exit 0"
like "$(cat help)" "--stats FILE" "-h lists the options"
is "$(store -V)" "pith-store 0.1.0" "-V"
store -c /dev/null -o bad --format rar < in.warc 2>err; st=$?
is "$st" 2 "bad --format: exit 2"
like "$(cat err)" "rar" "the value is named"
ok "$(test ! -e bad; echo $?)" "bad --format: nothing created"
store -c /dev/null --max-size lots < in.warc 2>err; is "$?" 2 "bad --max-size: exit 2"
store -c /no/such.conf < in.warc 2>err; is "$?" 2 "missing config file: exit 2"

# ---- a long run: the manifest waits in a file, not in memory ----
# 2,000 and 20,000 documents with long URIs (a 300-byte manifest line
# each, 6 MB at 20,000, held twice for warc.gz before), and one failure.
cat > many.py <<'PY'
import sys, uuid
n = int(sys.argv[1])
out = sys.stdout.buffer
def rec(kind, uri, block, extra=""):
    head = (f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
            f"WARC-Date: 2026-03-04T05:06:07Z\r\nWARC-Target-URI: {uri}\r\n{extra}"
            f"Content-Length: {len(block)}\r\n\r\n")
    out.write(head.encode() + block + b"\r\n\r\n")
for i in range(n):
    rec("conversion", f"https://host{i % 97}.test/{i}/" + "long-path-segment/" * 6,
        f"Text number {i} of the run, unique {uuid.uuid4()}.\n".encode(),
        "Content-Type: text/plain; charset=utf-8\r\n")
rec("metadata", "https://down.test/", b"error: connection refused\r\n",
    "Content-Type: application/warc-fields\r\nPith-Fetch-Error: connection refused\r\n")
PY
python3 many.py 2000 > many2k.warc
python3 many.py 20000 > many20k.warc
if [ -x /usr/bin/time ] && ! grep -q __asan_init "$PITH_BIN/store"; then
	for f in tar.gz warc.gz; do
		for n in 2k 20k; do
			rm -rf "o-$n-$f"
			/usr/bin/time -f %M -o "rss-$n" store -q -c /dev/null \
			    -o "o-$n-$f" --format "$f" < "many$n.warc" 2>/dev/null
		done
		kb=$(( $(tail -n 1 rss-20k) - $(tail -n 1 rss-2k) ))
		ok "$([ "$kb" -le 4096 ]; echo $?)" \
		    "$f: 18,000 more documents add $kb kB to the peak (<= 4 MB)"
	done
else
	for f in tar.gz warc.gz; do
		skip "$f: store's memory not measured (ASan, or no GNU time)"
		store -q -c /dev/null -o "o-20k-$f" --format "$f" < many20k.warc
	done
fi
bsdtar -xOf o-20k-tar.gz/*.tar.gz manifest.jsonl > bigman
is "$(wc -l < bigman | tr -d ' ')" 20001 "tar.gz: the manifest holds every document and the failure"
like "$(tail -n 1 bigman)" '"error":"connection refused"' "tar.gz: the failure last"
is "$(python3 "$PITH_TOP/tests/warc_check.py" o-20k-warc.gz/*.warc.gz 2>&1 | sed 's/.*: //')" \
    "20002 records, 20002 digests checked" "warc.gz: every digest right, the manifest record's too"
like "$(zcat o-20k-warc.gz/*.warc.gz | tail -c 400)" '"error":"connection refused"' \
    "warc.gz: the failure last in the manifest record"
is "$(ls -a o-20k-tar.gz o-20k-warc.gz | grep -c spool)" 0 "no temporary file left beside the archives"
done_testing
