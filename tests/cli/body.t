# The body as markdown or HTML (issue 21): --body, --links, --images and
# their [clean] keys; in every container (text, JSON, WARC, -o DIR) and
# through store (.md / .html members) and pipeline; the repeat filter
# drops repeated lines of markup as it does lines of text, and never a
# table's row or a line of code; the text, the default, does not change.
. "$PITH_TOP/tests/lib.sh"

# Bodies render and parse: markdown by cmark-gfm (when installed) into
# the text's characters, HTML by a strict XML parser.
cat > same.py <<'PY'
import html.parser, re, subprocess, sys, xml.dom.minidom
kind, body, text = sys.argv[1], open(sys.argv[2]).read(), open(sys.argv[3]).read()
class T(html.parser.HTMLParser):
    parts, skip = [], 0
    def handle_starttag(self, t, a): self.skip += t in ("head", "title", "em", "figcaption")
    def handle_endtag(self, t): self.skip -= t in ("head", "title", "em", "figcaption")
    def handle_data(self, d):
        if not self.skip: self.parts.append(d)
if kind == "html":
    xml.dom.minidom.parseString(body.replace("<!DOCTYPE html>", "", 1).encode())
else:
    body = subprocess.run(["cmark-gfm", "-e", "table"], input=body.encode(),
                          capture_output=True, check=True).stdout.decode()
t = T(); t.feed(body)
squeeze = lambda s: re.sub(r"[\s|]+", "", s)
sys.exit(0 if squeeze("".join(t.parts)) == squeeze(text) else 1)
PY

