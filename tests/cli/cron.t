# cron: exit codes and messages a nightly run can trust (issue 19, items
# 5-8).  Nothing to do is no failure; a host that is down is called so;
# failure reasons are short phrases the summary can count together; -q
# says only what went wrong, and -v stamps every line with the time.
# Loopback only: refused ports, names under .invalid (RFC 6761: never
# resolved), ports whose listen queue is full (connects time out).
. "$PITH_TOP/tests/lib.sh"

httpd 60 5 h
H1=$(sed -n 1p h.port); U="http://127.0.0.1:$H1"

# srv.py: 404s whose reason phrases differ, and ports that accept no
# connection (the listen queue is full, so a connect times out).
cat > srv.py <<'PY'
import os, socket, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_GET(self):
        phrase = {"/gone-a": "Not Found", "/gone-b": "Gone Fishing",
                  "/robots.txt": "No Rules Here"}.get(self.path)
        self.send_response(404 if phrase else 200, phrase)
        body = b"<p>A page of the cron tests, long enough to keep.</p>\n"
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
web = ThreadingHTTPServer(("127.0.0.1", 0), H)
print(web.server_address[1])
keep = []
for _ in range(3):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)
    for _ in range(3):      # fill the queue: later SYNs are dropped
        c = socket.socket(); c.setblocking(False)
        try: c.connect(s.getsockname())
        except BlockingIOError: pass
        keep.append(c)
    keep.append(s)
    print(s.getsockname()[1])
