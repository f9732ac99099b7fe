#!/usr/bin/env bash
# bench/startup.sh — process start to first 200 on /_fn/health, median of 5 (JDK 25).
exec "$(dirname "${BASH_SOURCE[0]}")/run.sh" --only startup "$@"
