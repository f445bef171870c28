#!/usr/bin/env bash
# Our import against the tools a user would reach for, on the same files in one run (issue #4):
#   a 12-megapixel JPEG photo and a 1179×2556 PNG screenshot vs ImageMagick
#   `convert -auto-orient -strip -resize 2400x2400`, and a one-page PDF vs `pdftoppm` at the
#   same resolution (long side 2400 px). Reports the median wall time of N runs, the ratio
#   ours/theirs (goal ≤ 1.0) and the peak memory (max RSS).
#   bench/import.sh [N]   (default 7; installs imagemagick and poppler-utils when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-7}
need=()
[ -x /usr/bin/convert ] || need+=(imagemagick)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v /usr/bin/time >/dev/null || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
cargo build --release --locked -q -p hoken-core --example import_file --example make_fixtures
OURS=target/release/examples/import_file
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/convert -size 4000x3000 gradient:'#e8e0d0-#305080' -attenuate 0.4 +noise Gaussian \
  -quality 92 "$work/photo.jpg"
/usr/bin/convert -size 1179x2556 xc:'#f4f4f8' -fill '#0b4f8a' -draw 'rectangle 60,200 1119,600' \
  -fill black -pointsize 60 -draw "text 80,900 'Mynaportal 1010101'" "$work/screen.png"
target/release/examples/make_fixtures "$work"
PDF="$work/taro.pdf"
# The PDF page is 595×842 pt: 2400 px on the long side is 2400/842*72 dpi.
DPI=$(awk 'BEGIN{printf "%.1f", 2400/842*72}')

# run LABEL CMD… → prints "median_ms peak_kb"
measure() {
  local times=() peak=0
  for _ in $(seq "$N"); do
    local s e
    s=$(date +%s%N)
    /usr/bin/time -f '%M' -o "$work/rss" "$@" >/dev/null 2>&1
    e=$(date +%s%N)
    times+=($(( (e - s) / 1000000 )))
    local r; r=$(tail -1 "$work/rss"); [ "$r" -gt "$peak" ] && peak=$r
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v p="$peak" '{a[NR]=$1} END{print a[int((NR+1)/2)], p}'
}
row() {
  local name=$1 ours=$2 theirs=$3
  read -r om ok <<<"$ours"; read -r tm tk <<<"$theirs"
  awk -v n="$name" -v om="$om" -v tm="$tm" -v ok="$ok" -v tk="$tk" \
    'BEGIN{printf "%-26s ours %6d ms %5d MB | theirs %6d ms %5d MB | ratio %.2f\n", n, om, ok/1024, tm, tk/1024, om/tm}'
}
echo "N=$N runs each, median wall time incl. process start; peak = max RSS"
row "12 MP JPEG (convert)" "$(measure $OURS "$work/photo.jpg")" \
  "$(measure /usr/bin/convert "$work/photo.jpg" -auto-orient -strip -resize 2400x2400 "$work/out1.jpg")"
row "1179×2556 PNG (convert)" "$(measure $OURS "$work/screen.png")" \
  "$(measure /usr/bin/convert "$work/screen.png" -auto-orient -strip -resize 2400x2400 "$work/out2.png")"
row "1-page PDF (pdftoppm)" "$(measure $OURS "$PDF")" \
  "$(measure pdftoppm -r "$DPI" -png -singlefile "$PDF" "$work/out3")"
