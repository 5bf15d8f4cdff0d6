@echo off
rem Nang cap (upgrade) without macros: the files of the submissions folder set in
rem tong_hop_phuong.xlsm beside this file (sheet "Dieu khien") that use the old template
rem (2026.1) are copied into the current template, in the folder nang_cap beside this file,
rem as the button of the same name does.
rem The submitted files are never changed. Save the workbook before running this.
rem ASCII only: cmd.exe reads this file in the console code page. ward-stats prints its
rem Vietnamese lines itself.
chcp 65001 >nul
setlocal EnableExtensions
if not defined WARD_STATS_HOME set "WARD_STATS_HOME=C:\WardStats"
set "WARD_STATS=%WARD_STATS_HOME%\venv\Scripts\ward-stats.exe"
if not exist "%WARD_STATS%" goto :not_installed
echo Nang cap cac tep dung bieu mau cu trong thu muc bai nop ...
"%WARD_STATS%" upgrade --settings "%~dp0tong_hop_phuong.xlsm" --open
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
