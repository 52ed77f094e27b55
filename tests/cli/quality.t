# Quality floors on the shared dev sets (bench/quality): fails when a
# set's F1, on the HTML path or the text path, falls 0.01 below the best
# figure reached.  Skips when ../shared is absent.
. "$PITH_TOP/tests/lib.sh"

# path set reached (shingle F1): raise a line when a change raises it
reached="
html scrapinghub 0.977
html dragnet 0.909
html readability 0.965
html cleanportaleval 0.922
html cleaneval-zh 0.920
html l3s-gn1 0.941
html googletrends-2017 0.851
html chaos 0.949
html wcxb-dev 0.825
text scrapinghub 0.928
text dragnet 0.856
text readability 0.894
text cleanportaleval 0.938
text cleaneval-zh 0.831
text l3s-gn1 0.922
text googletrends-2017 0.793
text chaos 0.908
text wcxb-dev 0.765
site-html scrapinghub 0.977
site-text scrapinghub 0.930"
n=$(printf '%s\n' "$reached" | grep -c .)

out=$(PITH_BIN="$PITH_BIN" "$PITH_TOP/bench/quality" 2>&1)
case $out in
*skipped*)
	i=0; while [ $i -lt $((n + 2)) ]; do skip "../shared datasets absent"; i=$((i + 1)); done ;;

*)
	printf '%s\n' "$out" | sed 's/^/# /'
	printf '%s\n' "$reached" > reached
	while read -r path set best; do
		[ -n "$path" ] || continue
		v=$(printf '%s\n' "$out" | sed -n "s/^$path $set .* F1=\([0-9.]*\) .*/\1/p")
		ok "$(python3 -c "import sys; sys.exit(0 if float('${v:-0}') >= $best - 0.01 else 1)"; echo $?)" \
		    "$path $set: F1 ${v:-none} >= $best - 0.01"
	done < reached
	# The presets move precision and recall the way they say.
	shared=${PITH_SHARED:-$PITH_TOP/../shared}
	pr() {	# pr PRESET -> "P R"
		mkdir -p "q$1" && clean "--$1" -o "q$1" "$shared"/datasets/scrapinghub/html/*.html.gz 2>/dev/null
		python3 "$shared/tools/score_scrapinghub.py" "$shared/datasets/scrapinghub/ground-truth.json" "q$1" |
		    sed 's/.*P=\([0-9.]*\) R=\([0-9.]*\).*/\1 \2/'
	}
	set -- $(printf '%s\n' "$out" | sed -n 's/^html scrapinghub .*P=\([0-9.]*\) R=\([0-9.]*\).*/\1 \2/p') $(pr precision) $(pr recall)
	ok "$(python3 -c "import sys; sys.exit(0 if $3 >= $1 else 1)"; echo $?)" "--precision raises HTML precision ($1 -> $3)"
	ok "$(python3 -c "import sys; sys.exit(0 if $6 >= $2 else 1)"; echo $?)" "--recall raises HTML recall ($2 -> $6)" ;;
esac
done_testing
