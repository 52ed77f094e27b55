# One file, one URI: ingest and clean name a local file by the same file:
# URI (RFC 8089), its path percent-encoded where RFC 3986 says it must be
# (a space, a byte that is not ASCII, '%', '#', '?'), whether the file is
# an operand, a file in a folder operand, or the target of a link there;
# a file that cannot be read is named from the working folder.
. "$PITH_TOP/tests/lib.sh"

uris() {	# uris FILE: the WARC-Target-URI of each record, in order
	tr -d '\r' < "$1" | sed -n 's/^WARC-Target-URI: //p'
}
mkdir site site/sub
name=$(printf 'a page\351 50%%#1?.html')
printf '<html><body><p>%s</p></body></html>\n' \
    "A paragraph of text long enough for clean to keep it as the page's text." \
    > "site/$name"
for i in 1 2 3; do
	printf 'The menu of the day has soup, bread and a salad of the season, and the cook says it is good. '
done > "site/sub/caf$(printf '\303\251') menu.txt"
here=$(pwd -P)
want="file://$here/site/a%20page%E9%2050%25%231%3F.html"

ingest -c /dev/null "site/$name" > in.warc 2> err; st=$?
is "$st:$(cat err)" "0:" "ingest FILE: exit 0"
is "$(uris in.warc)" "$want" "ingest FILE: its path percent-encoded"
clean -c /dev/null -f warc "site/$name" > cl.warc 2> err; st=$?
is "$st:$(cat err)" "0:" "clean FILE: exit 0"
is "$(uris cl.warc)" "$want" "clean FILE: the URI ingest gives it"

ingest -c /dev/null site > in.warc 2> err
clean -c /dev/null -f warc site > cl.warc 2> err2
is "$(uris cl.warc)" "$(uris in.warc)" "a folder: clean gives each file ingest's URI"
is "$(uris cl.warc | tail -n 1)" "file://$here/site/sub/caf%C3%A9%20menu.txt" \
    "a folder: UTF-8 in a name, percent-encoded byte by byte"
is "$(ingest -c /dev/null site 2>/dev/null | clean -c /dev/null -f warc 2>/dev/null | tr -d '\r' | sed -n 's/^WARC-Target-URI: //p')" \
    "$(uris cl.warc)" "ingest | clean: the same URIs as clean alone"

clean -c /dev/null -f warc "no such page.html" > gone.warc 2> err; st=$?
is "$st:$(uris gone.warc)" "1:file://$here/no%20such%20page.html" \
    "a file that cannot be read: its failure record under an absolute URI"

mkdir links && ln -s "../site/$name" links/link.html
ingest -c /dev/null links > in.warc 2> err
clean -c /dev/null -f warc links > cl.warc 2> err2
is "$(uris in.warc):$(uris cl.warc)" "$want:$want" "a link in a folder: both name the file it points to"

done_testing
