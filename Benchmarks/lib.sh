# Helpers the benchmark scripts share (sourced, not run).

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.4f", b - a }'; }
best() { sort -n | head -1; }

# Reads the files a command is about to read (files, or every file under a folder) into the kernel's page cache. This
# machine's kernel pages out what has not been touched for a few seconds (DAMON's `pageout` scheme, on), so a command
# run after another found part of its input on disk: a synthesis of the 651 MB history took 260–347 ms with the file
# put out of the cache against 180–229 ms with it read just before (three runs each, in turns). Warming each command's
# inputs and binary before it is timed measures tonghop's work, as a server that runs it every day would see it, not
# the host's reclaim; both sides of a comparison are warmed alike.
warm() {
  local path
  for path in "$@"; do
    if [ -d "$path" ]; then
      find "$path" -type f -exec cat {} + >/dev/null
    elif [ -e "$path" ]; then
      cat "$path" >/dev/null
    fi
  done
}
