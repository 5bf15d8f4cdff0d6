@echo off
rem Tao mau (make the pre-filled templates) without macros: the settings and the registry are read from
rem tong_hop_phuong.xlsm beside this file (sheets "Dieu khien" and "Danh muc to chuc"),
rem as the button of the same name reads them. Save the workbook before running this.
rem As the button, it replaces its own unfilled templates (--overwrite), never a filled file.
rem The window always waits: ward-stats' last lines may warn about the registry (one branch
rem entered twice under two codes...), which the button shows in its yellow status cell, while
rem the templates folder it opens comes to the front.
rem ASCII only: cmd.exe reads this file in the console code page. ward-stats prints its
rem Vietnamese progress and results itself.
chcp 65001 >nul
setlocal EnableExtensions
if not defined WARD_STATS_HOME set "WARD_STATS_HOME=C:\WardStats"
set "WARD_STATS=%WARD_STATS_HOME%\venv\Scripts\ward-stats.exe"
if not exist "%WARD_STATS%" goto :not_installed
echo Tao bieu mau dien san cho cac to chuc trong sheet Danh muc to chuc ...
"%WARD_STATS%" template --settings "%~dp0tong_hop_phuong.xlsm" --overwrite --open
set "RESULT=%ERRORLEVEL%"
echo.
echo Doc ket qua o tren, roi nhan mot phim de dong cua so.
pause >nul
if not "%RESULT%"=="0" exit /b 1
exit /b 0

:not_installed
echo Chua cai dat ward-stats: khong thay %WARD_STATS%
echo Hay chay cai_dat.cmd trong bo cai dat truoc.
pause
exit /b 2
