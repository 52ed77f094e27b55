# tests/lib.sh: TAP helpers for the shell tests.  Source it; the runner
# sets PITH_BIN (the programs under test) and PITH_TOP (the source tree).
: "${PITH_TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PITH_BIN:=$PITH_TOP/bin}"
export PATH="$PITH_BIN:$PATH"
FIX="$PITH_TOP/tests/fixtures"
SAMPLES="$PITH_TOP/samples"
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 2
_n=0

ok() {		# ok CONDITION-STATUS DESCRIPTION  (use: cmd; ok $? "desc")
	_n=$((_n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $_n - $2"; else echo "not ok $_n - $2"; fi
}
is() {		# is GOT WANT DESCRIPTION
	_n=$((_n + 1))
	if [ "$1" = "$2" ]; then echo "ok $_n - $3"
	else echo "not ok $_n - $3"; echo "#   got: '$1'"; echo "#  want: '$2'"; fi
}
like() {	# like TEXT EXTENDED-REGEX DESCRIPTION
	_n=$((_n + 1))
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then echo "ok $_n - $3"
	else echo "not ok $_n - $3"; printf '%s\n' "$1" | head -n 10 | sed 's/^/#   got: /'; echo "#  want: /$2/"; fi
}
unlike() {	# unlike TEXT EXTENDED-REGEX DESCRIPTION
	_n=$((_n + 1))
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then echo "not ok $_n - $3"; echo "#  unwanted: /$2/"
	else echo "ok $_n - $3"; fi
}
skip() {	# skip REASON
	_n=$((_n + 1)); echo "ok $_n # skip $1"
}
done_testing() { echo "1..$_n"; }
# httpd LIFETIME [PORTS [NAME]]: tests/httpd.py in the background, its
# ports in NAME.port, its log in NAME.log, killed at exit.  Without NAME
# (httpd), P is its first port and U the URL of it.
httpd() {
	_h=${3:-httpd}
	python3 "$PITH_TOP/tests/httpd.py" "$1" "${2:-1}" > "$_h.port" 2> "$_h.log" &
	_httpd_pids="$_httpd_pids $!"
	trap 'kill $_httpd_pids 2>/dev/null; rm -rf "$T"' EXIT
	_i=0
	while [ "$(cat "$_h.port" 2>/dev/null | wc -l)" -lt "${2:-1}" ] && [ $_i -lt 50 ]; do
		sleep 0.1; _i=$((_i + 1))
	done
	[ -n "$3" ] || { P=$(head -n 1 "$_h.port"); U="http://127.0.0.1:$P"; }
}
