#!/usr/bin/env bash
# Import speed and peak memory on the path the app takes, against the fastest tools a user
# would reach for, on the same files in one run (issues #4, #17):
#   a 12-megapixel JPEG photo (upright, and one with EXIF orientation 6) and a 1179×2556 PNG
#   screenshot vs `vipsthumbnail -s 2400x2400` (libvips) and ImageMagick
#   `convert -auto-orient -strip -resize 2400x2400`; a one-page PDF vs `mutool draw -h 2400`
#   (MuPDF) and `pdftoppm` at the same size (long side 2400 px).
# "decoder" is the app's path: the `hoken-decoder` child exactly as the app starts it (its
# start-up, the request on stdin and the checked reply included; `hoken-decoder-bench`
# spawns it and nothing else). "inspect" is `hoken-wallet inspect FILE` (release), which adds
# the CLI's own start. The start-up alone of both programs is measured too.
# Runs alternate A/B/A/B…; the table shows medians of N runs and the peak RSS.
#   bench/import.sh [N]   (default 7; installs libvips-tools, mupdf-tools, imagemagick,
#                          poppler-utils and time when missing; builds the release binaries)
#   NO_APP=1 bench/import.sh   skips `hoken-wallet inspect` (its release build is long)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-7}
need=()
command -v vipsthumbnail >/dev/null || need+=(libvips-tools)
command -v mutool >/dev/null || need+=(mupdf-tools)
[ -x /usr/bin/convert ] || need+=(imagemagick)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get update -qq
  $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
cargo build --release --locked -q -p hoken-decoder --bin hoken-decoder --example hoken-decoder-bench
cargo build --release --locked -q -p hoken-core --example make_fixtures
APP=target/release/hoken-wallet
if [ -z "${NO_APP:-}" ]; then
  # The features `make release` (tauri build) uses, so its binary is reused.
  cargo build --release --locked -q -p hoken-wallet --bins --features tauri/custom-protocol
fi
DEC=target/release/hoken-decoder
CHILD=target/release/examples/hoken-decoder-bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Test images without ImageMagick's text drawing (no fonts needed): a noisy gradient photo
# and a flat screenshot with coloured bands and blocks.
/usr/bin/convert -size 4000x3000 gradient:'#e8e0d0-#305080' -attenuate 0.4 +noise Gaussian \
  -quality 92 "$work/photo.jpg"
/usr/bin/convert "$work/photo.jpg" -orient RightTop "$work/photo-rotated.jpg"
/usr/bin/convert -size 1179x2556 xc:'#f4f4f8' \
  -fill '#0b4f8a' -draw 'rectangle 60,200 1119,600' \
  -fill '#202020' -draw 'rectangle 80,900 900,960' -draw 'rectangle 80,1040 700,1100' \
  -fill '#d0e4f4' -draw 'rectangle 60,1300 1119,2300' "$work/screen.png"
target/release/examples/make_fixtures "$work" >/dev/null
PDF="$work/taro.pdf"
# The PDF page is 595×842 pt: 2400 px on the long side.
DPI=$(awk 'BEGIN{printf "%.1f", 2400/842*72}')

