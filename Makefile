# Quickstart-style Makefile. Every variable can be overridden:
#   make serve PORT=8001      make publish SITEURL=https://blog.example.org
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PELICAN ?= $(BIN)/pelican
PELICANOPTS ?=

BASEDIR := $(CURDIR)
INPUTDIR ?= $(BASEDIR)/content
OUTPUTDIR ?= $(BASEDIR)/output
CONFFILE ?= $(BASEDIR)/pelicanconf.py
PUBLISHCONF ?= $(BASEDIR)/publishconf.py

HOST ?= 127.0.0.1
PORT ?= 8000

# Production address; publishconf.py reads it from the environment.
SITEURL ?= https://heckj.github.io
export SITEURL
# The legacy archive to publish; pelicanconf.py reads it from the environment.
ARCHIVE_PATH ?= $(BASEDIR)/archive
export ARCHIVE_PATH

GITHUB_REMOTE ?= origin
GITHUB_BRANCH ?= gh-pages
GITHUB_MESSAGE ?= Publish site

SSH_HOST ?= localhost
SSH_PORT ?= 22
SSH_USER ?= $(USER)
SSH_TARGET_DIR ?= /var/www/site
RSYNC_TARGET ?= $(SSH_USER)@$(SSH_HOST):$(SSH_TARGET_DIR)

PYTEST_ARGS ?=
# make fuzz: examples per property test (CI runs each with 100 or what it sets).
FUZZ_EXAMPLES ?= 20000

# make publish = build with publishconf.py, CHECKS on the result, then DEPLOY
# (github, rsync or none). DRY_RUN=1 shows what a deploy would change.
CHECKS ?= links,html,feeds,manifest
DEPLOY ?= github
DRY_RUN ?=
CNAME ?=

.DEFAULT_GOAL := help
.PHONY: help install install-dev html regenerate serve devserver publish build-publish \
        check github rsync_upload deploy-github deploy-rsync deploy-none clean test lint \
        newpost bench fuzz

help: ## List the targets and the variables they use
	@echo "Targets:"
	@grep -E '^[a-z_-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "} {printf "  %-14s %s\n", $$1, $$2}'
	@echo
	@echo "Variables (current value):"
	@echo "  HOST=$(HOST) PORT=$(PORT) OUTPUTDIR=$(OUTPUTDIR)"
	@echo "  SITEURL=$(SITEURL) PELICANOPTS=$(PELICANOPTS)"
	@echo "  DEPLOY=$(DEPLOY) CHECKS=$(CHECKS) DRY_RUN=$(DRY_RUN) CNAME=$(CNAME)"
	@echo "  GITHUB_REMOTE=$(GITHUB_REMOTE) GITHUB_BRANCH=$(GITHUB_BRANCH)"
	@echo "  RSYNC_TARGET=$(RSYNC_TARGET) SSH_PORT=$(SSH_PORT)"
	@echo "  TITLE, CATEGORY, TAGS for newpost; PYTEST_ARGS for test"
	@echo "  FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) for fuzz"

$(VENV)/.installed: requirements.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed ## Create .venv and install the pinned dependencies

node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

install-dev: $(VENV)/.installed-dev node_modules/.installed ## Also install what the tests need

html: install ## Build the site into OUTPUTDIR with the development settings
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

regenerate: install ## Rebuild whenever content or theme changes
	$(PELICAN) -r $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

serve: html ## Build, then serve OUTPUTDIR at http://HOST:PORT/
	$(BIN)/python -m tools.serve $(OUTPUTDIR) --host $(HOST) --port $(PORT)

devserver: html ## Serve and rebuild on every change (autoreload)
	$(BIN)/python -m tools.serve $(OUTPUTDIR) --host $(HOST) --port $(PORT) \
	  --regenerate "$(PELICAN) -r $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)"

publish: install ## Build with publishconf.py, check it, deploy with DEPLOY; any failure deploys nothing
	$(MAKE) --no-print-directory build-publish
	$(MAKE) --no-print-directory check
	$(MAKE) --no-print-directory deploy-$(DEPLOY)

build-publish: install ## Clean build with publishconf.py, warnings fatal
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(PUBLISHCONF) --fatal warnings $(PELICANOPTS)

check: install ## Check OUTPUTDIR (CHECKS), and that a second build is byte-identical
	$(BIN)/python -m tools.check_site $(OUTPUTDIR) --siteurl $(SITEURL) --only $(CHECKS)
	rm -rf $(OUTPUTDIR).again
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR).again -s $(PUBLISHCONF) --ignore-cache $(PELICANOPTS)
	@diff -r -q $(OUTPUTDIR) $(OUTPUTDIR).again || \
	  { echo "check: two builds of the same input differ (files above)"; exit 1; }
	rm -rf $(OUTPUTDIR).again
	@echo "check: all checks passed"

github: ## Publish to GITHUB_BRANCH of GITHUB_REMOTE through ghp-import
	$(MAKE) --no-print-directory publish DEPLOY=github

rsync_upload: ## Publish to RSYNC_TARGET with rsync
	$(MAKE) --no-print-directory publish DEPLOY=rsync

deploy-github:
	$(BIN)/python -m tools.deploy github $(OUTPUTDIR) --remote $(GITHUB_REMOTE) \
	  --branch $(GITHUB_BRANCH) --message "$(GITHUB_MESSAGE)" --siteurl $(SITEURL) \
	  $(if $(CNAME),--cname $(CNAME)) $(if $(DRY_RUN),--dry-run)

deploy-rsync:
	$(BIN)/python -m tools.deploy rsync $(OUTPUTDIR) --target $(RSYNC_TARGET) \
	  --ssh-port $(SSH_PORT) $(if $(DRY_RUN),--dry-run)

deploy-none:
	@echo "publish: checks passed; DEPLOY=none, nothing deployed"

newpost: install ## New draft post: make newpost TITLE="…" CATEGORY=OpenStack [TAGS=a,b]
	$(BIN)/python -m tools.newpost --title "$(TITLE)" --category "$(CATEGORY)" --tags "$(TAGS)"

clean: ## Remove the output and the caches
	rm -rf $(OUTPUTDIR) $(BASEDIR)/cache $(BASEDIR)/test-output

lint: install-dev ## Run ruff over the code
	$(BIN)/ruff check .

# One scratch folder for every benchmark's builds, removed after the last:
# a build timed right after a big deletion is slowed by it (bench/runner.py).
bench: install-dev ## Benchmarks (speed ratios, Lighthouse scores); see README
	scratch=$$(mktemp -d) && trap 'rm -rf "$$scratch"' EXIT && \
	export BENCH_SCRATCH="$$scratch" && \
	$(BIN)/python -m bench.blog_build && \
	$(BIN)/python -m bench.archive_build && \
	$(BIN)/python -m bench.mail_build && \
	$(BIN)/python -m bench.search_index && \
	$(BIN)/python -m bench.lighthouse

fuzz: install-dev ## Every property test with FUZZ_EXAMPLES examples (hypothesis profile "fuzz")
	HYPOTHESIS_PROFILE=fuzz FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest \
	  tests/hostile/test_parsers.py tests/archive -m "not browser" \
	  -p no:cacheprovider -q $(PYTEST_ARGS)

test: install-dev ## Install what the tests need and run the whole suite
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)
