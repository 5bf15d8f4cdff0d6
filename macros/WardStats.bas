Attribute VB_Name = "WardStats"
' Buttons of the consolidation workbook (tong_hop_phuong.xlsm).
'
' Each macro runs one entry point of the Python module toolkit.excel through xlwings'
' RunPython; all the work happens in Python. Before that, it checks what must hold for
' Python to start at all, and says in Vietnamese which setting to fix when it does not:
' WScript.Shell can be created (xlwings starts Python through it), the interpreter written
' in the xlwings.conf sheet (Interpreter_Win) exists, is ASCII (xlwings tests it with VBA's
' ANSI file functions) and has ward-stats installed, and the TEMP DIR folder xlwings writes
' its error log to is ASCII and exists. The checks go through WScript.Shell and
' Scripting.FileSystemObject, which xlwings needs anyway and which handle any character, so
' a path under C:\Users\<Vietnamese name> is seen as it is. Any VBA runtime error ends in a
' Vietnamese message with its number, never in the Debug prompt. Messages go to a dialog
' and to the status cell of the control sheet, as Python's own messages do.
'
' Keep this file ASCII-only (the VBA editor reads modules in the system code page):
' Vietnamese text is written with \uXXXX escapes (and \n for a line break) that Vn() turns
' into characters with ChrW. tests/test_vba.py decodes the same constants.
Option Explicit

Private Const CONFIG_SHEET As String = "xlwings.conf"
Private Const STATUS_NAME As String = "Status"
Private Const ERROR_COLOR As Long = 13551615  ' RGB(255, 199, 206), as toolkit.excel.book.ERROR_COLOR
Private Const POPUP_WARNING As Long = 48
' VBA's MsgBox cannot show Vietnamese letters; it is used only when WScript.Shell is blocked.
Private Const MSG_SEE_STATUS As String = "Nut bam chua chay duoc. Xem ly do trong o Trang thai (sheet Dieu khien), hoac dung tep {cmd}."

