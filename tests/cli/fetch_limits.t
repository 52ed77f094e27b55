# ingest's trust in the network: robots.txt that is too large or cannot be
# read, Retry-After values that are huge, dated or garbage, and one URL's
# total time bounded by timeout.  A loopback server (tests/httpd.py) only.
. "$PITH_TOP/tests/lib.sh"

httpd 150
fetch() { ingest -c /dev/null --host-delay 0 "$@"; }
asked() { grep -c "^GET $1 $2 " httpd.log; }	# asked PATH HOST
types() { python3 "$PITH_TOP/tests/warc.py" types "$1"; }
ms() { date +%s%3N; }

# --- robots.txt over 512 KiB: its first 512 KiB are the rules
for name in bigcl bigchunked; do
	H="http://$name.localhost:$P"
	fetch "$H/private/x" "$H/page?late" > out 2> err; st=$?
	is "$st" 0 "$name: a disallowed URL is no failure: exit 0"
	is "$(asked /private/x $name.localhost)" 0 "$name: /private/x (disallowed in the first lines) not requested"
	like "$(cat err)" "$H/private/x: disallowed by robots.txt" "$name: /private/x reported disallowed"
	is "$(asked "/page?late" $name.localhost)" 1 "$name: a rule past 512 KiB is ignored: /page?late fetched"
	is "$(asked /robots.txt $name.localhost)" 1 "$name: robots.txt asked once"
done

# --- robots.txt that cannot be read: all disallowed (RFC 9309 2.3.1.4)
unread() {	# unread NAME WHY-REGEX DESCRIPTION [OPTIONS]
	name=$1 why=$2 desc=$3; shift 3
	H="http://$name.localhost:$P"
	fetch "$@" "$H/page?$name" > out 2> err; st=$?
	is "$st:$(asked "/page?$name" $name.localhost)" "1:0" "$desc: exit 1, the page not requested"
	like "$(cat err)" "^ingest: $H/page\?$name: robots\.txt $why: all disallowed" "$desc: says why all is disallowed"
}
start=$(ms)
unread stall "could not be read \(.*[Tt]imed? ?out.*\)" "robots.txt times out" --timeout 2 --retries 0
ok "$(test $(( $(ms) - start )) -lt 6000; echo $?)" "robots.txt times out: given up after its timeout"
unread reset "could not be read \(.*\)" "robots.txt reset before a status" --retries 0
unread loop "could not be read \(more than 5 redirects.*\)" "robots.txt redirects in a loop"
unread tofile "could not be read \(redirect refused: only http and https URLs are fetched\)" "robots.txt redirects to file:"
like "$(cat err)" "all disallowed \(to file:///etc/passwd\)$" "robots.txt redirects to file:: where, said after"
unread nolocation "answered HTTP 302" "robots.txt 302 without Location"
H="http://gone.localhost:$P"
fetch "$H/private/x" > out 2> err; st=$?
is "$st:$(asked /private/x gone.localhost)" "0:1" "robots.txt 404: all allowed, as before"

# --- Retry-After: huge, dated, in the past, garbage
retry() {	# retry VALUE OPTIONS...: fetch /retry-after?VALUE
	v=$1; shift
	q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$v")
	fetch "$@" "$U/retry-after?$q" > out 2> err; st=$?
	n=$(grep -c "^GET /retry-after?$q " httpd.log)
}
start=$(ms)
retry 9223372036854775807
is "$st:$n" "1:1" "Retry-After 2^63-1: fails at once, one request"
like "$(cat err)" "HTTP 503 \(Service Unavailable, Retry-After 9223372036854775807 s is too long\)$" "Retry-After 2^63-1: too long"
is "$(types out)" "metadata" "Retry-After 2^63-1: its failure record is written"
ok "$(test $(( $(ms) - start )) -lt 3000; echo $?)" "Retry-After 2^63-1: not waited for"
retry 'Fri, 31 Dec 9999 23:59:59 GMT'
is "$st:$n" "1:1" "Retry-After in year 9999: fails at once"
like "$(cat err)" "Retry-After [0-9]{11,} s is too long\)$" "Retry-After in year 9999: too long"
for v in 'Thu, 01 Jan 1998 00:00:00 GMT' soon -5 99999999999999999999; do
	start=$(ms)
	retry "$v" --retries 1
	is "$st:$n" "1:2" "Retry-After '$v': the back-off, then retries exhausted"
	like "$(cat err)" "HTTP 503 \(Service Unavailable, retries exhausted\)$" "Retry-After '$v': retries exhausted"
	ok "$(test $(( $(ms) - start )) -ge 1000 -a $(( $(ms) - start )) -lt 4000; echo $?)" "Retry-After '$v': waited the back-off (1 s), no more"
done

# --- timeout bounds one URL: every hop, every attempt, every back-off
start=$(ms)
fetch --timeout 5 "$U/slow-redirect/4" > out 2> err; st=$?
took=$(( $(ms) - start ))
is "$st" 1 "5 slow hops, timeout 5 s: exit 1"
like "$(cat err)" "^ingest: $U/slow-redirect/4: timed out after 5 s \(3 hops\)$" "5 slow hops: timed out, the hops counted"
ok "$(test $took -lt 8000; echo $?)" "5 slow hops: given up within the URL's timeout (took $took ms)"
is "$(asked /slow-redirect/1 127.0.0.1)" 0 "5 slow hops: the fourth hop was not asked for"

fetch --timeout 0 "$U/slow-redirect/0" > out 2> err; st=$?
is "$st:$(types out)" "0:response" "timeout 0: no bound, a 2 s hop waited for"

start=$(ms)
fetch --timeout 2 "$U/stall" > out 2> err; st=$?
took=$(( $(ms) - start ))
is "$st:$(asked /stall 127.0.0.1)" "1:1" "a stalled URL with 2 retries left: one attempt, the budget spent"
like "$(cat err)" "$U/stall: timed out after 2 s \(1 hop\)$" "a stalled URL: timed out"
ok "$(test $took -lt 5000; echo $?)" "a stalled URL: given up after its timeout (took $took ms)"

start=$(ms)
retry 3 --timeout 2
is "$st:$n" "1:1" "Retry-After 3 s, timeout 2 s: not waited for"
like "$(cat err)" "HTTP 503 \(Service Unavailable, Retry-After 3 s is past the URL's timeout of 2 s\)$" "Retry-After past the budget: says so"
ok "$(test $(( $(ms) - start )) -lt 1500; echo $?)" "Retry-After past the budget: fails at once"

start=$(ms)
fetch --timeout 2 --retries 3 "$U/always500" > out 2> err; st=$?
took=$(( $(ms) - start ))
is "$st:$(asked /always500 127.0.0.1)" "1:2" "500, timeout 2 s: the 1 s back-off fits, the 2 s one does not"
like "$(cat err)" "HTTP 500 \(Internal Server Error, a retry in 2 s would pass the URL's timeout of 2 s\)$" "a back-off past the budget: says so"
ok "$(test $took -lt 2500; echo $?)" "a back-off past the budget: not waited for (took $took ms)"

done_testing
