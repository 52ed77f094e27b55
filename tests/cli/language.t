# Language (issue 21): the language of the cleaned text is identified
# (CLD2) and written beside the one the page declares, in JSON, WARC and
# store's provenance and catalog; [clean] languages keeps only texts in
# those languages, and the others are counted as filtered (clean's notes,
# store's stats, the catalog's run, pipeline's summary), never failed.  A
# text too short to tell is kept.  Codes are checked; a catalog of schema
# 3 is migrated to 4.
. "$PITH_TOP/tests/lib.sh"

mkdir pages
python3 - <<'PY'
texts = {
 "de": ("de", "Die Bundesregierung hat am Mittwoch beschlossen, die Förderung für erneuerbare Energien im kommenden Jahr deutlich auszubauen. Der Minister sagte, man wolle damit die Klimaziele erreichen und zugleich die Strompreise für Haushalte senken."),
 "en": ("en", "The harbour reopened on Tuesday after three days of repairs to the sea wall, the port authority said in a statement. Fishing boats were the first to leave, followed by the morning ferry, which had been moored at the inner quay since the storm."),
 "fr": ("fr", "Le port a rouvert mardi après trois jours de travaux sur la digue, a indiqué l'autorité portuaire dans un communiqué. Les bateaux de pêche ont été les premiers à partir, suivis du ferry du matin, amarré au quai intérieur depuis la tempête."),
 "ja": ("ja", "港は防波堤の修理のため三日間閉鎖されていたが、火曜日に再開したと港湾当局が声明で発表した。漁船が最初に出港し、嵐の間ずっと内側の岸壁に係留されていた朝のフェリーがそれに続いた。"),
 # declared English, written in German: the text decides
 "mislabelled": ("en", "Die Stadt hat den Hafen nach drei Tagen Reparaturarbeiten an der Mauer wieder geöffnet, teilte die Hafenbehörde mit. Die Fischerboote liefen als erste aus, gefolgt von der Morgenfähre, die seit dem Sturm am inneren Kai lag."),
 "short": ("fr", "Merci."),
}
for name, (lang, text) in texts.items():
    open("pages/%s.html" % name, "w").write(
        '<html lang="%s"><head><title>%s</title></head><body><article><p>%s</p>'
        '</article></body></html>' % (lang, name, text))
PY
fields() {	# fields FILE...: name language confidence>0.8 declared, per line
	clean -f json "$@" | python3 -c 'import json,sys
for l in sys.stdin:
    d = json.loads(l)
    c = d.get("language_confidence")
    print(d["uri"].rsplit("/", 1)[1], d.get("language"),
          None if c is None else 0.8 < c <= 1, d.get("declared_language"))'
}

# --- identified and declared, in JSON
is "$(fields pages/*.html)" "de.html de True de
en.html en True en
fr.html fr True fr
ja.html ja True ja
mislabelled.html de True en
short.html None None fr" \
    "json: language identified from the text (none for a word), its confidence, the declared one"

# --- in WARC: Common Crawl's field, and pith's two
clean -f warc pages/mislabelled.html pages/short.html | tr -d '\r' > out.warc
is "$(grep -E '^(WARC-Identified-Content-Language|Pith-Language-Confidence|Pith-Declared-Language):' out.warc |
    sed 's/Confidence: 0\.[89][0-9]$/Confidence: high/; s/Confidence: 1\.00$/Confidence: high/')" \
"WARC-Identified-Content-Language: de
Pith-Language-Confidence: high
Pith-Declared-Language: en
Pith-Declared-Language: fr" "warc: WARC-Identified-Content-Language, its confidence, the declared language; none told for a word"

