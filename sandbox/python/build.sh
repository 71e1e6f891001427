#!/usr/bin/env bash
# Builds python.wasm (CPython 3.11 for wasm32-wasi, with the _rlm host-call module built in) and a compact
# read-only stdlib from Debian bookworm's own packages and source packages.
#
#   sandbox/python/build.sh               build if needed; prints the output folder on the last line
#   sandbox/python/build.sh --print-dir   print the folder the current recipe builds into, build nothing
#
# Output (outside the git tree): ${RLM_PYTHON_CACHE:-$HOME/.cache/rlm-python}/<recipe-hash>/
#   python.wasm            the stripped interpreter
#   lib/python311.zip      the stdlib as .pyc only (unchecked-hash), mounted read-only at /usr/local/lib
#   recipe.txt             what went in (versions, hashes)
# and a symlink ${RLM_PYTHON_CACHE}/current -> <recipe-hash>, which the engine and tests look at by default.
# The recipe hash covers this script and _rlm.c (the source versions are pinned below), so a second run
# with the same recipe finds the folder and returns at once.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${RLM_PYTHON_CACHE:-$HOME/.cache/rlm-python}

# Pinned upstream sources (Debian's orig tarballs, unpatched) and their hashes.
PY_VERSION=3.11.2
PY_ORIG=python3.11_3.11.2.orig.tar.gz
PY_ORIG_SHA256=2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849
ZLIB_ORIG=zlib_1.2.13.dfsg.orig.tar.bz2
ZLIB_ORIG_SHA256=71feb7947e3c00ef125f83b79a4e529bde31171e5babe48b391f06758d1ab0a1
LLVM=16
APT_PACKAGES="clang-$LLVM lld-$LLVM llvm-$LLVM libclang-rt-$LLVM-dev-wasm32 wasi-libc python3.11 zip make xz-utils dpkg-dev"

recipe_hash=$(cat "$here/build.sh" "$here/_rlm.c" | sha256sum | cut -c1-16)
out="$cache/$recipe_hash"

if [ "${1:-}" = "--print-dir" ]; then
  echo "$out"
  exit 0
fi

if [ -f "$out/python.wasm" ] && [ -f "$out/lib/python311.zip" ]; then
  ln -sfn "$recipe_hash" "$cache/current"
  echo "$out"
  exit 0
fi

log() { echo "python-wasm: $*" >&2; }
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# 1. Toolchain and sources from Debian (deb-src enabled for bookworm if it is not yet).
need_install=0
for p in $APT_PACKAGES; do dpkg -s "$p" >/dev/null 2>&1 || need_install=1; done
if ! grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  log "enabling deb-src for bookworm"
  printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    | $SUDO tee /etc/apt/sources.list.d/rlm-python-src.sources >/dev/null
  need_update=1
else
  need_update=0
fi
if [ "$need_install" -eq 1 ] || [ "$need_update" -eq 1 ]; then
  log "apt-get update"
  $SUDO apt-get update -qq
fi
if [ "$need_install" -eq 1 ]; then
  log "installing $APT_PACKAGES"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $APT_PACKAGES >/dev/null
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/rlm-python-build.XXXXXX")
# RLM_PYTHON_KEEP_WORK=1 keeps the build folder (objects, unstripped python.wasm) to look into a difference.
if [ "${RLM_PYTHON_KEEP_WORK:-0}" = "1" ]; then
  trap 'log "build folder kept: $work"' EXIT
else
  trap 'rm -rf "$work"' EXIT
fi
cd "$work"

fetch_orig() { # source-package orig-file sha256
  local pkg=$1 file=$2 sha=$3
  if [ ! -f "$cache/src/$file" ]; then
    log "fetching source package $pkg"
    mkdir -p "$cache/src"
    (cd "$cache/src" && apt-get source --download-only --tar-only -qq "$pkg" >/dev/null 2>&1) || true
  fi
  if [ -n "$sha" ]; then
    echo "$sha  $cache/src/$file" | sha256sum -c --quiet - || { log "$file: hash mismatch"; exit 1; }
  fi
  echo "$cache/src/$file"
}
py_tar=$(fetch_orig python3.11 "$PY_ORIG" "$PY_ORIG_SHA256")
zlib_tar=$(fetch_orig zlib "$ZLIB_ORIG" "$ZLIB_ORIG_SHA256")

