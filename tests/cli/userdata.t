# Users' data and files are never lost, and the commands do what a user
# expects (issue 19, items 9-15): clean -o DIR names and never overwrites,
# clean takes folders, make run and make clean keep out/, no built-in
# sources, store --get by the URL asked for and --list on a missing
# folder, comments written where asked, empty and folder shards.
. "$PITH_TOP/tests/lib.sh"

q() { python3 -c 'import sqlite3,sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print("|".join(map(str, r)))' "$@"; }
sum() { md5sum < "$1"; }

# Two pages of one name in two folders; a site folder with a hidden file
# and a subfolder.
mkdir s1 s2 site site/blog site/.git
cp "$SAMPLES/news-article.html" s1/index.html
cp "$SAMPLES/docs-page.html" s2/index.html
cp "$SAMPLES/news-article.html" site/index.html
cp "$SAMPLES/recipe-list.html" site/blog/index.html
cp "$SAMPLES/spanish-news.html" site/blog/b.html
cp "$SAMPLES/docs-page.html" site/.hidden.html
cp "$SAMPLES/docs-page.html" site/.git/config.html
news=$(clean -c /dev/null s1/index.html)
recipe=$(clean -c /dev/null site/blog/index.html)
spanish=$(clean -c /dev/null site/blog/b.html)

# --- 9. clean -o DIR: flat names for files, relative paths under a
# folder, no two inputs into one name, never an input overwritten
for j in 1 2; do
	clean -c /dev/null -j $j -o out$j s1/index.html s2/index.html 2>err; st=$?
	is "$st" 1 "-j $j: two files of one name: exit 1"
	is "$(cat err)" "clean: s2/index.html: out$j/index.txt is the output of s1/index.html: not written" \
	    "-j $j: two files of one name: the second refused, both named"
	is "$(cat out$j/index.txt)" "$news" "-j $j: the first keeps its name"
	is "$(ls out$j)" "index.txt" "-j $j: nothing else written"
done
mkdir d
cp "$SAMPLES/dump-news.txt" d/page.txt
before=$(sum d/page.txt)
clean -c /dev/null -o d d/page.txt 2>err; st=$?
is "$st:$(cat err)" "1:clean: d/page.txt: d/page.txt is an input: not overwritten" \
    "-o DIR: its own input refused, said"
is "$(sum d/page.txt)" "$before" "-o DIR: the input is unchanged"
cp "$SAMPLES/dump-news.txt" d/a.txt
cp "$SAMPLES/news-article.html" a.html
before=$(sum d/a.txt)
clean -c /dev/null -j 2 -o d a.html d/a.txt 2>err; st=$?
is "$st:$(head -n 1 err)" "1:clean: a.html: d/a.txt is an input: not overwritten" \
    "-j 2: an output that would replace another input: refused"
is "$(sum d/a.txt)" "$before" "-j 2: that input is unchanged"
clean -c /dev/null -o flat "$SAMPLES/news-article.html" "$SAMPLES/dump-news.txt" 2>err; st=$?
is "$st:$(ls flat | tr '\n' ' ')" "0:dump-news.txt news-article.txt " "file operands: flat names, as before"
for j in 1 2; do
	clean -c /dev/null -j $j -o tree$j site 2>err; st=$?
	is "$st" 0 "-j $j: a folder operand: exit 0"
	is "$(cd tree$j && find . -type f | sort | tr '\n' ' ')" \
	    "./blog/b.txt ./blog/index.txt ./index.txt " \
	    "-j $j: its files keep their paths, hidden ones skipped"
	is "$(cat tree$j/blog/index.txt)" "$recipe" "-j $j: blog/index.txt is blog/index.html's text"
done
clean -c /dev/null -o tree1 s1/index.html site 2>err; st=$?
is "$st" 1 "a file and a folder holding one of its name: exit 1"
like "$(cat err)" "^clean: site/index.html: tree1/index.txt is the output of s1/index.html: not written$" \
    "the second of one name is refused, both named"
mkdir -p walk/out
cp "$SAMPLES/news-article.html" walk/a.html
clean -c /dev/null -o walk/out walk 2>/dev/null
clean -c /dev/null -o walk/out walk 2>err; st=$?	# out/a.txt is there now
is "$st:$(cd walk/out && find . -type f | sort | tr '\n' ' ')" "0:./a.txt " \
    "-o DIR inside the folder read: its own output is not read again"

# --- 10. clean takes folders, recursively: sorted, hidden names skipped
for j in 1 2; do
	clean -c /dev/null -j $j site > got 2>err; st=$?
	is "$st:$(cat err)" "0:" "-j $j: clean FOLDER: exit 0, nothing said"
	printf '%s\n\f\n%s\n\f\n%s\n' "$spanish" "$recipe" "$news" > want
	ok $(cmp -s got want; echo $?) "-j $j: clean FOLDER: every page, in byte order of paths"
