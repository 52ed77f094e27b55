# clean on HTML pages: the fixtures in tests/fixtures/html through the real
# binary, as files, gzipped, on stdin, into -o DIR, as JSON with metadata,
# with --comments, and cut by --max-depth.
. "$PITH_TOP/tests/lib.sh"

D="$FIX/html"

# Every fixture: NAME.html cleans to NAME.expected, exit 0, nothing on stderr.
for f in "$D"/*.html; do
	n=$(basename "$f" .html)
	out=$(clean "$f" 2>err); st=$?
	is "$st" 0 "$n: exit 0"
	is "$out" "$(cat "$D/$n.expected")" "$n: article text as expected"
	is "$(cat err)" "" "$n: nothing on stderr"
done

# gzip, stdin and -o DIR give the same text.
gzip -c "$D/news.html" > news.html.gz
is "$(clean news.html.gz)" "$(cat "$D/news.expected")" ".gz read transparently"
is "$(clean -f text < "$D/split.html")" "$(cat "$D/split.expected")" "stdin"
clean -o outdir "$D/table.html" "$D/list.html" 2>err; st=$?
is "$st" 0 "-o DIR: exit 0"
is "$(cat outdir/table.txt)" "$(cat "$D/table.expected")" "-o DIR: table.txt"
is "$(cat outdir/list.txt)" "$(cat "$D/list.expected")" "-o DIR: list.txt"

# JSON: metadata apart from the text.
json() {	# json FILE FIELD...: the fields, one per line
	f=$1; shift
	clean -f json "$f" | python3 -c 'import json,sys
d=json.load(sys.stdin)
for k in sys.argv[1:]: print(d.get(k))' "$@"
}
is "$(json "$D/news.html" title author published site_name language \
    declared_language)" \
"Harbour reopens after storm repairs
Jane Doe
2019-11-19T08:30:00+00:00
Coastal Times
en
en-GB" "json: title, author, date, site, language identified and declared"
is "$(json "$D/wp_comments.html" title published comments)" \
"Growing tomatoes on a balcony
2018-06-02T10:00:00+02:00
None" "json: WordPress title less its site, <time> date, no comments unasked"

# --comments: the comment section apart from the text.
out=$(clean --comments -f json "$D/wp_comments.html" | python3 -c 'import json,sys
d=json.load(sys.stdin); c=d.get("comments") or ""
print("Marta" in c, "Mine split" in c, "Pinch out" in c, "Marta" in d["text"])')
is "$out" "True True False False" "--comments: comments apart, article apart"

# --max-depth: a page deeper than the limit is cut, and clean says so.
{
	printf '<html><body><div><p>Shallow text, long enough to be a paragraph, with commas, clauses and a full stop.</p>'
	i=0; while [ $i -lt 40 ]; do printf '<div>'; i=$((i + 1)); done
	printf '<p>Deep text, long enough to be a paragraph too, with commas, clauses and a full stop.</p>'
	i=0; while [ $i -lt 40 ]; do printf '</div>'; i=$((i + 1)); done
	printf '</div></body></html>\n'
} > deep.html
out=$(clean deep.html 2>err)
like "$out" "Deep text" "--max-depth default: deep text kept"
out=$(clean --max-depth 16 deep.html 2>err); st=$?
like "$out" "Shallow text" "--max-depth 16: shallow text kept"
unlike "$out" "Deep text" "--max-depth 16: deep text cut"
out=$(clean --max-depth 16 -f json deep.html | python3 -c 'import json,sys; print(json.load(sys.stdin).get("warning"))')
like "$out" "max-depth" "--max-depth 16: the cut is reported in JSON"

done_testing
