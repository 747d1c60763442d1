#!/usr/bin/env python3
"""The one table of scripts/quiet-round.sh: every open performance target, read from the harness reports of the round.

Usage: quiet-round-table.py OUT_DIR [LABEL_A LABEL_B]. Reads OUT_DIR/{main,sale,wrk,ab,metrics3}.md and load-average.txt.
"""
import re
import sys
from pathlib import Path

out = Path(sys.argv[1])
label_a = sys.argv[2] if len(sys.argv) > 2 else "A"
label_b = sys.argv[3] if len(sys.argv) > 3 else "B"


def read(name):
    path = out / name
    return path.read_text() if path.exists() else ""


def findings(text, section):
    return [m.group(1) for m in re.finditer(r"^- \*\*" + re.escape(section) + r"\*\*: (.*)$", text, re.M)]


def raw_ratios(text, pass_name):
    """The paired ratios of a raw pass: the repeated table's median, else the single judged pass's ratio."""
    rep = re.search(r"^\| raw \| " + re.escape(pass_name) + r" \| ([0-9.]+)x \| ([^|]*) \|", text, re.M)
    if rep:
        return float(rep.group(1)), rep.group(2).strip()
    one = re.search(r"^\| raw \| " + re.escape(pass_name) + r"(?: #1)? \|(?:[^|]*\|){8} ([0-9.]+)x of", text, re.M)
    return (float(one.group(1)), "one pass") if one else (None, "not measured")


def verdict(value, target, at_most=False):
    if value is None:
        return "not measured"
    met = value <= target if at_most else value >= target
    return "met" if met else "NOT met"


main, sale, wrk, ab = read("main.md"), read("sale.md"), read("wrk.md"), read("ab.md")
metrics3 = read("metrics3.md")
rows = []
for name, pass_name, ceiling, t14, t20 in [
        ("status poll", "status poll (WAITING tokens)", "1 Redis round trip", 0.70, 1.5),
        ("join (new user each)", "join (new place)", "1 Redis round trip", None, 0.8),
        ("holds (distinct seats)", "holds (distinct seats)", "1 PostgreSQL round trip", 0.5, 1.0),
        ("payments", "payments", "1 PostgreSQL round trip", 0.25, 0.5)]:
    value, spread = raw_ratios(main, pass_name)
    shown = "-" if value is None else f"{value:.2f}x"
    rows.append((f"{name} / {ceiling} (closed loop, median of paired rounds: {spread})", shown,
                 "-" if t14 is None else f">= {t14}x: {verdict(value, t14)}", f">= {t20}x: {verdict(value, t20)}"))

for line in findings(main, "open-loop"):
    m = re.match(r"(\S[^:]*): closed-loop max.*p99 ([0-9.]+) ms,.*target p99 <= ([0-9]+) ms: (NOT met|not met|met)", line)
    if m:
        rows.append((f"open loop, {m.group(1)}: p99 from the scheduled send time", f"{float(m.group(2)):.1f} ms", "-",
                     f"<= {m.group(3)} ms: {m.group(4)}"))

sold = [l for l in findings(sale, "sale") if l.startswith(("SOLD OUT", "NOT sold out"))]
fives = [l for l in findings(sale, "sale") if l.startswith("5xx other than 503")]
invariants = [l for l in findings(sale, "sale") if l.startswith("invariants:")]
plan = [l for l in findings(sale, "sale") if l.startswith("plan:")]
if sold:
    m = re.search(r"([0-9.]+)x of the bound", sold[0])
    rows.append(("sale opening: sold out / admission-rate bound" + (f" ({plan[0][6:60]}...)" if plan else ""),
                 f"{m.group(1)}x" if m else sold[0][:60], "-",
                 "<= 1.10x: " + ("met" if m and float(m.group(1)) <= 1.10 else "NOT met")))
    rows.append(("sale opening: 5xx other than 503; invariants", (fives[0].split(":")[1].split("—")[0].strip() if fives else "?")
                 + "; " + (invariants[0].split(":", 1)[1].strip() if invariants else "?"), "-",
                 "0; all hold: " + ("met" if fives and fives[0].endswith("met") and not fives[0].endswith("NOT met")
                                    and invariants and "all hold" in invariants[0] else "NOT met")))