' The button captions (as in toolkit.excel.book.BUTTONS).
Private Const CAPTION_TAO_MAU As String = "T\u1EA1o m\u1EABu"
Private Const CAPTION_KIEM_TRA As String = "Ki\u1EC3m tra"
Private Const CAPTION_TONG_HOP As String = "T\u1ED5ng h\u1EE3p"
Private Const CAPTION_DANH_SACH As String = "Danh s\u00E1ch"
Private Const CAPTION_NANG_CAP As String = "N\u00E2ng c\u1EA5p"
' Dialog title: the button {button} could not run.
Private Const MSG_TITLE As String = "N\u00FAt \u201C{button}\u201D ch\u01B0a ch\u1EA1y \u0111\u01B0\u1EE3c"
' The word the status cell starts with after a failure (as toolkit.excel.failsafe.FAILED).
Private Const MSG_FAILED As String = "KH\u00D4NG TH\u00C0NH C\u00D4NG."
' WScript.Shell is blocked by policy: ask IT, or use the .cmd launcher {cmd}.
Private Const MSG_SHELL As String = "M\u00E1y t\u00EDnh n\u00E0y ch\u1EB7n WScript.Shell (ch\u00EDnh s\u00E1ch b\u1EA3o m\u1EADt), n\u00EAn Excel kh\u00F4ng kh\u1EDFi \u0111\u1ED9ng \u0111\u01B0\u1EE3c ch\u01B0\u01A1ng tr\u00ECnh Python c\u1EE7a c\u00E1c n\u00FAt b\u1EA5m.\n\nC\u00E1ch s\u1EEDa: nh\u1EDD b\u1ED9 ph\u1EADn tin h\u1ECDc cho ph\u00E9p WScript.Shell, ho\u1EB7c d\u00F9ng t\u1EC7p {cmd} trong th\u01B0 m\u1EE5c c\u00E0i \u0111\u1EB7t (kh\u00F4ng c\u1EA7n macro)."
' Interpreter_Win holds non-ASCII characters ({path}): run cai_dat.cmd, use C:\WardStats.
Private Const MSG_PATH_NOT_ASCII As String = "\u0110\u01B0\u1EDDng d\u1EABn Python \u1EDF \u00F4 Interpreter_Win (sheet \u201Cxlwings.conf\u201D) c\u00F3 ch\u1EEF c\u00F3 d\u1EA5u:\n{path}\n\nxlwings kh\u00F4ng m\u1EDF \u0111\u01B0\u1EE3c \u0111\u01B0\u1EDDng d\u1EABn nh\u01B0 v\u1EADy. C\u00E1ch s\u1EEDa: ch\u1EA1y cai_dat.cmd c\u1EE7a b\u1ED9 c\u00E0i \u0111\u1EB7t (c\u00E0i v\u00E0o C:\WardStats) r\u1ED3i ghi v\u00E0o \u00F4 Interpreter_Win:\nC:\WardStats\venv\Scripts\python.exe"
' No python.exe at Interpreter_Win ({path}): run cai_dat.cmd or fix the cell.
Private Const MSG_NO_PYTHON As String = "Kh\u00F4ng t\u00ECm th\u1EA5y ch\u01B0\u01A1ng tr\u00ECnh Python \u1EDF \u0111\u01B0\u1EDDng d\u1EABn ghi t\u1EA1i \u00F4 Interpreter_Win (sheet \u201Cxlwings.conf\u201D):\n{path}\n\nC\u00E1ch s\u1EEDa: ch\u1EA1y cai_dat.cmd c\u1EE7a b\u1ED9 c\u00E0i \u0111\u1EB7t, ho\u1EB7c s\u1EEDa \u00F4 Interpreter_Win th\u00E0nh \u0111\u01B0\u1EDDng d\u1EABn \u0111\u1EA7y \u0111\u1EE7 t\u1EDBi python.exe c\u1EE7a m\u00F4i tr\u01B0\u1EDDng \u0111\u00E3 c\u00E0i ward-stats (th\u01B0\u1EDDng l\u00E0 C:\WardStats\venv\Scripts\python.exe)."
' The Python at Interpreter_Win ({path}) has no ward-stats: run cai_dat.cmd or fix the cell.
Private Const MSG_NOT_INSTALLED As String = "Python \u1EDF \u0111\u01B0\u1EDDng d\u1EABn ghi t\u1EA1i \u00F4 Interpreter_Win (sheet \u201Cxlwings.conf\u201D) ch\u01B0a c\u00E0i ward-stats:\n{path}\n\nC\u00E1ch s\u1EEDa: ch\u1EA1y cai_dat.cmd c\u1EE7a b\u1ED9 c\u00E0i \u0111\u1EB7t, ho\u1EB7c s\u1EEDa \u00F4 Interpreter_Win th\u00E0nh python.exe c\u1EE7a m\u00F4i tr\u01B0\u1EDDng \u0111\u00E3 c\u00E0i ward-stats."
' The temporary folder ({path}) is not ASCII: write an ASCII folder into TEMP DIR.
Private Const MSG_TEMP_NOT_ASCII As String = "Th\u01B0 m\u1EE5c t\u1EA1m c\u1EE7a xlwings c\u00F3 ch\u1EEF c\u00F3 d\u1EA5u, n\u00EAn xlwings kh\u00F4ng ghi \u0111\u01B0\u1EE3c th\u00F4ng b\u00E1o l\u1ED7i v\u00E0o \u0111\u00F3:\n{path}\n\nC\u00E1ch s\u1EEDa: ghi v\u00E0o \u00F4 TEMP DIR (sheet \u201Cxlwings.conf\u201D) m\u1ED9t th\u01B0 m\u1EE5c ch\u1EC9 c\u00F3 ch\u1EEF kh\u00F4ng d\u1EA5u, v\u00ED d\u1EE5 C:\WardStats\tmp."
' TEMP DIR ({path}) cannot be created: run cai_dat.cmd or name a writable folder.
Private Const MSG_TEMP_MISSING As String = "Kh\u00F4ng t\u1EA1o \u0111\u01B0\u1EE3c th\u01B0 m\u1EE5c t\u1EA1m ghi \u1EDF \u00F4 TEMP DIR (sheet \u201Cxlwings.conf\u201D):\n{path}\n\nC\u00E1ch s\u1EEDa: ch\u1EA1y cai_dat.cmd c\u1EE7a b\u1ED9 c\u00E0i \u0111\u1EB7t, ho\u1EB7c ghi v\u00E0o \u00F4 TEMP DIR m\u1ED9t th\u01B0 m\u1EE5c c\u00F3 s\u1EB5n m\u00E0 m\u00E1y cho ph\u00E9p ghi."
' Button {button} stopped on VBA error {number}: {description}; submissions untouched; use {cmd}.
Private Const MSG_RUNTIME As String = "N\u00FAt \u201C{button}\u201D d\u1EEBng v\u00EC l\u1ED7i VBA s\u1ED1 {number}: {description}\n\nC\u00E1c t\u1EC7p b\u00E0i n\u1ED9p kh\u00F4ng b\u1ECB thay \u0111\u1ED5i. H\u00E3y ch\u1EE5p m\u00E0n h\u00ECnh th\u00F4ng b\u00E1o n\u00E0y g\u1EEDi ng\u01B0\u1EDDi h\u1ED7 tr\u1EE3 k\u1EF9 thu\u1EADt; trong l\u00FAc ch\u1EDD, c\u00F3 th\u1EC3 d\u00F9ng t\u1EC7p {cmd} trong th\u01B0 m\u1EE5c c\u00E0i \u0111\u1EB7t (kh\u00F4ng c\u1EA7n macro)."

