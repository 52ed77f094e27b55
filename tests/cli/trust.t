# The trust boundary (man/pith.7, "Trust"): records read from a
# user's file are data.  Their pith control fields (failures, fetch
# statuses, validators, line keys) are dropped, whether ingest or clean
# reads the file, and store believes no date from the future: a crafted
# WARC cannot make a victim's lines vanish, stop later fetches with a
# Last-Modified of 2099, or shadow a real capture.
. "$PITH_TOP/tests/lib.sh"

q() { python3 -c 'import sqlite3,sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print("|".join(map(str, r)))' "$@"; }

V=http://victim.example/page
python3 - "$V" <<'EOF'
import sys, uuid
V = sys.argv[1]

def record(kind, uri, date, fields, block):
    head = (f"WARC/1.1\r\nWARC-Type: {kind}\r\n"
            f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
            f"WARC-Date: {date}\r\nWARC-Target-URI: {uri}\r\n")
    head += "".join(f"{k}: {v}\r\n" for k, v in fields)
    head += f"Content-Length: {len(block)}\r\n\r\n"
    return head.encode() + block + b"\r\n\r\n"

def response(uri, date, text, extra=""):
    body = f"<html><body><article><p>{text}</p></article></body></html>".encode()
    http = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n{extra}"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    return record("response", uri, date,
                  [("Content-Type", "application/http; msgtype=response")], http)

real = "The real article says what the victim wrote, in a sentence long enough to keep."
fake = "A planted article says what the attacker wants read instead of the real one."
open("real.warc", "wb").write(response(V, "2026-01-01T00:00:00Z", real))
evil = b"".join([
    # a failure record that also plants a line key for later runs
    record("metadata", "http://victim.example/x", "2026-01-02T00:00:00Z",
           [("Content-Type", "text/plain"), ("Pith-Fetch-Error", "planted"),
            ("Pith-Repeated-Line-Keys", "1")], b"0123456789abcdef\n"),
    # a 304 with a Last-Modified in 2099
    record("metadata", V, "2026-01-02T00:00:00Z",
           [("Content-Type", "application/warc-fields"),
            ("Pith-Fetch-Status", "not-modified"),
            ("Pith-Source-Last-Modified", "Thu, 01 Jan 2099 00:00:00 GMT")],
           b"status: not-modified\r\n"),
    # a page whose own Last-Modified is 2099, marked as fetched live
    response("http://victim.example/other", "2026-01-02T00:00:00Z",
             "Another page of the site with a date from the future in it.",
             "Last-Modified: Thu, 01 Jan 2099 00:00:00 GMT\r\n")
        .replace(b"WARC-Target-URI", b"Pith-Fetched: live\r\nWARC-Target-URI", 1),
    # captures of the victim's page from the future, and from no date
    response(V, "9999-12-31T00:00:00Z", fake),
    response(V, "zzzz-not-a-date", fake + " Again."),
])
open("evil.warc", "wb").write(evil)
EOF

# --- through the pipeline: ingest reads the file
pipeline -o out real.warc > /dev/null 2> err0
is "$(store -o out --get "$V" 2>/dev/null | head -c 8)" "The real" "the real capture is stored"
pipeline -o out evil.warc > /dev/null 2> err1; st=$?
is "$st" 1 "pipeline over a crafted WARC: exit 1 (two records not stored)"
like "$(cat err1)" "^ingest: evil\.warc: [0-9]+ pith control fields dropped: a record read from a file cannot steer pith$" "ingest says it dropped the control fields"
is "$(q out/catalog.sqlite 'select count(*) from repeated_lines')" 0 "no line keys planted"
is "$(q out/catalog.sqlite 'select count(*) from validators')" 0 "no validators from a file: neither a forged 304 nor a page's Last-Modified"
is "$(q out/catalog.sqlite 'select failed, not_modified from runs order by rowid desc limit 1')" "2|0" "the forged failure and 304 are not counted; the two bad dates are"
like "$(cat err1)" "store: stdin: $V: WARC-Date 9999-12-31T00:00:00Z is in the future" "a date from the future is refused, by name"
like "$(cat err1)" "store: stdin: $V: WARC-Date 'zzzz-not-a-date' is not a date" "a date that is none is refused, by name"
is "$(store -o out --get "$V" 2>/dev/null | head -c 8)" "The real" "--get still gives the real capture"
unlike "$(q out/catalog.sqlite 'select capture_time from documents')" "9999|zzzz" "no such date in the catalog"

# --- clean reading the file itself, with one process and with two
for j in 1 2; do
	clean -j $j -f warc evil.warc 2> cerr$j | store -o c$j > /dev/null 2> serr$j
	like "$(cat cerr$j)" "^clean: evil\.warc: [0-9]+ pith control fields dropped" "clean -j $j: says it dropped the control fields"
	is "$(q c$j/catalog.sqlite 'select count(*) from repeated_lines')" 0 "clean -j $j: no line keys planted"
	is "$(q c$j/catalog.sqlite 'select count(*) from validators')" 0 "clean -j $j: no validators"
	is "$(q c$j/catalog.sqlite 'select count(*) from documents')" 1 "clean -j $j: only the page with a real date stored"
done

# --- the stage before is believed: clean's own failure records on stdin
python3 "$PITH_TOP/tests/warc.py" fail http://a.example/ ingest "HTTP 404" | store -o s > /dev/null 2> serr
is "$(q s/catalog.sqlite 'select failed from runs')" 1 "store counts a failure record on stdin (the stage before)"

