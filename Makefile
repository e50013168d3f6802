# Alama: make run opens the app, make test runs every test.
GO ?= go
BIN := bin/alama

.PHONY: run test deps test-deps build vet bench bench-commands fuzz package large-project screenshots clean

run: deps build
	./$(BIN)

build:
	$(GO) build -o $(BIN) .

deps:
	@sh scripts/install-deps

test-deps:
	@sh scripts/install-deps test

vet: deps
	$(GO) vet ./...

# Fuzz targets run on their seed corpora as part of go test.
test: test-deps vet
	$(GO) test -count=1 -timeout 30m ./...

# Every benchmark, the command benchmarks of the root package included
# (they build alama and time import and export as processes; see
# bench-commands for those alone, three runs each).
bench: deps
	$(GO) test -run '^$$' -bench . -benchmem ./...

bench-commands: deps
	$(GO) test -run '^$$' -bench Command -benchtime 3x .

# Long fuzzing: each target for FUZZTIME.
FUZZTIME ?= 60s
fuzz: deps
	@for pkg in $$($(GO) list ./...); do \
		for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "== $$pkg $$t"; \
			$(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
		done; \
	done

# An installable Linux desktop package (Alama.tar.xz: binary, icon and
# .desktop entry) built with the fyne tool; see the README to install it.
FYNE_TOOLS ?= fyne.io/tools/cmd/fyne@v1.7.4
# The fyne tool rewrites FyneApp.toml (build number, layout); it is put back.
package: deps
	@cp FyneApp.toml bin-FyneApp.toml.orig
	$(GO) run $(FYNE_TOOLS) package -os linux -src . -name Alama -icon assets/icon.png -appID app.alama.desktop; \
		status=$$?; mv bin-FyneApp.toml.orig FyneApp.toml; rm -f fyne_metadata_init.go; exit $$status

# The README's pictures of the window (docs/*.png), taken under Xvfb on the
# annotated sample articles.
screenshots: test-deps
	$(GO) test -count=1 -run '^TestScreenshots$$' . -args -screenshots

# Figures for a project of 100,000 generated articles (a few minutes).
large-project: deps
	sh scripts/large-project.sh

clean:
	rm -rf bin Alama.tar.xz
