@echo off
rem Lich su (history) without macros: lists the consolidations recorded in
rem lich_su_tong_hop.sqlite beside this file (where the buttons and the other launchers record
rem them), then asks for the number of one made by mistake, and asks again before removing
rem it. ward-stats keeps a copy of a removed record in lich_su_da_xoa first; typing K instead of
rem a number adds a removed record back from its copy; typing D (or the Vietnamese D with a
rem stroke) renames a ward whose name changed (a merger), after asking the names and C.
rem ASCII only: cmd.exe reads this file in the console code page. ward-stats prints its
rem Vietnamese lines and questions itself.
chcp 65001 >nul
setlocal EnableExtensions
if not defined WARD_STATS_HOME set "WARD_STATS_HOME=C:\WardStats"
set "WARD_STATS=%WARD_STATS_HOME%\venv\Scripts\ward-stats.exe"
if not exist "%WARD_STATS%" goto :not_installed
"%WARD_STATS%" history list --ask --history "%~dp0lich_su_tong_hop.sqlite"
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
