# ingest: local files, folders, archives, WARC passthrough, lists, and URLs
# fetched from a loopback server (tests/httpd.py); never the internet.
. "$PITH_TOP/tests/lib.sh"

# --- reading records back: a small WARC reader, independent of lib/warc.c
cat > warc.py <<'PY'
import gzip, sys
def records(path):
    data = open(path, "rb").read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    pos, out = 0, []
    while pos < len(data):
        end = data.index(b"\r\n\r\n", pos)
        lines = data[pos:end].decode("utf-8").split("\r\n")
        if not lines[0].startswith("WARC/1."):
            sys.exit("bad version line at %d" % pos)
        fields = {}
        for l in lines[1:]:
            k, v = l.split(":", 1)
            fields.setdefault(k.strip().lower(), v.strip())
        n = int(fields["content-length"])
        block = data[end + 4:end + 4 + n]
        if data[end + 4 + n:end + 8 + n] != b"\r\n\r\n":
            sys.exit("bad record end at %d" % pos)
        pos = end + 8 + n
        out.append((fields, block))
    return out
cmd, path = sys.argv[1], sys.argv[2]
recs = records(path)
def pick(suffix):
    for f, b in recs:
        if f.get("warc-target-uri", "").endswith(suffix):
            return f, b
    sys.exit("no record for " + suffix)
if cmd == "list":                       # TYPE URI, one line a record
    for f, b in recs:
        print(f.get("warc-type"), f.get("warc-target-uri"))
elif cmd == "field":                    # field FILE URI-SUFFIX NAME
    print(pick(sys.argv[3])[0].get(sys.argv[4].lower(), ""))
elif cmd == "block":                    # block FILE URI-SUFFIX
    sys.stdout.buffer.write(pick(sys.argv[3])[1])
elif cmd == "body":                     # the HTTP payload of a response
    b = pick(sys.argv[3])[1]
    sys.stdout.buffer.write(b[b.index(b"\r\n\r\n") + 4:])
elif cmd == "head":                     # its status line and headers
    b = pick(sys.argv[3])[1]
    sys.stdout.buffer.write(b[:b.index(b"\r\n\r\n")].replace(b"\r\n", b"\n") + b"\n")
PY
records() { python3 warc.py list "$1"; }
field() { python3 warc.py field "$@"; }
block() { python3 warc.py block "$@"; }

# --- local files
here=$(pwd -P)
printf '<html><body><p>One page.</p></body></html>\n' > page.html
touch -d '2024-05-06 07:08:09 UTC' page.html
ingest -c /dev/null page.html > out 2> err; st=$?
is "$st" 0 "a file: exit 0"
is "$(cat err)" "" "a file: nothing on stderr"
is "$(records out)" "resource file://$here/page.html" "a file: one resource record, file:// URI"
is "$(field out page.html Content-Type)" "text/html" "a file: sniffed as text/html"
is "$(field out page.html Pith-Last-Modified)" "2024-05-06T07:08:09Z" "a file: mtime as Pith-Last-Modified"
like "$(field out page.html WARC-Date)" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$' "a file: WARC-Date in UTC"
is "$(block out page.html)" "$(cat page.html)" "a file: the block is the file"

gzip -c page.html > zipped.html.gz
printf 'plain words\n' > 'a name.txt'
ingest -c /dev/null zipped.html.gz 'a name.txt' > out 2> err
is "$(block out zipped.html.gz)" "$(cat page.html)" ".html.gz read transparently"
is "$(field out name.txt Content-Type)" "text/plain" "a text file: text/plain"
like "$(records out)" "file://$here/a%20name.txt" "a space in a name is percent-encoded"

# --- folders: recursive, sorted, hidden skipped, loops not followed
mkdir -p tree/b tree/.hidden tree/a
echo one > tree/z.txt; echo two > tree/a/m.txt; echo three > tree/b/a.txt
echo secret > tree/.hidden/s.txt; echo dot > tree/.dot.txt
ln -s .. tree/b/up
printf '\000\001\002binary' > tree/a/bin.dat
ingest -c /dev/null tree > out 2> err; st=$?
is "$st" 0 "a folder: exit 0"
is "$(records out | sed "s|file://$here/||")" "resource tree/a/bin.dat
resource tree/a/m.txt
resource tree/b/a.txt
resource tree/z.txt" "a folder: recursive, in byte order, hidden names skipped"
like "$(cat err)" "^ingest: tree/b/up: .*not followed" "a folder: a link loop is reported, not followed"
is "$(field out bin.dat Content-Type)" "application/octet-stream" "binary is passed on as octet-stream"

