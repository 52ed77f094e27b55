# Captures made by other tools: a site on the loopback server captured
# with wget --warc-file (WARC/1.0, its URIs in angle brackets) is stored
# under its plain URLs.  pith's own WARC output is read by an independent
# reader (tests/warc_check.py).
. "$PITH_TOP/tests/lib.sh"

q() { python3 -c 'import sqlite3,sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print("|".join(map(str, r)))' "$@"; }
check() { python3 "$PITH_TOP/tests/warc_check.py" "$@"; }

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

	pipeline -o out cap.warc.gz > pout 2> perr
	is "$(store -o out --list | cut -f3 | sort | tr '\n' ' ')" \
	    "$U/site/ $U/site/a/1.html $U/site/a/2.html $U/site/a/3.html " \
	    "--list: the plain URLs"
	store -o out --get "$U/site/a/1.html" > got 2> gerr; st=$?
	is "$st" 0 "--get URL: found"
	like "$(cat got)" "Snow came early to the valley" "--get URL: the page's text"
	unlike "$(cat got)" "Loopback Gazette prints" "--get URL: the line every page of the host repeats is gone"
	is "$(q out/catalog.sqlite "select count(*) from documents where uri like '<%'")" 0 \
	    "catalog: no URI in angle brackets"

	ingest cap.warc.gz > in.warc
	check --pith in.warc > o; st=$?
	is "$st:$(cat o)" "0:in.warc: 21 records, 29 digests checked" "warc_check: ingest's output of the capture"
	like "$(tr -d '\r' < in.warc)" "^WARC-Target-URI: $U/site/a/1.html$" "ingest: the URI read plain"
	like "$(tr -d '\r' < in.warc)" "^WARC-Record-ID: <urn:uuid:" "ingest: record ids keep their brackets"
	clean -f json in.warc > cl.json 2> jerr
	is "$(python3 -c 'import json,sys
print(" ".join(str(json.loads(l).get("repeated_lines")) for l in sys.stdin))' < cl.json)" "1 1 1 1" \
	    "clean: the host is read, its repeated line found on each page"

	ingest "$U/site/a/2.html" > live.warc 2> /dev/null
	check --pith live.warc > o; st=$?
	is "$st:$(cat o)" "0:live.warc: 1 records, 2 digests checked" "warc_check: ingest's own response record"
fi

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

done_testing
