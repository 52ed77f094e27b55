# Sharded runs: pipeline --shard I/N under GNU parallel over local HTML and
# a WARC, store --merge, reruns of finished and of killed shards.
. "$PITH_TOP/tests/lib.sh"

q() { python3 -c 'import sqlite3,sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print("|".join(map(str, r)))' "$@"; }
digests() { q "$1/catalog.sqlite" 'select text_digest from documents order by 1'; }
once() { q "$1/catalog.sqlite" 'select count(*) - count(distinct text_digest) from documents'; }

# The inputs: the sample pages one by one, and a WARC of them made by ingest
# (the same texts again: each must be stored once, across shards too).
ingest -c /dev/null "$SAMPLES" > samples.warc 2>/dev/null
{ ls "$SAMPLES"/*; echo samples.warc; } > list
pipeline -c /dev/null -o single @list 2>/dev/null; ok $? "single-machine run"
n=$(q single/catalog.sqlite 'select count(*) from documents')
ok $([ "$n" -ge 10 ]; echo $?) "single run: $n documents"

# --shard: a deterministic slice; each source in exactly one shard.
pipeline -c /dev/null -o bad --shard 4/4 @list 2>err; st=$?
is "$st:$(cat err)" "2:pipeline: --shard 4/4: want I/N, 0 <= I < N" "--shard 4/4: usage error"
pipeline -c /dev/null -o bad --shard 0/2 @missing 2>err; st=$?
is "$st:$(cat err)" "2:pipeline: missing: No such file or directory" "an unreadable manifest stops the shard"

if ! command -v parallel >/dev/null 2>&1; then
	skip "GNU parallel is not installed (Debian package parallel)"
else
	parallel --will-cite --joblog jobs.log -j 2 pipeline -c /dev/null \
	    -o sh --shard {}/4 @list ::: 0 1 2 3 2>par.err
	ok $? "GNU parallel: 4 shards"
	is "$(awk 'NR > 1 && $7 == 0' jobs.log | wc -l)" 4 "joblog: 4 jobs, exit 0"
	is "$(cat sh/shard-*-of-4/sources | sort | tr '\n' ' ')" "$(sort list | tr '\n' ' ')" \
	    "every source in exactly one shard"
	is "$(ls sh/shard-*-of-4/done | wc -l)" 4 "a done marker in each shard"
	like "$(cat sh/shard-0-of-4/done)" "^sources-digest sha1:" "the marker records the sources' digest"
	is "$(stat -c %a sh/shard-0-of-4/sources)" 600 "the sources (a URL's credentials among them) are its owner's only"
	store -c /dev/null -o sh --merge sh/shard-*-of-4 2>merge.err
	ok $? "store --merge"
	like "$(cat merge.err)" "^store: merged 4 of 4 folders: [0-9]+ documents, $n added" "merge: says what it added"
	is "$(once sh)" 0 "merged: each text once"
	is "$(digests sh)" "$(digests single)" "merged: the single run's documents"
	is "$(ls sh | grep -c '^pith-')" 0 "merged: no archive copied"
	is "$(q sh/catalog.sqlite "select count(*) from documents where archive not like 'shard-%-of-4/pith-%'")" 0 \
	    "merged: archives named relative to the merged folder"
	is "$(store -o sh --list | wc -l)" "$n" "--list on the merged catalog"
	row=$(q sh/catalog.sqlite "select uri, archive from documents where uri like '%news-article%' limit 1")
	uri=${row%%|*} shard=${row#*|}; shard=${shard%%/*}
	got=$(store -o sh --get "$uri"); st=$?
	ok $([ $st -eq 0 ] && [ -n "$got" ] && [ "$got" = "$(store -o "sh/$shard" --get "$uri")" ]; echo $?) \
	    "--get on the merged catalog reads the shard's archive"
	store -c /dev/null -o sh --merge sh/shard-*-of-4 2>merge2.err
	like "$(cat merge2.err)" "[0-9]+ documents, 0 added" "merge again: nothing added"
	is "$(q sh/catalog.sqlite 'select count(*) from documents')" "$n" "merge again: the same documents"
	store -c /dev/null -o elsewhere --merge sh/shard-*-of-4 2>/dev/null
	is "$(q elsewhere/catalog.sqlite "select count(*) from documents where archive like '$(cd sh && pwd -P)/shard-%-of-4/pith-%'")" "$n" \
	    "merged outside the shards' folder: archives named by absolute path"
	ok $([ "$(store -o elsewhere --get "$uri")" = "$got" ]; echo $?) "--get from there reads them"

	# Reruns: parallel --resume skips the jobs done; a finished shard is a no-op.
	parallel --will-cite --resume --joblog jobs.log -j 2 pipeline -c /dev/null \
	    -o sh --shard {}/4 @list ::: 0 1 2 3 2>/dev/null
	is "$(awk 'NR > 1' jobs.log | wc -l)" 4 "parallel --resume: no job run again"
	before=$(ls sh/shard-*-of-4 | grep -c '^pith-')
	pipeline -c /dev/null -o sh --shard 2/4 @list 2>err; st=$?
	is "$st:$(cat err)" "0:pipeline: shard 2/4: done already (sh/shard-2-of-4/done): nothing to do" \
	    "a finished shard: nothing to do, exit 0"
	is "$(ls sh/shard-*-of-4 | grep -c '^pith-')" "$before" "a finished shard: no new archive"
	# Killed after store committed, before the marker: the rerun adds nothing.
	rm sh/shard-1-of-4/done
	pipeline -c /dev/null -o sh --shard 1/4 @list 2>err; st=$?
	is "$st" 0 "a shard without its marker runs again"
	is "$(once sh/shard-1-of-4)" 0 "and stores nothing twice"
	ok $(test -f sh/shard-1-of-4/done; echo $?) "and is marked done"
	# A line appended to the manifest: only the shard it falls in runs again.
	cp "$SAMPLES/news-article.html" appended.html
	echo appended.html >> list
	parallel --will-cite -j 2 pipeline -c /dev/null -o sh --shard {}/4 @list \
	    ::: 0 1 2 3 2>again.err
	ok $? "after an append: the shards run again"
	is "$(grep -c 'done already' again.err)" 3 "after an append: three shards were done already"
	is "$(grep -l '^appended.html$' sh/shard-*-of-4/sources | wc -l)" 1 "after an append: one shard holds the new line"
	is "$(cat sh/shard-*-of-4/sources | sort | tr '\n' ' ')" "$(sort list | tr '\n' ' ')" \
	    "after an append: no other source moved"
	sed -i '$d' list
	# A folder that is not a shard's output: reported, the others merged.
	mkdir notashard
	store -c /dev/null -o sh --merge notashard sh/shard-0-of-4 2>merge3.err; st=$?
	is "$st" 1 "merge with an unreadable folder: exit 1"
	like "$(cat merge3.err)" "^store: notashard: catalog.sqlite: " "merge with an unreadable folder: names it"
	like "$(cat merge3.err)" "merged 1 of 2 folders" "merge with an unreadable folder: the others merged"
fi

# The same 4 shards as a Slurm job array on a single-node cluster started
# here (skipped, saying why, where it cannot start).
. "$PITH_TOP/tests/slurm.sh"
hpid=
trap 'slurm_stop; [ -z "$hpid" ] || kill $hpid 2>/dev/null; rm -rf "$T"' EXIT
trap 'exit 2' INT TERM
if slurm_start "$T/slurm"; then
	job=$(PITH_MANIFEST="$T/list" PITH_OUT="$T/sl" PITH_CONF=/dev/null \
	    PITH_PIPELINE="$PITH_BIN/pipeline" sbatch --parsable --array=0-3 \
	    -o "$T/slurm-%a.log" "$PITH_TOP/contrib/slurm/pith-array.sbatch")
	ok $? "sbatch: a 4-task array"
	is "$(slurm_wait "$job" | sort | uniq -c | tr -s ' ')" " 4 COMPLETED" "slurm: 4 tasks completed"
	is "$(ls sl/shard-*-of-4/done | wc -l)" 4 "slurm: a done marker in each shard"
	store -c /dev/null -o sl --merge sl/shard-*-of-4 2>/dev/null
	is "$(once sl)" 0 "slurm merged: each text once"
	is "$(digests sl)" "$(digests single)" "slurm merged: the single run's documents"
	job=$(PITH_MANIFEST="$T/list" PITH_OUT="$T/sl" PITH_CONF=/dev/null \
	    PITH_PIPELINE="$PITH_BIN/pipeline" sbatch --parsable --array=0-3 \
	    -o "$T/again-%a.log" "$PITH_TOP/contrib/slurm/pith-array.sbatch")
	slurm_wait "$job" >/dev/null
	is "$(grep -l 'done already' again-*.log | wc -l)" 4 "slurm resubmitted: every shard done already"
else
	skip "Slurm: $slurm_why"
fi
slurm_stop

# A shard killed mid-run (SIGKILL to every stage while ingest waits on a
# fetch), then rerun alone: it completes, each document once.
python3 "$PITH_TOP/tests/httpd.py" 60 > port 2> httpd.log &
hpid=$!
i=0; while [ ! -s port ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
U="http://127.0.0.1:$(head -n 1 port)"
printf '[ingest]\nhost-delay = 0\n' > fast.conf
{ ls "$SAMPLES"/*.html; echo "$U/stall-once"; } > klist
setsid pipeline -c fast.conf -o k --shard 0/1 @klist 2>/dev/null & pid=$!
i=0; while ! grep -q '^GET /stall-once ' httpd.log && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -KILL -$pid; wait $pid 2>/dev/null
# The stages die a moment after the signal; the lock goes with the last.
i=0; while ! flock -n k/shard-0-of-1/.lock true && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
ok $(test ! -e k/shard-0-of-1/done; echo $?) "killed shard: no marker"
is "$(ls -a k/shard-0-of-1 | grep -c '^\.pith-.*\.tmp$')" 1 "killed shard: killed mid-run (its temporary archive is left)"
pipeline -c fast.conf -o k --shard 0/1 @klist 2>err; st=$?
is "$st" 0 "killed shard rerun alone: exit 0"
m=$(q k/shard-0-of-1/catalog.sqlite 'select count(*) from documents')
is "$m" $(($(ls "$SAMPLES"/*.html | wc -l) + 1)) "killed shard rerun: every page stored, and the fetched one"
is "$(once k/shard-0-of-1)" 0 "killed shard rerun: each document once"
is "$(ls -a k/shard-0-of-1 | grep -c '\.tmp')" 0 "killed shard rerun: no temporary file left"
ok $(test -f k/shard-0-of-1/done; echo $?) "killed shard rerun: marked done"
store -c /dev/null -o k --merge k/shard-0-of-1 2>/dev/null
is "$(once k)" 0 "killed shard merged: each document once"
done_testing
