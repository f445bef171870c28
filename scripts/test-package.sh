#!/usr/bin/env bash
# Installs the .deb as a member would (`apt-get install ./hoken-wallet_….deb`, which pulls in its
# dependencies), then checks the installed app and removes it again:
#   1. the package: its control fields, its files, the desktop entry (desktop-file-validate);
#   2. installed: /usr/bin/hoken-wallet as a command-line tool (`calc era R1.5.1 --json`), and
#      an image read through the installed decoder child (/usr/bin/hoken-decoder);
#   3. a user's vault (made by the installed app in the default data folder, with a member);
#   4. the window: /usr/bin/hoken-wallet under Xvfb with a real keyring, driven over WebDriver
#      (tests/tests/package.rs): it opens on the first-run screen and creates a vault;
#   5. `apt-get purge`: the app, its desktop entry and icons are gone, the user's vault is
#      byte for byte as it was and still opens.
# Needs root or sudo. Refuses to run when hoken-wallet is already installed (it would remove it).
#   scripts/test-package.sh dist/hoken-wallet_0.1.0_amd64.deb      (make test-package)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
APT=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -qq)
[ "$(id -u)" = 0 ] || APT=(sudo "${APT[@]}")

fail() { echo "test-package: FAILED: $*" >&2; exit 1; }
step() { echo "test-package: $*"; }

if [ -z "${HOKEN_SESSION_INNER:-}" ]; then
  deb=$(realpath "${1:?usage: scripts/test-package.sh PATH/TO/hoken-wallet_VERSION_amd64.deb}")
  [ -f "$deb" ] || fail "no package at $deb (run make package)"
  if dpkg-query -W -f='${Status}' hoken-wallet 2>/dev/null | grep -q "ok installed"; then
    fail "hoken-wallet is already installed on this machine; this test installs and then" \
      "removes it. Remove it first: apt-get remove hoken-wallet"
  fi
  command -v desktop-file-validate >/dev/null || "${APT[@]}" install --no-install-recommends desktop-file-utils >/dev/null

  # 1. The package itself.
  step "package $(basename "$deb"): $(du -k "$deb" | cut -f1) KiB"
  control=$(dpkg-deb -f "$deb")
  sed 's/^/    /' <<<"$control"
  for dep in libwebkit2gtk-4.1-0 libgtk-3-0 libayatana-appindicator3-1 gnome-keyring libpcsclite1 \
    libtesseract5 tesseract-ocr-jpn; do
    echo "$control" | grep -q "^Depends:.*\b$dep\b" || fail "Depends lacks $dep"
  done
  # The path is the sixth column on (a name may hold spaces); the bundler writes no leading ./
  files=$(dpkg-deb -c "$deb" | awk '{ for (i = 1; i <= 5; i++) $i = ""; sub(/^ +/, ""); print }' |
    sed 's#^\(\./\)\{0,1\}#./#')
  for f in ./usr/bin/hoken-wallet ./usr/bin/hoken-decoder "./usr/share/applications/Hoken Wallet.desktop" \
    ./usr/share/icons/hicolor/scalable/apps/hoken-wallet.svg; do
    grep -qxF "$f" <<<"$files" || fail "the package lacks $f"
  done
  for s in 16 22 24 32 48 64 128 256 512; do
    grep -q "hicolor/${s}x${s}/apps/hoken-wallet.png" <<<"$files" || fail "no ${s}x${s} icon"
  done
  extract=$(mktemp -d)
  trap 'rm -rf "$extract"' EXIT
  dpkg-deb -x "$deb" "$extract"
  desktop="$extract/usr/share/applications/Hoken Wallet.desktop"
  desktop-file-validate "$desktop" || fail "the desktop entry is not valid"
  grep -qx 'Name\[ja\]=保険ウォレット' "$desktop" || fail "the desktop entry has no Japanese name"
  grep -q '^Categories=.*MedicalSoftware' "$desktop" || fail "the desktop entry is not in Medical"

  # 2. Installed with apt, dependencies resolved from the archive.
  step "installing with apt-get install $deb"
  "${APT[@]}" install "$deb" >/dev/null
  installed=1
  cleanup() {
    rm -rf "$extract"
    if [ "${installed:-0}" = 1 ]; then "${APT[@]}" purge hoken-wallet >/dev/null || true; fi
  }
  trap cleanup EXIT
  [ -x /usr/bin/hoken-wallet ] || fail "/usr/bin/hoken-wallet is not there"
  era=$(/usr/bin/hoken-wallet calc era R1.5.1 --json)
  step "hoken-wallet calc era R1.5.1 --json → $era"
  if ! grep -q '"iso":"2019-05-01"' <<<"$era" || ! grep -q '"era":"令和元年5月1日"' <<<"$era"; then
    fail "calc era answered $era"
  fi
  # An import goes through the contained decoder child, found beside the installed app.
  /usr/bin/convert -size 600x400 xc:white "$extract/blank.png"
  out=$(/usr/bin/hoken-wallet inspect "$extract/blank.png" --json) || fail "inspect failed: $out"
  grep -q '"kind":"image"' <<<"$out" || fail "inspect answered $out"
  step "hoken-wallet inspect (through /usr/bin/hoken-decoder) → kind image, 600×400"

  # 3–5 run in a private desktop session (scripts/with-session.sh); it removes the package.
  export HOKEN_TEST_PACKAGE_DEB=$deb
  scripts/with-session.sh --xvfb "$0"
  installed=0
  step "passed"
  exit 0
fi

# --- inside the session: HOME is a fresh user's, the keyring is unlocked, Xvfb is running ---
data="$HOME/.local/share/jp.hokenwallet.app"
# 3. The user's vault, made by the installed app where it keeps it by default.
/usr/bin/hoken-wallet init --json >/dev/null
id=$(/usr/bin/hoken-wallet member add --name "協会 太郎" --birth 昭和40年10月1日 --cert-issued R3.5.10)
[ -f "$data/vault.json" ] || fail "the vault is not in $data"
before=$(cd "$data" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
step "the user's vault: $(wc -l <<<"$before") files in $data"

# 4. The window (the e2e harness with the installed binary; tauri-driver enables WebDriver in
#    the release build through TAURI_WEBVIEW_AUTOMATION; each launch gets its own HOME and
#    data folder, so the user's vault is not touched).
step "opening /usr/bin/hoken-wallet under Xvfb"
HOKEN_APP=/usr/bin/hoken-wallet cargo test -q -p hoken-e2e --locked --test package -- \
  --ignored --test-threads=1

# 5. Removed: nothing of the app remains, the user's data does.
step "apt-get purge hoken-wallet"
"${APT[@]}" purge hoken-wallet >/dev/null
for f in /usr/bin/hoken-wallet /usr/bin/hoken-decoder "/usr/share/applications/Hoken Wallet.desktop" \
  /usr/share/icons/hicolor/scalable/apps/hoken-wallet.svg; do
  [ ! -e "$f" ] || fail "$f is still there after purge"
done
after=$(cd "$data" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
[ "$before" = "$after" ] || fail "the user's vault changed: $(diff <(echo "$before") <(echo "$after"))"
# …and still opens (the release binary `make package` built, the same keyring).
list=$("$ROOT/target/release/hoken-wallet" member list)
grep -q "$id" <<<"$list" || fail "the vault no longer lists the member: $list"
step "the user's vault is untouched after purge and still opens"
