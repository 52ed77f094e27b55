# The whole pipeline on the bundled samples: archive, text, provenance.
. "$PITH_TOP/tests/lib.sh"

pipeline -c /dev/null -o out "$SAMPLES" > stdout 2> err; st=$?
is "$st" 0 "pipeline on samples: exit 0"
like "$(cat err)" "^pipeline: [0-9]+ read, [0-9]+ cleaned, [0-9]+ stored" "one summary line"
arch=$(ls out/pith-* 2>/dev/null | head -n 1)
ok "$(test -n "$arch"; echo $?)" "an archive in out/"
is "$(ls out | grep -c '\.tmp')" 0 "no temporary files left"
bsdtar -tf "$arch" > members
is "$(grep -c '\.txt$' members)" "$(grep -c '\.json$' members)" "a .json beside each .txt"
ok "$(grep -qx 'manifest.jsonl' members; echo $?)" "manifest.jsonl in the archive"
n=$(ls "$SAMPLES" | grep -c -E '\.(html|txt)$')
ok "$(test "$(grep -c '\.txt$' members)" -ge "$n"; echo $?)" "every sample stored ($n)"
mkdir x && bsdtar -xf "$arch" -C x
id=$(grep -l 'news-article' x/*.json | head -n 1)
ok "$(test -n "$id"; echo $?)" "the news sample has a provenance record"
python3 - "$id" > prov <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("source_uri", "capture_time", "raw_digest", "text_digest", "source_record_id", "conversion_record_id", "cleaner", "settings_digest"):
    print(k, "yes" if d.get(k) else "MISSING")
PY
is "$(grep -c MISSING prov)" 0 "provenance complete"
txt=${id%.json}.txt
ok "$(test -s "$txt"; echo $?)" "its text is not empty"
unlike "$(cat "$txt")" "<script|<div|function\(" "no markup or script in the text"
legacy=$(grep -l 'legacy-charset' x/*.json | head -n 1)
like "$(cat "${legacy%.json}.txt")" "[äöüßéèàç]" "legacy charset decoded to UTF-8"
done_testing
