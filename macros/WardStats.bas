Attribute VB_Name = "WardStats"
' Buttons of the consolidation workbook (tong_hop_phuong.xlsm).
' Each macro runs one entry point of the Python module toolkit.excel through xlwings'
' RunPython; all the work happens in Python. Keep this file ASCII-only.
Option Explicit

Sub TaoMau()
    RunPython "import toolkit.excel as e; e.make_templates()"
End Sub

Sub KiemTra()
    RunPython "import toolkit.excel as e; e.validate()"
End Sub

Sub TongHop()
    RunPython "import toolkit.excel as e; e.consolidate()"
End Sub