Sub TaoMau()
    On Error GoTo Failed
    If Not ReadyToRun(Vn(CAPTION_TAO_MAU), "Tao mau.cmd") Then Exit Sub
    RunPython "import toolkit.excel as e; e.make_templates()"
    Exit Sub
Failed:
    ShowRuntimeError Vn(CAPTION_TAO_MAU), "Tao mau.cmd", Err.Number, Err.Description
End Sub

Sub KiemTra()
    On Error GoTo Failed
    If Not ReadyToRun(Vn(CAPTION_KIEM_TRA), "Kiem tra.cmd") Then Exit Sub
    RunPython "import toolkit.excel as e; e.validate()"
    Exit Sub
Failed:
    ShowRuntimeError Vn(CAPTION_KIEM_TRA), "Kiem tra.cmd", Err.Number, Err.Description
End Sub

Sub TongHop()
    On Error GoTo Failed
    If Not ReadyToRun(Vn(CAPTION_TONG_HOP), "Tong hop.cmd") Then Exit Sub
    RunPython "import toolkit.excel as e; e.consolidate()"
    Exit Sub
Failed:
    ShowRuntimeError Vn(CAPTION_TONG_HOP), "Tong hop.cmd", Err.Number, Err.Description
End Sub

Sub DanhSach()
    On Error GoTo Failed
    If Not ReadyToRun(Vn(CAPTION_DANH_SACH), "Danh sach.cmd") Then Exit Sub
    RunPython "import toolkit.excel as e; e.make_lists()"
    Exit Sub
Failed:
    ShowRuntimeError Vn(CAPTION_DANH_SACH), "Danh sach.cmd", Err.Number, Err.Description
End Sub

Sub NangCap()
    On Error GoTo Failed
    If Not ReadyToRun(Vn(CAPTION_NANG_CAP), "Nang cap.cmd") Then Exit Sub
    RunPython "import toolkit.excel as e; e.upgrade()"
    Exit Sub
Failed:
    ShowRuntimeError Vn(CAPTION_NANG_CAP), "Nang cap.cmd", Err.Number, Err.Description
End Sub

' --- the checks before Python starts ----------------------------------------------------------

