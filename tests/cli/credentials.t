# Credentials in a URL (http://user:password@host/) are for the request:
# sent to that URL's own host, as libcurl does on redirects, and recorded
# nowhere: not in WARC fields, the catalog, the archive, --list, nor in
# any message.  Loopback server only.
. "$PITH_TOP/tests/lib.sh"

httpd 60 2
P2=$(sed -n 2p httpd.port)
A="http://us%20er:p%40ss%3Aw%20rd@127.0.0.1:$P"
printf '[ingest]\nhost-delay = 0\nretries = 0\n' > fast.conf
secrets='p%40ss|p@ss|w%20rd|w rd|us%20er|us er|hunter|secret2'
auth() { grep -c "^AUTH $1 /auth $2$" httpd.log; }

# --- ingest alone: the record
ingest -c fast.conf "$A/auth" > one.warc 2> err1; st=$?
is "$st" 0 "a URL with credentials is fetched"
is "$(auth "$P" right)" 1 "the server got the credentials, decoded (a space, @ and : in them)"
is "$(grep -a -c '^WARC-Type: response' one.warc)" 1 "one response record"
is "$(grep -a '^WARC-Target-URI: ' one.warc | tr -d '\r')" "WARC-Target-URI: $U/auth" "WARC-Target-URI without the credentials"
is "$(grep -a '^Pith-Source-URI: ' one.warc | tr -d '\r')" "Pith-Source-URI: $U/auth" "Pith-Source-URI without them"
unlike "$(cat one.warc err1)" "$secrets" "the credentials are nowhere in the WARC or on stderr"

# --- the whole pipeline, and the ways a URL is said
pipeline -c fast.conf -o out "$A/auth" "$A/to?http://127.0.0.1:$P2/auth" \
    "http://u:hunter2@127.0.0.1:1/refused" "http://u:hunter3@[bad/x" \
    "$U/to?http://u2:secret2@127.0.0.1:$P/page" > /dev/null 2> err2
is "$(auth "$P2" none)" 1 "a redirect to another host gets no credentials"
like "$(cat err2)" "^ingest: http://127\.0\.0\.1:1/refused: " "a failed URL is named without its credentials"
like "$(cat err2)" "^ingest: http://\[bad/x: not a URL" "a URL that does not parse is named without them"
store -o out --list > list 2> /dev/null
ingest -c fast.conf "$U/to?http://u2:secret2@127.0.0.1:$P/page" 2> /dev/null |
    grep -a '^WARC-Target-URI: ' | tr -d '\r' > loc
is "$(cat loc)" "WARC-Target-URI: $U/page" "a Location's credentials are dropped, not recorded"
mkdir x && for a in out/pith-*.tar.gz; do tar -xzf "$a" -C x; done
found=$( { cat err2 list loc x/*; python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for t, in db.execute("select name from sqlite_master where type=\"table\""):
    for row in db.execute("select * from " + t): print(row)' out/catalog.sqlite; } | grep -E -c "$secrets")
is "$found" 0 "no credentials in messages, --list, the archive's texts, JSON and manifest, or any catalog table"

# --- a user name (a token, no password) libcurl will not decode, a
# control byte in it: still taken out (fuzz_url found it kept whole)
ingest -c fast.conf "http://tok%04hunter4@127.0.0.1:1/x" > ctl.warc 2> ctl.err
is "$(grep -a -c hunter4 ctl.warc ctl.err)" "ctl.warc:0
ctl.err:0" "a token with %04 in it is in neither the WARC nor a message"

done_testing
