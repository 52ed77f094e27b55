# Cross-document repetition: a line in repeat-docs (3) or more documents
# of one host in a run is boilerplate, on both the HTML and the text path;
# the result does not depend on the order of the documents.
. "$PITH_TOP/tests/lib.sh"

blurb='The Town Courier has covered the valley'
python3 "$PITH_TOP/tests/site_pages.py" > in.warc
python3 "$PITH_TOP/tests/site_pages.py" reverse > rev.warc

clean -f warc --repeat-docs 0 in.warc > off.warc; st=$?
is "$st" 0 "--repeat-docs 0: exit 0"
is "$(grep -c "$blurb" off.warc)" 10 "--repeat-docs 0: the blurb in all 10 pages"

clean -f warc in.warc > on.warc 2>err; st=$?
is "$st" 0 "default: exit 0"
is "$(cat err)" "" "default: nothing on stderr"
python3 "$PITH_TOP/tests/warc.py" texts on.warc > on.txt
is "$(wc -l < on.txt)" 13 "a conversion record per page"
is "$(grep -c "$blurb" on.txt)" 2 "the blurb is gone but from the host with 2 pages"
is "$(grep "$blurb" on.txt | cut -f1 | sort | tr '\n' ' ')" \
    "https://few.example/0 https://few.example/1 " "... it stays on few.example"
is "$(grep -c 'Pith-Repeated-Lines: 1' on.warc)" 8 "8 records say one line went"
is "$(grep '^https://copy' on.txt | grep -c 'Updated')" 3 "copies of one article kept whole"
is "$(awk -F'\t' '/^http:\/\/blog/ && length($2) > 400' on.txt | wc -l)" 4 \
    "the text dumps keep their paragraphs"
is "$(awk -F'\t' '/^https:\/\/www.town/ && length($2) > 300' on.txt | wc -l)" 4 \
    "the HTML pages keep their paragraphs"
is "$(python3 "$PITH_TOP/tests/warc.py" types on.warc | sort | uniq -c | tr -s ' ')" \
    " 13 conversion
 1 metadata" "the output is conversion records, and one metadata record"
like "$(cat on.warc)" "Pith-Repeated-Line-Keys: 2" "... which passes on the keys of the 2 repeated lines"

clean -f warc rev.warc > rev.out
python3 "$PITH_TOP/tests/warc.py" texts rev.out > rev.txt
is "$(sort rev.txt | md5sum)" "$(sort on.txt | md5sum)" \
    "the same texts whatever the order of the pages"

clean -f warc < in.warc > stdin.warc
python3 "$PITH_TOP/tests/warc.py" texts stdin.warc > stdin.txt
is "$(md5sum < stdin.txt)" "$(md5sum < on.txt)" "WARC on stdin: the same"

clean -f warc --repeat-docs 5 in.warc > five.warc
is "$(grep -c "$blurb" five.warc)" 10 "--repeat-docs 5: 4 pages are too few"
printf '[clean]\nrepeat-docs = 2\n' > two.conf
clean -c two.conf -f warc in.warc > two.warc
is "$(grep -c "$blurb" two.warc)" 0 "repeat-docs = 2 in the config: gone everywhere"

# Every output format: JSON lines, text, one file a document, -j 2.
clean -f json in.warc > on.jsonl; st=$?
is "$st" 0 "-f json: exit 0"
is "$(wc -l < on.jsonl)" 13 "-f json: a line per page"
is "$(grep -c "$blurb" on.jsonl)" 2 "-f json: the blurb only on few.example"
is "$(python3 -c 'import json,sys
print(sum(json.loads(l).get("repeated_lines") == 1 for l in sys.stdin))' < on.jsonl)" 8 \
    "-f json: repeated_lines says so"
is "$(python3 -c 'import json,sys
print(sorted(set(k for l in sys.stdin for k in json.loads(l))))' < on.jsonl | tr -d "[],'")" \
    "capture_time charset_declared charset_detected language language_confidence mode repeated_lines source_record_id text title uri" \
    "-f json: the fields of WARC input"