Private Function ReadyToRun(ByVal button As String, ByVal launcher As String) As Boolean
    ' True when xlwings can start Python; otherwise the clerk has been told what to fix.
    #If Mac Then
        ReadyToRun = True
    #Else
        Dim wsh As Object, files As Object, interpreter As String, tempDir As String, problem As String
        Set wsh = NewShell()
        If wsh Is Nothing Then
            Say Nothing, button, launcher, Replace(Vn(MSG_SHELL), "{cmd}", launcher)
            Exit Function
        End If
        Set files = CreateObject("Scripting.FileSystemObject")
        interpreter = ConfigValue("Interpreter_Win")
        ' Empty: xlwings falls back to its add-in or user settings; "python" and "pythonw":
        ' xlwings runs the one found on PATH. Neither is a path to check here.
        If Len(interpreter) > 0 And LCase$(interpreter) <> "python" And LCase$(interpreter) <> "pythonw" Then
            interpreter = wsh.ExpandEnvironmentStrings(interpreter)
            problem = InterpreterProblem(files, interpreter)
            If Len(problem) > 0 Then
                Say wsh, button, launcher, Replace(problem, "{path}", interpreter)
                Exit Function
            End If
        End If
        tempDir = ConfigValue("TEMP DIR")
        If Len(tempDir) = 0 Then tempDir = "%TEMP%"  ' what xlwings uses when the key is absent
        tempDir = wsh.ExpandEnvironmentStrings(tempDir)
        problem = TempDirProblem(files, tempDir)
        If Len(problem) > 0 Then
            Say wsh, button, launcher, Replace(problem, "{path}", tempDir)
            Exit Function
        End If
        ReadyToRun = True
    #End If
End Function

Private Function InterpreterProblem(ByVal files As Object, ByVal interpreter As String) As String
    ' The message for what is wrong with the interpreter path, or "" when it will do.
    If Not IsAscii(interpreter) Then
        InterpreterProblem = Vn(MSG_PATH_NOT_ASCII)
    ElseIf Not files.FileExists(interpreter) Then
        InterpreterProblem = Vn(MSG_NO_PYTHON)
    ElseIf Not WardStatsInstalled(files, interpreter) Then
        InterpreterProblem = Vn(MSG_NOT_INSTALLED)
    End If
End Function

Private Function WardStatsInstalled(ByVal files As Object, ByVal interpreter As String) As Boolean
    ' pip records ward-stats as Lib\site-packages\ward_stats-<version>.dist-info: beside
    ' Scripts\ in a virtual environment, beside python.exe in a plain installation. Set-ups
    ' that find the package otherwise (PYTHONPATH, conda) are not second-guessed.
    Dim folder As String
    If Len(ConfigValue("PYTHONPATH")) > 0 Or Len(ConfigValue("Conda Path")) > 0 Then
        WardStatsInstalled = True
        Exit Function
    End If
    folder = files.GetParentFolderName(interpreter)
    WardStatsInstalled = HasDistribution(files, files.GetParentFolderName(folder) & "\Lib\site-packages") _
        Or HasDistribution(files, folder & "\Lib\site-packages")
End Function

Private Function HasDistribution(ByVal files As Object, ByVal sitePackages As String) As Boolean
    Dim subFolder As Object
    If Not files.FolderExists(sitePackages) Then Exit Function
    For Each subFolder In files.GetFolder(sitePackages).SubFolders
        If LCase$(subFolder.Name) Like "ward_stats-*.dist-info" Then
            HasDistribution = True
            Exit Function
        End If
    Next subFolder
End Function

Private Function TempDirProblem(ByVal files As Object, ByVal tempDir As String) As String
    ' xlwings redirects Python's error output into this folder with cmd.exe; it must exist.
    If Not IsAscii(tempDir) Then
        TempDirProblem = Vn(MSG_TEMP_NOT_ASCII)
        Exit Function
    End If
    If Not files.FolderExists(tempDir) Then
        On Error Resume Next  ' e.g. its parent folder is missing too: reported just below
        files.CreateFolder tempDir
        On Error GoTo 0
    End If
    If Not files.FolderExists(tempDir) Then TempDirProblem = Vn(MSG_TEMP_MISSING)