for f in "$SAMPLES"/*.html; do
	n=$(basename "$f" .html)
	clean "$f" > "$n.txt"
	clean --body html --links --images "$f" > "$n.html" 2>err || echo "$n: exit $?" >> fails
	python3 same.py html "$n.html" "$n.txt" || echo "$n: html" >> fails
	clean --body markdown --links --images "$f" > "$n.md" || echo "$n: exit $?" >> fails
	if command -v cmark-gfm >/dev/null; then
		python3 same.py markdown "$n.md" "$n.txt" || echo "$n: markdown" >> fails
	fi
done
is "$(cat fails 2>/dev/null)" "" "every sample: HTML parses and markdown renders, each with the text's words"
command -v cmark-gfm >/dev/null || skip "cmark-gfm is not installed: markdown not rendered"

md=$(cat table-article.md)
like "$md" '^\| Train \| Operator \| Departs \| Arrives \| Journey time \| Couchette from \|$' \
    "table-article: the table's header row (the table in its scrolling box)"
like "$md" '^\| --- \| --- \| --- \| --- \| --- \| --- \|$' "... and its delimiter row"
like "$md" '^## Which one should you take\?$' "... headings as headings"
like "$(cat recipe-list.md)" '^1\. Heat the oil' "recipe-list: the numbered method"
like "$(cat recipe-list.md)" '^- 1\.2 litres vegetable stock$' "... the ingredients, a number not escaped"
like "$(cat docs-page.md)" '^```$' "docs-page: the code block fenced"
like "$(cat docs-page.html)" '<pre>vaultline keys rotate --repo prod-backups --label 2026</pre>' \
    "docs-page: ... and as <pre> in HTML"
is "$(clean --body text "$SAMPLES/table-article.html" | md5sum)" "$(md5sum < table-article.txt)" \
    "--body text is the text"

# The containers.
clean -f json --body markdown "$SAMPLES/table-article.html" > one.json
is "$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["body"], d["text"] + "\n" == open("table-article.md").read())' < one.json)" \
    "markdown True" "-f json: \"body\" says markdown, \"text\" holds it"
clean -f json "$SAMPLES/table-article.html" > plain.json
is "$(python3 -c 'import json,sys; print("body" in json.load(sys.stdin))' < plain.json)" "False" \
    "-f json: no \"body\" key for text"
clean -f warc --body html "$SAMPLES/news-article.html" > one.warc
like "$(cat one.warc)" '^Content-Type: text/html; charset=utf-8' "-f warc: the conversion record is text/html"
clean -f warc "$SAMPLES/news-article.html" > plain.warc
like "$(cat plain.warc)" '^Content-Type: text/plain; charset=utf-8' "-f warc: text/plain for text"
mkdir in && cp "$SAMPLES/news-article.html" "$SAMPLES/blog-comments.html" in/
clean -o out --body markdown --comments in; st=$?
is "$st" 0 "-o DIR --body markdown: exit 0"
is "$(cd out && ls | tr '\n' ' ')" "blog-comments.comments.md blog-comments.md news-article.md " \
    "-o DIR: NAME.md, and the comments as NAME.comments.md"
like "$(cat out/blog-comments.comments.md)" '^1\. Anna says:$' "... the comments in markdown too (a numbered list)"
clean -o hout --body html in
is "$(cd hout && ls | tr '\n' ' ')" "blog-comments.html news-article.html " "-o DIR --body html: NAME.html"

# A dump has no markup: its paragraphs.
clean -m text --body markdown "$SAMPLES/dump-news.txt" > dump.md
clean -m text "$SAMPLES/dump-news.txt" > dump.txt
is "$(tr -d '\\' < dump.md | md5sum)" "$(md5sum < dump.txt)" "a text dump: its paragraphs, escaped where markdown would read them"

# Settings: the key, and a bad value.
printf '[clean]\nbody = markdown\nlinks = yes\n' > md.conf
clean -c md.conf "$SAMPLES/docs-page.html" > conf.md
like "$(cat conf.md)" '^## Before you start$' "[clean] body = markdown"
clean --body rtf "$SAMPLES/docs-page.html" > /dev/null 2> err; st=$?
is "$st" 2 "--body rtf: usage error"
like "$(cat err)" 'body.*rtf|rtf.*body' "... naming the key and the value"
clean -f warc "$SAMPLES/docs-page.html" | grep -a '^Pith-Settings-Digest' > d1
clean -f warc --body text --links=no "$SAMPLES/docs-page.html" | grep -a '^Pith-Settings-Digest' > d2
clean -f warc --body markdown "$SAMPLES/docs-page.html" | grep -a '^Pith-Settings-Digest' > d3
# The digest of the default [clean] settings before body, links, images
# and languages were keys: keys added later count only when set.
is "$(tr -d '\r' < d1)" "Pith-Settings-Digest: sha1:PFY5RDFOLLXREIMF6QSWYEDHSHLDNKSY" \
    "the settings digest of the defaults is what it was before the new keys"
is "$(cat d2)" "$(cat d1)" "... and the new keys at their defaults, given, leave it so"
ok "$(test "$(cat d3)" != "$(cat d1)"; echo $?)" "... and --body markdown changes it"

# The repeat filter on markup: the blurb goes as in text; tables and
# code stay though every page of the host has them.
python3 "$PITH_TOP/tests/site_pages.py" > site.warc
blurb='The Town Courier has covered the valley'
for b in markdown html; do
	clean -f warc --body $b site.warc > site.$b.warc
	is "$(grep -ac "$blurb" site.$b.warc)" 2 "--body $b: the repeated blurb goes, but from the host with 2 pages"
done
python3 - <<'PY'
for n in range(4):
    prose = "".join(f"<p>Train {n} report {k}: the night service ran {n + k} minutes late at the junction, "
                    f"as carriages were shunted between trains and the crew changed at midnight.</p>"
                    for k in range(3))
    open(f"rail{n}.html", "w").write(
        "<html><head><title>Report</title></head><body><article>" + prose +
        "<p>Subscribe to the rail newsletter for weekly timetable news and offers.</p>"
        "<table><tr><th>Train</th><th>Departs</th></tr>"
        "<tr><td>Nordlicht</td><td>21:04</td></tr><tr><td>Marina</td><td>19:58</td></tr>"
        "<tr><td>Kestrel</td><td>20:40</td></tr></table>"
        "<pre>timetable --summer\n  --night</pre></article></body></html>")
PY
for n in 0 1 2 3; do
	python3 "$PITH_TOP/tests/warc.py" page "https://rail.example/$n" rail$n.html
done > table.warc
clean -f warc --body markdown table.warc > table.out
python3 "$PITH_TOP/tests/warc.py" texts table.out > table.txt
is "$(grep -c 'Subscribe to the rail' table.txt)" 0 "markdown: a repeated paragraph goes"
is "$(grep -c '| Nordlicht | 21:04 |' table.txt)" 4 "... the table's rows stay"
is "$(grep -c '| --- | --- |' table.txt)" 4 "... its delimiter row too"
is "$(grep -c '```\\ntimetable --summer\\n  --night\\n```' table.txt)" 4 "... and the code"
clean -f warc --body html table.warc > table.html.out
python3 "$PITH_TOP/tests/warc.py" texts table.html.out > table.html.txt
is "$(grep -c 'Subscribe' table.html.txt)" 0 "html: a repeated paragraph goes"
is "$(grep -c '<tr><td>Nordlicht</td><td>21:04</td></tr>' table.html.txt)" 4 "... the rows stay"

# store: members by format; near-duplicates read the words.
clean -f warc --body markdown "$SAMPLES"/news-article.html "$SAMPLES"/docs-page.html > two.warc
store -o st < two.warc 2> err; st=$?
is "$st" 0 "store of markdown bodies: exit 0"
is "$(tar tzf st/pith-*.tar.gz | grep -c '\.md$')" 2 "store: ID.md members"
is "$(sqlite3 st/catalog.sqlite "SELECT count(*) FROM documents WHERE member LIKE '%.md'")" 2 \
    "store: the catalog names the .md members"
mkdir x && tar xzf st/pith-*.tar.gz -C x
is "$(python3 -c 'import glob,json
print(sorted(json.load(open(f)).get("body") for f in glob.glob("x/*.json")))')" \
    "['markdown', 'markdown']" "store: the provenance says the body is markdown"
clean -f warc --body html "$SAMPLES"/news-article.html | store -o st 2>/dev/null
is "$(sqlite3 st/catalog.sqlite "SELECT count(*) FROM near_duplicates")" 1 \
    "store: the same article as HTML is near the markdown one (words, not markup)"
is "$(tar tzf "$(ls -t st/pith-*.tar.gz | head -n 1)" | grep -c '\.html$')" 1 "store: an ID.html member"

# pipeline: its own option, --clean-body.
mkdir pin && cp "$SAMPLES/news-article.html" pin/
pipeline -q -o pst --clean-body markdown pin 2> err; st=$?
is "$st" 0 "pipeline --clean-body markdown: exit 0"
is "$(tar tzf pst/pith-*.tar.gz | grep -c '\.md$')" 1 "... stores a .md member"

done_testing
