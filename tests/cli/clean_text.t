# clean on plain-text dumps: the fixtures in tests/fixtures/text cleaned by
# the real binary, as files, on stdin, into -o DIR and as JSON.
. "$PITH_TOP/tests/lib.sh"

D="$FIX/text"

# Every fixture: NAME.txt cleans to NAME.expected, exit 0, nothing on stderr.
for f in "$D"/*.txt; do
	n=$(basename "$f" .txt)
	out=$(clean --mode text "$f" 2>err); st=$?
	is "$st" 0 "$n: exit 0"
	is "$out" "$(cat "$D/$n.expected")" "$n: cleaned text as expected"
	is "$(cat err)" "" "$n: nothing on stderr"
done

# Sniffed as text without --mode, stray <b> tags and all.
out=$(clean "$D/en_markup.txt")
is "$out" "$(cat "$D/en_markup.expected")" "a dump with stray tags is sniffed as text"

# stdin, and -o DIR writes <name>.txt.
out=$(clean --mode text < "$D/de_news.txt")
is "$out" "$(cat "$D/de_news.expected")" "stdin"
clean --mode text -o outdir "$D/en_news.txt" "$D/ja_news.txt" 2>err; st=$?
is "$st" 0 "-o DIR: exit 0"
is "$(cat outdir/en_news.txt)" "$(cat "$D/en_news.expected")" "-o DIR: en_news.txt"
is "$(cat outdir/ja_news.txt)" "$(cat "$D/ja_news.expected")" "-o DIR: ja_news.txt"

# JSON: the first line is the title, apart from the text.
out=$(clean --mode text -f json "$D/en_news.txt")
is "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["mode"]); print(d["title"]); print(d["title"] in d["text"])')" \
"text
Harbour reopens after three-day storm | Coastal Times
False" "json: mode text, title as metadata, not in the text"

# Only boilerplate: no article, reported, exit 1.
printf 'Home\n\nNews\n\nSign in\n\nPrivacy policy\n' > menu.txt
clean --mode text menu.txt >/dev/null 2>err; st=$?
is "$st" 1 "a dump with no article: exit 1"
like "$(cat err)" "^clean: menu.txt: no article text" "the item is named"

done_testing