sys.stdout.flush()
threading.Timer(60, lambda: os._exit(0)).start()
web.serve_forever()
PY
python3 srv.py > srv.port 2> srv.log &
_httpd_pids="$_httpd_pids $!"
i=0; while [ "$(cat srv.port 2>/dev/null | wc -l)" -lt 4 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
W="http://127.0.0.1:$(sed -n 1p srv.port)"
B1=$(sed -n 2p srv.port); B2=$(sed -n 3p srv.port); B3=$(sed -n 4p srv.port)
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
R1=$(free_port); R2=$(free_port)
printf '[ingest]\nhost-delay = 0\nretries = 0\nconnect-timeout = 1\ntimeout = 1\n' > fast.conf
stamp='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z'
fields() { tr -d '\r' < "$1" | sed -n "s/^$2: //p" | sort | uniq -c | sed 's/^ *//'; }

# --- 5. nothing to do is no failure
pipeline -c /dev/null -o e1 - < /dev/null > out 2> err; st=$?
is "$st" 0 "an empty source list on stdin: exit 0"
like "$(cat err)" "^pipeline: 0 read, 0 cleaned, 0 stored, 0 duplicate, 0 not modified, 0 disallowed, 0 skipped, 0 failed, 0 empty in [0-9.]+ s$" "... the summary of zeros"
is "$(wc -l < err)" 1 "... said once, and nothing else"
: > empty.list
pipeline -c /dev/null -o e2 @empty.list > out 2> err; st=$?
is "$st:$(wc -l < err)" "0:1" "an empty @list: exit 0, one line"
clean -c /dev/null < /dev/null > out 2> err; st=$?
is "$st:$(cat err)$(cat out)" "0:" "clean of an empty stdin: exit 0, nothing said, nothing written"
clean -c /dev/null -f warc < /dev/null > out 2> err; st=$?
is "$st:$(cat err)" "0:" "clean -f warc of an empty stdin: exit 0, no failure record"
is "$(wc -c < out)" 0 "... and no record at all"
printf '<p>One page.</p>\n' > page.html
ingest -c /dev/null page.html @missing.list > out 2> err; st=$?
is "$st" 2 "ingest @missing.list: a usage error, exit 2"
is "$(cat err)" "ingest: @missing.list: No such file or directory" "... naming the list"
is "$(wc -c < out)" 0 "... before anything is read or written"
printf '%s\n' page.html @nested-missing.list > outer.list
ingest -c /dev/null @outer.list > out 2> err; st=$?
is "$st" 1 "a list naming a missing list: that entry fails (exit 1), the rest is read"
like "$(cat err)" "^ingest: nested-missing.list: No such file or directory$" "... and is named"
pipeline -c /dev/null -o e3 @missing.list > out 2> err; st=$?
is "$st" 2 "pipeline @missing.list: exit 2"
like "$(cat err)" "^ingest: @missing.list: No such file or directory$" "... the list named"
like "$(cat err)" "; ingest exit 2$" "... the summary says ingest refused"
unlike "$(cat err)" "^clean: " "... and clean invents no failure"

# --- 6. a host that is down: the URL's reason names the cause
bad="http://127.0.0.1:$R1/a http://127.0.0.1:$R2/b http://nowhere.invalid/c http://127.0.0.1:$B1/d"
ingest -c fast.conf $bad > rec 2> err; st=$?
is "$st" 1 "hosts that are down: exit 1"
like "$(cat err)" "^ingest: http://127\.0\.0\.1:$R1/a: connection refused \(" "a refused port: 'connection refused', the details after"
like "$(cat err)" "^ingest: http://nowhere\.invalid/c: could not resolve host \(" "an unresolvable name: 'could not resolve host'"
like "$(cat err)" "^ingest: http://127\.0\.0\.1:$B1/d: timed out connecting \(" "a port that never answers: 'timed out connecting'"
like "$(cat err)" "robots\.txt" "... the details say robots.txt was what could not be had"
unlike "$(cat err)" "all disallowed" "... and no 'all disallowed' stands for the cause"
is "$(fields rec Pith-Fetch-Error)" "2 connection refused
1 could not resolve host
1 timed out connecting" "the failure records carry the short reasons"
ingest -c fast.conf --robots no "http://127.0.0.1:$R1/a" http://nowhere.invalid/c "http://127.0.0.1:$B2/d" > rec 2> err; st=$?
is "$(fields rec Pith-Fetch-Error)" "1 connection refused
1 could not resolve host
1 timed out connecting" "robots off: the page's own failure, the same reasons"
ok "$(test -z "$(grep -v '^ingest: ' err)"; echo $?)" "every message names the program"

# --- 7. failure reasons group in the summary
pipeline -c fast.conf -o g1 "$W/gone-a" "$W/gone-b" "http://127.0.0.1:$R1/x" "http://127.0.0.1:$R2/y" > out 2> err; st=$?
is "$st" 1 "404s and refused ports: exit 1"
like "$(tail -n 1 err)" "; failed: 2 x [^;]+; 2 x [^;]+; ingest exit 1; store exit 1$" "404s under two reason phrases and two refused ports: two groups"
like "$(tail -n 1 err)" "[:;] 2 x HTTP 404;" "... one is HTTP 404"
like "$(tail -n 1 err)" "[:;] 2 x connection refused;" "... the other connection refused"
like "$(cat err)" "^ingest: $W/gone-b: HTTP 404 \\(Gone Fishing\\)$" "the server's reason phrase is still said for its URL"
for i in 1 2 3 4 5; do echo "http://stall.localhost:$(sed -n ${i}p h.port)/page"; done > stalled
pipeline -c fast.conf -o g2 @stalled > out 2> err; st=$?
like "$(tail -n 1 err)" "; failed: 5 x robots\.txt could not be read \(timed out after 1 s\): all disallowed; ingest exit 1; store exit 1$" "five robots.txt timeouts: one group"
printf '%s\n' "$U/stall?1" "$U/to?/stall?2" "http://127.0.0.1:$B1/p" "http://127.0.0.1:$B2/q" "http://127.0.0.1:$B3/r" > slow
pipeline -c fast.conf -o g3 @slow > out 2> err; st=$?
like "$(tail -n 1 err)" "; failed: 3 x timed out connecting; 2 x timed out after 1 s; ingest exit 1; store exit 1$" "timeouts: one group for connects, one for pages whatever their hops"
like "$(cat err)" "^ingest: $U/to\?/stall\?2: timed out after 1 s \\(2 hops\\)$" "... the hops still said for the URL"
printf '[ingest]\nhost-delay = 0\nmax-redirects = 1\n' > redir.conf
pipeline -c redir.conf -o g4 "$U/loop" "http://127.0.0.1:$(sed -n 2p h.port)/loop" "$U/redirect/5" > out 2> err; st=$?
like "$(tail -n 1 err)" "; failed: 3 x more than 1 redirects; ingest exit 1; store exit 1$" "redirect caps: one group, whatever the last hop"
like "$(cat err)" "^ingest: $U/redirect/5: more than 1 redirects \(last to $U/redirect/3\)$" "... where it went still said for the URL"

# --- 8. -q for cron, timestamps under -v
printf '[ingest]\nhost-delay = 0\nretries = 0\n' > q.conf
pipeline -q -c q.conf -o q "$U/page" "$U/private/x" > out 2> err; st=$?
is "$st:$(cat err)" "0:" "-q, a page stored and one disallowed: exit 0, nothing said"
pipeline -q -c q.conf -o q "$U/page" "$U/private/x" > out 2> err; st=$?
is "$st:$(cat err)" "0:" "-q, a rerun with nothing new: nothing said"
pipeline -c q.conf -o q "$U/page" > out 2> err; st=$?
is "$st" 0 "without -q, a rerun with nothing new: exit 0"
like "$(cat err)" "^pipeline: 1 read, 1 cleaned, 0 stored, 1 duplicate, " "... the summary says what happened"
is "$(wc -l < err)" 1 "... once: store does not say it again"
pipeline -q -c q.conf -o q "$U/page?2" "$U/private/y" "$U/gone" > out 2> err; st=$?
is "$st" 1 "-q with a failure: exit 1"
like "$(cat err)" "^ingest: $U/gone: HTTP 404 \\(Not Found\\)$" "... what failed is said"
like "$(tail -n 1 err)" "^pipeline: 3 read, 1 cleaned, 0 stored, 1 duplicate, 0 not modified, 1 disallowed, 0 skipped, 1 failed, 0 empty in [0-9.]+ s; failed: 1 x HTTP 404; ingest exit 1; store exit 1$" "... and the summary"
unlike "$(cat err)" "disallowed by robots\.txt" "... but not what went as it should"
ingest -q -c q.conf "$U/private/z" > out 2> err; st=$?
is "$st:$(cat err)" "0:" "ingest -q: a disallowed URL is not said"
ingest -c q.conf "$U/private/z" > out 2> err
is "$(cat err)" "ingest: $U/private/z: disallowed by robots.txt" "... without -q it is"
store -q -c /dev/null -o sq < /dev/null 2> err; st=$?
is "$st:$(cat err)" "0:" "store -q, nothing to store: nothing said"
clean -q -c /dev/null missing.html > out 2> err; st=$?
is "$st:$(cat err)" "1:clean: missing.html: No such file or directory" "clean -q: a failure is still said"
pipeline -v -c q.conf -o v "$U/page" "$U/private/x" "$U/gone" > out 2> err; st=$?
is "$st" 1 "-v: exit 1 (a 404)"
like "$(cat err)" "^$stamp ingest: $U/private/x: disallowed by robots\.txt$" "-v: ingest's lines carry the time, UTC"
like "$(cat err)" "^$stamp ingest: 3 records written, 1 failed" "-v: ingest's summary too"
like "$(cat err)" "^$stamp store: " "-v: store's lines too"
like "$(tail -n 1 err)" "^$stamp pipeline: 3 read, " "-v: and the pipeline's summary"
is "$(grep -Evc "^$stamp [a-z]+: " err)" 0 "-v: every line stamped"
clean -v -c /dev/null missing.html > out 2> err
like "$(cat err)" "^$stamp clean: missing\.html: No such file or directory$" "clean -v: stamped"
for p in ingest clean store pipeline; do
	$p -h > out; like "$(cat out)" "\[-q \| -v\]" "$p -h shows -q and -v"
done

done_testing