# Reproducible output: two builds of the same recipe give the same python.wasm byte for byte.
# - clang takes __DATE__/__TIME__ (Modules/getbuildinfo.c, sys.version) from SOURCE_DATE_EPOCH; it is the
#   newest file time in the pinned CPython tarball, so it moves only when the sources do.
#   That date (and the layout of the merged strings around it) was the only thing that differed.
# - The build Python marshals the frozen modules (importlib, zipimport, getpath...) and deep-freezes them into
#   C. Set constants would come out in string-hash order; none of 3.11.2's frozen modules varies with the
#   seed today, and PYTHONHASHSEED=0 keeps it that way if one gains a set constant.
# - Build paths are mapped to /rlm-build (-ffile-prefix-map below); locale and time zone are fixed.
SOURCE_DATE_EPOCH=$(/usr/bin/python3.11 -c 'import sys, tarfile; print(max(m.mtime for m in tarfile.open(sys.argv[1])))' "$py_tar")
export SOURCE_DATE_EPOCH PYTHONHASHSEED=0 LC_ALL=C TZ=UTC

# 2. A private sysroot, so clang cannot pick up the host's /usr/include.
sysroot="$work/sysroot"
mkdir -p "$sysroot/lib"
ln -s /usr/include/wasm32-wasi "$sysroot/include"
ln -s /usr/lib/wasm32-wasi "$sysroot/lib/wasm32-wasi"
export CC="clang-$LLVM --target=wasm32-wasi --sysroot=$sysroot"
export AR=llvm-ar-$LLVM RANLIB=llvm-ranlib-$LLVM LDSHARED=wasm-ld-$LLVM
jobs=$(nproc)

# 3. zlib, static.
log "building zlib"
mkdir zlib && tar -xf "$zlib_tar" -C zlib --strip-components=1
# Build paths are mapped to /rlm-build so that the output does not depend on where the build ran.
prefix_map="-ffile-prefix-map=$work=/rlm-build"
(cd zlib && CHOST=wasm32 CFLAGS="-O2 $prefix_map" ./configure --static >/dev/null && make -s -j"$jobs" libz.a >/dev/null 2>"$work/zlib.err")

# 4. CPython with _rlm built in.
log "building CPython $PY_VERSION for wasm32-wasi"
mkdir cpython && tar -xf "$py_tar" -C cpython --strip-components=1
cp "$here/_rlm.c" cpython/Modules/_rlm.c
printf '*static*\n_rlm _rlm.c\n' > cpython/Modules/Setup.local
build_triple=$(cd cpython && CC= ./config.guess)
(
  cd cpython
  # No host pkg-config: it would hand the cross build the host's liblzma, libffi... Modules without a
  # WASI build of their library are switched off explicitly.
  PKG_CONFIG_LIBDIR=/nonexistent PKG_CONFIG_PATH= \
  py_cv_module__lzma=n/a py_cv_module__bz2=n/a py_cv_module__sqlite3=n/a py_cv_module__uuid=n/a \
  py_cv_module__ctypes=n/a py_cv_module__ssl=n/a py_cv_module__hashlib=n/a py_cv_module__dbm=n/a \
  py_cv_module__gdbm=n/a py_cv_module_readline=n/a py_cv_module__curses=n/a py_cv_module__curses_panel=n/a \
  py_cv_module__tkinter=n/a py_cv_module_nis=n/a \
  CONFIG_SITE=Tools/wasm/config.site-wasm32-wasi \
  CFLAGS="-O2 -Wno-error=int-conversion $prefix_map" \
  ZLIB_CFLAGS="-I$work/zlib" ZLIB_LIBS="-L$work/zlib -lz" \
  ./configure -q --host=wasm32-unknown-wasi --build="$build_triple" \
    --with-build-python=/usr/bin/python3.11 --disable-test-modules >/dev/null
  make -s -j"$jobs" >/dev/null 2>"$work/make.err" || { tail -40 "$work/make.err" >&2; exit 1; }
  make -s wasm_stdlib >/dev/null 2>>"$work/make.err" || { tail -40 "$work/make.err" >&2; exit 1; }
)

