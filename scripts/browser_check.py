#!/usr/bin/env python3
"""Loads a kpi-weights HTML report in headless Chromium and checks its layout.

Usage: browser_check.py REPORT.html --screenshots DIR [--chromium PATH]

For each of two layouts — the screen at 1280 px, and the print stylesheet at A4 width (186 mm of
printable width at 96 dpi = 703 px, the @media print rules applied to the screen) — it injects a
checking script into a copy of the page, lets Chromium lay it out (`--dump-dom` after load), and
reads back what the script found:

- elements whose right edge passes the page width (overflow);
- pairs of SVG text boxes that overlap (by their client rectangles, 0.5 px tolerance), and SVG
  text cut off by its chart's edge;
- charts (`svg`) without a title (`text.title`) or a legend (`g.legend`);
- resources the page loaded (`performance.getEntriesByType("resource")`): any is a network
  request, since the report must be self-contained;

and it writes a full-page screenshot of each layout into DIR. Prints one JSON object
{"layouts": {...}} and exits 0; the caller (the Swift test) decides what fails.
Standard library only.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

CHECK = r"""
<script>
window.addEventListener('load', () => {
  const width = document.documentElement.clientWidth;
  const problems = {overflow: [], overlaps: [], clipped: [], charts: [], requests: []};
  const describe = (el) => {
    const text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60);
    return el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined && el.className ? '.' + el.className : '') + (text ? ' "' + text + '"' : '');
  };
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 1) problems.overflow.push({element: describe(el), right: Math.round(r.right), width: width});
  }
  const svgs = Array.from(document.querySelectorAll('svg'));
  svgs.forEach((svg, index) => {
    const name = svg.getAttribute('aria-label') || ('chart ' + index);
    if (!svg.querySelector('text.title')) problems.charts.push({chart: name, missing: 'title'});
    if (!svg.querySelector('g.legend')) problems.charts.push({chart: name, missing: 'legend'});
    const frame = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (t.textContent.trim() !== '' && (r.left < frame.left - 1 || r.right > frame.right + 1 || r.top < frame.top - 1 || r.bottom > frame.bottom + 1)) {
        problems.clipped.push({chart: name, text: t.textContent.trim().slice(0, 60)});
      }
    }
    const boxes = Array.from(svg.querySelectorAll('text')).filter(t => t.textContent.trim() !== '').map(t => ({t: t.textContent.trim(), r: t.getBoundingClientRect()}));
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].r, b = boxes[j].r;
        const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (x > 0.5 && y > 0.5) problems.overlaps.push({chart: name, a: boxes[i].t, b: boxes[j].t, x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10});
      }
    }
  });
  for (const entry of performance.getEntriesByType('resource')) problems.requests.push(entry.name);
  problems.charts_checked = svgs.length;
  problems.width = width;
  const out = document.createElement('pre');
  out.id = 'kpi-weights-check';
  out.textContent = JSON.stringify(problems);
  document.body.appendChild(out);
});
</script>
"""

LAYOUTS = {"screen-1280": (1280, False), "print-a4": (703, True)}


def run(chromium, args, timeout=120):
    return subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars"] + args,
                          capture_output=True, text=True, timeout=timeout)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("report")
    parser.add_argument("--screenshots", required=True)
    parser.add_argument("--chromium", default=os.environ.get("KPI_WEIGHTS_CHROMIUM") or "chromium")
    args = parser.parse_args()
    page = open(args.report, encoding="utf-8").read()
    os.makedirs(args.screenshots, exist_ok=True)
    stem = os.path.splitext(os.path.basename(args.report))[0]
    result = {}
    with tempfile.TemporaryDirectory() as scratch:
        profile = "--user-data-dir=" + os.path.join(scratch, "profile")
        for name, (width, printing) in LAYOUTS.items():
            html = page
            if printing:
                # The print rules applied on screen at the printable width of A4.
                html = html.replace("@media print{", "@media all{").replace("@page{size:A4;margin:12mm}", "")
            checked = os.path.join(scratch, f"{stem}-{name}.html")
            with open(checked, "w", encoding="utf-8") as f:
                f.write(html.replace("</body>", CHECK + "</body>"))
            dom = run(args.chromium, [profile, f"--window-size={width},1000", "--virtual-time-budget=5000", "--dump-dom", "file://" + checked])
            match = re.search(r'<pre id="kpi-weights-check">(.*?)</pre>', dom.stdout, re.S)
            if not match:
                result[name] = {"error": "no check output", "status": dom.returncode, "stderr": dom.stderr[-2000:]}
                continue
            found = json.loads(match.group(1).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
            # A full-page screenshot for people to look at (the page's own markup, without the check).
            shot_html = os.path.join(scratch, f"{stem}-{name}-shot.html")
            with open(shot_html, "w", encoding="utf-8") as f:
                f.write(html)
            shot = os.path.join(args.screenshots, f"{stem}-{name}.png")
            height = 12000
            run(args.chromium, [profile, f"--window-size={width},{height}", "--screenshot=" + shot, "file://" + shot_html])
            found["screenshot"] = shot if os.path.exists(shot) else None
            result[name] = found
    json.dump({"layouts": result}, sys.stdout, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
