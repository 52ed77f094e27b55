# Captures made by other tools: a site on the loopback server captured
# with wget --warc-file, and a Common Crawl style WARC made here (WARC/1.0,
# a gzip member per record, request, revisit and metadata records, a
# truncated record, legacy charsets).  Every page is stored under its
# plain URL, records that are not pages are skipped and counted, never
# failed, and a truncated capture is marked.  pith's own WARC output is
# read by an independent reader (tests/warc_check.py).
. "$PITH_TOP/tests/lib.sh"

q() { python3 -c 'import sqlite3,sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print("|".join(map(str, r)))' "$@"; }
check() { python3 "$PITH_TOP/tests/warc_check.py" "$@"; }
# summary OUTFILE: pipeline's summary line, without its time
summary() { sed -n 's/^pipeline: \(.*\) in [0-9.]* s\(.*\)$/\1\2/p' "$1"; }

# --- the independent reader finds what is wrong
python3 "$PITH_TOP/tests/warc.py" conv http://a.example/x "some text" > good.warc
check good.warc > o; st=$?
is "$st:$(cat o)" "0:good.warc: 1 records, 0 digests checked" "warc_check: a good record"
check --pith good.warc > o; st=$?
is "$st:$(cat o)" "1:good.warc: offset 0: no WARC-Block-Digest" "warc_check --pith: pith writes a block digest"
python3 - <<'EOF'
import hashlib, base64
text = b"some text"
d = "sha1:" + base64.b32encode(hashlib.sha1(text).digest()).decode()
for name, t in (("dgood.warc", text), ("dbad.warc", b"SOME text")):
    head = ("WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
            "WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Block-Digest: %s\r\n"
            "Content-Length: %d\r\n\r\n" % (d, len(t)))
    open(name, "wb").write(head.encode() + t + b"\r\n\r\n")
EOF
check dgood.warc > o; st=$?
is "$st:$(cat o)" "0:dgood.warc: 1 records, 1 digests checked" "warc_check: a digest that matches"
check dbad.warc > o; st=$?
is "$st:$(cat o)" "1:dbad.warc: offset 0: WARC-Block-Digest does not match the block" \
    "warc_check: a digest that does not match"
printf 'WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: 50\r\n\r\nshort\r\n\r\n' > cut.warc
check cut.warc > o; st=$?
is "$st:$(cat o)" "1:cut.warc: offset 0: no WARC-Record-ID" "warc_check: a missing record id"

# --- a site captured with wget
httpd 90
if ! command -v wget > /dev/null; then
	skip "wget is not installed (scripts/deps installs it)"
else
	wget --no-config -e use_proxy=no -e robots=on -q -r -l 2 -p \
	    --warc-file=cap -P dl "$U/site/"
	is "$?" 0 "wget: the site captured"
	n=$(check cap.warc.gz | sed -n 's/.*: \([0-9]*\) records.*/\1/p')
	is "$n" 21 "wget: 21 records (warcinfo, requests, responses, its log)"
	like "$(gzip -dc cap.warc.gz | tr -d '\r')" "^WARC-Target-URI: <$U/site/a/1.html>$" \
	    "wget: the target URIs in angle brackets, as WARC/1.0 wrote them"

	pipeline -o out cap.warc.gz > pout 2> perr; st=$?
	is "$st" 0 "pipeline on the capture: exit 0"
	# (the site's four pages are one text with a word changed: near-duplicates)
	is "$(summary perr)" "21 read, 4 cleaned, 4 stored, 0 duplicate, 0 not modified, 0 disallowed, 17 skipped, 0 failed, 0 empty; 3 near-duplicates" \
	    "pipeline: every record counted, the pages cleaned, the rest skipped"
	unlike "$(cat perr)" "no article text|failed:" "pipeline: no false alarm"
	is "$(store -o out --list | cut -f3 | sort | tr '\n' ' ')" \
	    "$U/site/ $U/site/a/1.html $U/site/a/2.html $U/site/a/3.html " \
	    "--list: the plain URLs"
	store -o out --get "$U/site/a/1.html" > got 2> gerr; st=$?
	is "$st" 0 "--get URL: found"
	like "$(cat got)" "Snow came early to the valley" "--get URL: the page's text"
	unlike "$(cat got)" "Loopback Gazette prints" "--get URL: the line every page of the host repeats is gone"
	is "$(q out/catalog.sqlite 'select read, stored, skipped, failed from runs')" "21|4|17|0" \
	    "catalog: the run's row counts the skipped records"
	is "$(q out/catalog.sqlite "select count(*) from documents where uri like '<%'")" 0 \
	    "catalog: no URI in angle brackets"

	ingest cap.warc.gz > in.warc
	check --pith in.warc > o; st=$?
	is "$st:$(cat o)" "0:in.warc: 21 records, 29 digests checked" "warc_check: ingest's output of the capture"
	like "$(tr -d '\r' < in.warc)" "^WARC-Target-URI: $U/site/a/1.html$" "ingest: the URI read plain"
	like "$(tr -d '\r' < in.warc)" "^WARC-Record-ID: <urn:uuid:" "ingest: record ids keep their brackets"
	clean -f warc in.warc > cl.warc 2> cerr; st=$?
	is "$st:$(cat cerr)" "0:" "clean: exit 0, nothing said"
	check --pith cl.warc > o; st=$?
	is "$st:$(cat o)" "0:cl.warc: 22 records, 22 digests checked" "warc_check: clean's output"
	is "$(grep -a -c '^Pith-Clean-Skipped: ' cl.warc)" 17 "clean: a record for each skip"
	for why in "warcinfo record" "request record" "metadata record" "robots.txt" \
	    "type text/css" "type image/png" "type application/rss\\+xml" "metadata: URI"; do
		like "$(tr -d '\r' < cl.warc)" "^Pith-Clean-Skipped: $why$" "clean: skipped, $(printf %s "$why" | tr -d '\\')"
	done
	clean -j 2 -f warc in.warc > cl2.warc 2> cerr; st=$?
	is "$st:$(grep -a -c '^Pith-Clean-Skipped: ' cl2.warc)" "0:17" "clean -j 2: the same skips"
	clean -f json in.warc > cl.json 2> jerr
	is "$(python3 -c 'import json,sys
