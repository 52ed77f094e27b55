# The Python module pith (python/): built and installed into a venv with
# the README's command, offline, for Debian's /usr/bin/python3; then its
# unittest suite (python/tests), one TAP line per case.  Once, in the
# plain pass: an extension built under ASan cannot load into a plain
# python, and the module links build/lib/libpith.a, not what is tested.
. "$PITH_TOP/tests/lib.sh"
py=/usr/bin/python3

if grep -q __asan_init "$PITH_BIN/clean" 2>/dev/null; then
	skip "python module: run in the plain pass only (an ASan build cannot load into a plain python)"
	done_testing; exit 0
fi
if ! [ -x $py ] || ! $py -c 'import ensurepip, setuptools, wheel, sysconfig, os, sys
sys.exit(not os.path.exists(sysconfig.get_paths()["include"] + "/Python.h"))' 2>/dev/null; then
	skip "python module: needs python3-dev python3-setuptools python3-wheel python3-venv (scripts/deps)"
	done_testing; exit 0
fi

# The README's command, with nothing from the network, pip's cache or
# the user's pip settings.
export PIP_CONFIG_FILE=/dev/null PIP_NO_CACHE_DIR=1 PIP_FIND_LINKS= PIP_DISABLE_PIP_VERSION_CHECK=1
$py -m venv --system-site-packages venv &&
	venv/bin/pip install --no-build-isolation --no-index "$PITH_TOP/python" > pip.log 2>&1
st=$?
ok $st "venv + pip install --no-build-isolation --no-index ./python"
[ $st -eq 0 ] || { sed 's/^/#  /' pip.log | tail -n 30; done_testing; exit 1; }

so=$(venv/bin/python -c 'import pith; print(pith.__file__)' 2>&1)
like "$so" "^$T/venv/lib/python3[.0-9]*/site-packages/pith\.cpython-.*\.so$" "pith imports from the venv"
unlike "$(ldd "$so")" "libpith" "libpith linked in: no libpith.so needed at run time"
is "$(nm -D --defined-only "$so" | awk '{print $3}')" "PyInit_pith" "the engine's names stay inside the module"

# The suite, each case a TAP line numbered on from here.
venv/bin/python - "$PITH_TOP/python/tests" "$_n" > suite.tap 2>&1 <<'PY'
import sys, unittest

class Tap(unittest.TestResult):
    """Each case as a TAP line, a failure's traceback as # lines."""
    n = int(sys.argv[2])

    def line(self, test, status, why=""):
        self.n += 1
        print(f"{status} {self.n} - {test.id().split('.', 1)[1]}{why}")
        sys.stdout.flush()

    def addSuccess(self, test):
        self.line(test, "ok")

    def addSkip(self, test, reason):
        self.line(test, "ok", f" # skip {reason}")

    def addFailure(self, test, err):
        self.line(test, "not ok")
        print("".join("#   " + l + "\n" for l in self._exc_info_to_string(err, test).splitlines()))

    addError = addFailure

suite = unittest.defaultTestLoader.discover(sys.argv[1])
suite.run(Tap())
PY
st=$?
cat suite.tap
_n=$((_n + $(grep -Ec '^(not )?ok ' suite.tap)))
ok $st "the suite ran to its end"
done_testing
