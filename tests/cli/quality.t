# Quality floors on the shared dev sets: fails when F1 falls below the
# figure reached minus 0.01.  Skips when ../shared is absent.
. "$PITH_TOP/tests/lib.sh"
html_floor=0.967	# reached 0.977 (P 0.970, R 0.984)
text_floor=0.911	# reached 0.921 (P 0.907, R 0.935)
site_html_floor=0.967	# the pages as one WARC, --repeat-docs 2: 0.977
site_text_floor=0.915	# the dumps as one WARC, --repeat-docs 2: 0.925

out=$(PITH_BIN="$PITH_BIN" "$PITH_TOP/bench/quality" 2>&1)
case $out in
*skipped*)
	for i in 1 2 3 4 5 6; do skip "../shared datasets absent"; done ;;

*)
	f1() { printf '%s\n' "$out" | sed -n "s/^$1 .*F1=\([0-9.]*\).*/\1/p"; }
	at_least() {	# at_least LABEL FLOOR DESCRIPTION
		v=$(f1 "$1")
		ok "$(python3 -c "import sys; sys.exit(0 if float('${v:-0}') >= $2 else 1)"; echo $?)" \
		    "$3 F1 ${v:-none} >= $2"
	}
	echo "# $out" | tr '\n' ' '; echo
	at_least html $html_floor "HTML"
	at_least text $text_floor "text-dump"
	at_least site-html $site_html_floor "HTML as one WARC with repetition:"
	at_least site-text $site_text_floor "text dumps as one WARC with repetition:"
	# The presets move precision and recall the way they say.
	shared=${PITH_SHARED:-$PITH_TOP/../shared}
	pr() {	# pr PRESET -> "P R"
		mkdir -p "q$1" && clean "--$1" -o "q$1" "$shared"/datasets/scrapinghub/html/*.html.gz 2>/dev/null
		python3 "$shared/tools/score_scrapinghub.py" "$shared/datasets/scrapinghub/ground-truth.json" "q$1" |
		    sed 's/.*P=\([0-9.]*\) R=\([0-9.]*\).*/\1 \2/'
	}
	set -- $(printf '%s\n' "$out" | sed -n 's/^html .*P=\([0-9.]*\) R=\([0-9.]*\).*/\1 \2/p') $(pr precision) $(pr recall)
	ok "$(python3 -c "import sys; sys.exit(0 if $3 >= $1 else 1)"; echo $?)" "--precision raises HTML precision ($1 -> $3)"
	ok "$(python3 -c "import sys; sys.exit(0 if $6 >= $2 else 1)"; echo $?)" "--recall raises HTML recall ($2 -> $6)" ;;
esac
done_testing