else:
    rows.append(("sale opening", "not run", "-", "-"))

for line in findings(wrk, "wrk"):
    m = re.search(r"median ([0-9.]+)x of (\d+) rounds", line)
    if m:
        value = float(m.group(1))
        rows.append((f"status poll / 1 Redis round trip by wrk (cross-check, {m.group(2)} rounds)", f"{value:.2f}x",
                     f">= 0.70x: {verdict(value, 0.70)}", f">= 1.5x: {verdict(value, 1.5)}"))

for line in findings(ab, "A/B"):
    m = re.match(r"([^:]+): .*throughput, median of (\d+) rounds ([0-9.]+).*?(?:CPU per request [^,]*, median ([0-9.]+))?", line)
    if m:
        path, rounds, through = m.group(1), m.group(2), float(m.group(3))
        cpu = re.search(r"CPU per request .*? median ([0-9.]+)", line)
        # A = metrics on, B = metrics off: the cost is what A loses against B
        cost_through = 1 / through - 1 if through else float("nan")
        text = f"throughput {label_a} / {label_b} {1 / through:.3f}"
        cost = cost_through
        if cpu:
            cpu_ratio = float(cpu.group(1))
            cost = 1 / cpu_ratio - 1
            text += f"; CPU/request {label_a} / {label_b} {1 / cpu_ratio:.3f}"
        rows.append((f"{label_a} against {label_b}, {path} ({rounds} ABBA rounds; cost from CPU per request when known)",
                     text, "-", f"cost <= 5%: {'met' if cost <= 0.05 else 'NOT met'} ({cost * 100:+.1f}%)"))

# the concurrent A/B with a control instance: A, B and A' served at once (docs/performance.md, "The quiet round")
for line in findings(metrics3, "A/B with control"):
    path = line.split(":", 1)[0]
    m = re.search(r"median of (\d+) rounds\) ([+-]?[0-9.]+) % .*?their mean ([0-9.]+) % .*cost <= (\d+) %: (.+)$", line)
    if m:
        rounds, cost, noise, limit, judged = m.group(1), float(m.group(2)), float(m.group(3)), m.group(4), m.group(5)
        rows.append((f"{label_a} against {label_b}, {path}: app CPU per request, {label_a} twice and {label_b} served at once"
                     f" ({rounds} rounds; cost = mean of the two {label_a} against {label_b}; noise floor = how far the two"
                     f" {label_a} differ)", f"{cost:+.1f}% (noise floor {noise:.1f}%)", "-", f"cost <= {limit}%: {judged}"))
    else:
        rows.append((f"{label_a} against {label_b}, {path} (served at once, with control)", "no CPU per request", "-",
                     "cost <= 5%: not measured"))

loads = [float(m.group(1)) for m in re.finditer(r"load ([0-9.]+) ", read("load-average.txt"))]
if loads and max(loads) > 2.5:
    print(f"**NOT A QUIET MACHINE**: 1-minute load average up to {max(loads):.1f} on 2 cores during the round; "
          "these figures judge nothing.")
    print()
state = re.search(r"^raw rounds: (.*?)\s*$", main, re.M)
if state:
    print(f"Raw rounds: {state.group(1)}")
    print()
print("| target | measured | #14 (auth on) | #20 / #18 |")
print("|---|---|---|---|")
for row in rows:
    print("| " + " | ".join(row) + " |")
print()
print("Load average (1, 5, 15 min) before and after each round:")
print()
print("```")
print(read("load-average.txt").rstrip())
print("```")