# 5. Strip, check the builtin module is there, and lay out the cache folder.
stage="$cache/.stage-$recipe_hash"
rm -rf "$stage" && mkdir -p "$stage/lib"
llvm-strip-$LLVM -o "$stage/python.wasm" cpython/python.wasm
grep -q "PyInit__rlm" cpython/Modules/config.c || { log "_rlm is not in config.c"; exit 1; }

# The stdlib: .pyc only, precompiled with unchecked-hash (the mount is read-only, nothing is ever
# rewritten), without tests, GUI, packaging tools and modules that cannot work without threads/ssl/ctypes.
log "compiling the stdlib"
lib="$work/stdlib"
mkdir -p "$lib"
(cd cpython/Lib && tar -cf - \
  --exclude='test' --exclude='tests' --exclude='idlelib' --exclude='tkinter' --exclude='turtledemo' \
  --exclude='ensurepip' --exclude='lib2to3' --exclude='venv' --exclude='distutils' --exclude='pydoc_data' \
  --exclude='ctypes' --exclude='sqlite3' --exclude='dbm' --exclude='curses' --exclude='msilib' \
  --exclude='multiprocessing' --exclude='concurrent' --exclude='asyncio' --exclude='__pycache__' \
  --exclude='turtle.py' --exclude='*.exe' --exclude='site-packages' . ) | tar -xf - -C "$lib"
# sysconfig's build-time variables name the build folder: map it to /rlm-build in the values and write the file
# again, rather than editing the text, whose line breaks (and so the .pyc's line table) follow the folder
# name's length.
/usr/bin/python3.11 - cpython/build/lib.wasi-wasm32-3.11/_sysconfigdata__wasi_wasm32-wasi.py \
  "$lib/_sysconfigdata__wasi_wasm32-wasi.py" "$work" <<'PY'
import pprint, sys
source, target, work = sys.argv[1:]
names = {}
with open(source, encoding="utf-8") as f:
    exec(f.read(), names)
mapped = {k: v.replace(work, "/rlm-build") if isinstance(v, str) else v for k, v in names["build_time_vars"].items()}
with open(target, "w", encoding="utf-8") as f:
    f.write("# system configuration generated and used by the sysconfig module\n")
    f.write("build_time_vars = " + pprint.pformat(mapped) + "\n")
PY
# Code objects name their file as the guest sees it (/usr/local/lib/python311.zip/...), not the build folder;
# fixed timestamps and sorted names make the zip the same on every build.
/usr/bin/python3.11 -m compileall -q -b -j"$jobs" --invalidation-mode unchecked-hash \
  -s "$lib" -p /usr/local/lib/python311.zip "$lib" >/dev/null
find "$lib" -name '*.pyc' -exec env TZ=UTC touch -h -d '1980-01-02 00:00:00' {} +
(cd "$lib" && find . -name '*.pyc' | LC_ALL=C sort | TZ=UTC zip -q -X -9 "$stage/lib/python311.zip" -@)

{
  echo "CPython $PY_VERSION ($PY_ORIG $(sha256sum "$py_tar" | cut -d' ' -f1))"
  echo "zlib ($ZLIB_ORIG $(sha256sum "$zlib_tar" | cut -d' ' -f1))"
  echo "SOURCE_DATE_EPOCH $SOURCE_DATE_EPOCH PYTHONHASHSEED $PYTHONHASHSEED"
  for p in clang-$LLVM lld-$LLVM wasi-libc libclang-rt-$LLVM-dev-wasm32; do
    echo "$p $(dpkg-query -W -f='${Version}' "$p")"
  done
  echo "python.wasm $(sha256sum "$stage/python.wasm" | cut -d' ' -f1)"
} > "$stage/recipe.txt"

rm -rf "$out"
mv "$stage" "$out"
ln -sfn "$recipe_hash" "$cache/current"
log "done: $(du -h "$out/python.wasm" | cut -f1) python.wasm, $(du -h "$out/lib/python311.zip" | cut -f1) stdlib"
echo "$out"
