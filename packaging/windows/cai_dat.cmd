@echo off
rem Offline installer of ward-stats for a ward office PC (Windows 10/11, 64-bit).
rem Creates a Python environment in C:\WardStats\venv (or the folder given as the first
rem argument: ASCII only, outside the user profile; run again without one, it installs into
rem the folder of the last install, recorded in WARD_STATS_HOME), installs ward-stats and every
rem dependency from the wheelhouse folder beside this file with no network access, then
rem runs "ward-stats doctor" on tong_hop_phuong.xlsm.
rem This file is ASCII only: cmd.exe reads it in the console code page, whatever that is.
rem The Vietnamese text with diacritics comes from Python (doctor); the few lines printed
rem before Python runs are Vietnamese without diacritics.
chcp 65001 >nul
setlocal EnableExtensions
set "BUNDLE=%~dp0"
set "TARGET=%~1"
set "FROM_HOME="
if "%TARGET%"=="" if defined WARD_STATS_HOME set "FROM_HOME=1"
if defined FROM_HOME set "TARGET=%WARD_STATS_HOME%"
if "%TARGET%"=="" set "TARGET=C:\WardStats"
rem The full path (WardStats typed in the bundle's folder is that folder's WardStats): recorded
rem as typed, the launchers found the installation only when started from the same folder.
for %%I in ("%TARGET%") do set "TARGET=%%~fI"
rem D:\WardStats\ (as tab completion writes it) is D:\WardStats: setx "D:\WardStats\" would
rem record D:\WardStats" (\" is a quote to the program that reads its command line).
if "%TARGET:~-1%"=="\" set "TARGET=%TARGET:~0,-1%"
set "VENV=%TARGET%\venv"

echo ==================================================================
echo   Cai dat ward-stats - khong can Internet, khong can quyen quan tri
echo   Thu muc cai dat: %TARGET%
if defined FROM_HOME echo   = thu muc cua lan cai truoc; cai vao thu muc khac: cai_dat.cmd THU_MUC
echo ==================================================================
echo.

rem --- 0. The whole bundle unzipped: the wheelhouse beside this file. Double-clicked inside the
rem .zip, Explorer extracts this one file into a temporary folder and runs it there ---
if not exist "%BUNDLE%wheelhouse\ward_stats-*.whl" goto :not_unzipped

rem --- 1. Python 3.12 or 3.11, 64-bit: the py launcher first, then python on PATH ---
rem Each step's exit code is read from ERRORLEVEL on the next line (not with && or ||, which
rem some cmd.exe re-implementations get wrong); "not 0" also catches a crash's negative code.
set "PY="
py -3.12-64 -c "import sys" >nul 2>&1
if "%ERRORLEVEL%"=="0" set "PY=py -3.12-64"
if defined PY goto :have_python
py -3.11-64 -c "import sys" >nul 2>&1
if "%ERRORLEVEL%"=="0" set "PY=py -3.11-64"
if defined PY goto :have_python
python -c "import struct, sys; sys.exit(sys.version_info[:2] not in ((3, 11), (3, 12)) or struct.calcsize('P') != 8)" >nul 2>&1
if "%ERRORLEVEL%"=="0" set "PY=python"
if not defined PY goto :no_python
:have_python
echo [1/4] Da tim thay Python:
%PY% -c "import sys; print('      Python', sys.version.split()[0], '-', sys.executable)"

rem --- 2. The folder: only ASCII characters, and not inside the user profile ---
%PY% -c "import os, sys; p = os.path.normcase(os.path.abspath(sys.argv[1])) + os.sep; home = os.path.normcase(os.path.expanduser('~')) + os.sep; sys.exit(not p.isascii() or p.startswith(home))" "%TARGET%"
if not "%ERRORLEVEL%"=="0" goto :bad_folder
if not exist "%TARGET%\" mkdir "%TARGET%" >nul 2>&1
if not exist "%TARGET%\" goto :no_folder
if not exist "%TARGET%\tmp\" mkdir "%TARGET%\tmp" >nul 2>&1
if not exist "%BUNDLE%bai_nop\" mkdir "%BUNDLE%bai_nop" >nul 2>&1