# one CMD… → "ms kb" of a single run
one() {
  local s e
  s=$(date +%s%N)
  /usr/bin/time -f '%M' -o "$work/rss" "$@" >/dev/null 2>"$work/err" || {
    echo "failed: $*" >&2; cat "$work/err" >&2; exit 1; }
  e=$(date +%s%N)
  echo "$(( (e - s) / 1000 )) $(tail -1 "$work/rss")"
}
median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
# pair NAME -- CMD_A… -- CMD_B… [-- CMD_C…]: alternate the commands N times; print a row
pair() {
  local name=$1; shift
  local cmds=() cur=()
  shift # --
  for a in "$@"; do
    if [ "$a" = "--" ]; then cmds+=("$(printf '%q ' "${cur[@]}")"); cur=(); else cur+=("$a"); fi
  done
  cmds+=("$(printf '%q ' "${cur[@]}")")
  local k
  for k in "${!cmds[@]}"; do : >"$work/t$k"; : >"$work/m$k"; done
  for _ in $(seq "$N"); do
    for k in "${!cmds[@]}"; do
      read -r us kb <<<"$(eval one "${cmds[$k]}")"
      echo "$us" >>"$work/t$k"; echo "$kb" >>"$work/m$k"
    done
  done
  local out="$name"
  local base; base=$(median <"$work/t0")
  for k in "${!cmds[@]}"; do
    local t m; t=$(median <"$work/t$k"); m=$(sort -n "$work/m$k" | tail -1)
    out+=$(awk -v t="$t" -v m="$m" -v b="$base" 'BEGIN{printf " | %.1f ms %d MB (%.2f×)", t/1000, m/1024, b/t}')
  done
  echo "$out"
}

echo "N=$N alternating runs each; median wall time incl. process start; peak = max RSS"
echo "(×: the first command's median ÷ this one's; > 1.00 means the first is slower)"
echo
if [ -x "$APP" ]; then
  echo "start-up: the decoder child on an empty file | the app binary's smallest CLI command"
  pair "start-up" -- "$CHILD" --startup -- "$APP" calc era R1.5.1
  echo
fi
echo "input | decoder child (app path) | vipsthumbnail / mutool | convert / pdftoppm"
pair "12 MP JPEG" -- "$CHILD" "$work/photo.jpg" \
  -- vipsthumbnail "$work/photo.jpg" -s 2400x2400 -o "$work/v1.jpg[strip]" \
  -- /usr/bin/convert "$work/photo.jpg" -auto-orient -strip -resize 2400x2400 "$work/c1.jpg"
pair "12 MP JPEG, EXIF orientation 6" -- "$CHILD" "$work/photo-rotated.jpg" \
  -- vipsthumbnail "$work/photo-rotated.jpg" -s 2400x2400 -o "$work/v2.jpg[strip]" \
  -- /usr/bin/convert "$work/photo-rotated.jpg" -auto-orient -strip -resize 2400x2400 "$work/c2.jpg"
pair "1179×2556 PNG" -- "$CHILD" "$work/screen.png" \
  -- vipsthumbnail "$work/screen.png" -s 2400x2400 -o "$work/v3.png[strip]" \
  -- /usr/bin/convert "$work/screen.png" -auto-orient -strip -resize 2400x2400 "$work/c3.png"
pair "1-page PDF" -- "$CHILD" "$PDF" \
  -- mutool draw -q -h 2400 -o "$work/m4.png" "$PDF" 1 \
  -- pdftoppm -r "$DPI" -png -singlefile "$PDF" "$work/p4"
if [ -z "${NO_APP:-}" ]; then
  echo
  echo "input | hoken-wallet inspect (release CLI) | vipsthumbnail / mutool"
  pair "12 MP JPEG" -- "$APP" inspect "$work/photo.jpg" \
    -- vipsthumbnail "$work/photo.jpg" -s 2400x2400 -o "$work/v1.jpg[strip]"
  pair "1179×2556 PNG" -- "$APP" inspect "$work/screen.png" \
    -- vipsthumbnail "$work/screen.png" -s 2400x2400 -o "$work/v3.png[strip]"
  pair "1-page PDF" -- "$APP" inspect "$PDF" \
    -- mutool draw -q -h 2400 -o "$work/m4.png" "$PDF" 1
fi
echo
echo "decoder: $(ls -l "$DEC" | awk '{printf "%.1f MiB", $5/1048576}'), $(ldd "$DEC" | wc -l) shared libraries"
[ -x "$APP" ] && echo "app:     $(ls -l "$APP" | awk '{printf "%.1f MiB", $5/1048576}'), $(ldd "$APP" | wc -l) shared libraries"
exit 0