End Function

Private Function ConfigValue(ByVal key As String) As String
    ' The value xlwings reads for key: column A of the xlwings.conf sheet from A1 down to
    ' the first blank cell (keys without regard to case), the value in column B.
    Dim sht As Object, r As Long
    On Error Resume Next
    Set sht = ThisWorkbook.Worksheets(CONFIG_SHEET)
    On Error GoTo 0
    If sht Is Nothing Then Exit Function
    r = 1
    Do While Len(CStr(sht.Cells(r, 1).Value)) > 0
        If UCase$(CStr(sht.Cells(r, 1).Value)) = UCase$(key) Then
            ConfigValue = Trim$(CStr(sht.Cells(r, 2).Value))
            Exit Function
        End If
        r = r + 1
    Loop
End Function

Private Function NewShell() As Object
    ' WScript.Shell, or Nothing where a policy blocks it.
    On Error Resume Next
    Set NewShell = CreateObject("WScript.Shell")
End Function

' --- text --------------------------------------------------------------------------------------

Private Function IsAscii(ByVal source As String) As Boolean
    ' Printable ASCII only (AscW is negative above &H7FFF).
    Dim i As Long, code As Long
    For i = 1 To Len(source)
        code = AscW(Mid$(source, i, 1))
        If code < 32 Or code > 126 Then Exit Function
    Next i
    IsAscii = True
End Function

Private Function Vn(ByVal source As String) As String
    ' Decode the escapes of this module: \uXXXX -> ChrW(&HXXXX), \n -> a line break.
    Dim i As Long, result As String
    i = InStr(1, source, "\")
    Do While i > 0
        result = result & Left$(source, i - 1)
        If Mid$(source, i + 1, 1) = "u" Then
            result = result & ChrW(CLng("&H" & Mid$(source, i + 2, 4)))
            source = Mid$(source, i + 6)
        ElseIf Mid$(source, i + 1, 1) = "n" Then
            result = result & vbCrLf
            source = Mid$(source, i + 2)
        Else
            result = result & "\"
            source = Mid$(source, i + 1)
        End If
        i = InStr(1, source, "\")
    Loop
    Vn = result & source
End Function

' --- telling the clerk ------------------------------------------------------------------------

Private Sub Say(ByVal wsh As Object, ByVal button As String, ByVal launcher As String, _
    ByVal message As String)
    ' A dialog (WScript.Shell's Popup shows Vietnamese as it is; VBA's MsgBox goes through the
    ' ANSI code page) and the status cell, which keeps the message after the dialog is closed.
    Dim status As Object
    On Error Resume Next  ' telling must not fail in turn
    Set status = ThisWorkbook.Names(STATUS_NAME).RefersToRange
    If Not status Is Nothing Then
        status.Value = "'" & button & ": " & Vn(MSG_FAILED) & " " & Replace(message, vbCrLf, " ")
        status.Interior.Color = ERROR_COLOR
    End If
    If wsh Is Nothing Then
        MsgBox Replace(MSG_SEE_STATUS, "{cmd}", launcher), vbExclamation, "ward-stats"
    Else
        wsh.Popup message, 0, Replace(Vn(MSG_TITLE), "{button}", button), POPUP_WARNING
    End If
End Sub

Private Sub ShowRuntimeError(ByVal button As String, ByVal launcher As String, ByVal errorNumber As Long, _
    ByVal errorText As String)
    Dim message As String
    On Error Resume Next  ' the handler of last resort must not raise in turn
    message = Replace(Vn(MSG_RUNTIME), "{button}", button)
    message = Replace(message, "{cmd}", launcher)
    message = Replace(message, "{number}", CStr(errorNumber))
    message = Replace(message, "{description}", errorText)
    Say NewShell(), button, launcher, message
End Sub