clean -f text in.warc > on.text
is "$(grep -c "$blurb" on.text)" 2 "-f text: the blurb only on few.example"
is "$(grep -c "$(printf '\f')" on.text)" 12 "-f text: 13 texts, 12 form feeds"
clean -o dir in.warc; st=$?
is "$st" 0 "-o DIR: exit 0"
is "$(ls dir | wc -l)" 13 "-o DIR: a file per page"
is "$(cat dir/*.txt | grep -c "$blurb")" 2 "-o DIR: the blurb only on few.example"
clean -j 2 -f warc in.warc > j2.warc
python3 "$PITH_TOP/tests/warc.py" texts j2.warc > j2.txt
is "$(md5sum < j2.txt)" "$(md5sum < on.txt)" "-j 2 -f warc: the same texts, in order"
clean -j 2 -f text in.warc > j2.text
is "$(md5sum < j2.text)" "$(md5sum < on.text)" "-j 2 -f text: the same output"
clean -j 2 -o dir2 in.warc rev.warc
is "$(cat dir2/*.txt | grep -c "$blurb")" 2 "-j 2 -o DIR over two WARCs: the same"
is "$(diff -r dir dir2 >/dev/null; echo $?)" 0 "-j 2 -o DIR: files equal -j 1's"

# Pages read as files have no host: nothing is counted, nothing changes.
for i in 1 2 3 4; do python3 - "$i" <<'PY'
import sys; i = sys.argv[1]
open(f"page{i}.html", "w").write("<html><body><article>" + "".join(
    f"<p>Paragraph {j} of page {i}: the council met on Monday and agreed the plan for the bridge after a long debate.</p>"
    for j in range(3)) + "<p>The Town Courier has covered the valley since 1921 and is owned by its readers.</p></article></body></html>")
PY
done
clean -o files page*.html
is "$(cat files/*.txt | grep -c "$blurb")" 4 "files: no host, the blurb stays"
clean -f json page1.html > one.json
unlike "$(cat one.json)" '"capture_time"|"source_record_id"' "-f json of a file: no capture time, no source record"

# With --comments, JSON still joins a document and its comment section.
python3 - "$FIX/html/wp_comments.html" > wp.warc <<'PY'
import sys
body = open(sys.argv[1], "rb").read()
for i in range(3):
    head = (f"WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:{i}>\r\n"
            f"WARC-Date: 2026-01-01T00:00:00Z\r\nWARC-Target-URI: https://wp.example/{i}\r\n"
            f"Content-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n")
    sys.stdout.buffer.write(head.encode() + body + b"\r\n\r\n")
PY
clean --comments -f json wp.warc > wp.jsonl
is "$(python3 -c 'import json,sys
print(sum(bool(json.loads(l).get("comments")) for l in sys.stdin))' < wp.jsonl)" 3 \
    "--comments -f json: each document keeps its comments"
is "$(python3 -c 'import json,sys
print(sum(len(json.loads(l)["text"]) > 200 for l in sys.stdin))' < wp.jsonl)" 3 \
    "three copies of one page: texts kept whole"

# One site however its URLs spell the host: case, "www.", a user, a port.
# A line on 3 of its pages goes; the same line on 3 pages of 3 other
# hosts, or of URIs with no host, stays.
cat > pages.py <<'PY'
import sys
for i, uri in enumerate(sys.argv[1:]):
    body = (f"Page {i} tells its own story at some length, in words that no other page\n"
            "of the site repeats, so that it reads as a paragraph of an article.\n\n"
            "The Forms Weekly has covered the life of the valley and of its people since 1921.\n").encode()
    head = (f"WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:f{i}>\r\n"
            f"WARC-Date: 2026-01-01T00:00:00Z\r\nWARC-Target-URI: {uri}\r\n"
            f"Content-Type: text/plain\r\nContent-Length: {len(body)}\r\n\r\n")
    sys.stdout.buffer.write(head.encode() + body + b"\r\n\r\n")
