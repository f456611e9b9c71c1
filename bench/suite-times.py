#!/usr/bin/env python3
"""How long the test suite took, from the reports a `mvn -B verify` left in <module>/target/{surefire,failsafe}-reports.

Per module and tier: the wall window (first report's start to last report's end, from the files' times and the
class times), the sum of class times (greater than the window where classes ran in parallel forks), and the
slowest classes. Run after a build, from the repository root:  python3 bench/suite-times.py [top-N]
"""
import glob
import os
import re
import sys

top = int(sys.argv[1]) if len(sys.argv) > 1 else 15
root = os.getcwd()
classes = []
print(f"{'module':<14}{'tier':<10}{'classes':>8}{'tests':>7}{'wall s':>9}{'sum s':>9}")
for module in ["api", "loadfile-api", "runner-image", "test-cluster", "operator"]:
    for tier in ["surefire", "failsafe"]:
        reports = glob.glob(os.path.join(root, module, "target", tier + "-reports", "TEST-*.xml"))
        if not reports:
            continue
        starts, ends, total, tests = [], [], 0.0, 0
        for report in reports:
            with open(report, encoding="utf-8") as f:
                head = f.read(4096)
            suite = re.search(r"<testsuite [^>]*", head).group(0)
            seconds = float(re.search(r' time="([^"]*)"', suite).group(1).replace(",", ""))
            tests += int(re.search(r' tests="([^"]*)"', suite).group(1))
            end = os.path.getmtime(report)  # written when the class finished
            starts.append(end - seconds)
            ends.append(end)
            total += seconds
            name = os.path.basename(report)[len("TEST-"):-len(".xml")]
            classes.append((seconds, module, name.rsplit(".", 1)[-1]))
        print(f"{module:<14}{tier:<10}{len(reports):>8}{tests:>7}{max(ends) - min(starts):>9.0f}{total:>9.0f}")
print(f"\nslowest {top} classes:")
for seconds, module, name in sorted(classes, reverse=True)[:top]:
    print(f"{seconds:>8.1f} s  {module}/{name}")
print(f"\nload average now: {open('/proc/loadavg').read().split()[:3]}")
