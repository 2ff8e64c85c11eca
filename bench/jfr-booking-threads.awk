# JFR execution samples of the threads the harness runs bookings on (pool-*): the innermost frame, and the
# innermost frame of our own code (kz.tapbot, not the harness), counted.
/^jdk.ExecutionSample/ { if (n) emit(); n = 1; top = ""; ours = ""; worker = 0; next }
/sampledThread = "pool-/ { worker = 1; next }
/stackTrace = \[/ { inside = 1; next }
inside && /^ *\]/ { inside = 0; next }
inside {
  line = $0; sub(/^ +/, "", line); sub(/ +line:.*/, "", line)
  if (top == "") top = line
  if (ours == "" && line ~ /^kz\.tapbot\./ && line !~ /Benchmark/) ours = line
  next
}
function emit() { if (worker) { tops[top]++; own[ours == "" ? "(none: framework or JDK only)" : ours]++; total++ } }
END {
  emit()
  print "  " total " samples on the booking threads"
  print "  innermost own frame:"
  for (k in own) print own[k] "\t" k | "sort -rn | head -n 12 | sed 's/^/    /'"
  close("sort -rn | head -n 12 | sed 's/^/    /'")
  print "  innermost frame:"
  for (k in tops) print tops[k] "\t" k | "sort -rn | head -n 12 | sed 's/^/    /'"
}
