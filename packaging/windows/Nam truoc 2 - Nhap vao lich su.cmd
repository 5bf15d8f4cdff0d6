@echo off
rem Nam truoc 2 (last year, step 2) without macros or a command line: adds the workbook
rem so_lieu_nam_truoc.xlsx beside this file, made by "Nam truoc 1 - Tao tep.cmd" and typed from
rem last year's forms, to lich_su_tong_hop.sqlite beside this file (where the buttons and the
rem other launchers record), as "ward-stats history import" does: the file is checked first and
rem never changed; one added already is not added again.
rem ASCII only: cmd.exe reads this file in the console code page. ward-stats prints its
rem Vietnamese lines itself.
chcp 65001 >nul
setlocal EnableExtensions
if not defined WARD_STATS_HOME set "WARD_STATS_HOME=C:\WardStats"
set "WARD_STATS=%WARD_STATS_HOME%\venv\Scripts\ward-stats.exe"
if not exist "%WARD_STATS%" goto :not_installed
"%WARD_STATS%" history import "%~dp0so_lieu_nam_truoc.xlsx" --history "%~dp0lich_su_tong_hop.sqlite"
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