# --- archives
mkdir src && echo '<p>in tar</p>' > src/t1.html && echo 'tar text' > src/t2.txt
bsdtar -czf pages.tar.gz -C src t1.html t2.txt
ingest -c /dev/null pages.tar.gz > out 2> err; st=$?
is "$st" 0 ".tar.gz: exit 0"
is "$(records out)" "resource file://$here/pages.tar.gz#t1.html
resource file://$here/pages.tar.gz#t2.txt" ".tar.gz: one record a member, archive#member URIs"
is "$(block out '#t2.txt')" "tar text" ".tar.gz: member content"

python3 - <<'PY'
import io, tarfile, zipfile
zipfile.ZipFile("pages.zip", "w").writestr("dir/z1.html", "<p>in zip</p>\n")
with tarfile.open("evil.tar", "w") as t:
    for name, data in (("../evil", b"escape"), ("/abs", b"root"), ("good.txt", b"fine\n")):
        info = tarfile.TarInfo(name); info.size = len(data)
        t.addfile(info, io.BytesIO(data))
PY
ingest -c /dev/null pages.zip > out 2> err; st=$?
is "$st" 0 ".zip: exit 0"
is "$(block out '#dir/z1.html')" "<p>in zip</p>" ".zip: member read"
ingest -c /dev/null evil.tar > out 2> err; st=$?
is "$st" 1 "unsafe member names: exit 1"
like "$(cat err)" "evil.tar#\.\./evil: unsafe member name" "'../evil' refused and named"
like "$(cat err)" "evil.tar#/abs: unsafe member name" "an absolute member name refused"
is "$(records out | grep resource)" "resource file://$here/evil.tar#good.txt" "the safe member is still written"
is "$(records out | grep -c '^metadata evil.tar#')" 2 "each refused member has a failure record"
if command -v zstd >/dev/null && bsdtar --zstd -cf pages.tar.zst -C src t1.html 2>/dev/null; then
	ingest -c /dev/null pages.tar.zst > out 2> err
	is "$(block out '#t1.html')" "<p>in tar</p>" ".tar.zst: member read"
else
	skip "no zstd"
fi

# --- WARC passthrough keeps IDs and dates
printf 'WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:12345678-1234-4234-8234-123456789abc>\r\nWARC-Date: 2020-01-02T03:04:05Z\r\nWARC-Target-URI: http://example.org/old\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\nold text\n\r\n\r\n' > old.warc
ingest -c /dev/null old.warc > out 2> err; st=$?
is "$st" 0 ".warc: exit 0"
is "$(field out /old WARC-Record-ID)" "<urn:uuid:12345678-1234-4234-8234-123456789abc>" ".warc: record ID kept"
is "$(field out /old WARC-Date)" "2020-01-02T03:04:05Z" ".warc: date kept"
is "$(block out /old)" "old text" ".warc: block kept"

# --- limits and per-item errors
ingest -c /dev/null --max-size 30 page.html 'a name.txt' > out 2> err; st=$?
is "$st" 1 "a file over max-size: exit 1"
like "$(cat err)" "^ingest: page.html: larger than max-size" "a file over max-size: reported by name"
is "$(records out | grep -c '^resource')" 1 "a file over max-size: skipped, the others written"
is "$(records out | grep -c '^metadata page.html')" 1 "a file over max-size: a failure record"
ingest -c /dev/null missing.html page.html > out 2> err; st=$?
is "$st" 1 "a missing file: exit 1"
like "$(cat err)" "^ingest: missing.html: No such file" "a missing file: reported by name"
like "$(cat err)" "ingest: 2 records written, 1 failed" "a summary line when something failed (the failure record counts)"
ingest -c /dev/null 'javascript:alert(1)' ftp://example.org/x page.html > out 2> err; st=$?
is "$st" 1 "other URL schemes: exit 1"
like "$(cat err)" "^ingest: javascript:alert\(1\): only http and https URLs are fetched" "javascript: refused"
like "$(cat err)" "ingest: ftp://example.org/x: only http and https URLs are fetched" "ftp: refused"
is "$(field out 'alert(1)' Pith-Fetch-Error)" "only http and https URLs are fetched" "a metadata record for the refused URL"

ingest -c /dev/null page.html > /dev/full 2> err; st=$?
is "$st" 2 "stdout full: exit 2"
like "$(cat err)" "^ingest: stdout: " "stdout full: reported"

