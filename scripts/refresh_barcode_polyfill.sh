#!/usr/bin/env bash
# Refresh the vendored BarcodeDetector polyfill in static/vendor/barcode-detector/ (docs/vendor.md).
#
#   scripts/refresh_barcode_polyfill.sh [VERSION]
#
# VERSION is a version of the npm package barcode-detector; the default is the one pinned in
# static/vendor/barcode-detector/README.md (re-running it must leave `git status` clean).
# Needs npm (and so node) with a reachable npm registry; nothing is installed, `npm pack` only
# downloads the two tarballs into a temporary folder.
#
# It packs barcode-detector@VERSION and the zxing-wasm version it depends on, checks each tarball
# against the integrity the registry publishes, checks that the wasm is the one the polyfill was
# built for, copies exactly the files a browser needs (the self-contained IIFE ponyfill build and
# zxing_reader.wasm) plus the packages' licences, strips source map comments (the maps are not
# shipped and whitenoise's manifest storage fails collectstatic on a missing .map), and rewrites
# README.md with versions, integrity and sha256 of every vendored file.
# load.js and LICENSE-Apache-2.0.txt are kept by hand and left untouched.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/static/vendor/barcode-detector"
readme="$dest/README.md"

pinned=""
if [[ -f "$readme" ]]; then
    pinned="$(sed -n 's/^Pinned: barcode-detector@\([^ ,]*\),.*/\1/p' "$readme")"
fi
version="${1:-$pinned}"
if [[ -z "$version" ]]; then
    echo "usage: $0 VERSION   (no pinned version found in $readme)" >&2
    exit 2
