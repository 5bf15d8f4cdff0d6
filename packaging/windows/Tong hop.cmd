@echo off
rem Tong hop (consolidate) without macros: the settings and the registry are read from
rem tong_hop_phuong.xlsm beside this file (sheets "Dieu khien" and "Danh muc to chuc"),
rem as the button of the same name reads them. Save the workbook before running this.
rem ASCII only: cmd.exe reads this file in the console code page. ward-stats prints its
rem Vietnamese progress and results itself. The window always waits: the result opens, but
rem notes of the history (a new history file, a run replacing another) are said only here.
chcp 65001 >nul
setlocal EnableExtensions
if not defined WARD_STATS_HOME set "WARD_STATS_HOME=C:\WardStats"
set "WARD_STATS=%WARD_STATS_HOME%\venv\Scripts\ward-stats.exe"
if not exist "%WARD_STATS%" goto :not_installed
echo Tong hop so lieu cac tep trong thu muc bai nop ...
"%WARD_STATS%" consolidate --settings "%~dp0tong_hop_phuong.xlsm" --open
set "RESULT=%ERRORLEVEL%"
echo.
echo Doc thong bao o tren, roi nhan mot phim de dong cua so.
pause >nul
if not "%RESULT%"=="0" exit /b 1
exit /b 0

:not_installed
echo Chua cai dat ward-stats: khong thay %WARD_STATS%
echo Hay chay cai_dat.cmd trong bo cai dat truoc.
pause
exit /b 2
