# The whole pipeline on the bundled samples: archive, text, provenance.
. "$PITH_TOP/tests/lib.sh"

pipeline -c /dev/null -o out "$SAMPLES" > stdout 2> err; st=$?
is "$st" 0 "pipeline on samples: exit 0"
like "$(cat err)" "^pipeline: [0-9]+ read, [0-9]+ cleaned, [0-9]+ stored" "one summary line"
arch=$(ls out/pith-* 2>/dev/null | head -n 1)
ok "$(test -n "$arch"; echo $?)" "an archive in out/"
is "$(ls out | grep -c '\.tmp')" 0 "no temporary files left"
bsdtar -tf "$arch" > members
is "$(grep -c '\.txt$' members)" "$(grep -c '\.json$' members)" "a .json beside each .txt"
ok "$(grep -qx 'manifest.jsonl' members; echo $?)" "manifest.jsonl in the archive"
n=$(ls "$SAMPLES" | grep -c -E '\.(html|txt)$')
ok "$(test "$(grep -c '\.txt$' members)" -ge "$n"; echo $?)" "every sample stored ($n)"
mkdir x && bsdtar -xf "$arch" -C x
id=$(grep -l 'news-article' x/*.json | head -n 1)
ok "$(test -n "$id"; echo $?)" "the news sample has a provenance record"
python3 - "$id" > prov <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("source_uri", "capture_time", "raw_digest", "text_digest", "source_record_id", "conversion_record_id", "cleaner", "settings_digest"):
    print(k, "yes" if d.get(k) else "MISSING")
PY
is "$(grep -c MISSING prov)" 0 "provenance complete"
txt=${id%.json}.txt
ok "$(test -s "$txt"; echo $?)" "its text is not empty"
unlike "$(cat "$txt")" "<script|<div|function\(" "no markup or script in the text"
legacy=$(grep -l 'legacy-charset' x/*.json | head -n 1)
like "$(cat "${legacy%.json}.txt")" "[äöüßéèàç]" "legacy charset decoded to UTF-8"

# A bad item among good ones: reported, counted, exit 1, the rest stored.
printf '\211PNG\r\n\032\n\0\0\0\rIHDR' > image.html
pipeline -c /dev/null -o out2 "$SAMPLES/news-article.html" image.html /no/such/file 2> err2; st=$?
is "$st" 1 "pipeline with bad items: exit 1"
like "$(cat err2)" "image.html: binary" "the binary item is named"
like "$(cat err2)" "/no/such/file" "the missing file is named"
like "$(cat err2)" "^pipeline: 3 read, 1 cleaned, 1 stored, 0 duplicate, 0 not modified, 0 disallowed, 0 skipped, 2 failed, 0 empty in [0-9.]+ s;" "summary counts every item"
like "$(cat err2)" "; failed: 1 x [^;]+; 1 x [^;]+; ingest exit 1" "summary says why items failed"
like "$(cat err2)" "1 x binary content" "... the binary page among them"
ok "$(bsdtar -tf out2/pith-*.tar.gz | grep -q '\.txt$'; echo $?)" "the good page is stored"

# A write failure in store (a file size limit, 64 kB: ulimit -f counts
# 512-byte blocks in sh; clean spools nothing with repeat-docs 0): nothing
# of the run is kept, and the summary says so, 0 stored, and why.
python3 - > big.html <<'PY'
import random
r = random.Random(5)
def word(): return "".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(r.randrange(3, 10)))
print("<!DOCTYPE html><html><head><title>Big</title></head><body><article>" +
      "\n".join("<p>" + " ".join(word() for _ in range(60)) + ", and so on.</p>" for _ in range(300)) +
      "</article></body></html>")
PY
printf '[clean]\nrepeat-docs = 0\n' > norep.conf
store -c /dev/null -o full < /dev/null 2>/dev/null	# the catalog first
(trap '' XFSZ; ulimit -f 128; pipeline -c norep.conf -o full big.html "$SAMPLES/news-article.html") 2> ferr; st=$?
is "$st" 2 "a write failure in store: exit 2"
like "$(cat ferr)" "^store: full/\\.pith-[^ ]*\\.tmp: File too large: nothing of this run was kept$" "store says nothing was kept"
like "$(tail -n 1 ferr)" "^pipeline: 2 read, 2 cleaned, 0 stored, 0 duplicate, 0 not modified, 0 disallowed, 0 skipped, 2 failed, 0 empty in [0-9.]+ s; failed: 2 x full/\\.pith-[^;]*: File too large: nothing of this run was kept; store exit 2$" \
    "the summary: 0 stored, the documents failed, and why"
is "$(ls full | grep -c '^pith-')" 0 "no archive"

# [clean] jobs = 2: clean's workers get the records from the pipe; the
# same items are cleaned, failed and stored, with the same texts.
printf '[clean]\njobs = 2\n' > jobs.conf
pipeline -c jobs.conf -o outj2 "$SAMPLES/news-article.html" image.html /no/such/file "$SAMPLES" 2> errj2; st=$?
pipeline -c /dev/null -o outj1 "$SAMPLES/news-article.html" image.html /no/such/file "$SAMPLES" 2> errj1
is "$st" 1 "jobs = 2: exit 1 for the bad items"
notime() { tail -n 1 "$1" | sed 's/ in [0-9.]* s;/ in T s;/'; }
is "$(notime errj2)" "$(notime errj1)" "jobs = 2: the same summary as one process (but the time)"
mkdir xj2 xj1 && bsdtar -xf outj2/pith-*.tar.gz -C xj2 && bsdtar -xf outj1/pith-*.tar.gz -C xj1
texts() { for f in "$1"/*.txt; do cksum < "$f"; done | sort; }	# ids carry the capture time
is "$(texts xj2)" "$(texts xj1)" "jobs = 2: the same texts stored"

# --comments: the comment section is kept apart, next to its document.
printf '[clean]\ncomments = yes\n' > comments.conf
pipeline -c comments.conf -o out3 "$SAMPLES/blog-comments.html" 2>/dev/null
bsdtar -tf out3/pith-*.tar.gz > m3
is "$(grep -c '\.comments\.txt$' m3)" 1 "comments stored as DOCID.comments.txt"
mkdir y && bsdtar -xf out3/pith-*.tar.gz -C y
like "$(cat y/*.comments.txt)" "Hot water bottle" "a comment is in it"
unlike "$(cat $(ls y/*.txt | grep -v comments))" "Hot water bottle" "and not in the article"

# Configuration errors stop the run before anything starts.
printf '[store]\nformat = rar\n' > bad.conf
pipeline -c bad.conf -o out4 "$SAMPLES" 2> err4; is "$?" 2 "bad config: exit 2"
like "$(cat err4)" "bad.conf:2: store.format" "names file and line"
ok "$(test ! -e out4 || test -z "$(ls out4)"; echo $?)" "nothing written"
# The lock: pipeline takes DIR/.lock before any stage starts, so a second
# run is refused at once (exit 75) and fetches nothing.
python3 "$PITH_TOP/tests/httpd.py" 30 > port 2> httpd.log &
hpid=$!
trap 'kill $hpid 2>/dev/null; rm -rf "$T"' EXIT
i=0; while [ ! -s port ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
U="http://127.0.0.1:$(head -n 1 port)"
printf '[ingest]\nhost-delay = 0\n' > fast.conf
hold() { sh -c 'exec 9> "$1" && flock 9 && exec sleep 5' sh "$1/.lock" & holder=$!; }
mkdir busy
hold busy
i=0; while flock -n busy/.lock true && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
pipeline -c fast.conf -o busy "$U/page" > lout 2> lerr; st=$?
is "$st" 75 "locked folder: exit 75"
is "$(cat lerr)" "pipeline: busy: locked by another run" "locked folder: the message, and nothing else"
is "$(grep -c '^GET ' httpd.log)" 0 "locked folder: nothing fetched"
is "$(ls busy)" "" "locked folder: nothing written"
kill $holder; wait $holder 2>/dev/null
pipeline -c fast.conf -o busy "$U/page" 2> lerr2; st=$?
is "$st" 0 "lock released: the run goes ahead (store adopts pipeline's lock)"
is "$(grep -c '^GET /page ' httpd.log)" 1 "lock released: the page is fetched"
hold busy
i=0; while flock -n busy/.lock true && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
store -c /dev/null -o busy < /dev/null 2> serr; st=$?
is "$st:$(cat serr)" "75:store: busy: locked by another run" "store alone still takes the lock"
kill $holder; wait $holder 2>/dev/null
store -c /dev/null -o busy --lock-fd 0 < /dev/null 2> serr; st=$?
is "$st:$(cat serr)" "2:store: lock descriptor 0 is not busy/.lock" "store --lock-fd: a descriptor that is not DIR/.lock is refused"
# pipeline's temporary files go where TMPDIR says, as clean's do.
mkdir tmpd
TMPDIR=$PWD/tmpd pipeline -c /dev/null -o outt "$SAMPLES/news-article.html" 2> errt; st=$?
is "$st:$(ls -A tmpd | wc -l)" "0:0" "TMPDIR set: the run done, nothing left there"
TMPDIR=$PWD/nowhere pipeline -c /dev/null -o outn "$SAMPLES/news-article.html" 2> errn; st=$?
like "$st:$(cat errn)" "^2:pipeline: .*/nowhere/pith-stats\.[A-Za-z0-9]+: No such file" \
    "TMPDIR that is not there: said, exit 2 (not /tmp in its place)"
done_testing