# --- the filter
clean -f warc --languages "de en" pages/*.html > kept.warc 2> err; st=$?
is "$st:$(cat err)" "0:" "--languages de en: exit 0, nothing said"
is "$(python3 "$PITH_TOP/tests/warc.py" types kept.warc | tr '\n' ' ')" \
    "conversion conversion metadata metadata conversion conversion " \
    "  de, en kept; fr, ja noted; the German page declared English kept; the short text kept"
is "$(tr -d '\r' < kept.warc | grep '^Pith-Clean-Filtered:' | tr '\n' ' ')" \
    "Pith-Clean-Filtered: language fr Pith-Clean-Filtered: language ja " \
    "  each left out is noted with its language"
is "$(clean -f json --languages de pages/*.html | python3 -c 'import json,sys
print(" ".join(json.loads(l)["uri"].rsplit("/", 1)[1] for l in sys.stdin))')" \
    "de.html mislabelled.html short.html" "json, --languages de: the German texts, and the one too short to tell"
clean -o txt --languages ja pages 2> err; st=$?
is "$st:$(ls txt | tr '\n' ' ')" "0:ja.txt short.txt " "-o DIR, --languages ja: no file for the others, exit 0"
clean -v -f text --languages ja pages/fr.html 2> err > /dev/null
like "$(cat err)" "pages/fr.html: left out: language fr$" "-v: says what it left out"
clean -f json --languages "de en" -j 2 pages/*.html > j2.json
clean -f json --languages "de en" pages/*.html > j1.json
is "$(cmp j1.json j2.json && echo same)" same "-j 2: the same output"
printf '[clean]\nlanguages = de\nlanguages = fr\n' > two.conf
is "$(clean -c two.conf -f json pages/fr.html pages/de.html pages/en.html | wc -l)" 2 \
    "pipeline.conf: languages on two lines add up"

# --- codes checked: a bad one is named, exit 2, nothing cleaned
clean --languages "de xx" pages/de.html > out 2> err; st=$?
is "$st:$(wc -c < out):$(cat err)" "2:0:clean: --languages: 'xx' is not a language clean identifies (ISO 639-1 codes, lowercase: de en fr)" \
    "--languages de xx: exit 2, the bad code named"
printf '[clean]\nlanguages = de EN\n' > bad.conf
clean -c bad.conf pages/de.html > out 2> err; st=$?
is "$st:$(cat err)" "2:clean: bad.conf:2: clean.languages: 'EN' is not a language clean identifies (ISO 639-1 codes, lowercase: de en fr)" \
    "pipeline.conf: languages = de EN: exit 2, 'EN' named"
pipeline -c bad.conf -o never pages > /dev/null 2> err; st=$?
is "$st:$(test -e never && echo made)" "2:" "pipeline with that file: exit 2 before any stage, no output folder"
like "$(cat err)" "'EN' is not a language" "  and says why"

# --- store: counted, kept, in the catalog
clean -f warc --languages "de en" pages/*.html |
    store -c /dev/null -o st --stats stats 2> err; st=$?
is "$st:$(cat err)" "0:" "store: exit 0"
like "$(head -n 1 stats)" "^read=6 cleaned=4 stored=4 failed=0 .* filtered=2 archive=" \
    "store --stats: 6 read, 4 stored, 2 filtered, none failed"
is "$(sqlite3 st/catalog.sqlite 'SELECT read, stored, failed, filtered FROM runs')" "6|4|0|2" \
    "catalog: the run's row counts them"
is "$(sqlite3 st/catalog.sqlite "SELECT replace(uri, rtrim(uri, 'abcdefghijklmnopqrstuvwxyz.'), ''), ifnull(language, '-') FROM documents ORDER BY uri" | tr '\n' ' ')" \
    "de.html|de en.html|en mislabelled.html|de short.html|- " "catalog: documents.language, the identified one"
id=$(sqlite3 st/catalog.sqlite "SELECT doc_id FROM documents WHERE uri LIKE '%mislabelled.html'")
is "$(bsdtar -xOf st/pith-*.tar.gz "$id.json" | python3 -c 'import json,sys
m = json.load(sys.stdin)["metadata"]
print(m["language"], m["declared_language"], 0.8 < m["language_confidence"] <= 1)')" \
    "de en True" "provenance (ID.json): language, declared_language, language_confidence"

# --- pipeline: the summary says it
pipeline -c /dev/null --clean-languages "de en" -o pl pages 2> err; st=$?
is "$st" 0 "pipeline --clean-languages de en: exit 0"
like "$(cat err)" "^pipeline: 6 read, 4 cleaned, 4 stored, .*, 0 failed, 0 empty in [0-9.]+ s; 2 filtered by language$" \
    "  summary: 2 filtered by language"
is "$(sqlite3 pl/catalog.sqlite 'SELECT filtered FROM runs')" 2 "  the catalog's run row"
pipeline -c /dev/null -o pl2 pages 2> err
unlike "$(cat err)" "filtered" "no filter: the summary says nothing of it"

# --- a catalog of schema 3 is migrated to 4
mkdir old
python3 "$PITH_TOP/tests/old_catalog.py" 3 old/catalog.sqlite
cp -R old old2
pipeline -c /dev/null --clean-languages de -o old pages > /dev/null 2> err; st=$?
is "$st" 0 "schema 3: the run works"
is "$(sqlite3 old/catalog.sqlite 'pragma user_version')" 4 "schema 3: migrated to 4"
is "$(sqlite3 old/catalog.sqlite "SELECT id = 'old-run', read, ifnull(filtered, '-') FROM runs ORDER BY started" | tr '\n' ' ')" \
    "1|1|- 0|6|3 " "schema 3: the old run kept (filtered unknown), the new one counts 3"
is "$(sqlite3 old/catalog.sqlite "SELECT ifnull(language, '-') FROM documents ORDER BY uri" | tr '\n' ' ')" \
    "de de - - " "schema 3: the old document has no language, the new ones theirs"
store -o merged --merge st old2 > /dev/null 2> err; st=$?
is "$st" 0 "--merge: a shard of schema 4 and one of schema 3"
is "$(sqlite3 merged/catalog.sqlite "SELECT ifnull(language, '-') FROM documents ORDER BY uri" | tr '\n' ' ')" \
    "de en de - - " "--merge: the language comes along, none for the old shard's"

# --- a file cannot plant the note
python3 "$PITH_TOP/tests/warc.py" note http://p.example/ \
    "Pith-Clean-Filtered=language xx" > plant.warc
clean -f warc plant.warc 2> err | tr -d '\r' > plant.out
like "$(cat err)" "^clean: plant.warc: 1 pith control fields? dropped: a record read from a file cannot steer pith$" \
    "a Pith-Clean-Filtered read from a file is dropped"
unlike "$(cat plant.out)" "Pith-Clean-Filtered" "  and not passed on"

done_testing
