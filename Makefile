# Hoken Wallet — `make run` opens the app, `make test` runs every check.
# Both install what they need first (Debian/Ubuntu packages, npm packages, tauri-driver).

SHELL := /bin/bash
.DEFAULT_GOAL := help
ROOT := $(abspath .)
TOOLS := $(ROOT)/.tools
TAURI_DRIVER := $(TOOLS)/bin/tauri-driver
APP := $(ROOT)/target/debug/hoken-wallet
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libwebkit2gtk-4.1-dev build-essential libxdo-dev libssl-dev \
  libayatana-appindicator3-dev librsvg2-dev pkg-config libdbus-1-dev xvfb xauth \
  webkit2gtk-driver gnome-keyring dbus-daemon libsecret-tools fonts-ipafont-gothic dunst \
  imagemagick \
  tesseract-ocr tesseract-ocr-jpn libtesseract-dev libleptonica-dev libclang-dev \
  pcscd vsmartcard-vpcd pcsc-tools libpcsclite-dev
SESSION := scripts/with-session.sh

.PHONY: help run test deps apt npm tauri-driver ui build lint unit bindings ui-check e2e bench crash fuzz \
        screenshot icons clean

help:
	@echo "make run         build and open the app (needs a display)"
	@echo "make test        install what is missing, then every check and test"
	@echo "make screenshot  render the main screens to screenshots/ under Xvfb"
	@echo "make icons       regenerate icons/ from icons/icon.svg"

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
	rm -rf ui/dist ui/node_modules $(TOOLS)