done
clean -c /dev/null -f json site | python3 -c '
import json, sys; print(" ".join(json.loads(l)["uri"] for l in sys.stdin))' > uris
top="file://$(pwd -P)/site"
is "$(cat uris)" "$top/blog/b.html $top/blog/index.html $top/index.html" "clean FOLDER: each page under its own file:// URI"

# --- 11. make run and make clean keep out/ (the default [store] output)
mkdir -p mk/out mk/build
echo keep > mk/out/catalog.sqlite
make -s -f "$PITH_TOP/Makefile" -C mk clean >/dev/null 2>&1
ok $(test -f mk/out/catalog.sqlite; echo $?) "make clean: out/ and its catalog kept"
ok $(test ! -e mk/build; echo $?) "make clean: the build removed"
recipe_run=$(make -n -s -C "$PITH_TOP" -o deps -o all run 2>&1)
unlike "$recipe_run" "^rm .*out" "make run: removes nothing in out/"
like "$recipe_run" "pipeline -o out samples" "make run: names samples itself"
pipeline -c /dev/null -o again "$SAMPLES" 2>/dev/null
pipeline -c /dev/null -o again "$SAMPLES" 2>err; st=$?
is "$st" 0 "a second run into out/: exit 0"
like "$(cat err)" "^pipeline: 14 read, 14 cleaned, 0 stored, 14 duplicate" "a second run into out/: nothing new stored"

# --- 12. no sources configured: usage, not ./samples
mkdir nowhere
(cd nowhere && pipeline) > out 2>err; st=$?
is "$st" 2 "pipeline with no sources: exit 2"
like "$(cat err)" "^usage: pipeline " "pipeline with no sources: usage"
unlike "$(cat err)" "samples" "pipeline with no sources: no samples"
ok $(test ! -e nowhere/out; echo $?) "pipeline with no sources: nothing made"
(cd nowhere && pipeline --shard 0/2) > out 2>err; st=$?
is "$st" 2 "pipeline --shard with no sources: exit 2"
like "$(cat err)" "^usage: pipeline " "pipeline --shard with no sources: usage"
(cd nowhere && ingest) > out 2>err; st=$?
like "$st:$(cat err)" "^2:ingest: no sources" "ingest with no sources: exit 2, said"
like "$(cat err)" "usage: ingest " "ingest with no sources: usage"
unlike "$(cat err)" "samples" "ingest with no sources: no samples"
ln -s "$SAMPLES" nowhere/samples
(cd nowhere && pipeline -c "$PITH_TOP/pipeline.conf" -o o) 2>err; st=$?
like "$st:$(cat err)" "^0:pipeline: 14 read, 14 cleaned, 14 stored" "pipeline.conf names samples"

# --- 13. store --get by the URL asked for; --list on a missing folder
store -c /dev/null -o missing --list > out 2>err; st=$?
is "$st:$(cat err)" "2:store: missing: no such folder" "--list on a missing folder: said so"
ok $(test ! -e missing; echo $?) "--list on a missing folder: not made"
store -c /dev/null -o missing --get http://x/ > out 2>err; st=$?
is "$st:$(cat err)" "2:store: missing: no such folder" "--get on a missing folder: said so"
mkdir bare
store -c /dev/null -o bare --list > out 2>err; st=$?
is "$st:$(cat err)" "2:store: bare: no catalog.sqlite: nothing is stored here" "--list on a folder without a catalog: said so"
httpd 60
for fmt in tar.gz warc.gz; do
	printf '[ingest]\nhost-delay = 0\nretries = 0\n[store]\nformat = %s\n' $fmt > f.conf
	pipeline -c f.conf -o r-$fmt "$U/redirect/2" 2>/dev/null
	final=$(store -c /dev/null -o r-$fmt --get "$U/page" 2>&1)
	asked=$(store -c /dev/null -o r-$fmt --get "$U/redirect/2" 2>err); st=$?
	ok $([ $st -eq 0 ] && [ -n "$final" ] && [ "$asked" = "$final" ]; echo $?) \
	    "$fmt: --get the URL asked for, before redirects"
	store -c /dev/null -o r-$fmt --get "$U/redirect/1" 2>err; st=$?
	is "$st:$(cat err)" "1:store: $U/redirect/1: not in the catalog" "$fmt: a URL passed on the way is not one asked for"
done
mkdir adopted
cp r-tar.gz/pith-*.tar.gz adopted/
store -c /dev/null -o adopted < /dev/null 2>/dev/null
ok $([ "$(store -c /dev/null -o adopted --get "$U/redirect/2" 2>&1)" = "$final" ]; echo $?) \
    "an adopted archive: --get by the URL asked for"
