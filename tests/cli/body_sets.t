# Every page of the dev sets (../shared/datasets) as markdown and as HTML
# (--body, with --links --images): the markdown renders (cmark-gfm) and
# the HTML parses (a strict XML parser), each to the text's characters
# (bench/body_check.py).  The plain pass only: under the sanitizers the
# sets take minutes.  Skipped without ../shared or cmark-gfm.
. "$PITH_TOP/tests/lib.sh"

sets="scrapinghub dragnet readability cleanportaleval cleaneval-zh l3s-gn1
googletrends-2017 chaos wcxb-dev"
shared=${PITH_SHARED:-$PITH_TOP/../shared}
why=
if grep -q __asan_init "$PITH_BIN/clean" 2>/dev/null; then
	why="the plain pass only (the sanitizer build takes minutes)"
elif [ ! -d "$shared/datasets/scrapinghub" ]; then
	why="../shared datasets absent"
elif ! command -v cmark-gfm >/dev/null; then
	why="cmark-gfm is not installed (scripts/deps)"
fi
if [ -n "$why" ]; then
	for s in $sets; do skip "$why"; done
else
	python3 "$PITH_TOP/bench/body_check.py" "$PITH_BIN/clean" > check.out 2>&1
	for s in $sets; do
		line=$(grep "^$s " check.out)
		like "$line" "^$s +[0-9]+ pages, 0 differ" "$s: every markdown body renders and every HTML body parses, to the text"
	done
fi
done_testing
