@echo off
rem Starts the Orrery runtime, or runs one of its subcommands: every argument goes to the launcher
rem unchanged (bin\orrery.cmd --help). Settings: etc\orrery.conf beside this folder (KEY=value lines);
rem a variable set in the environment wins over the file. See README.md.
rem Java: the runtime bundled in runtime\ (the self-contained archive), else %JAVA_HOME%\bin\java.exe,
rem else java.exe on the PATH; it must be 17 or newer. Exit status 2 when no usable Java is found.
setlocal EnableExtensions DisableDelayedExpansion

for %%i in ("%~dp0..") do set "ORRERY_DIST=%%~fi"
if not defined ORRERY_CONF set "ORRERY_CONF=%ORRERY_DIST%\etc\orrery.conf"
if not exist "%ORRERY_CONF%" goto home
for /f "usebackq eol=# tokens=1,* delims==" %%a in ("%ORRERY_CONF%") do if not defined %%a set "%%a=%%b"

:home
if not defined ORRERY_HOME set "ORRERY_HOME=%USERPROFILE%\.orrery"

set "JAVA_EXE="
if exist "%ORRERY_DIST%\runtime\bin\java.exe" set "JAVA_EXE=%ORRERY_DIST%\runtime\bin\java.exe"
if defined JAVA_EXE goto version
if not defined JAVA_HOME goto path
set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
if exist "%JAVA_EXE%" goto version
echo orrery: JAVA_HOME is %JAVA_HOME%, but %JAVA_EXE% is not there: set JAVA_HOME to a JDK or JRE 17 or newer 1>&2
exit /b 2

:path
for %%j in (java.exe) do set "JAVA_EXE=%%~$PATH:j"
if defined JAVA_EXE goto version
echo orrery: no Java found: install a JDK or JRE 17 or newer, and put its bin\ on the PATH or set JAVA_HOME (in the environment or in %ORRERY_CONF%) 1>&2
exit /b 2

:version
rem the first line of 'java -version': openjdk version "17.0.15" ..., java version "1.8.0_402" ...
set "JAVA_VERSION="
set "JAVA_MAJOR="
for /f "tokens=3" %%v in ('""%JAVA_EXE%" -version 2>&1 | findstr /i /c:"version""') do if not defined JAVA_VERSION set "JAVA_VERSION=%%~v"
if defined JAVA_VERSION for /f "delims=.-+_ " %%m in ("%JAVA_VERSION%") do set "JAVA_MAJOR=%%m"
if not defined JAVA_MAJOR goto unknown_version
if %JAVA_MAJOR% LSS 17 goto too_old

"%JAVA_EXE%" %ORRERY_JAVA_OPTS% -cp "%ORRERY_DIST%\lib\*" org.orrery.runtime.launcher.Launcher %*
exit /b %ERRORLEVEL%

rem no parenthesised blocks around messages: a path like "Program Files (x86)" would end them
:unknown_version
echo orrery: cannot tell the version of %JAVA_EXE%: Orrery needs Java 17 or newer 1>&2
exit /b 2

:too_old
echo orrery: %JAVA_EXE% is Java %JAVA_VERSION%; Orrery needs Java 17 or newer: set JAVA_HOME to a newer one 1>&2
exit /b 2
