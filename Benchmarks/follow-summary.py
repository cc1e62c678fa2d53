"""Medians of `asyncdemo-bench follow --json` runs read from stdin, one JSON object a line."""
import json
import statistics
import sys

rows = [json.loads(line) for line in sys.stdin if line.strip()]
m = {key: statistics.median(r[key] for r in rows) for key in rows[0] if key != "workload"}
print(f"runs: {len(rows)} (medians)")
print(f"asyncdemo follower:  {m['ops_per_sec'] / 1e6:.2f} M lines/s, peak RSS {m['peak_rss_bytes'] / 2**20:.1f} MiB, "
      f"idle CPU {m['idle_cpu_percent']:.3f} % of a core")
print(f"GNU tail -F | count: {m['gnu_lines_per_s'] / 1e6:.2f} M lines/s, peak RSS {m['gnu_peak_rss_mib']:.1f} MiB")
print(f"ratio (ours / GNU):  {m['ratio_vs_gnu']:.2f}")