# --- lists: - on stdin, @FILE
printf '# pages\n\npage.html\n  zipped.html.gz  \n' > list
ingest -c /dev/null @list > out 2> err; st=$?
is "$st:$(records out | wc -l | tr -d ' ')" "0:2" "@FILE: comments and blank lines skipped"
printf 'page.html\n@list\n' | ingest -c /dev/null - > out 2> err; st=$?
is "$st:$(records out | wc -l | tr -d ' ')" "0:3" "- reads a list on stdin, @FILE inside it"
printf '[ingest]\nsources = page.html zipped.html.gz\n' > my.conf
ingest -c my.conf > out 2> err
is "$(records out | wc -l | tr -d ' ')" 2 "sources from the config file"
ingest -c my.conf 'a name.txt' > out 2> err
is "$(records out | wc -l | tr -d ' ')" 1 "operands replace the configured sources"

# --- usage
ingest --bogus > out 2> err; st=$?
is "$st" 2 "a bad option: exit 2"
like "$(cat err)" "^usage: ingest \[-c CONF\]" "a bad option: usage on stderr"
ingest -h > out 2> err; st=$?
like "$st:$(cat out)" "^0:usage: ingest \[-c CONF\]" "-h: usage on stdout, exit 0"
is "$(ingest -V)" "pith-ingest 0.1.0" "-V: the version"
ingest -c /dev/null --timeout soon page.html > out 2> err; st=$?
is "$st" 2 "a bad setting: exit 2"
like "$(cat err)" "^ingest: --timeout: 'soon' is not a duration" "a bad setting: says which option and why"

# --- URLs, from the loopback server
httpd 90
fetch() { ingest -c /dev/null --host-delay 0 "$@"; }
requests() { grep -c "^GET $1 " httpd.log; }
body() { python3 warc.py body "$@"; }
head_of() { python3 warc.py head "$@"; }

fetch "$U/page" > out 2> err; st=$?
is "$st" 0 "a URL: exit 0"
is "$(records out)" "response $U/page" "a URL: one response record"
is "$(field out /page Content-Type)" "application/http; msgtype=response" "a URL: application/http"
is "$(head_of out /page | head -n 1)" "HTTP/1.1 200 OK" "a URL: the status line"
like "$(body out /page)" "The quick brown fox" "a URL: the body"
is "$(field out /page WARC-IP-Address)" "127.0.0.1" "a URL: WARC-IP-Address"
is "$(field out /page Pith-Source-URI)" "$U/page" "a URL: Pith-Source-URI"
like "$(grep '^GET /page ' httpd.log)" "pith/0\.1\.0 \(\+https://github.com/pith-project/pith\)$" "User-Agent: pith/VERSION (+contact)"
fetch --user-agent 'TestBot/2.0' "$U/page?ua" > out 2> err
like "$(grep '^GET /page?ua ' httpd.log)" " TestBot/2\.0$" "--user-agent replaces the User-Agent"

fetch "$U/redirect/2" > out 2> err; st=$?
is "$st:$(records out)" "0:response $U/page" "redirects followed: WARC-Target-URI is the final URL"
is "$(field out /page Pith-Source-URI)" "$U/redirect/2" "redirects: Pith-Source-URI is the URL asked for"
is "$(head_of out /page | grep -c Location)" 0 "redirects: only the final response's headers"

fetch "$U/to-file" "$U/page" > out 2> err; st=$?
is "$st" 1 "a redirect to file://: exit 1"
like "$(cat err)" "^ingest: $U/to-file: redirect refused: only http and https URLs are fetched \\(to file:///etc/passwd\\)$" "a redirect to file://: reported"
like "$(field out /to-file Pith-Fetch-Error)" "refused" "a redirect to file://: metadata record"
like "$(records out)" "response $U/page" "a redirect to file://: the other URL is still written"
unlike "$(cat out)" "root:" "nothing of /etc/passwd in the output"

fetch --max-redirects 3 "$U/loop" > out 2> err; st=$?
is "$st" 1 "a redirect loop: exit 1"
like "$(cat err)" "$U/loop: more than 3 redirects" "a redirect loop: capped and reported"
is "$(requests /loop)" 4 "a redirect loop: 1 + 3 requests"

start=$(date +%s)
fetch "$U/flaky?a" > out 2> err; st=$?
is "$st:$(head_of out '/flaky?a' | head -n 1)" "0:HTTP/1.1 200 OK" "429 then 200: retried, stored"
is "$(requests '/flaky?a')" 2 "429 then 200: two requests"
ok "$(test $(( $(date +%s) - start )) -ge 1; echo $?)" "429: Retry-After: 1 was waited for"

