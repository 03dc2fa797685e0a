# Helpers the benchmark scripts share (sourced, not run).

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.4f", b - a }'; }
best() { sort -n | head -1; }

# The scripts `sync` after writing a workload or a history and before timing anything: the kernel writes dirty pages
# back some 30 s after they were written, and that writeback fell on the first timed runs, the submit's syncs (one per
# batch of 256) most of all. In the eleventh round, `compare.sh` right after rewriting the week's 3,321 files gave the
# submit 0.885–0.982 s for the tenth round's release (cefe6bd), where runs in turns without a fresh workload gave
# 0.687–0.823 s.

# Reads the files a command is about to read (files, or every file under a folder, a linked one too) into the kernel's
# page cache. This machine's kernel pages out what has not been touched for a while (DAMON's `pageout` scheme, on): a
# minute after being read, the week's report files were out of the cache and a sixth of the 651 MB history too, and a
# synthesis of that history took 260–347 ms with the file put out of the cache against 180–229 ms with it read just
# before (three runs each, in turns). Warming each command's inputs and binary before it is timed measures tonghop's
# work, not the host's reclaim; both sides of a comparison are warmed alike. Only a hint: it never stops a script.
warm() {
  local path
  for path in "$@"; do
    if [ -d "$path" ]; then
      find -L "$path" -type f -exec cat {} + >/dev/null 2>&1 || true
    elif [ -e "$path" ]; then
      cat "$path" >/dev/null 2>&1 || true
    fi
  done
}
