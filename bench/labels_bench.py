"""Label printing benchmark: labels/s and peak memory for A4 3×7 sheets.

    python bench/labels_bench.py            # 1,000 and 10,000 labels

Each measurement runs in its own child process, so peak memory (ru_maxrss) belongs to that run
alone; an idle child (imports only) is measured too, for reference. The PDF goes to a temporary
file, as it would go to an HTTP response. Three ways are compared:

* toolkit, stored matrices — the app's path: each label's QrMatrix is loaded from its stored bytes
  (``QrMatrix.from_bytes``, timed) and drawn by ``labels.render.render_labels``;
* toolkit, fresh matrices  — the same renderer computing every matrix (``make_qr_matrix``);
* bare reference           — a straightforward implementation: ``qrcode.QRCode(...).make(fit=True)``
  per label and one reportlab rectangle per dark module, the same three text lines, no fitting.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

AGENCY = "深圳市市场监督管理局南山监管局"
CASE = "深市监稽罚〔2024〕123号"
DESCRIPTIONS = ("假冒“某某牌”农药（含毒死蜱）", "仿冒运动鞋 42码 黑色", "当事人王喆的手机", "假冒化妆品")
MODES = ("idle", "stored", "fresh", "reference")


def codes(count: int) -> list[str]:
    from labels.codes import make_item_code

    return [make_item_code(type_letter="S", division_code="440305", serial=i + 1) for i in range(count)]


def run_toolkit(count: int, out, stored: bool) -> float:
    from labels.qr import QrMatrix, make_qr_matrix
    from labels.render import LabelData, render_labels

    # What the database holds: the matrix bytes next to each item (computed before timing).
    stored_bytes = {code: make_qr_matrix(code).to_bytes() for code in codes(count)} if stored else {}
    started = time.perf_counter()

    def labels():
        for index, code in enumerate(codes(count)):
            yield LabelData(
                code=code, qr_payload=code,
                qr_matrix=QrMatrix.from_bytes(stored_bytes[code]) if stored else None,
                case_number=CASE, description=DESCRIPTIONS[index % 4], hazardous=index % 7 == 0,
                hazard_text="有毒 toxic", agency_name=AGENCY,
            )

    render_labels(labels(), out, layout="a4-3x7")
    return started


def run_reference(count: int, out) -> float:
    import qrcode
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from labels.fonts import load_cjk_font
    from labels.layouts import get_layout

    layout = get_layout("a4-3x7")
    font = load_cjk_font().name
    started = time.perf_counter()
    canvas = Canvas(out, pagesize=layout.page_size)
    side = 30 * mm
    for index, code in enumerate(codes(count)):
        slot = index % layout.slots + 1
        if slot == 1 and index:
            canvas.showPage()
        x, y = layout.slot_origin(slot)
        symbol = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=4)
        symbol.add_data(code)
        symbol.make(fit=True)
        matrix = symbol.get_matrix()
        module = side / len(matrix)
        path = canvas.beginPath()
        for row, cells in enumerate(matrix):
            for col, dark in enumerate(cells):
                if dark:
                    path.rect(x + 2 + col * module, y + 20 + side - (row + 1) * module, module, module)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.setFont("Helvetica-Bold", 12)
        canvas.drawString(x + 4, y + 6, code)
        canvas.setFont(font, 7)
        canvas.drawString(x + side + 6, y + 90, CASE)
        canvas.drawString(x + side + 6, y + 80, DESCRIPTIONS[index % 4])
        canvas.drawString(x + side + 6, y + 24, AGENCY)
    canvas.save()
    return started


def child(mode: str, count: int) -> None:
    import labels.render  # noqa: F401  (imports count towards the idle baseline too)

    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        if mode == "stored":
            started = run_toolkit(count, out, stored=True)
        elif mode == "fresh":
            started = run_toolkit(count, out, stored=False)
        elif mode == "reference":
            started = run_reference(count, out)
        seconds = time.perf_counter() - started
        size = out.tell()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mib": peak_kib / 1024, "pdf_kib": size / 1024}))


def measure(mode: str, count: int) -> dict:
    result = subprocess.run([sys.executable, __file__, "--child", mode, str(count)],
                            capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(result.stdout.strip().splitlines()[-1])


def qr_matrix_timing(samples: int = 300) -> tuple[float, float]:
    import qrcode

    from labels.qr import make_qr_matrix

    payloads = codes(samples)
    started = time.perf_counter()
    for payload in payloads:
        make_qr_matrix(payload)
    fast = (time.perf_counter() - started) / samples
    started = time.perf_counter()
    for payload in payloads:
        symbol = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q)
        symbol.add_data(payload)
        symbol.make(fit=True)
    return fast * 1000, (time.perf_counter() - started) / samples * 1000


def main() -> None:
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; A4 3×7 (L7160); "
          "peak = max RSS of a child process running only that job")
    idle = measure("idle", 0)
    print(f"idle child (imports only): peak {idle['peak_mib']:.0f} MiB")
    fast_ms, qrcode_ms = qr_matrix_timing()
    print(f"QR matrix per bare code: make_qr_matrix {fast_ms:.2f} ms, "
          f"qrcode make(fit=True) {qrcode_ms:.2f} ms ({qrcode_ms / fast_ms:.1f}×)")
    print(f"{'labels':>7} {'way':<26} {'seconds':>8} {'labels/s':>9} {'peak MiB':>9} {'PDF KiB':>8}")
    for count in (1_000, 10_000):
        rates = {}
        for mode, title in (("stored", "toolkit, stored matrices"), ("fresh", "toolkit, fresh matrices"),
                            ("reference", "bare reference")):
            figures = measure(mode, count)
            rates[mode] = count / figures["seconds"]
            print(f"{count:>7} {title:<26} {figures['seconds']:>8.2f} {rates[mode]:>9.0f} "
                  f"{figures['peak_mib']:>9.0f} {figures['pdf_kib']:>8.0f}")
        print(f"{count:>7} stored matrices vs reference: {rates['stored'] / rates['reference']:.1f}× faster")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]))
    else:
        main()