PY
python3 pages.py "https://WWW.Forms.example/a" "http://user:pw@forms.example:8080/b?x=1" \
    "https://forms.example#c" "https://one.example/d" "https://two.example/e" \
    "https://[2001:db8::1]:8443/f" "urn:example:g" "file:///h" "mailto:i@forms.example" > forms.warc
clean -f warc forms.warc > forms.out
python3 "$PITH_TOP/tests/warc.py" texts forms.out > forms.txt
is "$(grep 'Forms Weekly' forms.txt | cut -f1 | tr '\n' ' ')" \
    "https://one.example/d https://two.example/e https://[2001:db8::1]:8443/f urn:example:g file:///h mailto:i@forms.example " \
    "host case, www., user and port: one site, its repeated line goes"
is "$(grep -c 'tells its own story' forms.txt)" 9 "... and every page keeps its own text"

# Documents without a host go out at once, until the first with one;
# from there on the run spools, and the output keeps the input's order.
python3 pages.py file:///a urn:x:b "https://forms.example/c" file:///d \
    "https://forms.example/e" "https://forms.example/f" file:///g > order.warc
want="file:///a urn:x:b https://forms.example/c file:///d https://forms.example/e https://forms.example/f file:///g "
for j in 1 2; do
	clean -j $j -f warc order.warc > order$j.out
	python3 "$PITH_TOP/tests/warc.py" texts order$j.out > order$j.txt
	is "$(cut -f1 order$j.txt | tr '\n' ' ')" "$want" "-j $j: the input's order, with and without a host"
	is "$(grep -c 'Forms Weekly' order$j.txt)" 4 "-j $j: the line goes from the 3 pages of the host only"
	clean -j $j -f text order.warc > order$j.text
	is "$(grep -c "$(printf '\f')" order$j.text)" 6 "-j $j -f text: one form feed between each two of the 7 documents"
done
clean -f warc - order.warc < forms.warc 2>/dev/null > mixed1.out
clean -j 2 -f warc - order.warc < forms.warc 2>/dev/null > mixed2.out
python3 "$PITH_TOP/tests/warc.py" texts mixed1.out > mixed1.txt
python3 "$PITH_TOP/tests/warc.py" texts mixed2.out > mixed2.txt
is "$(grep -c 'Forms Weekly' mixed2.txt):$(cmp mixed1.txt mixed2.txt; echo $?)" "10:0" \
    "stdin among operands, -j 2: as -j 1, the line gone from the 6 pages of its host"
python3 pages.py file:///a file:///b > two.warc
is "$(python3 - "$PITH_BIN/clean" two.warc <<'PY'
import subprocess, select, sys
recs = open(sys.argv[2], "rb").read().split(b"WARC/1.1\r\n")[1:]
p = subprocess.Popen([sys.argv[1], "-c", "/dev/null", "-f", "text", "-"],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
p.stdin.write(b"WARC/1.1\r\n" + recs[0]); p.stdin.flush()
ready, _, _ = select.select([p.stdout], [], [], 20)
first = p.stdout.read1(65536) if ready else b""
p.stdin.write(b"WARC/1.1\r\n" + recs[1]); p.stdin.close()
rest = p.stdout.read(); p.wait()
print("streamed" if b"Page 0" in first and b"Page 1" not in first else
      "held: %r" % first[:80])
PY
)" streamed "a document without a host is out before the next comes in"
# Across runs: store keeps the keys of repeated lines in the catalog, and
# a later run drops them from a host's new page even when it is the only
# page of its host in that run.
python3 "$PITH_TOP/tests/site_pages.py" later > later.warc
pipeline -c /dev/null -o site in.warc 2> p1.err; ok $? "pipeline, first run"
is "$(python3 -c 'import sqlite3,sys
print(sqlite3.connect(sys.argv[1]).execute("select count(*) from repeated_lines").fetchone()[0])' site/catalog.sqlite)" \
    2 "the catalog keeps the 2 repeated lines"