rem --- 3. The environment, made again when it does not work: the Python it was made with is
rem gone, or it has no pip (python -m venv makes python.exe first and pip last: a window closed
rem or a PC restarted in between leaves an environment that pip cannot install into), or its
rem Python is not one that step 1 takes (3.13, 3.10, 32-bit: its pip finds no wheel here) ---
echo [2/4] Moi truong Python: %VENV%
if not exist "%VENV%\Scripts\python.exe" goto :make_venv
"%VENV%\Scripts\python.exe" -m pip --version >nul 2>&1
if not "%ERRORLEVEL%"=="0" goto :broken_venv
"%VENV%\Scripts\python.exe" -c "import struct, sys; sys.exit(sys.version_info[:2] not in ((3, 11), (3, 12)) or struct.calcsize('P') != 8)" >nul 2>&1
if "%ERRORLEVEL%"=="0" goto :have_venv
echo       Moi truong cu dung Python khac 3.12/3.11 ban 64-bit, tao lai.
goto :remake_venv
:broken_venv
echo       Moi truong cu bi hong, tao lai.
:remake_venv
rmdir /s /q "%VENV%"
:make_venv
%PY% -m venv "%VENV%"
if not "%ERRORLEVEL%"=="0" goto :failed
:have_venv
rem Every package is installed again from this bundle's wheelhouse, whatever is installed:
rem bundles keep one version number, which pip would take as up to date, and a damaged
rem package (a file deleted, a DLL quarantined) is replaced. Offline: --no-index.
echo [3/4] Cai ward-stats va cac goi tu thu muc wheelhouse, khong dung mang (vai phut) ...
"%VENV%\Scripts\python.exe" -m pip install --no-index --find-links "%BUNDLE%wheelhouse" --force-reinstall --disable-pip-version-check --no-warn-script-location ward-stats
if not "%ERRORLEVEL%"=="0" goto :failed

rem --- 4. The launchers find a folder other than the default through WARD_STATS_HOME; once
rem recorded, it is recorded again whatever the folder, so that it names the last install ---
set "RECORD="
if /i not "%TARGET%"=="C:\WardStats" set "RECORD=1"
if defined WARD_STATS_HOME set "RECORD=1"
if defined RECORD setx WARD_STATS_HOME "%TARGET%" >nul

rem doctor names this folder's paths in its advice (setx reaches only programs started later).
set "WARD_STATS_HOME=%TARGET%"
echo [4/4] Kiem tra cai dat:
echo.
"%VENV%\Scripts\ward-stats.exe" doctor --workbook "%BUNDLE%tong_hop_phuong.xlsm"
if not "%ERRORLEVEL%"=="0" goto :check_failed
echo.
echo Da cai xong ward-stats vao %TARGET%. Doc HUONG_DAN.txt de biet cach dung.
pause
exit /b 0

:check_failed
echo.
echo Da cai ward-stats vao %TARGET%, nhung con muc LOI o tren.
echo Sua theo dong "Cach sua" cua tung muc, roi chay lai cai_dat.cmd.
pause
exit /b 1

:not_unzipped
echo KHONG THAY THU MUC wheelhouse (cac goi de cai) BEN CANH cai_dat.cmd, trong "%BUNDLE%".
echo Hay giai nen TOAN BO tep .zip vao mot thu muc (chuot phai vao tep .zip, chon Extract All),
echo roi bam dup cai_dat.cmd trong thu muc vua giai nen. Khong chay cai_dat.cmd ngay trong tep .zip.
goto :stop

:no_python
echo KHONG TIM THAY PYTHON 3.12 HOAC 3.11 BAN 64-BIT.
echo Nho can bo ky thuat cai Python tu python.org: ban "Windows installer 64-bit",
echo danh dau "Add python.exe to PATH", bam "Install Now" - khong can quyen quan tri.
echo Sau do chay lai cai_dat.cmd.
goto :stop

:bad_folder
echo THU MUC CAI DAT KHONG DUNG DUOC: %TARGET%
echo Duong dan phai chi gom chu khong dau va khong nam trong thu muc nguoi dung
echo C:\Users\...: xlwings khong mo duoc duong dan co chu co dau.
echo Vi du: cai_dat.cmd D:\WardStats
goto :stop

:no_folder
echo KHONG TAO DUOC THU MUC %TARGET%: may khong cho phep.
echo Chon thu muc khac, vi du mo Command Prompt o thu muc nay va go: cai_dat.cmd D:\WardStats
echo roi o sheet xlwings.conf cua tong_hop_phuong.xlsm ghi D:\WardStats\venv\Scripts\python.exe
echo vao o Interpreter_Win va D:\WardStats\tmp vao o TEMP DIR.
goto :stop

:failed
echo.
echo CAI DAT KHONG THANH CONG: xem thong bao o tren.
echo Chup man hinh cua so nay gui can bo ky thuat.

:stop
pause
exit /b 1
