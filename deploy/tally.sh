#!/usr/bin/env bash
# Runs Tally locally with the given options (building it first when needed), e.g.
#   deploy/tally.sh --checkpoint-dir /tmp/tally-nc --socket 127.0.0.1:9999
# Without --master it runs on local[2]. --help lists every option. The script becomes the JVM (exec):
# SIGTERM or Ctrl-C to its pid stops Tally gracefully, and its exit code is Tally's.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
tally_build
tally_exec_java dev.tally.Tally "$@"
