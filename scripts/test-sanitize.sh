#!/usr/bin/env bash
# The test suite under AddressSanitizer (memory errors, leaks off: Swift's runtime keeps caches)
# and the threaded code under ThreadSanitizer. Each sanitizer builds in its own folder.
#   bash scripts/test-sanitize.sh [address|thread]...
set -euo pipefail
cd "$(dirname "$0")/.."
kinds=("$@")
if [ ${#kinds[@]} -eq 0 ]; then kinds=(address thread); fi
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:halt_on_error=1"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
for kind in "${kinds[@]}"; do
  case "$kind" in
  address)
    # The library suites (every module's own tests) and the bad-input CLI suites. The other CLI
    # suites run each command as an instrumented process (a bootstrap takes minutes under ASan)
    # or drive Chromium, Jupyter and LibreOffice, whose memory is not ours to check.
    echo "test-sanitize: AddressSanitizer"
    bash scripts/with-postgres.sh swift test --sanitize=address --build-path .build-asan \
      --filter "LinearAlgebraTests|WeightAnalysisTests|DataSourcesTests|WorkflowsTests|BadInputTests|NumericalTrapTests|SmallInputProblemTests|OutputSafetyTests"
    ;;
  thread)
    echo "test-sanitize: ThreadSanitizer (parallel parser, bootstrap, parallel maps, BLAS threads, streaming statistics)"
    swift test --sanitize=thread --build-path .build-tsan \
      --filter "ParallelTests|BLASThreadsTests|CSVFastPathTests|LogisticAndBootstrapTests|BootstrapDifference|CSVReaderTests|LoadOnceTests|StreamingStatisticsTests"
    ;;
  *) echo "unknown sanitizer '$kind' (address or thread)" >&2; exit 64 ;;
  esac
done
