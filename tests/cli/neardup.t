# Near-duplicates (issue 21): a page captured again with a date line, a
# share bar and a word changed is marked near the one stored before
# (near_duplicates, with its similarity), counted (near_duplicate=, the
# summary), and with near-duplicates = skip not stored; a page on the
# same topic that is another story is not; shards merged find those
# between shards too.
. "$PITH_TOP/tests/lib.sh"

python3 - <<'PY'
import os
story = ("<p>The harbour reopened on Tuesday after three days of repairs to the sea wall, the port authority said in a statement to the town's fishermen and ferry crews.</p>"
 "<p>Fishing boats were the first to leave, followed by the morning ferry, which had been moored at the inner quay since the storm began on Friday night.</p>"
 "<p>Engineers will inspect the northern breakwater again next week, when the tides are lower and divers can reach its foundations safely.</p>"
 "<p>The mayor thanked the crews who worked through the weekend and said the town would hold a small ceremony on the quay once the last repairs were finished.</p>")
other = ("<p>The harbour of the neighbouring town stays closed for another week, its harbour master said on Tuesday, as the storm damaged two of its three piers.</p>"
 "<p>Boats from there will use the reopened harbour in the meantime, and the ferry will call twice a day until the piers are rebuilt in the spring.</p>"
 "<p>Divers found a sunken dredger upright in eight metres of water; it will be raised once the weather allows it, the council said on Wednesday.</p>")
def page(title, body):
    return ("<html><head><title>%s</title></head><body><article><h1>%s</h1>%s"
            "</article></body></html>" % (title, title, body))
for d in ("r1", "r2", "both"):
    os.makedirs(d)
copy = page("Harbour reopens", "<p>Updated 3 December 2026, 10:42</p>" +
            story.replace("Friday night", "Friday evening") +
            "<p>Share on Facebook. Share on Twitter. Email this story.</p>")
open("r1/harbour.html", "w").write(page("Harbour reopens", story))
open("r2/harbour-again.html", "w").write(copy)
open("r2/other-harbour.html", "w").write(page("The other harbour", other))
open("both/a-harbour.html", "w").write(page("Harbour reopens", story))
open("both/b-harbour-again.html", "w").write(copy)
PY
q() { sqlite3 "$1" "$2"; }

# Across runs, kept and marked.
pipeline -c /dev/null -o out r1 2> err1
pipeline -c /dev/null -v -o out r2 2> err2; st=$?
is "$st" 0 "second run: exit 0"
like "$(cat err2)" "2 stored.*; 1 near-duplicate$" "summary: 2 stored, 1 near-duplicate"
is "$(q out/catalog.sqlite "SELECT d.uri, o.uri FROM near_duplicates n
    JOIN documents d USING (doc_id) JOIN documents o ON o.doc_id = n.near_duplicate_of" | sed 's|file://[^|]*/||g')" \
    "harbour-again.html|harbour.html" "the copy is marked near the first capture, and only it"
sim=$(q out/catalog.sqlite "SELECT similarity FROM near_duplicates")
ok "$(awk -v s="$sim" 'BEGIN { exit !(s >= 0.5 && s < 1) }'; echo $?)" \
    "its similarity is kept: $sim"
first=$(q out/catalog.sqlite "SELECT near_duplicate_of FROM near_duplicates")
arch=$(ls -t out/pith-*.tar.gz | head -n 1)
like "$(bsdtar -xOf "$arch" manifest.jsonl)" "\"near_duplicate_of\":\"$first\"" \
    "the run's manifest says it too"
is "$(q out/catalog.sqlite "SELECT near_duplicate FROM runs ORDER BY started, finished" | tr '\n' ' ')" "0 1 " \
    "the catalog's run rows count the near-duplicates"
is "$(q out/catalog.sqlite "SELECT count(*) FROM fingerprints")" 3 "every stored text has a fingerprint"
is "$(q out/catalog.sqlite "SELECT count(*) FROM fingerprint_keys")" 24 "  and its 8 index keys"

# near-duplicates = skip: not stored, counted, not failed.
pipeline -c /dev/null -o skip r1 2> /dev/null
ingest r2 2> /dev/null | clean 2> /dev/null | store -c /dev/null -o skip \
    --near-duplicates skip --stats stats 2> serr; st=$?
is "$st" 0 "skip: exit 0"
like "$(head -n 1 stats)" "^read=2 cleaned=2 stored=1 failed=0 empty=0 duplicate=0 near_duplicate=1 " \
    "skip: stats: 1 stored, 1 near-duplicate, none failed"
is "$(q skip/catalog.sqlite "SELECT uri FROM documents ORDER BY uri" | sed 's|.*/||' | tr '\n' ' ')" \
    "harbour.html other-harbour.html " "skip: the copy is not stored"

# In one run: the later of the two is marked.
pipeline -c /dev/null -o one both 2> /dev/null
is "$(q one/catalog.sqlite "SELECT d.uri FROM near_duplicates JOIN documents d USING (doc_id)" | sed 's|.*/||')" \
    "b-harbour-again.html" "one run: the second of the two is marked"

# Shards: each holds one of the two; merged, the copy is found.
pipeline -c /dev/null -o sh0 r1 2> /dev/null
pipeline -c /dev/null -o sh1 r2 2> /dev/null
store -c /dev/null -o merged --merge sh0 sh1 2> merr; st=$?
is "$st" 0 "merge: exit 0"
is "$(q merged/catalog.sqlite "SELECT count(*) FROM near_duplicates")" 1 \
    "merged: the copy in another shard is found near the first"
is "$(q merged/catalog.sqlite "SELECT count(*) FROM fingerprints")" 3 "merged: every fingerprint"

done_testing
