-- Loaded into wrk with -s: at the end of a run, prints one line of JSON for the harness with the
-- request count, the error counts and wrk's own CPU time, read from /proc/self/stat (user and
-- system clock ticks of the whole wrk process). No request/response hooks: wrk keeps its fast path.
done = function(summary, latency, requests)
  local file = io.open("/proc/self/stat", "r")
  local stat = file:read("*a")
  file:close()
  -- Fields after the command name, which is in parentheses and may hold spaces: the first is
  -- field 3 (state), so utime (field 14) and stime (field 15) are the 12th and 13th.
  local fields = {}
  for value in stat:match("%) (.*)"):gmatch("%S+") do fields[#fields + 1] = value end
  local e = summary.errors
  io.write(string.format(
    'KEYWARD_WRK {"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"utimeTicks":%s,"stimeTicks":%s}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout, fields[12], fields[13]))
end
