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

GITHUB_REMOTE ?= origin
GITHUB_BRANCH ?= gh-pages
GITHUB_MESSAGE ?= Publish site

SSH_HOST ?= localhost
SSH_PORT ?= 22
SSH_USER ?= $(USER)
SSH_TARGET_DIR ?= /var/www/site
RSYNC_TARGET ?= $(SSH_USER)@$(SSH_HOST):$(SSH_TARGET_DIR)

PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install install-dev html regenerate serve devserver publish \
        github rsync_upload clean test lint newpost

help: ## List the targets and the variables they use
	@echo "Targets:"
	@grep -E '^[a-z_-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "} {printf "  %-14s %s\n", $$1, $$2}'
	@echo
	@echo "Variables (current value):"
	@echo "  HOST=$(HOST) PORT=$(PORT) OUTPUTDIR=$(OUTPUTDIR)"
	@echo "  SITEURL=$(SITEURL) PELICANOPTS=$(PELICANOPTS)"
	@echo "  GITHUB_REMOTE=$(GITHUB_REMOTE) GITHUB_BRANCH=$(GITHUB_BRANCH)"
	@echo "  RSYNC_TARGET=$(RSYNC_TARGET) SSH_PORT=$(SSH_PORT)"
	@echo "  TITLE, CATEGORY, TAGS for newpost; PYTEST_ARGS for test"

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

publish: install ## Clean build with publishconf.py, warnings fatal
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(PUBLISHCONF) --fatal warnings $(PELICANOPTS)

github: publish ## Publish, then push OUTPUTDIR to GITHUB_BRANCH with ghp-import
	$(BIN)/ghp-import -n -m "$(GITHUB_MESSAGE)" -b $(GITHUB_BRANCH) -r $(GITHUB_REMOTE) -p $(OUTPUTDIR)

rsync_upload: publish ## Publish, then rsync OUTPUTDIR to RSYNC_TARGET
	rsync -e "ssh -p $(SSH_PORT)" -rvzc --delete-after $(OUTPUTDIR)/ $(RSYNC_TARGET)

newpost: install ## New draft post: make newpost TITLE="…" CATEGORY=OpenStack [TAGS=a,b]
	$(BIN)/python -m tools.newpost --title "$(TITLE)" --category "$(CATEGORY)" --tags "$(TAGS)"

clean: ## Remove the output and the caches
	rm -rf $(OUTPUTDIR) $(BASEDIR)/cache $(BASEDIR)/test-output

lint: install-dev ## Run ruff over the code
	$(BIN)/ruff check .

test: install-dev ## Install what the tests need and run the whole suite
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)
