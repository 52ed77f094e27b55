# The bundled samples: each page's text against the body a person marked
# (tests/fixtures/expected), and the metadata clean finds.
. "$PITH_TOP/tests/lib.sh"

clean -o got "$SAMPLES"/*.html "$SAMPLES"/*.txt 2>err
is "$?" 0 "every sample cleaned"
python3 "$PITH_TOP/tests/shingles.py" "$FIX/expected" got 0.85 | sed -n 's/^\(not \)\{0,1\}ok [0-9]* - /&/p' > scores
while IFS= read -r line; do
	case $line in
	ok*) ok 0 "${line#ok * - }" ;;
	"not ok"*) ok 1 "${line#not ok * - }" ;;
	esac
done < scores

# Every page's metadata against its .meta file (title, author, published,
# site, language, canonical: whichever the page has).
for page in "$SAMPLES"/*.html; do
	name=$(basename "$page" .html)
	miss=$(clean -f json "$page" | python3 -c '
import json, sys
d = json.load(sys.stdin)
keys = {"title": "title", "author": "author", "published": "published",
        "site": "site_name", "language": "language", "canonical": "canonical_url"}
for line in open(sys.argv[1], encoding="utf-8").read().splitlines():
    k, _, v = line.partition(": ")
    if k in keys:
        got = d.get(keys[k]) or ""
        if not (got == v or (k == "published" and got[:10] == v[:10]) or
                (k == "language" and got.split("-")[0] == v)):
            print(f"{k}: want {v!r} got {got!r}")
' "$FIX/expected/$name.meta")
	is "$miss" "" "$name: metadata as in $name.meta"
done

meta=$(clean -f json "$SAMPLES/news-article.html")
field() { printf '%s' "$meta" | python3 -c "import json,sys; print(json.load(sys.stdin).get('$1'))"; }
is "$(field title)" "Old tram depot to become covered market" "title"
is "$(field author)" "Tom Becker" "author"
like "$(field published)" "^2026-10-14" "published date"
is "$(field site_name)" "The Valley Courier" "site name"
is "$(field language)" "en" "language"
is "$(field canonical_url)" "https://valleycourier.example/news/2026/tram-depot-market" "canonical URL"
unlike "$(field text)" "Old tram depot to become covered market" "the headline is metadata, not body"
meta=$(clean -f json "$SAMPLES/legacy-charset.html")
is "$(field charset_declared)" "iso-8859-1" "declared charset recorded"
like "$(field text)" "Öffnungszeiten für einen" "windows-1252 umlauts decoded"
like "$(field text)" "rund 85.000 € im Jahr" "windows-1252 euro sign decoded"
like "$(field text)" "„Viele Familien" "windows-1252 quotation marks decoded"
meta=$(clean -f json "$SAMPLES/japanese-article.html")
is "$(field language)" "ja" "Japanese page language"
done_testing
