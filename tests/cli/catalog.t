# store's catalog: de-duplication across and within runs, versions of a
# changed page, the lock (exit 75), a killed run, --list and --get.
. "$PITH_TOP/tests/lib.sh"

conv() { python3 "$PITH_TOP/tests/warc.py" conv "$@"; }
q() { python3 -c 'import sqlite3,sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print("|".join(map(str, r)))' "$@"; }
archives() { ls "$1" | grep -c '^pith-.*\.tar\.gz$'; }
stat_of() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" "$1"; }

{ conv https://a.example/one "First text." Pith-Title=One
  conv https://a.example/two "Second text." Pith-Title=Two
  conv https://a.example/two "Second text."	# the same again, this run
} > in.warc

store -o out --stats s1 < in.warc; ok $? "first run stores"
is "$(stat_of s1 stored)" 2 "first run: 2 stored"
is "$(stat_of s1 duplicate)" 1 "first run: the repeated record is a duplicate"
is "$(q out/catalog.sqlite 'select count(*) from documents')" 2 "catalog: 2 documents"
is "$(q out/catalog.sqlite 'pragma journal_mode')" wal "catalog: WAL mode"
is "$(q out/catalog.sqlite 'pragma user_version')" 4 "catalog: schema version 4"
is "$(q out/catalog.sqlite 'select count(*) from validators')" 0 "catalog: validators table exists"
is "$(q out/catalog.sqlite 'select count(*), sum(stored), sum(duplicate) from runs')" "1|2|1" "catalog: the run is recorded"

# Same input again: everything is a duplicate, no archive is written.
err=$(store -o out --stats s2 < in.warc 2>&1); ok $? "second run over the same input"
is "$err" "store: nothing new to store (3 duplicates): no archive written" "second run: says why there is no archive"
is "$(stat_of s2 stored)" 0 "second run: nothing stored"
is "$(stat_of s2 duplicate)" 3 "second run: every document a duplicate"
is "$(stat_of s2 archive)" - "second run: no archive"
is "$(archives out)" 1 "still one archive"
is "$(q out/catalog.sqlite 'select count(*) from documents')" 2 "catalog: still 2 documents"

# A changed page: stored as a new version, linked to the previous one.
{ conv https://a.example/one "First text, revised." Pith-Title=One WARC-Date=2026-03-05T00:00:00Z
  conv https://a.example/two "Second text."
} > changed.warc
store -o out --stats s3 < changed.warc; ok $? "run with a changed page"
is "$(stat_of s3 stored) $(stat_of s3 duplicate)" "1 1" "changed run: 1 stored, 1 duplicate"
is "$(archives out)" 2 "a second archive, with the new version only"
is "$(tar -tzf out/$(stat_of s3 archive) | grep -c '\.txt$')" 1 "the new archive holds one text"
prev=$(q out/catalog.sqlite "select previous from documents where uri='https://a.example/one' and run_id='$(stat_of s3 archive)'")
first=$(q out/catalog.sqlite "select doc_id from documents where uri='https://a.example/one' and run_id='$(stat_of s1 archive)'")
ok $([ -n "$first" ] && [ "$prev" = "$first" ]; echo $?) "the new version links to the previous one"

