"""setup.py: the Python module pith, a C extension over libpith.

The extension links the checkout's static, position-independent
build/lib/libpith.a (so it needs no libpith.so at run time) and the
libraries the engine calls, as pkg-config names them.  `make lib` is run
first; without make, or when it fails, the build stops and says so.

    /usr/bin/python3 -m venv --system-site-packages VENV
    VENV/bin/pip install --no-build-isolation --no-index ./python
"""
import os
import subprocess
import sys

from setuptools import Extension, setup

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
LIBPITH = os.path.join(TOP, "build", "lib", "libpith.a")
BUILD = os.path.join(TOP, "build", "python")


def make_lib():
    """Bring build/lib/libpith.a up to date with `make lib`, or stop."""
    try:
        rc = subprocess.call(["make", "-C", TOP, "-s", "lib"],
                             stdout=sys.stderr)
    except OSError as e:
        rc = e
    if rc != 0 or not os.path.exists(LIBPITH):
        sys.exit(f"pith: {LIBPITH} could not be made ({rc}); "
                 f"run `make lib` in {TOP} first")


def make_says(target):
    """The words of a Makefile target that prints a list (lib-pkgs: the
    pkg-config packages the library calls; lib-libs: the other libraries,
    CLD2 and the C++ runtime), so that no list is kept twice."""
    try:
        out = subprocess.check_output(["make", "-C", TOP, "-s",
                                       "--no-print-directory", target],
                                      text=True)
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit(f"pith: make {target} in {TOP}: {e}")
    return out.split()


def pkg_config(flag):
    """The words pkg-config gives for flag (--cflags, --libs), or stop."""
    try:
        out = subprocess.check_output(["pkg-config", flag] + PKGS, text=True)
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit(f"pith: pkg-config {flag} {' '.join(PKGS)}: {e}")
    return out.split()


make_lib()
PKGS = make_says("lib-pkgs")
os.makedirs(BUILD, exist_ok=True)
libs = pkg_config("--libs") + make_says("lib-libs")
setup(
    name="pith",
    version="1.1.0",
    description="article text and metadata from web pages (pith's extraction)",
    ext_modules=[Extension(
        "pith",
        sources=["pith.c"],
        include_dirs=[os.path.join(TOP, "include")],
        extra_compile_args=["-std=c11", "-Wall", "-Wextra",
                            "-Wno-unused-parameter",
                            "-Wno-missing-field-initializers"]
        + pkg_config("--cflags"),
        extra_objects=[LIBPITH],
        libraries=[w[2:] for w in libs if w.startswith("-l")],
        library_dirs=[w[2:] for w in libs if w.startswith("-L")],
        # The engine's internal names stay inside the module.
        extra_link_args=["-pthread", "-Wl,--exclude-libs,ALL"],
    )],
    # Build files go to the checkout's build/, which `make clean` removes;
    # built afresh each time (one file), as distutils compares mtimes to
    # the second and does not know the module depends on libpith.a.
    options={"build": {"build_base": BUILD}, "egg_info": {"egg_base": BUILD},
             "build_ext": {"force": True}},
)