store -c /dev/null -o merged --merge r-tar.gz 2>/dev/null
ok $([ "$(store -c /dev/null -o merged --get "$U/redirect/2" 2>&1)" = "$final" ]; echo $?) \
    "a merged catalog: --get by the URL asked for"
cp -R r-warc.gz older
q older/catalog.sqlite 'drop table source_uris'
final=$(store -c /dev/null -o r-warc.gz --get "$U/page")
ok $([ "$(store -c /dev/null -o older --get "$U/page" 2>&1)" = "$final" ]; echo $?) \
    "a catalog from before source_uris: --get by the final URI still"
store -c /dev/null -o merged --merge older 2>err; st=$?
is "$st" 0 "a catalog from before source_uris: merged"

# --- 14. --comments: written where asked, or refused; no form labels
clean -c /dev/null --comments -o cm "$SAMPLES/blog-comments.html" 2>err; st=$?
is "$st:$(ls cm | tr '\n' ' ')" "0:blog-comments.comments.txt blog-comments.txt " \
    "--comments -o DIR: NAME.comments.txt beside NAME.txt"
like "$(cat cm/blog-comments.comments.txt 2>/dev/null)" "Hot water bottle in a cool box" "NAME.comments.txt holds the comments"
unlike "$(cat cm/blog-comments.txt)" "Hot water bottle in a cool box" "NAME.txt holds the article only"
clean -c /dev/null --comments -j 2 -o cm2 "$SAMPLES/blog-comments.html" "$SAMPLES/news-article.html" 2>err
is "$(ls cm2 | tr '\n' ' ')" "blog-comments.comments.txt blog-comments.txt news-article.txt " \
    "--comments -j 2 -o DIR: the same"
clean -c /dev/null --comments "$SAMPLES/blog-comments.html" > out 2>err; st=$?
is "$st:$(cat err)" "2:clean: --comments: text on stdout has no place for comments: use -f json, -f warc or -o DIR" \
    "--comments with text on stdout: refused, said how"
clean -c /dev/null --comments < "$SAMPLES/blog-comments.html" > out 2>err; st=$?
is "$st:$(cat err)" "2:clean: --comments: text on stdout has no place for comments: use -f json, -f warc or -o DIR" \
    "--comments with a page on stdin as text: refused too"
clean -c /dev/null --comments -f json "$SAMPLES/blog-comments.html" | python3 -c '
import json, sys; print(json.load(sys.stdin)["comments"])' > comments
like "$(cat comments)" "Anna says:" "comments: the comments are there"
unlike "$(cat comments)" "^(Reply|Leave a Reply|Cancel reply)$" "comments: no reply links or form heading"
unlike "$(cat comments)" "Your email address will not be published|Akismet" "comments: no comment form"

# --- 15. store --merge: empty shards merge as nothing; folders spread
cp "$SAMPLES/news-article.html" one.html
for i in 0 1 2; do pipeline -c /dev/null -o few --shard $i/3 one.html 2>/dev/null; done
is "$(ls few/shard-*-of-3/done | wc -l)" 3 "more shards than sources: each done"
store -c /dev/null -o few --merge few/shard-*-of-3 2>err; st=$?
is "$st:$(cat err)" "0:store: merged 3 of 3 folders: 1 documents, 1 added, 0 duplicate" \
    "more shards than sources: the empty ones merge as nothing"
mkdir notyet
store -c /dev/null -o few --merge notyet 2>err; st=$?
is "$st" 1 "a folder with no catalog and no marker: still a failure"
is "$(cat err | head -n 1)" "store: notyet: catalog.sqlite: none here: not a shard's output, or a shard not run yet" \
    "a folder with no catalog: said so"
cp -R "$SAMPLES" pages
pipeline -c /dev/null -o whole pages 2>/dev/null
for i in 0 1 2; do pipeline -c /dev/null -o sh --shard $i/3 pages 2>/dev/null; done
is "$(cat sh/shard-*-of-3/sources | sort | tr '\n' ' ')" "$(ls pages/* | sort | tr '\n' ' ')" \
    "a folder sharded: each of its files in exactly one shard"
is "$(for f in sh/shard-*-of-3/sources; do [ -s $f ] && echo x; done | wc -l)" 3 \
    "a folder sharded: its files spread over the shards"
store -c /dev/null -o sh --merge sh/shard-*-of-3 2>err; st=$?
is "$st" 0 "a folder sharded: merged"
is "$(q sh/catalog.sqlite 'select text_digest from documents order by 1')" \
    "$(q whole/catalog.sqlite 'select text_digest from documents order by 1')" \
    "a folder sharded and merged: the documents of one run"
done_testing
