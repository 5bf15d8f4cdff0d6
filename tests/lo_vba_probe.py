"""Open a workbook in headless LibreOffice and print its VBA modules and button bindings as JSON.

Run with a Python that has LibreOffice's UNO bridge (Debian: python3-uno, i.e. /usr/bin/python3),
not the project's virtual environment:

    /usr/bin/python3 tests/lo_vba_probe.py xlsx_templates/tong_hop_phuong.xlsm

LibreOffice imports the VBA project of an .xlsm into a Basic library (the modules' source
text) and the Form-control buttons as form controls whose "execute" event is bound to a
macro. Printing both shows how a second, independent implementation reads the file.
Uses its own throw-away LibreOffice profile, so it can run next to other soffice processes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]


def _prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def _connect(pipe: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> object:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + timeout
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.25)


def probe(path: Path) -> dict[str, object]:
    profile = Path(tempfile.mkdtemp(prefix="lo-probe-"))
    pipe = f"wardstats_probe_{os.getpid()}"
    soffice = shutil.which("soffice") or "soffice"
    proc = subprocess.Popen(
        [
            soffice,
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            f"-env:UserInstallation={profile.as_uri()}",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ctx = _connect(pipe, proc)
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(
            path.resolve().as_uri(), "_blank", 0, (_prop("Hidden", True), _prop("ReadOnly", True))
        )
        try:
            modules: dict[str, dict[str, str]] = {}
            libraries = doc.BasicLibraries
            for lib_name in libraries.getElementNames():
                libraries.loadLibrary(lib_name)
                lib = libraries.getByName(lib_name)
                modules[lib_name] = {m: lib.getByName(m) for m in lib.getElementNames()}
            buttons = []
            sheets = doc.Sheets
            for sheet_name in sheets.getElementNames():
                forms = sheets.getByName(sheet_name).DrawPage.Forms
                for f in range(forms.getCount()):
                    form = forms.getByIndex(f)
                    for i in range(form.getCount()):
                        control = form.getByIndex(i)
                        events = [
                            {
                                "listener": e.ListenerType,
                                "method": e.EventMethod,
                                "type": e.ScriptType,
                                "code": e.ScriptCode,
                            }
                            for e in form.getScriptEvents(i)
                        ]
                        buttons.append(
                            {
                                "sheet": sheet_name,
                                "label": getattr(control, "Label", None),
                                "events": events,
                            }
                        )
            return {"sheets": list(sheets.getElementNames()), "modules": modules, "buttons": buttons}
        finally:
            doc.close(True)
    finally:
        try:
            desktop.terminate()  # type: ignore[possibly-undefined]
        except Exception:  # noqa: BLE001 - soffice may already be gone
            pass
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    json.dump(probe(Path(sys.argv[1])), sys.stdout, ensure_ascii=False, indent=1)
