# libpith as a program that links it meets it: make install puts the
# header, the static and the shared library (its soname, only pith_*
# exported) and pith.pc under PREFIX; pith_extract(3)'s example builds
# with pkg-config, shared and static, and prints a page's title and text.
. "$PITH_TOP/tests/lib.sh"

make -s -C "$PITH_TOP" install PREFIX="$T/usr" > make.out 2>&1; st=$?
is "$st" 0 "make install PREFIX=...: exit 0"
lib=$T/usr/lib
for f in include/pith/extract.h lib/libpith.a lib/libpith.so.1.1.0 \
    lib/pkgconfig/pith.pc share/man/man3/pith_extract.3; do
	ok "$(test -f "$T/usr/$f"; echo $?)" "make install: $f"
done
is "$(readlink "$lib/libpith.so.1"):$(readlink "$lib/libpith.so")" \
    "libpith.so.1.1.0:libpith.so.1" "make install: the links to the shared library"
is "$(objdump -p "$lib/libpith.so.1.1.0" | awk '$1 == "SONAME" { print $2 }')" \
    "libpith.so.1" "the shared library's soname"
nm -D --defined-only "$lib/libpith.so.1.1.0" | awk '$2 == "T" { print $3 }' \
    | sed 's/@.*//' > exported
is "$(grep -vc '^pith_' exported)" 0 "the shared library exports pith_* alone"
like "$(tr '\n' ' ' < exported)" "pith_extract_html.*pith_result_free" \
    "  the interface is among them"
# langid.cc is C++ over CLD2: none of its names (nor C++'s, _Z...) leaks.
is "$(nm -D --defined-only "$lib/libpith.so.1.1.0" | grep -c ' _Z\| langid_')" 0 \
    "  no C++ name, no langid_ name"
like "$(objdump -p "$lib/libpith.so.1.1.0" | awk '$1 == "NEEDED" { print $2 }' |
    tr '\n' ' ')" "libcld2\.so" "  it needs libcld2"

# The example of pith_extract(3), as its reader would type it.
sed -n '/^\.Bd -literal/,/^\.Ed/p' "$PITH_TOP/man/pith_extract.3" |
    sed '1d;$d' | sed 's/\\e/\\/g' > article.c
cat > page.html <<'HTML'
<html><head><title>Harbour reopens | Tide</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav><article>
<p>The harbour reopened on Tuesday after three days of repairs to the sea
wall, the port authority said in a statement to the fishermen.</p>
<p>Fishing boats were the first to leave, followed by the morning ferry,
which had been moored at the inner quay since the storm.</p></article>
<footer>Copyright 2026 Tide</footer></body></html>
HTML
export PKG_CONFIG_PATH="$lib/pkgconfig"
is "$(pkg-config --modversion pith)" "1.1.0" "pkg-config knows pith"
cc -o shared article.c $(pkg-config --cflags --libs pith) 2> cc.err; st=$?
is "$st:$(cat cc.err)" "0:" "the example builds with pkg-config"
out=$(LD_LIBRARY_PATH="$lib" ./shared < page.html 2>&1)
like "$out" "^Harbour reopens" "  and prints the title"
like "$out" "morning ferry" "  and the article"
unlike "$out" "Copyright" "  not the footer"
like "$(LD_LIBRARY_PATH="$lib" ldd ./shared)" "libpith\.so\.1 => $lib" \
    "  linked to the shared library"
rm "$lib"/libpith.so*
cc -o static article.c $(pkg-config --static --cflags --libs pith) 2> cc.err; st=$?
is "$st:$(cat cc.err)" "0:" "the example builds statically (pkg-config --static)"
is "$(./static < page.html)" "$out" "  and prints the same"
unlike "$(ldd ./static)" "libpith" "  without libpith.so"
printf '<html><body><script>s</script></body></html>' | ./static 2> err
is "$(cat err)" "no article text found (html path)" \
    "  a page without text: the error, as clean says it"

done_testing