print(" ".join(str(json.loads(l).get("repeated_lines")) for l in sys.stdin))' < cl.json)" "1 1 1 1" \
	    "clean: the host is read, its repeated line found on each page"

	ingest "$U/site/a/2.html" > live.warc 2> /dev/null
	check --pith live.warc > o; st=$?
	is "$st:$(cat o)" "0:live.warc: 1 records, 2 digests checked" "warc_check: ingest's own response record"
fi

# --- a Common Crawl style WARC
python3 - <<'EOF'
import base64, gzip, hashlib, uuid
U = "https://cc.example"
out = open("cc.warc.gz", "wb")

def sha1(b):
    return "sha1:" + base64.b32encode(hashlib.sha1(b).digest()).decode()

def record(kind, uri, fields, block):
    rid = "<urn:uuid:%s>" % uuid.uuid4()
    head = ["WARC/1.0", "WARC-Type: " + kind, "WARC-Date: 2024-05-06T07:08:09Z",
            "WARC-Record-ID: " + rid]
    if uri:
        head.append("WARC-Target-URI: " + uri)
    head += ["%s: %s" % f for f in fields]
    head += ["WARC-Block-Digest: " + sha1(block), "Content-Length: %d" % len(block)]
    out.write(gzip.compress(("\r\n".join(head) + "\r\n\r\n").encode() + block + b"\r\n\r\n"))
    return rid

def capture(path, status, headers, body, extra=(), kind="response"):
    uri = U + path
    record("request", uri, [("Content-Type", "application/http; msgtype=request")],
           b"GET %s HTTP/1.1\r\nHost: cc.example\r\n\r\n" % path.encode())
    http = ("HTTP/1.1 %s\r\n" % status + "".join("%s: %s\r\n" % h for h in headers) +
            "\r\n").encode() + body
    fields = [("Content-Type", "application/http; msgtype=response"),
              ("WARC-Payload-Digest", sha1(body))] + list(extra)
    return record(kind, uri, fields, http)

record("warcinfo", None, [("Content-Type", "application/warc-fields")],
       b"software: Apache Nutch 1.20\r\nformat: WARC File Format 1.0\r\n")
cafe = ("<html><head><title>Caf\u00e9</title></head><body><article><h1>Caf\u00e9 cr\u00e8me"
        "</h1><p>Caf\u00e9 cr\u00e8me \u2013 \u201cquoted\u201d, a legacy page written in "
        "windows-1252 and said so in its header, as many old sites do.</p></article>"
        "</body></html>").encode("cp1252")
rid = capture("/cafe", "200 OK", [("Content-Type", "text/html; charset=windows-1252"),
              ("X-Crawler-Content-Encoding", "gzip")], cafe)
record("metadata", U + "/cafe", [("Content-Type", "application/warc-fields"),
       ("WARC-Concurrent-To", rid)], b"fetchTimeMs: 120\r\ncharset-detected: windows-1252\r\n")