fi
for file in load.js LICENSE-Apache-2.0.txt; do
    [[ -f "$dest/$file" ]] || { echo "$dest/$file is missing (kept by hand, not by this script)" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# hash ALGO FILE -> hex digest (ALGO sha256) or an npm integrity string (ALGO sha512); node, so it
# behaves the same on Linux and macOS.
hash() {
    node -e '
        const [algo, file] = process.argv.slice(1);
        const digest = require("crypto").createHash(algo).update(require("fs").readFileSync(file));
        process.stdout.write(algo === "sha512" ? "sha512-" + digest.digest("base64") : digest.digest("hex"));
    ' "$1" "$2"
}

# pack SPEC -> unpacks into $work/NAME and sets PACK_VERSION, PACK_INTEGRITY, PACK_SHASUM
pack() {
    local spec="$1" name="${1%@*}" json
    json="$(cd "$work" && npm pack "$spec" --json --ignore-scripts --loglevel=error)"
    local info published computed
    info="$(node -e '
        const [p] = JSON.parse(process.argv[1]);
        console.log(p.version, p.integrity, p.shasum, p.filename);
    ' "$json")"
    read -r PACK_VERSION PACK_INTEGRITY PACK_SHASUM PACK_FILE <<< "$info"
    published="$(npm view "$name@$PACK_VERSION" dist.integrity)"
    computed="$(hash sha512 "$work/$PACK_FILE")"
    if [[ "$computed" != "$published" || "$computed" != "$PACK_INTEGRITY" ]]; then
        echo "$name@$PACK_VERSION: tarball integrity $computed does not match the published $published" >&2
        exit 1
    fi
    mkdir -p "$work/$name"
    tar -xzf "$work/$PACK_FILE" -C "$work/$name"
    echo "packed $name@$PACK_VERSION ($PACK_INTEGRITY)"
}

pack "barcode-detector@$version"
bd_version="$PACK_VERSION" bd_integrity="$PACK_INTEGRITY" bd_shasum="$PACK_SHASUM" bd_file="$PACK_FILE"
zx_range="$(npm view "barcode-detector@$bd_version" dependencies.zxing-wasm)"
[[ -n "$zx_range" ]] || { echo "barcode-detector@$bd_version does not depend on zxing-wasm" >&2; exit 1; }
pack "zxing-wasm@$zx_range"
zx_version="$PACK_VERSION" zx_integrity="$PACK_INTEGRITY" zx_shasum="$PACK_SHASUM" zx_file="$PACK_FILE"

js_src="$work/barcode-detector/package/dist/iife/ponyfill.js"
wasm_src="$work/zxing-wasm/package/dist/reader/zxing_reader.wasm"
for file in "$js_src" "$wasm_src" "$work/barcode-detector/package/LICENSE" "$work/zxing-wasm/package/LICENSE"; do
    [[ -f "$file" ]] || { echo "${file#"$work"/} is not in the package: the layout changed, see docs/vendor.md" >&2; exit 1; }
done

out="$work/out"
mkdir -p "$out"
# Strip source map comments, both //# and /*# forms; nothing else is changed.
sed -E -e 's@//[#@][[:space:]]*sourceMappingURL=[^[:space:]]*[[:space:]]*$@@' \
       -e 's@/\*[#@][[:space:]]*sourceMappingURL=[^*]*\*/@@g' "$js_src" > "$out/barcode-detector.js"
if grep -q sourceMappingURL "$out/barcode-detector.js"; then
    echo "a sourceMappingURL is left in barcode-detector.js" >&2
    exit 1
fi
cp "$wasm_src" "$out/zxing_reader.wasm"
cp "$work/barcode-detector/package/LICENSE" "$out/LICENSE-barcode-detector.txt"
cp "$work/zxing-wasm/package/LICENSE" "$out/LICENSE-zxing-wasm.txt"

# The IIFE build declares one global, BarcodeDetectionAPI, and touches no browser API until used:
# evaluate it in an empty node context to read the constants it was built with.
built_for="$(node -e '
    const api = require("vm").runInNewContext(
        require("fs").readFileSync(process.argv[1], "utf8") + "\n;BarcodeDetectionAPI", {});
    for (const key of ["BarcodeDetector", "prepareZXingModule"])
        if (typeof api[key] !== "function") throw new Error("BarcodeDetectionAPI." + key + " is missing");
    console.log(api.ZXING_WASM_VERSION, api.ZXING_WASM_SHA256, api.ZXING_CPP_COMMIT);
' "$out/barcode-detector.js")"
read -r js_wasm_version js_wasm_sha256 zxing_cpp_commit <<< "$built_for"
wasm_sha256="$(hash sha256 "$out/zxing_reader.wasm")"
if [[ "$js_wasm_version" != "$zx_version" || "$js_wasm_sha256" != "$wasm_sha256" ]]; then
    echo "barcode-detector@$bd_version was built for zxing-wasm $js_wasm_version ($js_wasm_sha256)," >&2
    echo "but zxing-wasm@$zx_version's zxing_reader.wasm has sha256 $wasm_sha256" >&2
    exit 1
fi

row() { # row FILE ORIGIN -> a README table row with size and sha256
    printf '| `%s` | %s | %s | `%s` |\n' "$1" "$2" "$(wc -c < "$out/$1" | tr -d ' ')" "$(hash sha256 "$out/$1")"
}
{
    cat <<EOF
# Vendored BarcodeDetector polyfill

Pinned: barcode-detector@$bd_version, zxing-wasm@$zx_version

Camera scanning on browsers without a native \`BarcodeDetector\` (iPhone Safari, Firefox, desktop
Chrome on Linux and Windows): the npm package \`barcode-detector\` implements it on \`zxing-wasm\`,
zxing-cpp compiled to WebAssembly. Everything is served from our own static files; nothing is
fetched from elsewhere. How pages include it and how to refresh it: docs/vendor.md.

Written by \`scripts/refresh_barcode_polyfill.sh\`; do not edit by hand.

| Package | Version | Tarball | npm integrity | shasum (sha1) |
|---|---|---|---|---|
| barcode-detector | $bd_version | \`$bd_file\` | \`$bd_integrity\` | \`$bd_shasum\` |
| zxing-wasm | $zx_version | \`$zx_file\` | \`$zx_integrity\` | \`$zx_shasum\` |

\`zxing_reader.wasm\` is compiled from zxing-cpp commit
\`$zxing_cpp_commit\`. The polyfill names the wasm it was
built for (\`ZXING_WASM_VERSION\` $js_wasm_version, \`ZXING_WASM_SHA256\`); the refresh script checks that the vendored wasm is that one.

| File | From | Bytes | sha256 |
|---|---|---|---|
EOF
    row barcode-detector.js "barcode-detector \`dist/iife/ponyfill.js\`, source map comments (if any) stripped"
    row zxing_reader.wasm "zxing-wasm \`dist/reader/zxing_reader.wasm\`"
    row LICENSE-barcode-detector.txt "barcode-detector \`LICENSE\` (MIT)"
    row LICENSE-zxing-wasm.txt "zxing-wasm \`LICENSE\` (MIT)"
    cat <<'EOF'

Kept by hand, not touched by the script:

- `load.js`: installs `window.BarcodeDetector` where the browser has none and loads the two files
  above on first use (docs/vendor.md has the `<script>` tag a page needs).
- `LICENSE-Apache-2.0.txt`: the Apache License 2.0 text. zxing-wasm's README states that
  zxing-cpp and its `ZXingWasm.cpp` binding, both compiled into `zxing_reader.wasm`, are under
  Apache-2.0; the npm tarballs carry only the MIT licence of their own code.
EOF
} > "$out/README.md"

for file in barcode-detector.js zxing_reader.wasm LICENSE-barcode-detector.txt LICENSE-zxing-wasm.txt README.md; do
    cp "$out/$file" "$dest/$file"
done
echo "static/vendor/barcode-detector: barcode-detector@$bd_version, zxing-wasm@$zx_version"
