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
is "$(python3 "$PITH_TOP/tests/warc.py" types on.warc | sort -u)" conversion \
    "the output is conversion records"

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