fetch --retries 2 "$U/always500" > out 2> err; st=$?
is "$st" 1 "always 500: exit 1"
is "$(requests /always500)" 3 "always 500: tried 1 + 2 times"
like "$(cat err)" "^ingest: $U/always500: HTTP 500 \\(Internal Server Error, retries exhausted\\)$" "always 500: reported"
is "$(records out)" "metadata $U/always500" "always 500: a metadata record, no response"
fetch --retries 0 "$U/missing" > out 2> err; st=$?
is "$st:$(requests /missing)" "1:1" "404: not retried, reported"

fetch "$U/gzip" > out 2> err; st=$?
is "$st" 0 "gzip: exit 0"
like "$(body out /gzip)" "The quick brown fox" "gzip: the body is decoded"
is "$(head_of out /gzip | grep -ci '^content-encoding:')" 0 "gzip: no Content-Encoding left"
like "$(head_of out /gzip)" "X-Pith-Original-Content-Encoding: gzip" "gzip: the header is renamed"
is "$(head_of out /gzip | sed -n 's/^Content-Length: //p')" "$(body out /gzip | wc -c | tr -d ' ')" "gzip: Content-Length is the decoded length"

fetch --max-size 100k "$U/big" "$U/big-stream" > out 2> err; st=$?
is "$st" 1 "oversize bodies: exit 1"
like "$(cat err)" "$U/big: body larger than max-size .*cut" "oversize (Content-Length): reported"
like "$(cat err)" "$U/big-stream: body larger than max-size .*cut" "oversize (streamed): reported"
is "$(records out | cut -d' ' -f1 | sort -u)" "metadata" "oversize: no response record stored as if whole"

start=$(date +%s)
fetch --timeout 2 --retries 0 "$U/stall" > out 2> err; st=$?
is "$st" 1 "a stalled server: exit 1"
like "$(cat err)" "$U/stall: .*[Tt]imed? ?out" "a stalled server: timed out and reported"
ok "$(test $(( $(date +%s) - start )) -lt 8; echo $?)" "a stalled server: given up after the timeout"

fetch "$U/cp1252" > out 2> err
is "$(head_of out /cp1252 | sed -n 's/^Content-Type: //p')" "text/html; charset=windows-1252" "the HTTP charset is kept"
is "$(body out /cp1252 | od -An -tx1 | grep -c ' e9')" 1 "windows-1252 bytes kept as they are"
fetch "$U/etag" > out 2> err
like "$(head_of out /etag)" 'ETag: "v1"' "ETag kept for later conditional requests"

# --- robots.txt and politeness
before=$(requests /robots.txt)
fetch "$U/private/x" "$U/private/ok" > out 2> err; st=$?
is "$st" 0 "robots.txt: a disallowed URL is no failure: exit 0"
like "$(cat err)" "$U/private/x: disallowed by robots.txt" "robots.txt: reported"
is "$(field out /private/x Pith-Fetch-Status)" "disallowed" "robots.txt: a metadata record with Pith-Fetch-Status: disallowed"
is "$(field out /private/x Pith-Fetch-Error)" "" "robots.txt: and no Pith-Fetch-Error"
is "$(requests /private/x)" 0 "robots.txt: the disallowed URL was not requested"
like "$(records out)" "response $U/private/ok" "robots.txt: Allow wins for the longer match"
is "$(( $(requests /robots.txt) - before ))" 1 "robots.txt: asked once for the host"
fetch --user-agent 'otherbot/1.0' "$U/page?other" > out 2> err; st=$?
is "$st:$(requests '/page?other')" "0:0" "robots.txt: the group naming our product token wins over *"
start=$(date +%s)
fetch --user-agent 'SlowBot/1.0' "$U/page?s1" "$U/page?s2" > out 2> err; st=$?
is "$st:$(records out | wc -l | tr -d ' ')" "0:2" "robots.txt Crawl-delay: both fetched"
ok "$(test $(( $(date +%s) - start )) -ge 2; echo $?)" "robots.txt Crawl-delay: 1 s after robots.txt and after the first page"
fetch --robots no "$U/private/x" > out 2> err; st=$?
is "$st:$(requests /private/x)" "0:1" "--robots no: fetched"
fetch "http://localhost:$P/page?lh" > out 2> err; st=$?
is "$st" 1 "robots.txt 503: exit 1"
like "$(cat err)" "robots.txt answered HTTP 503: all disallowed" "robots.txt 503: all disallowed"
is "$(grep -c '^GET /page?lh ' httpd.log)" 0 "robots.txt 503: the page was not requested"

