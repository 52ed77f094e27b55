# Conditional GET end to end: store keeps each fetched URL's ETag and
# Last-Modified in the catalog, the next run's ingest sends them, a 304 is
# counted as not modified and stores nothing; a changed page is stored as
# a new version; robots.txt refusals are counted as disallowed.  Also: the
# catalog's schema 1 is migrated to 4.  Loopback server only.
. "$PITH_TOP/tests/lib.sh"

q() { python3 -c 'import sqlite3,sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print("|".join(map(str, r)))' "$@"; }

python3 "$PITH_TOP/tests/httpd.py" 60 > port 2> httpd.log &
hpid=$!
trap 'kill $hpid 2>/dev/null; rm -rf "$T"' EXIT
i=0; while [ ! -s port ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
P=$(head -n 1 port); U="http://127.0.0.1:$P"
conds() { grep -c "^COND $1 " httpd.log; }
printf '[ingest]\nhost-delay = 0\nretries = 0\n' > fast.conf
printf '%s\n' "$U/cond/etag/a" "$U/cond/both/b" "$U/cond/lm/c" "$U/private/x" > urls

# --- first run: everything fetched and stored, the validators kept
pipeline -c fast.conf -o out @urls > out1 2> err1; st=$?
is "$st" 0 "first run: exit 0 (a disallowed URL is no failure)"
like "$(cat err1)" "^pipeline: 4 read, 3 cleaned, 3 stored, 0 duplicate, 0 not modified, 1 disallowed, 0 skipped, 0 failed, 0 empty in [0-9.]+ s$" "first run: the summary counts the disallowed URL"
like "$(cat err1)" "^ingest: $U/private/x: disallowed by robots.txt$" "first run: the disallowed URL is named"
is "$(grep -c '^COND ' httpd.log)" 0 "first run: no conditional requests"
is "$(q out/catalog.sqlite 'select uri, etag, last_modified from validators order by uri')" \
"$U/cond/both/b|\"b-1\"|Mon, 01 Jun 2025 10:00:00 GMT
$U/cond/etag/a|\"a-1\"|None
$U/cond/lm/c|None|Mon, 01 Jun 2025 10:00:00 GMT" "first run: each fetched URL's validators in the catalog"
like "$(q out/catalog.sqlite "select fetched from validators where uri='$U/cond/etag/a'")" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' "first run: the fetch time"
is "$(q out/catalog.sqlite 'select read, stored, not_modified, disallowed from runs')" "4|3|0|1" "first run: the runs row"
is "$(q out/catalog.sqlite 'pragma user_version')" 4 "schema version 4"

# --- second run: b has changed; a and c have not
python3 -c "import urllib.request; urllib.request.urlopen('$U/bump/b').read()"
pipeline -c fast.conf -o out @urls > out2 2> err2; st=$?
is "$st" 0 "second run: exit 0"
# The changed page is its first version with a word changed: stored, and
# marked a near-duplicate of it.
like "$(cat err2)" "^pipeline: 4 read, 1 cleaned, 1 stored, 0 duplicate, 2 not modified, 1 disallowed, 0 skipped, 0 failed, 0 empty in [0-9.]+ s; 1 near-duplicate$" "second run: 2 not modified, the changed page stored (near its first version)"
is "$(conds /cond/etag/a)" 1 "second run: a conditional request for a"
like "$(grep '^COND /cond/etag/a ' httpd.log)" 'inm="a-1" ims=None$' "a: If-None-Match sent, the ETag of the first run"
like "$(grep '^COND /cond/both/b ' httpd.log)" 'inm="b-1" ims=Mon, 01 Jun 2025 10:00:00 GMT$' "b: both validators sent"
like "$(grep '^COND /cond/lm/c ' httpd.log)" 'inm=None ims=Mon, 01 Jun 2025 10:00:00 GMT$' "c: If-Modified-Since sent"
is "$(q out/catalog.sqlite 'select count(*) from documents')" 4 "second run: one new document (3 + 1)"
is "$(q out/catalog.sqlite "select count(*) from documents where uri='$U/cond/both/b' and previous is not null")" 1 "the new version of b links to the first"
is "$(q out/catalog.sqlite "select etag from validators where uri='$U/cond/both/b'")" '"b-2"' "b's validators are the new version's"
is "$(q out/catalog.sqlite "select etag from validators where uri='$U/cond/etag/a'")" '"a-1"' "a's validators kept across the 304"
is "$(q out/catalog.sqlite 'select not_modified, disallowed from runs order by started desc, rowid desc limit 1')" "2|1" "second run: the runs row counts them"
is "$(ls out | grep -c '^pith-')" 2 "second run: an archive with the new version only"
like "$(store -o out --get "$U/cond/both/b")" "version 2 of the page called b" "--get gives the new version"

# --- third run: nothing changed, nothing stored, no archive
pipeline -c fast.conf -o out "$U/cond/etag/a" "$U/cond/both/b" > out3 2> err3; st=$?
is "$st" 0 "third run: exit 0"
like "$(cat err3)" "^pipeline: 2 read, 0 cleaned, 0 stored, 0 duplicate, 2 not modified, 0 disallowed, 0 skipped, 0 failed, 0 empty in [0-9.]+ s$" "third run: all not modified"
is "$(wc -l < err3)" 1 "third run: said once, in the summary (store's note is for pipeline -v)"
is "$(ls out | grep -c '^pith-')" 2 "third run: no archive"

# --- a duplicate (same text at another URL) has its validators kept too
pipeline -c fast.conf -o out "$U/cond/etag/a?copy" > o 2> e
like "$(cat e)" "^pipeline: 1 read, 1 cleaned, 0 stored, 1 duplicate, 0 not modified" "a duplicate: not stored"
is "$(q out/catalog.sqlite "select etag from validators where uri='$U/cond/etag/a?copy'")" '"a-1"' "a duplicate: its validators kept"

# --- ingest alone: --catalog, the not-modified record
ingest -c fast.conf --catalog out "$U/cond/etag/a" > rec 2> err; st=$?
is "$st:$(cat err)" "0:" "ingest --catalog: exit 0, quiet"
python3 "$PITH_TOP/tests/warc.py" types rec > types
is "$(cat types)" "metadata" "a 304 is a metadata record"
like "$(tr -d '\r' < rec)" "Pith-Fetch-Status: not-modified" "... with Pith-Fetch-Status: not-modified"
like "$(tr -d '\r' < rec)" 'Pith-Source-ETag: "a-1"' "... and the validators"
ingest -c fast.conf --catalog nowhere "$U/cond/etag/a" > rec 2> err; st=$?
is "$st:$(python3 "$PITH_TOP/tests/warc.py" types rec)" "0:response" "no catalog: no validators, a plain fetch"
mkdir junk && yes 'not a database' | head -c 4096 > junk/catalog.sqlite
ingest -c fast.conf --catalog junk "$U/cond/etag/a" > rec 2> err; st=$?
is "$st:$(python3 "$PITH_TOP/tests/warc.py" types rec)" "0:response" "an unreadable catalog: a plain fetch"
like "$(cat err)" "junk/catalog.sqlite: .*conditional GET off for this run" "an unreadable catalog: said once"
mkdir empty && : > empty/catalog.sqlite
ingest -c fast.conf --catalog empty "$U/cond/etag/a" > rec 2> err; st=$?
is "$st:$(cat err):$(python3 "$PITH_TOP/tests/warc.py" types rec)" "0::response" \
    "an empty catalog (store making it): no validators, nothing said"

# --- a catalog not of the schema ingest reads is said, never read as "no
# validators": a renamed table, a newer schema, no schema version
like_out() {	# like_out DIR SQL: a copy of out's catalog in DIR, SQL run on it
	mkdir "$1" && python3 -c 'import sqlite3,sys
d = sqlite3.connect(sys.argv[2]); sqlite3.connect(sys.argv[1]).backup(d)
d.executescript(sys.argv[3]); d.commit()' out/catalog.sqlite "$1/catalog.sqlite" "$2"
}
like_out renamed 'ALTER TABLE validators RENAME TO fetch_validators;'
like_out newer 'PRAGMA user_version=5;'
like_out unversioned 'PRAGMA user_version=0;'
like_out column 'ALTER TABLE validators RENAME COLUMN etag TO entity_tag;'
for d in renamed newer unversioned column; do
	ingest -c fast.conf --catalog $d "$U/cond/etag/a" > rec 2> $d.err; st=$?
	is "$st:$(python3 "$PITH_TOP/tests/warc.py" types rec)" "0:response" "$d: a plain fetch"
done
is "$(cat renamed.err)" "ingest: renamed/catalog.sqlite: schema version 4 but no validators table (not as store made it): conditional GET off for this run" \
    "a renamed validators table: said"
is "$(cat newer.err)" "ingest: newer/catalog.sqlite: schema version 5, newer than this program reads (4): conditional GET off for this run" \
    "a newer schema: said"
is "$(cat unversioned.err)" "ingest: unversioned/catalog.sqlite: no schema version (user_version 0): not a catalog store made: conditional GET off for this run" \
    "no schema version: said"
is "$(cat column.err)" "ingest: column/catalog.sqlite: no such column: etag: conditional GET off for this run" \
    "a renamed column: said"

# --- clean passes the records on, with the validators on conversions
ingest -c fast.conf "$U/cond/both/z" "$U/private/y" 2>/dev/null | clean -c /dev/null -f warc > conv 2> err; st=$?
is "$st" 0 "clean: exit 0"
like "$(tr -d '\r' < conv)" 'Pith-Source-ETag: "z-1"' "clean: Pith-Source-ETag on the conversion record"
like "$(tr -d '\r' < conv)" "Pith-Source-Last-Modified: Mon, 01 Jun 2025 10:00:00 GMT" "clean: Pith-Source-Last-Modified"
like "$(tr -d '\r' < conv)" "Pith-Fetch-Status: disallowed" "clean: the disallowed record passes through"

# --- a catalog of schema 1 is migrated
mkdir old
python3 "$PITH_TOP/tests/old_catalog.py" 1 old/catalog.sqlite
pipeline -c fast.conf -o old "$U/cond/etag/m" > o 2> e; st=$?
is "$st" 0 "schema 1: the run works"
is "$(q old/catalog.sqlite 'pragma user_version')" 4 "schema 1: migrated to 4"
is "$(q old/catalog.sqlite 'select id, read, not_modified from runs order by started')" "old-run|1|None
$(q old/catalog.sqlite "select id from runs where id != 'old-run'")|1|0" "schema 1: old runs kept, the new run counted"

done_testing
