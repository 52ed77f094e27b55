# Hostile pages, generated here (nothing big is committed): each is cleaned
# or refused in bounded time (timeout 60 s, generous for the sanitizer
# build) and bounded memory (max RSS from GNU time; not asserted under
# ASan, whose shadow memory is no measure of clean's).  A limit that cuts
# a page says so on stderr, naming the item and the limit, and the good
# page cleaned in the same run is still written.
. "$PITH_TOP/tests/lib.sh"

san=0
grep -q __asan_init "$PITH_BIN/clean" 2>/dev/null && san=1
rss=0
[ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1 && rss=1

cat > gen.py <<'PY'
import sys, random
art = ("<article><h1>Hostile</h1>" + "<p>This paragraph is the real article "
       "text of the page, long enough to be kept by the cleaner, with commas, "
       "words and more words.</p>" * 5 + "</article>")
def page(body):
    return ("<!doctype html><html><head><title>t</title></head><body>" + body +
            "</body></html>").encode()
kind, out = sys.argv[1], sys.argv[2]
if kind == "nest":		# 200,000 nested elements
    d = page(art + "<div>" * 200000 + "deep")
elif kind == "endtags":	# end tags that close nothing: gumbo nests on
    d = page(art + "<div></i><span><section></span>" * 150000)
elif kind == "unclosed":	# 4 MB of unclosed tags: a million elements
    d = page(art + "<p>x" * 1000000)
elif kind == "unclosed-attr":	# 6 MB inside one unclosed attribute value
    d = page(art + '<div class="a' * 500000)
elif kind == "big":		# a 50 MB page of ordinary paragraphs
    d = page("<article><h1>Big</h1>" + ("<p>" + "Lorem ipsum dolor sit "
             "amet, with commas, clauses and a full stop, as articles have "
             "them. " * 5 + "</p>\n") * 110000 + "</article>")
elif kind == "nul":		# NUL bytes and invalid UTF-8 in the text
    d = page(art).replace(b"words", b"wo\0rds \xff\xfe\xc3 caf\xe9")
elif kind == "attr":		# a 10 MB attribute
    d = page('<div title="' + "a" * (10 << 20) + '">' + art + "</div>")
elif kind == "text":		# a 10 MB text node
    d = page(art + "<p>" + "word, " * ((10 << 20) // 6) + "</p>")
elif kind == "tables":		# 5,000 nested tables
    d = page(art + "<table><tr><td>" * 5000 + "cell")
elif kind == "lines":		# a 14 MB text dump of short lines
    d = ("A short line of a text dump, here.\n" * 400000).encode()
elif kind == "garbage":		# 5 MB of binary garbage
    d = random.Random(1).randbytes(5 << 20)
open(out, "wb").write(d)
PY

cat > good.html <<'EOF'
<!DOCTYPE html><html><head><title>Good</title></head><body><article>
<p>The good page of the run, cleaned beside the hostile one, with a sentence long enough to be kept as the article.</p>
<p>A second paragraph, so that the cleaner is sure this is the article text and not a stray line of the page.</p>
</article></body></html>
EOF

# hostile KIND STATUS MAX_MB [clean options]: clean -o out the generated
# page and good.html; sets st, err, mb.
hostile() {
	kind=$1 want=$2 max=$3; shift 3
	python3 gen.py "$kind" "$kind.html"
	rm -rf out
	if [ $rss -eq 1 ]; then
		timeout 60 /usr/bin/time -f %M -o rss clean -o out "$@" "$kind.html" good.html 2> err
	else
		timeout 60 clean -o out "$@" "$kind.html" good.html 2> err
	fi
	st=$?
	err=$(cat err)
	is "$st" "$want" "$kind: exit $want within 60 s"
	ok "$(test -s out/good.txt; echo $?)" "$kind: the good page of the run is cleaned"
	if [ $rss -eq 0 ]; then
		skip "$kind: no GNU time to measure memory"
	elif [ $san -eq 1 ]; then
		skip "$kind: memory not measured under ASan"
	else
		mb=$(( $(tail -n 1 rss) / 1024 ))
		ok "$([ "$mb" -le "$max" ]; echo $?)" "$kind: peak $mb MB <= $max MB"
	fi
	rm -f "$kind.html"
}

hostile nest 0 60
like "$err" "^clean: nest.html: page nested deeper than 20000 elements: cut$" \
    "nest: the cut is reported with the item and the limit"
like "$(cat out/nest.txt)" "real article text" "nest: the article above the cut is kept"

hostile endtags 0 60
like "$err" "^clean: endtags.html: page nested deeper than 20000 elements: cut$" \
    "end tags that close nothing do not hide the nesting"

# 200,000 elements (max-nodes) in gumbo's pool: 155 MB with power-of-two
# classes and a header a block, about 100 MB now.
hostile unclosed 0 130
like "$err" "^clean: unclosed.html: page has more elements than max-nodes: cut$" \
    "unclosed: the cut is reported with the item and the limit"
like "$(cat out/unclosed.txt)" "real article text" "unclosed: the article above the cut is kept"

hostile unclosed-attr 0 120
like "$(cat out/unclosed-attr.txt)" "real article text" "unclosed attribute: the article is kept"

hostile unclosed 0 60 --max-nodes 20000
like "$err" "max-nodes: cut" "--max-nodes lowers the cut"

hostile big 1 80
like "$err" "^clean: big.html: larger than max-size \(16777216 bytes\): not cleaned$" \
    "50 MB page: refused by max-size, named, with the limit"
ok "$(test ! -e out/big.txt; echo $?)" "50 MB page: no output for it"

# Raised above the page, the 50 MB page is cleaned in 4 times its size and
# a constant: read into one buffer, decoded in place, kept until gumbo's
# tree of it goes (gumbo's contract: its nodes point into it), the tree
# about twice the page, and the text written from it.
hostile big 0 $((4 * 50 + 40)) --max-size 64M
is "$err" "" "50 MB page under --max-size 64M: cleaned, nothing on stderr"
is "$(grep -c 'Lorem ipsum' out/big.txt)" 110000 "50 MB page: every paragraph kept"

hostile nul 0 60
python3 -c 'import sys; t = open("out/nul.txt", "rb").read(); t.decode("utf-8"); sys.exit(b"\0" in t)'
ok $? "NUL and invalid UTF-8: output is valid UTF-8 without NUL"
like "$(cat out/nul.txt)" "wo.?rds" "NUL and invalid UTF-8: the text is kept"

# An attribute nothing reads is blanked before gumbo copies it twice.
hostile attr 0 30
like "$(cat out/attr.txt)" "real article text" "10 MB attribute: the article is kept"

hostile text 0 120
ok "$([ "$(wc -c < out/text.txt)" -gt 10000000 ]; echo $?)" "10 MB text node: kept whole"

hostile tables 0 60
like "$err" "^clean: tables.html: page deeper than max-depth: cut$" \
    "5000 nested tables: cut at max-depth, named"
like "$(cat out/tables.txt)" "real article text" "5000 nested tables: the article is kept"

hostile lines 1 200
like "$err" "^clean: lines.html: no article text found \(text path\)$" \
    "14 MB of short lines: the text path finds no article, says so"

hostile garbage 1 60
like "$err" "^clean: garbage.html: binary content, not a page or text$" \
    "binary garbage: refused, named"

# The same pages as one WARC stream: every hostile record gets a conversion
# or a failure record, the good one is cleaned, exit 1 for the failures.
mkdir pages
for k in nest unclosed nul attr tables garbage; do python3 gen.py $k pages/$k.html; done
cp good.html pages/
ingest -c /dev/null --max-size 16M pages > in.warc 2> ingest.err
timeout 60 clean < in.warc > out.warc 2> err; st=$?
is "$st" 1 "WARC stream of hostile pages: exit 1 (the garbage), within 60 s"
is "$(python3 "$PITH_TOP/tests/warc.py" types out.warc | sort | uniq -c | tr -s ' ' | tr '\n' ,)" \
    " 6 conversion, 1 metadata," "six conversions, one failure record"
like "$(cat err)" "garbage.html: binary content" "the failure names its record"
like "$(grep -a 'WARC-Target-URI' out.warc)" "pages/good.html" "the good record is cleaned"

done_testing
