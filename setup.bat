@echo off
rem One-step setup for Windows: double-click. Finds Python 3.11 or later and hands over to
rem addin/installer.py, which does the rest. Japanese text needs the UTF-8 code page.
chcp 65001 >nul
cd /d "%~dp0"
rem Without the sources beside this file, run the installer from the wheel (a zip Python can import).
if not exist "addin\installer.py" for %%w in (jiko_hasso_triage-*.whl) do set "PYTHONPATH=%%~fw"
set "PY="
for %%p in ("py -3.14" "py -3.13" "py -3.12" "py -3.11" "py" "python") do (
  if not defined PY %%~p -c "import sys; sys.exit(sys.version_info < (3, 11))" <nul >nul 2>&1 && set "PY=%%~p"
)
if not defined PY goto nopython
%PY% -m addin.installer "%~dp0."
echo.
pause
exit /b

:nopython
echo Python 3.11 以降が見つかりません。次の手順で入れてから、setup.bat をもう一度ダブルクリックしてください。
echo   1. https://www.python.org/downloads/ を開き、「Python install manager」をダウンロードして実行し「Install」を押す
echo      （Microsoft Store の「Python Install Manager」でも同じです）。
echo   2. 新しく開いたコマンドプロンプトで  py install 3.13  を実行する。
echo.
pause
