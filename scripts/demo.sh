#!/usr/bin/env bash
# Build the demo portal from the sample content (content/, catalogs/) into site/.
#   bash scripts/demo.sh          build site/ (validated, leak-checked, swapped in on success)
#   bash scripts/demo.sh serve    then preview it with `mkdocs serve` on http://127.0.0.1:8000/
. "$(dirname "$0")/_env.sh" requirements.lock
portal validate
portal build
if [ "${1:-}" = "serve" ]; then
  exec mkdocs serve -a 127.0.0.1:8000
fi
echo "预览：bash scripts/demo.sh serve（或 .venv/bin/mkdocs serve），然后打开 http://127.0.0.1:8000/"