start=$(date +%s)
ingest -c /dev/null --host-delay 1 "$U/page?d1" "$U/page?d2" > out 2> err; st=$?
is "$st:$(records out | wc -l | tr -d ' ')" "0:2" "host-delay: both fetched"
ok "$(test $(( $(date +%s) - start )) -ge 1; echo $?)" "host-delay: waited between two requests to one host"

# --- connections: kept for a host's next URL, closed when it has none
httpd 30 1 keep
kp=$(cat keep.port)
for n in 1 2 3 4 5 6; do echo "http://127.0.0.1:$kp/page?k$n"; done > keep.urls
ingest -c /dev/null --host-delay 0 @keep.urls > out 2> err; st=$?
is "$st:$(records out | grep -c '^response'):$(grep -c '^OPEN' keep.log)" "0:6:1" \
    "one host, robots.txt and 6 pages: one connection"
# Two hosts with a page each; the second answers after 2 s.  The first
# host's connection is closed as soon as its page is in, not kept idle
# until ingest ends.
httpd 30 2 many
set -- $(cat many.port)
ingest -c /dev/null --robots no --host-delay 0 "http://127.0.0.1:$1/page?one" \
    "http://127.0.0.1:$2/slow-redirect/0" > out 2> err; st=$?
is "$st:$(records out | grep -c '^response')" "0:2" "two hosts, one slow: both fetched"
python3 - many.log "$1" > open <<'PY'
import sys
port = sys.argv[2]
ev = [l.split() for l in open(sys.argv[1])]
at = min(float(e[2]) for e in ev if e[0] == "AT" and e[1] == port)
close = min(float(e[2]) for e in ev if e[0] == "CLOSE" and e[1] == port)
print("%.1f" % (close - at))
PY
ok "$(python3 -c "import sys; sys.exit(not float('$(cat open)') < 1.0)"; echo $?)" \
    "a host with nothing more queued: its connection closed at once ($(cat open) s after its request), not kept"

# --- several hosts at once: each waits host-delay, none waits for another
httpd 30 3 multi
for p in $(cat multi.port); do for n in 1 2 3; do echo "http://127.0.0.1:$p/page?m$n"; done; done > multi.urls
ingest -c /dev/null --host-delay 300ms --connections 2 @multi.urls > out 2> err; st=$?
is "$st:$(records out | grep -c '^response')" "0:9" "3 hosts, 3 pages each, 2 connections: all fetched"
python3 - multi.log > gaps <<'PY'
import sys
at = {}
for line in open(sys.argv[1]):
    if line.startswith("AT "):
        _, port, t, path = line.split()
        at.setdefault(port, []).append((float(t), path))
gaps = [b[0] - a[0] for v in at.values() for a, b in zip(sorted(v), sorted(v)[1:])]
print(len(at), len(gaps), "%.3f" % min(gaps))
order = [p for p, _ in sorted((t, p) for p, v in at.items() for t, _ in v)]
# interleaved: some host's second request comes after another host's first
print("interleaved" if len(set(order[:4])) > 1 else "one host after another")
PY
read nhosts ngaps mingap < gaps
is "$nhosts:$ngaps" "3:9" "3 hosts, 4 requests each (robots.txt + 3 pages)"
ok "$(awk -v g="$mingap" 'BEGIN { exit !(g >= 0.3) }'; echo $?)" "no host saw two requests closer than host-delay (smallest gap $mingap s)"
is "$(sed -n 2p gaps)" "interleaved" "the hosts were served side by side"

# --- the progress line: on a terminal only
if command -v script >/dev/null 2>&1; then
	script -qec "ingest -c /dev/null --host-delay 0 '$U/page?p1' '$U/page?p2' '$U/private/p3' > tty.warc" /dev/null < /dev/null > tty.out 2>&1
	like "$(tr '\r' '\n' < tty.out)" "ingest: 3/3 URLs, 0 failed, 0 not modified, 1 disallowed, [0-9]+/s$" "a terminal: done/total, failures, rate"
	like "$(cat -v tty.out)" '\^M\^\[\[Kingest: [0-9]/3 URLs' "a terminal: the line is redrawn in place"
	like "$(tr '\r' '\n' < tty.out)" "^ingest: $U/private/p3: disallowed by robots.txt$" "a terminal: a message gets a line of its own"
else
	skip "no script(1) for a terminal"; skip "no script(1)"; skip "no script(1)"
fi
fetch "$U/page?p4" "$U/page?p5" > out 2> err
is "$(cat err)" "" "not a terminal: no progress line (cron stays quiet)"

done_testing