pipeline -c /dev/null -o site later.warc 2> p2.err; ok $? "pipeline, a later run of 2 new pages"
unlike "$(store -o site --get https://town.example/news/9)" "$blurb" \
    "the later run drops the line its host repeated before"
is "$(store -o site --get https://town.example/news/9 | grep -c .)" 2 \
    "... and keeps the page's two paragraphs"
like "$(store -o site --get https://few.example/9)" "$blurb" "a host that never repeated it keeps it"
store -o merged --merge site 2>/dev/null; ok $? "store --merge of that folder"
is "$(python3 -c 'import sqlite3,sys
print(sqlite3.connect(sys.argv[1]).execute("select count(*) from repeated_lines").fetchone()[0])' merged/catalog.sqlite)" \
    2 "--merge carries the repeated lines over"
clean -f warc later.warc > alone.warc
is "$(grep -c "$blurb" alone.warc)" 2 "without the catalog, one page a host is too few"
clean -f warc --catalog site later.warc > known.warc
is "$(grep -c "$blurb" known.warc)" 1 "clean --catalog DIR reads the same keys"
clean -f warc --catalog nowhere later.warc > nowhere.warc 2> nowhere.err; st=$?
is "$st:$(grep -c "$blurb" nowhere.warc)" "0:2" "--catalog of a folder without a catalog: no keys, no error"
# A catalog whose repeated lines clean cannot read is said, never read as
# "none": a renamed table, or one from before the table (schema 1).
mkdir renamed && python3 -c 'import sqlite3,sys
d = sqlite3.connect(sys.argv[2]); sqlite3.connect(sys.argv[1]).backup(d)
d.execute("ALTER TABLE repeated_lines RENAME TO lines"); d.commit()' site/catalog.sqlite renamed/catalog.sqlite
clean -f warc --catalog renamed later.warc > renamed.warc 2> renamed.err; st=$?
is "$st:$(grep -c "$blurb" renamed.warc)" "0:2" "--catalog with the table renamed: no keys, the run goes on"
is "$(cat renamed.err)" "clean: renamed/catalog.sqlite: schema version 4 but no repeated_lines table (not as store made it): lines repeated in earlier runs not used" \
    "--catalog with the table renamed: said"
mkdir old && python3 "$PITH_TOP/tests/old_catalog.py" 1 old/catalog.sqlite
clean -f warc --catalog old later.warc > old.warc 2> old.err; st=$?
is "$st:$(grep -c "$blurb" old.warc)" "0:2" "--catalog of schema 1: no keys, the run goes on"
is "$(cat old.err)" "clean: old/catalog.sqlite: schema version 1, from before the repeated_lines table (store's next run adds it): lines repeated in earlier runs not used" \
    "--catalog of schema 1: said"

# The spool lives in TMPDIR and is gone at the end; a failing stdout is
# an error, not a silent loss.
mkdir tmp
TMPDIR=$PWD/tmp clean -f warc in.warc > tmp.warc
is "$(grep -c "$blurb" tmp.warc)" 2 "TMPDIR set: the same result"
is "$(ls -A tmp | wc -l)" 0 "no spool left in TMPDIR"
TMPDIR=$PWD/nowhere clean -f warc in.warc > nowhere.warc 2>err; st=$?
is "$st" 2 "TMPDIR missing: exit 2"
like "$(cat err)" "^clean: .*nowhere/pith-clean-.*: No such file" \
    "TMPDIR missing: names the spool"
clean -f warc in.warc > /dev/full 2>err; st=$?
is "$st" 2 "stdout full: exit 2"
like "$(cat err)" "^clean: .*No space left" "stdout full: says so"
done_testing
