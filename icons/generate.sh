#!/usr/bin/env bash
# Regenerates the app's icon set from icons/icon.svg (run by `make icons`; the output is
# committed so builds need no image tools). Every PNG is RGBA, as Tauri requires.
set -euo pipefail
cd "$(dirname "$0")"
IM=/usr/bin/convert   # ImageMagick (the /usr/local/bin one on some machines is not); it reads
                      # SVG through rsvg-convert (Debian: librsvg2-bin)
png() { "$IM" -background none -density 384 icon.svg -resize "$1x$1" "PNG32:$2"; }
png 1024 icon.png
png 32 32x32.png
png 128 128x128.png
png 256 128x128@2x.png
# The Linux packages install every size of the hicolor theme (tauri.linux.conf.json) and icon.svg.
for s in 16 22 24 48 64 256 512; do png "$s" "${s}x${s}.png"; done
for s in 30 44 71 89 107 142 150 284 310; do png "$s" "Square${s}x${s}Logo.png"; done
png 50 StoreLogo.png
"$IM" -background none -density 384 icon.svg -define icon:auto-resize=256,128,64,48,32,16 icon.ico
# macOS .icns: no tool for it in Debian's ImageMagick; the macOS bundle job generates it (docs/architecture.md).
