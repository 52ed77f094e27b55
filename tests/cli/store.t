# store: archives, provenance, formats, failures, bad output folders.
. "$PITH_TOP/tests/lib.sh"
W="python3 $PITH_TOP/tests/warc.py"

{ $W conv https://a.example/one "First article text." Pith-Title=One Pith-Source-URI=https://a.example/1 Pith-HTTP-Status=200
  $W conv https://a.example/two "Second article text."
  $W fail https://a.example/gone ingest "HTTP status 404"
} > in.warc

store -c /dev/null -o out < in.warc 2>err; st=$?
is "$st" 1 "a failure in the input: exit 1"
arch=$(ls out/pith-*.tar.gz 2>/dev/null)
like "$arch" "out/pith-[0-9]{8}T[0-9]{6}Z-[0-9]+\.tar\.gz$" "archive named pith-TIME-PID.tar.gz"
is "$(ls -a out | grep -c tmp)" 0 "no temporary file left"
bsdtar -tf "$arch" > members
is "$(grep -c '\.txt$' members)" 2 "two texts"
is "$(grep -c '\.json$' members)" 2 "two provenance files"
is "$(tail -n 1 members)" manifest.jsonl "manifest last"
mkdir x && bsdtar -xf "$arch" -C x
one=$(grep -l '"One"' x/*.json)
is "$(cat "${one%.json}.txt")" "First article text." "text stored exactly"
is "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["source_uri"], d["final_uri"], d["http_status"], d["capture_time"], d["metadata"]["title"])' "$one")" \
   "https://a.example/1 https://a.example/one 200 2026-03-04T05:06:07Z One" "provenance fields"
like "$(cat "$one")" '"text_digest": "sha1:[A-Z2-7]{32}"' "text digest"
like "$(cat "$one")" '"conversion_record_id": "<urn:uuid:' "record id kept"
like "$(cat x/manifest.jsonl)" '"error":"HTTP status 404"' "failure listed in the manifest"
like "$(cat x/manifest.jsonl)" '"stage":"ingest"' "with its stage"

# Deterministic ids: the same input gives the same members.
sleep 1
store -c /dev/null -o out2 < in.warc 2>/dev/null
is "$(bsdtar -tf out2/*.tar.gz | sort | tr '\n' ' ')" "$(sort members | tr '\n' ' ')" "same documents, same ids"

# Formats.
for f in zip tar.zst; do
	store -c /dev/null -o "o-$f" --format "$f" < in.warc 2>/dev/null
	is "$(bsdtar -tf o-$f/*.$f 2>/dev/null | grep -c '\.txt$')" 2 "--format $f readable"
done
store -c /dev/null -o o-warc --format warc.gz < in.warc 2>/dev/null
is "$($W types o-warc/*.warc.gz | tr '\n' ' ')" "warcinfo conversion conversion metadata " "--format warc.gz: warcinfo, records, manifest"

# Truncated input: the earlier documents are stored, the offset named.
head -c $(( $(wc -c < in.warc) - 300 )) in.warc > cut.warc
store -c /dev/null -o o-cut < cut.warc 2>err; st=$?
is "$st" 1 "truncated input: exit 1"
like "$(cat err)" "^store: stdin: offset [0-9]+" "offset named"
ok "$(bsdtar -tf o-cut/*.tar.gz | grep -q '\.txt$'; echo $?)" "documents before the damage stored"

# Bad output folders: exit 2, nothing written.
touch afile
store -c /dev/null -o afile/sub < in.warc 2>err; is "$?" 2 "output under a file: exit 2"
like "$(cat err)" "afile/sub" "the folder is named"
mkdir ro && chmod 555 ro
if [ "$(id -u)" -ne 0 ]; then
	store -c /dev/null -o ro < in.warc 2>err; is "$?" 2 "read-only folder: exit 2"
else
	skip "root can write a read-only folder"
fi

# Nothing to store: no archive.
store -c /dev/null -o empty < /dev/null 2>err; is "$?" 0 "empty input: exit 0"
is "$(ls empty | wc -l)" 0 "no archive for an empty run"
store --bogus 2>err; is "$?" 2 "unknown option: exit 2"
like "$(cat err)" "usage: store" "usage printed"
done_testing
