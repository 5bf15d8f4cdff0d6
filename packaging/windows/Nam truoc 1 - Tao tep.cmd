@echo off
rem Nam truoc 1 (last year, step 1) without macros or a command line: for a ward in its first
rem year with ward-stats, whose history has no figures of last year yet. ward-stats asks the
rem cut-off date of last year's forms (and the first day of their period), checks it, writes the
rem blank workbook so_lieu_nam_truoc.xlsx beside this file and opens it. Type last year's
rem Bieu 1-3-BTCTW into its yellow cells, save it, close Excel, then run
rem "Nam truoc 2 - Nhap vao lich su.cmd". An existing file is replaced only when asked, and never
rem when it holds figures.
rem ASCII only: cmd.exe reads this file in the console code page. ward-stats prints its
rem Vietnamese lines and questions itself.
chcp 65001 >nul
setlocal EnableExtensions
if not defined WARD_STATS_HOME set "WARD_STATS_HOME=C:\WardStats"
set "WARD_STATS=%WARD_STATS_HOME%\venv\Scripts\ward-stats.exe"
if not exist "%WARD_STATS%" goto :not_installed
"%WARD_STATS%" history blank-forms "%~dp0so_lieu_nam_truoc.xlsx" --ask --open --history "%~dp0lich_su_tong_hop.sqlite"
set "RESULT=%ERRORLEVEL%"
echo.
echo Nhan mot phim de dong cua so.
pause >nul
if not "%RESULT%"=="0" exit /b 1
exit /b 0

:not_installed
echo Chua cai dat ward-stats: khong thay %WARD_STATS%
echo Hay chay cai_dat.cmd trong bo cai dat truoc.
pause
exit /b 2