# --get and --list.
is "$(store -o out --get https://a.example/one)" "First text, revised." "--get: the latest text"
is "$(store -o out --get https://a.example/two)" "Second text." "--get: another document"
err=$(store -o out --get https://a.example/none 2>&1 >/dev/null); rc=$?
is $rc 1 "--get an unknown URL: exit 1"
like "$err" "^store: https://a.example/none: not in the catalog" "--get an unknown URL: says so"
list=$(store -o out --list); ok $? "--list"
is "$(printf '%s\n' "$list" | wc -l)" 3 "--list: three documents"
like "$list" "^$first	2026-03-04T05:06:07Z	https://a.example/one	One$" "--list: id, time, uri, title"

store -o w --format warc.gz < changed.warc >/dev/null 2>&1
is "$(store -o w --get https://a.example/one)" "First text, revised." "--get from a warc.gz archive"
store -o z --format zip < changed.warc >/dev/null 2>&1
is "$(store -o z --get https://a.example/two)" "Second text." "--get from a zip archive"

# The lock: a second run is refused with exit 75.  (hold: the process
# holding the lock is the one killed.)
hold() { sh -c 'exec 9> "$1" && flock 9 && exec sleep 5' sh "$1/.lock" & holder=$!
	i=0; while flock -n "$1/.lock" true && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done; }
hold out
err=$(store -o out < in.warc 2>&1); rc=$?
is $rc 75 "locked folder: exit 75"
is "$err" "store: out: locked by another run" "locked folder: the message"
is "$(ls -a out | grep -c '\.tmp$')" 0 "locked folder: no temporary file left"
err=$(store -o mout --merge out 2>&1); rc=$?
is "$rc:$err" "0:store: merged 1 of 1 folders: 3 documents, 3 added, 0 duplicate" "--merge reads a locked folder's catalog"
err=$(store -o out --merge mout 2>&1); rc=$?
is "$rc:$err" "75:store: out: locked by another run" "--merge into a locked folder: exit 75"
kill $holder; wait $holder 2>/dev/null

# Only pith's .lock means "another run" (75).  SQLite's own locks and
# errors on the catalog's files are failures, exit 2, named: another
# program holding a lock on the database (SQLite waits 5 s, then says it
# is locked, with errno EAGAIN left over) ...
python3 -c 'import fcntl, sys, time
f = open(sys.argv[1], "r+b"); fcntl.lockf(f, fcntl.LOCK_EX); print(flush=True); time.sleep(20)' \
    out/catalog.sqlite > held & holder=$!
i=0; while [ ! -s held ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
err=$(store -o out < in.warc 2>&1); rc=$?
is $rc 2 "catalog locked by another program: exit 2, not 75"
like "$err" "^store: out: catalog\.sqlite: .*database is locked" "... naming the catalog and SQLite's error"
err=$(store -o out --merge mout 2>&1); rc=$?
is "$rc" 2 "--merge into it: exit 2, not 75"
like "$err" "^store: out: catalog\.sqlite: .*database is locked" "--merge: the same message"
kill $holder; wait $holder 2>/dev/null
# ... and a -shm that SQLite cannot use (a folder: root cannot write it
# either).
store -o shm < in.warc 2>/dev/null
mkdir shm/catalog.sqlite-shm
err=$(store -o shm < changed.warc 2>&1); rc=$?
is $rc 2 "catalog's -shm unusable: exit 2"
like "$err" "^store: shm: catalog\.sqlite: .*readonly database" "... naming the catalog and SQLite's error"
is "$(ls -a shm | grep -c '\.tmp$')" 0 "... and no temporary file left"
rmdir shm/catalog.sqlite-shm
store -o shm < changed.warc 2>/dev/null; ok $? "the catalog usable again: the next run is fine"

# A catalog emptied (0 bytes) in a folder with archives: SQLite would take
# it for a new one and the history would be gone without a word.  Refused,
# the file left as it is.  In a folder without archives (a first run
# killed as it created the file) there is nothing to lose: a new catalog.
mkdir emptied && cp out/pith-*.tar.gz emptied/ && : > emptied/catalog.sqlite
err=$(store -o emptied < in.warc 2>&1); rc=$?
is $rc 2 "0-byte catalog beside archives: exit 2"
is "$err" "store: emptied: catalog.sqlite: empty (0 bytes) while the folder holds 2 archives: restore it from a backup, or move it away to start a new catalog" \
    "... says what is wrong and what to do"
is "$(stat -c %s emptied/catalog.sqlite):$(archives emptied):$(ls -a emptied | grep -c '\.tmp$')" "0:2:0" "... the file untouched, no archive or temporary file added"
err=$(store -o emptied --list 2>&1); rc=$?
is "$rc:$err" "2:store: emptied: catalog.sqlite: empty (0 bytes) while the folder holds 2 archives: restore it from a backup, or move it away to start a new catalog" "--list: the same"
mkdir fresh && : > fresh/catalog.sqlite
store -o fresh --stats sf < in.warc 2>/dev/null; rc=$?
is "$rc:$(stat_of sf stored)" "0:2" "0-byte catalog in a folder without archives: a new catalog"
# A catalog that is not a SQLite database: said, exit 2, not replaced.
mkdir junk && cp out/pith-*.tar.gz junk/ && yes 'not a database' | head -c 8192 > junk/catalog.sqlite
cksum < junk/catalog.sqlite > junk.sum
err=$(store -o junk < in.warc 2>&1); rc=$?
is $rc 2 "a catalog of garbage: exit 2"
like "$err" "^store: junk: catalog\.sqlite: .*file is not a database: restore it from a backup, or move it away to start a new catalog$" "... says so and what to do"
is "$(cksum < junk/catalog.sqlite):$(archives junk):$(ls -a junk | grep -c '\.tmp$')" "$(cat junk.sum):2:0" "... the file untouched, nothing added"
printf 'xy' > junk/catalog.sqlite
err=$(store -o junk < in.warc 2>&1); rc=$?
is "$rc" 2 "a 2-byte catalog: exit 2"
like "$err" "^store: junk: catalog\.sqlite: .*file is not a database" "... not a database"

# SIGKILL mid-run, then a rerun: each document stored exactly once.
{ conv https://k.example/1 "Kill one."; conv https://k.example/2 "Kill two."; } > k.warc
mkfifo fifo
store -o kill --stats sk < fifo & pid=$!
exec 3>fifo
cat k.warc >&3
sleep 0.5
kill -9 $pid; wait $pid 2>/dev/null
exec 3>&-
is "$(ls -a kill | grep -c '^\.pith-.*\.tmp$')" 1 "killed run: its temporary file remains"
store -o kill --stats sr < k.warc; ok $? "rerun after the kill"
is "$(stat_of sr stored)" 2 "rerun: both documents stored"
is "$(ls -a kill | grep -c '\.tmp$')" 0 "rerun: the stale temporary file is removed"
is "$(q kill/catalog.sqlite 'select count(*), count(distinct text_digest) from documents')" "2|2" "rerun: each document once"
good=0; for a in kill/pith-*.tar.gz; do tar -tzf "$a" >/dev/null || good=1; done
ok $good "every archive is readable"

# The whole pipeline twice over the same pages: nothing new the second time.
mkdir site; cp "$FIX"/html/*.html site/ 2>/dev/null
n=$(ls site | wc -l)
if [ "$n" -gt 0 ]; then
	pipeline -o pout site >p1.out 2>p1.err
	like "$(cat p1.out p1.err)" "stored|duplicate" "pipeline: first run reports"
	before=$(q pout/catalog.sqlite 'select count(*) from documents')
	ok $([ "$before" -gt 0 ]; echo $?) "pipeline: first run stores documents"
	pipeline -o pout site >p2.out 2>p2.err
	is "$(q pout/catalog.sqlite 'select count(*) from documents')" "$before" "pipeline: second run stores 0 new documents"
	is "$(ls pout | grep -c '^pith-')" 1 "pipeline: second run writes no archive"
else
	skip "no html fixtures"
fi

# The catalog commit fails after the archive is in place (a trigger makes
# the run's insert fail): exit 2 with a message, the catalog still names
# only what it named before; the next run adopts the archive the catalog
# does not name, so the documents are in the catalog, and stored, once.
{ conv https://c.example/one "Commit one." ; conv https://c.example/two "Commit two."; } > commit.warc
store -o cout < in.warc 2>/dev/null
q cout/catalog.sqlite "create trigger refuse before insert on runs begin select raise(abort, 'injected failure'); end" >/dev/null
store -o cout --stats c1 < commit.warc 2>c1.err; st=$?
is "$st" 2 "commit fails: exit 2"
like "$(cat c1.err)" "^store: .*catalog.sqlite.*injected failure" "commit fails: says where and why"
is "$(q cout/catalog.sqlite "select count(*) from documents where uri like 'https://c.example/%'")" 0 \
    "commit fails: no rows for the run"
is "$(q cout/catalog.sqlite 'select count(*) from documents')" 2 "commit fails: earlier rows intact"
is "$(ls cout | grep -c '\.tmp')" 0 "commit fails: no temporary file left"
q cout/catalog.sqlite "drop trigger refuse" >/dev/null
store -o cout --stats c2 < commit.warc 2>c2.err; ok $? "the next run succeeds"
like "$(cat c2.err)" "^store: cout/$(stat_of c1 archive): adopted 2 documents the catalog did not name" "the next run adopts the archive, and says so"
is "$(stat_of c2 stored):$(stat_of c2 duplicate):$(archives cout)" "0:2:2" "... and stores nothing again: no third archive"
is "$(q cout/catalog.sqlite "select count(*), count(distinct text_digest) from documents where uri like 'https://c.example/%'")" \
    "2|2" "each document in the catalog once"
is "$(store -o cout --get https://c.example/two)" "Commit two." "--get reads it back"
bad=0; for a in cout/pith-*; do bsdtar -tf "$a" >/dev/null 2>&1 || bad=1; done
is "$bad" 0 "every archive readable"

# A write failure at the catalog commit (a file size limit the WAL
# outgrows, as a full disk would refuse it; 40 kB: ulimit -f counts
# 512-byte blocks in sh), the archive in place: exit 2, said; the next
# run adopts it.
for i in $(seq 1 100); do conv https://f.example/$i "Text number $i, a little longer than a word."; done > full.warc
store -o full < in.warc 2>/dev/null
(trap '' XFSZ; ulimit -f 80; store -o full --stats sf1 < full.warc) 2> f1.err; st=$?
is "$st" 2 "the catalog's write fails at the commit: exit 2"
like "$(cat f1.err)" "^store: catalog\.sqlite: commit: .*: full/$(stat_of sf1 archive) is stored but not in the catalog: the next run adopts it$" "... says what is kept and what comes next"
store -o full --stats sf2 < full.warc 2> f2.err; st=$?
like "$(cat f2.err)" "^store: full/$(stat_of sf1 archive): adopted 100 documents the catalog did not name" "the next run adopts it"
is "$st:$(stat_of sf2 stored):$(stat_of sf2 duplicate):$(archives full)" "0:0:100:2" "... stores nothing twice"
is "$(q full/catalog.sqlite "select count(*), count(distinct text_digest) from documents where uri like 'https://f.example/%'")" \
    "100|100" "... each document in the catalog once"

# A run killed between its archive's rename and its catalog commit (a
# trigger holds it there, counting a cross join of 2000^3 rows): the
# archive is complete and no row names it.  The rerun adopts it: no
# document is stored twice, --list and --get find them, and the archive
# is a run of its own in the catalog.
{ conv https://o.example/1 "Orphan one." Pith-Title=O1 Pith-Source-Payload-Digest=sha1:RAW1
  conv https://o.example/2 "Orphan two."; } > o.warc
store -o orphan < in.warc 2>/dev/null
q orphan/catalog.sqlite "create table burn (x)" >/dev/null
python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.executemany("insert into burn values (?)", [(i,) for i in range(2000)]); c.commit()' orphan/catalog.sqlite
q orphan/catalog.sqlite "create trigger slow before insert on runs begin select count(*) from burn a, burn b, burn c; end" >/dev/null
store -o orphan < o.warc 2>/dev/null & pid=$!
i=0; while [ "$(archives orphan)" -lt 2 ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.2; kill -9 $pid; wait $pid 2>/dev/null
orph=$(ls -t orphan | grep '^pith-' | head -n 1)
is "$(archives orphan):$(q orphan/catalog.sqlite "select count(*) from documents where archive='$orph'")" "2:0" \
    "killed after the rename: its archive is in place, and no row names it"
q orphan/catalog.sqlite "drop trigger slow" >/dev/null
store -o orphan --stats so < o.warc 2> o.err; rc=$?
is "$rc" 0 "the rerun: exit 0"
is "$(cat o.err)" "store: orphan/$orph: adopted 2 documents the catalog did not name
store: nothing new to store (2 duplicates): no archive written" "the rerun says what it adopted"
is "$(stat_of so stored):$(stat_of so duplicate):$(archives orphan)" "0:2:2" "the rerun stores nothing twice: no third archive"
is "$(q orphan/catalog.sqlite "select count(*), count(distinct text_digest) from documents where uri like 'https://o.example/%'")" \
    "2|2" "each document in the catalog once"
is "$(q orphan/catalog.sqlite "select uri, raw_digest, title, member is not null, run_id = archive from documents where archive='$orph' order by uri")" \
    "https://o.example/1|sha1:RAW1|O1|1|1
https://o.example/2|None|None|1|1" "the adopted rows: URI, raw digest, title, member, run"
is "$(q orphan/catalog.sqlite "select count(*), sum(stored), sum(exit_status is null) from runs where id='$orph'")" "1|2|1" \
    "the archive is a run of its own (exit status unknown)"
is "$(store -o orphan --get https://o.example/2)" "Orphan two." "--get reads an adopted document"
like "$(store -o orphan --list)" "	https://o.example/1	O1" "--list shows it"
store -o orphan --stats so2 < o.warc 2> o2.err
is "$(cat o2.err)" "store: nothing new to store (2 duplicates): no archive written" "adopted once: the next run says nothing of it"

# Each format adopted as its run would have catalogued it (an archive
# copied into a folder whose catalog does not name it); a file named like
# an archive that is not one is said and left alone.
for f in zip warc.gz tar.zst; do
	store -o "src-$f" --format $f < o.warc 2>/dev/null
	mkdir "dst-$f" && cp "src-$f"/pith-* "dst-$f"/
	store -o "dst-$f" --format $f --stats sd < o.warc 2>/dev/null
	is "$(stat_of sd stored):$(stat_of sd duplicate):$(ls "dst-$f" | grep -c '^pith-')" "0:2:1" "$f: adopted, nothing stored again"
	rows="select doc_id, uri, capture_time, raw_digest, text_digest, archive, member, title, run_id, previous from documents order by doc_id"
	is "$(q "dst-$f"/catalog.sqlite "$rows")" "$(q "src-$f"/catalog.sqlite "$rows")" "$f: the adopted rows are those its run wrote"
	is "$(store -o "dst-$f" --get https://o.example/1)" "Orphan one." "$f: --get"
done
echo 'not an archive' > dst-zip/pith-bogus.zip
store -o dst-zip --stats sb < o.warc 2> b.err; rc=$?
is "$rc:$(stat_of sb duplicate)" "0:2" "a bogus archive: the run goes on"
like "$(cat b.err)" "^store: dst-zip/pith-bogus\.zip: not in the catalog, and cannot be read: .*: left as it is$" "... it is named, and left"
is "$(cat dst-zip/pith-bogus.zip)" "not an archive" "... untouched"

done_testing
