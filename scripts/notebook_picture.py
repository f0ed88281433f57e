"""Redraw docs/notebook-check.png, the README's picture of grader.check's inline report.

    .venv/bin/python scripts/notebook_picture.py [OUTPUT.png]

Needs the notebook extra (nbclient, ipykernel) and a Chromium on PATH (`chromium` or
`chromium-browser`; not a dependency of the grader). It writes a starter notebook with
`grader start --notebook`, fills in an answer that is almost right (prefetch with a fixed buffer),
runs it in a real IPython kernel with nbclient, takes the HTML that the last cell's
`grader.check(...)` displayed, puts it under that cell's code in a page styled like JupyterLab's
rendered HTML (its "left out" list opened), and screenshots the page with headless Chromium,
cropped to the page's content.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpec
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
EXERCISE = "prefetch-basics"
ANSWER = '''import tensorflow as tf

def add_prefetch(ds):
    return ds.prefetch(1)

%time batches = list(add_prefetch(tf.data.Dataset.range(8).batch(2)))
print(batches)'''
WIDTH, SCALE = 900, 1.5  # CSS pixels, device pixels per CSS pixel (sharp when shown smaller)
# JupyterLab's rules for tables in rendered HTML output (jp-RenderedHTMLCommon), light theme.
STYLE = """
body { margin: 0; padding: 16px 20px; background: #fff; color: rgba(0,0,0,.87);
       font: 13px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; }
.cell { display: flex; gap: 8px; }
.prompt { width: 64px; flex: none; text-align: right; color: #307fc1; font: 13px/1.4 monospace; padding-top: 5px; }
.prompt.out { color: transparent; }
.code { flex: 1; background: #f5f5f5; border: 1px solid #e0e0e0; padding: 5px 8px; font: 13px/1.4 monospace;
        white-space: pre; }
.output { flex: 1; padding-top: 8px; }
table { border-collapse: collapse; border-spacing: 0; border: none; font-size: 12px; table-layout: fixed; }
td, th, tr { text-align: right; vertical-align: middle; padding: .5em; line-height: normal; border: none; }
th { font-weight: bold; }
tr:nth-child(odd) { background: #fff; }
tr:nth-child(even) { background: #f5f5f5; }
code { background: #eee; padding: 1px 3px; font-size: 12px; }
summary { cursor: pointer; margin: 8px 0; }
"""


def inline_report(folder: Path) -> str:
    """The text/html that grader.check displays, from a real kernel running a starter notebook."""
    subprocess.run([sys.executable, "-m", "grader", "start", EXERCISE, "--notebook", str(folder)],
                   check=True, cwd=ROOT, capture_output=True)
    path = folder / "exercise.ipynb"
    notebook = nbformat.read(str(path), as_version=4)
    notebook.cells[1].source = f"# exercise: {EXERCISE}\n{ANSWER}"
    nbformat.write(notebook, str(path))
    spec = KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                      display_name="grader", language="python", env={"PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"})

    class ThisInterpreter(KernelManager):  # this checkout's grader, whatever kernels the machine has
        @property
        def kernel_spec(self):
            return spec

    NotebookClient(notebook, timeout=600, kernel_manager_class=ThisInterpreter,
                   resources={"metadata": {"path": str(folder)}}).execute()
    last = notebook.cells[-1]
    found = [o["data"]["text/html"] for o in last.outputs if "text/html" in o.get("data", {})]
    if not found:
        sys.exit(f"the grading cell showed no HTML: {last.outputs}")
    return page(last.source, last.execution_count, found[0])


def page(code: str, count: int, report: str) -> str:
    return (f"<!doctype html><html><head><meta charset='utf-8'><style>{STYLE}</style></head><body>"
            f"<div class='cell'><div class='prompt'>[{count}]:</div><div class='code'>{html.escape(code)}</div></div>"
            f"<div class='cell'><div class='prompt out'>[{count}]:</div><div class='output'>{report}</div></div>"
            "<script>document.querySelectorAll('details').forEach(d => d.open = true);"  # as if clicked open
            "document.title = 'height=' + Math.ceil(document.querySelector('.output').getBoundingClientRect().bottom"
            " + 16);</script></body></html>")


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return name
    sys.exit("no Chromium on PATH (apt-get install chromium)")


def screenshot(source: Path, output: Path) -> None:
    """Two runs: one reads the content's height (the page's script puts it in the title), one shoots
    a window of that height."""
    browser = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               f"--force-device-scale-factor={SCALE}", f"--window-size={WIDTH},800"]
    dom = subprocess.run(browser + ["--dump-dom", source.as_uri()], check=True, capture_output=True, text=True)
    height = int(re.search(r"<title>height=(\d+)</title>", dom.stdout).group(1))
    subprocess.run(browser[:-1] + [f"--window-size={WIDTH},{height}", f"--screenshot={output}", source.as_uri()],
                   check=True, capture_output=True)


def main() -> None:
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "notebook-check.png"
    with tempfile.TemporaryDirectory(prefix="grader-picture-") as folder:
        source = Path(folder) / "report.html"
        source.write_text(inline_report(Path(folder)), encoding="utf-8")
        screenshot(source, output.resolve())
    print(f"{output}: {output.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