koi = ("<html><head><meta charset=\"koi8-r\"><title>\u041f\u0440\u0438\u0432\u0435\u0442"
       "</title></head><body><article><p>\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440: "
       "\u044d\u0442\u0430 \u0441\u0442\u0440\u0430\u043d\u0438\u0446\u0430 \u043d\u0430\u043f"
       "\u0438\u0441\u0430\u043d\u0430 \u0432 KOI8-R, \u043a\u0430\u043a \u0441\u043a\u0430\u0437"
       "\u0430\u043d\u043e \u0432 \u0435\u0451 meta.</p></article></body></html>").encode("koi8-r")
capture("/privet", "200 OK", [("Content-Type", "text/html")], koi)
para = "<p>A long article goes on about the weather of the coast, day after day. </p>"
long = ("<html><head><title>Long</title></head><body><article><h1>Long</h1>" +
        para * 20 + "</article></body></html>").encode()
capture("/long", "200 OK", [("Content-Type", "text/html")], long[:len(long) // 2],
        [("WARC-Truncated", "length")])
record("revisit", U + "/cafe", [("Content-Type", "application/http; msgtype=response"),
       ("WARC-Profile", "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"),
       ("WARC-Refers-To-Target-URI", U + "/cafe"), ("WARC-Refers-To-Date", "2024-05-06T07:08:09Z"),
       ("WARC-Payload-Digest", sha1(cafe))],
       b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1252\r\n\r\n")
record("response", U + "/robots.txt", [("Content-Type", "application/http; msgtype=response")],
       b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nUser-agent: *\nDisallow: /private\n")
record("response", U + "/logo.png", [("Content-Type", "application/http; msgtype=response")],
       b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n")
record("response", U + "/old", [("Content-Type", "application/http; msgtype=response")],
       b"HTTP/1.1 301 Moved Permanently\r\nLocation: /cafe\r\n\r\n")
record("response", U + "/ping", [("Content-Type", "application/http; msgtype=response")],
       b"HTTP/1.1 204 No Content\r\n\r\n")
record("response", U + "/feed", [("Content-Type", "application/http; msgtype=response")],
       b"HTTP/1.1 200 OK\r\nContent-Type: application/atom+xml\r\n\r\n<feed/>\n")
EOF
check cc.warc.gz > o; st=$?
is "$st:$(cat o)" "0:cc.warc.gz: 14 records, 17 digests checked" "the Common Crawl style WARC is well made"

printf '[store]\nformat = warc.gz\n' > wgz.conf
pipeline -c wgz.conf -o ccout cc.warc.gz > pout 2> perr; st=$?
is "$st" 0 "Common Crawl style: exit 0"
is "$(summary perr)" "14 read, 3 cleaned, 3 stored, 0 duplicate, 0 not modified, 0 disallowed, 11 skipped, 0 failed, 0 empty; 1 stored from a truncated capture" \
    "Common Crawl style: pages cleaned, the rest skipped, the truncated capture said"
is "$(store -o ccout --get https://cc.example/cafe)" "Café crème

Café crème – “quoted”, a legacy page written in windows-1252 and said so in its header, as many old sites do." \
    "windows-1252 from the HTTP header: decoded"
like "$(store -o ccout --get https://cc.example/privet)" "^Привет, мир: эта страница написана в KOI8-R" \
    "KOI8-R from <meta>: decoded"
is "$(q ccout/catalog.sqlite 'select uri, truncated from documents order by uri')" \
"https://cc.example/cafe|None
https://cc.example/long|length
https://cc.example/privet|None" "catalog: the truncated capture has its reason"
check --pith ccout/pith-*.warc.gz > o; st=$?
like "$st:$(cat o)" "^0:ccout/pith-.*\.warc\.gz: 5 records, 5 digests checked$" \
    "warc_check: store's warc.gz (warcinfo, 3 documents, manifest)"
like "$(gzip -dc ccout/pith-*.warc.gz | tr -d '\r')" "Pith-Source-Truncated: length" \
    "store's warc.gz: the conversion record says truncated"
like "$(gzip -dc ccout/pith-*.warc.gz | tr -d '\r' | grep '^{')" '"truncated":"length"' \
    "...and the manifest"

ingest cc.warc.gz | clean -f json > cc.json 2> cerr; st=$?
is "$st:$(cat cerr)" "0:" "clean -f json: exit 0, nothing said"
is "$(python3 -c 'import json,sys
for l in sys.stdin:
    o = json.loads(l); print(o["uri"], o.get("truncated"))' < cc.json)" \
"https://cc.example/cafe None
https://cc.example/privet None
https://cc.example/long length" "clean -f json: truncated"
pipeline -o cctar cc.warc.gz > /dev/null 2>&1
mkdir x && tar -xzf cctar/pith-*.tar.gz -C x
is "$(python3 -c 'import json,glob
for f in sorted(glob.glob("x/*.json")):
    o = json.load(open(f)); print(o["final_uri"], o.get("truncated"))' | sort)" \
"https://cc.example/cafe None
https://cc.example/long length
https://cc.example/privet None" "store: DOCID.json says truncated"

# --- a wget capture with URIs in brackets, gzip member per record, read by clean itself
python3 - <<'EOF'
import gzip
def rec(kind, uri, block, extra=""):
    h = ("WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\n"
         "WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: %s\r\n%s"
         "Content-Length: %d\r\n\r\n" % (kind, uri[-3:] * 4, uri, extra, len(block)))
    return gzip.compress(h.encode() + block + b"\r\n\r\n")
body = b"<html><body><article><p>A page wget saved, with its brackets on.</p></article></body></html>"
open("br.warc.gz", "wb").write(
    rec("response", "<http://w.example/p>", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body,
        "WARC-Refers-To-Target-URI: <http://w.example/q>\r\nWARC-Profile: <http://netpreserve.org/x>\r\n"
        "WARC-Concurrent-To: <urn:uuid:abc>\r\n"))
EOF
clean -f warc br.warc.gz > br.out
is "$(tr -d '\r' < br.out | grep '^WARC-Target-URI')" "WARC-Target-URI: http://w.example/p" \
    "clean: WARC-Target-URI read plain"
ingest br.warc.gz | tr -d '\r' > br.in
is "$(grep -E '^WARC-(Refers-To-Target-URI|Profile|Concurrent-To)' br.in)" \
"WARC-Refers-To-Target-URI: http://w.example/q
WARC-Profile: http://netpreserve.org/x
WARC-Concurrent-To: <urn:uuid:abc>" "the other URI fields plain, the record ids kept"

# --- pages are still pages: a user's .txt dump (text/plain) is cleaned
pipeline -o txtout "$SAMPLES/dump-blog.txt" > /dev/null 2> terr; st=$?
is "$st:$(summary terr)" "0:1 read, 1 cleaned, 1 stored, 0 duplicate, 0 not modified, 0 disallowed, 0 skipped, 0 failed, 0 empty" \
    "a text/plain resource is a page, not skipped"

# --- Pith-Clean-Skipped is a control field: a file cannot plant it
python3 - <<'EOF'
b = b"skipped: planted\r\n"
open("plant.warc", "wb").write((
    "WARC/1.1\r\nWARC-Type: metadata\r\nWARC-Record-ID: <urn:uuid:p>\r\n"
    "WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: http://p.example/\r\n"
    "Pith-Clean-Skipped: planted\r\nPith-Source-Truncated: planted\r\n"
    "Content-Length: %d\r\n\r\n" % len(b)).encode() + b + b"\r\n\r\n")
EOF
clean -f warc plant.warc > plant.out 2> plerr
is "$(cat plerr)" "clean: plant.warc: 2 pith control fields dropped: a record read from a file cannot steer pith" \
    "clean: Pith-Clean-Skipped and Pith-Source-Truncated dropped from a file"
is "$(tr -d '\r' < plant.out | grep '^Pith-Clean-Skipped')" "Pith-Clean-Skipped: metadata record" \
    "... and the record is skipped by clean itself, once"

# --- a catalog of schema 2 is migrated to 4
mkdir old
python3 "$PITH_TOP/tests/old_catalog.py" 2 old/catalog.sqlite
cp -R old old2
pipeline -o old cc.warc.gz > /dev/null 2> oerr; st=$?
is "$st" 0 "schema 2: the run works"
is "$(q old/catalog.sqlite 'pragma user_version')" 4 "schema 2: migrated to 4"
is "$(q old/catalog.sqlite 'select id, read, skipped from runs order by started')" "old-run|1|None
$(q old/catalog.sqlite "select id from runs where id != 'old-run'")|14|11" "schema 2: old runs kept, the new run's skips counted"
is "$(q old/catalog.sqlite "select uri, truncated from documents where uri like '%old%' or uri like '%long'")" \
"http://old.example/|None
https://cc.example/long|length" "schema 2: old documents kept, the new one marked"
store -o merged --merge ccout old2 > /dev/null 2> merr; st=$?
is "$st:$(cat merr)" "0:store: merged 2 of 2 folders: 4 documents, 4 added, 0 duplicate" \
    "--merge: a shard of schema 4 and one of schema 2"
is "$(q merged/catalog.sqlite 'select uri, truncated from documents order by uri')" \
"http://old.example/|None
https://cc.example/cafe|None
https://cc.example/long|length
https://cc.example/privet|None" "--merge: the truncated mark comes along"

done_testing