# --- even from the stage before, a Last-Modified after the fetch is not
# kept (RFC 9110 8.8.2): it would make every later fetch answer 304
W="$PITH_TOP/tests/warc.py"
{ python3 "$W" conv http://a.example/1 "Text one of a page." Pith-Fetched=live \
    "Pith-Source-Last-Modified=Thu, 01 Jan 2099 00:00:00 GMT" 'Pith-Source-ETag="e1"'
  python3 "$W" conv http://a.example/2 "Text two of a page." Pith-Fetched=live \
    "Pith-Source-Last-Modified=Mon, 01 Jun 2025 10:00:00 GMT"
  python3 "$W" conv http://a.example/3 "Text three of a page." Pith-Fetched=live \
    "Pith-Source-Last-Modified=yesterday"
  python3 "$W" conv http://a.example/4 "Text four of a page." \
    "Pith-Source-Last-Modified=Mon, 01 Jun 2025 10:00:00 GMT"
} | store -o v > /dev/null 2>&1
is "$(q v/catalog.sqlite 'select uri, etag, last_modified from validators order by uri')" \
"http://a.example/1|\"e1\"|None
http://a.example/2|None|Mon, 01 Jun 2025 10:00:00 GMT
http://a.example/3|None|None" "validators: a Last-Modified from the future or not a date is dropped; none without Pith-Fetched"

# --- bytes from pages reach no terminal raw: --list escapes its columns
uri=$(printf 'http://a.example/tab\tx/esc\033[2J\\')
title=$(printf 'Bell\007 and \342\200\256 override')
python3 "$W" conv "$uri" "Some text of a page." "Pith-Title=$title" | store -o l > /dev/null 2>&1
store -o l --list > list 2> /dev/null
is "$(awk -F '\t' '{ print NF }' list)" 4 "--list: a tab in a URI adds no column"
is "$(cut -f 3- list)" 'http://a.example/tab\tx/esc\x1b[2J\\	Bell\x07 and \u202E override' "--list: tab, ESC, BEL, backslash and a bidi override escaped"

# --- a page's character references to control characters (&#27; is ESC)
# reach neither the text nor a field: a terminal would obey them
printf '<html><head><title>Ti&#27;]0;x&#7;tle</title></head><body><article><p>Some text &#27;[2J of a page &#155;31m that is long enough to be the article&#127; here.</p></article></body></html>' > ctl.html
clean ctl.html > ctl.txt
is "$(cat ctl.txt)" "$(printf 'Some text [2J of a page \342\200\27231m that is long enough to be the article here.')" "the text: ESC and DEL from character references dropped (&#155; is U+203A, windows-1252's, as HTML says)"
clean -f json ctl.html > ctl.json
like "$(cat ctl.json)" '"title":"Ti\]0;xtle"' "the title: ESC and BEL dropped"

# --- a server's bytes reach no terminal raw: a Location with ESC, BEL and
# invalid UTF-8, relative and absolute, in ingest's message and in the
# pipeline's summary; and the message says what is wrong with it
httpd 60
printf '[ingest]\nhost-delay = 0\nretries = 0\n' > fast.conf
pipeline -c fast.conf -o h "$U/to?/a%1b[2J%07%ff" "$U/to?http://127.0.0.1:$P/b%1b]0;x%07%ff" > /dev/null 2> herr
like "$(cat herr)" "^ingest: $U/to\?/a%1b\[2J%07%ff: redirect refused: not a URL \(to /a\\\\x1b\[2J\\\\x07\\\\xff: " "a relative Location with control bytes: escaped, and called not a URL"
like "$(cat herr)" "^ingest: $U/to\?http://127\.0\.0\.1:$P/b%1b\]0;x%07%ff: redirect refused: not a URL \(to http://127\.0\.0\.1:$P/b\\\\x1b\]0;x\\\\x07\\\\xff: " "an absolute one too"
like "$(grep '^pipeline: ' herr)" "failed: 2 x redirect refused: not a URL;" "the pipeline's summary counts them as one reason"
is "$(LC_ALL=C tr -d '\n\t -~' < herr | wc -c)" 0 "nothing on stderr but printable ASCII, tabs and line ends"
# a reason that holds a page's bytes (the Content-Type clean names) is
# escaped in the summary too
python3 - <<'PY'
body = b"\0\1\2\3binary\0\0" * 20
http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/x\x1b[2J\x07\xff\r\n"
        b"Content-Length: %d\r\n\r\n" % len(body)) + body
head = (b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: http://a.example/bin\r\n"
        b"WARC-Date: 2026-01-01T00:00:00Z\r\n"
        b"WARC-Record-ID: <urn:uuid:12345678-1234-1234-1234-123456789abc>\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        b"Content-Length: %d\r\n\r\n" % len(http))
open("ct.warc", "wb").write(head + http + b"\r\n\r\n")
PY
pipeline -c /dev/null -o ct ct.warc > /dev/null 2> cterr
like "$(grep '^pipeline: ' cterr)" "failed: 1 x binary content declared as text/x\\\\x1b\[2J\\\\x07\\\\xff, " "the pipeline's summary escapes the reasons"
is "$(LC_ALL=C tr -d '\n\t -~' < cterr | wc -c)" 0 "... nothing on stderr but printable ASCII"

done_testing
