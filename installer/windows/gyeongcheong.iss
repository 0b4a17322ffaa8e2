; Inno Setup 6 script: the Windows installer of 경청 Complaint Desk.
;
; Built by installer\windows\build.ps1 after PyInstaller, which passes the version taken from
; pyproject.toml:
;     ISCC.exe /DAppVersion=0.1.0 installer\windows\gyeongcheong.iss
; Output: dist\Gyeongcheong-Setup-<version>.exe
;
; Installs for the current user (no administrator needed) or, when chosen, for all users.
; Uninstalling removes the program but keeps the office's data (database, backups, logs in
; %LOCALAPPDATA%\Gyeongcheong) unless the user answers Yes when asked; the default is No.

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=X.Y.Z gyeongcheong.iss (build.ps1 does this)
#endif

#define AppName "경청 Complaint Desk"
#define AppShortName "Gyeongcheong"
#define AppExe "Gyeongcheong.exe"
#define Root "..\.."
#define Bundle Root + "\dist\Gyeongcheong"

; Inno Setup ships Korean.isl with its official translations in recent 6.x releases; older
; ones have it among the unofficial translations: put that file beside this script.
#if FileExists(AddBackslash(CompilerPath) + "Languages\Korean.isl")
  #define KoreanMessages "compiler:Languages\Korean.isl"
#elif FileExists(AddBackslash(SourcePath) + "Korean.isl")
  #define KoreanMessages "Korean.isl"
#else
  #error Korean.isl not found: install a current Inno Setup 6, or put Korean.isl beside this script
#endif

[Setup]
; A fixed id: upgrades replace the same installation. Never change it.
AppId={{6F1C2B9E-5A4D-4E2F-9C61-1B7D3E8A0C42}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppShortName}
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppShortName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per user by default; the user may choose an installation for all users (needs admin).
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
; The data folder is per user whichever mode: no warning about user areas.
UsedUserAreasWarning=no
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SetupIconFile={#Root}\resources\icons\app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
OutputDir={#Root}\dist
OutputBaseFilename={#AppShortName}-Setup-{#AppVersion}
; The app must be closed while it is replaced: Setup offers to close it.
CloseApplications=yes
ShowLanguageDialog=auto

[Languages]
Name: "korean"; MessagesFile: "{#KoreanMessages}"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
korean.RemoveDataQuestion=이 PC의 경청 데이터(데이터베이스, 백업, 로그)도 삭제하시겠습니까?%n%n%1%n%n아니요를 누르면 데이터는 그대로 남아, 다시 설치하면 이어서 쓸 수 있습니다. 삭제한 데이터는 되살릴 수 없습니다.
english.RemoveDataQuestion=Also delete this PC's Gyeongcheong data (database, backups, logs)?%n%n%1%n%nChoose No to keep it: a new installation carries on with it. Deleted data cannot be recovered.
korean.LaunchApp=경청 시작
english.LaunchApp=Start Gyeongcheong

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole PyInstaller one-folder bundle.
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchApp}"; Flags: nowait postinstall skipifsilent

[Code]
// The data folder the app uses: platformdirs' user_data_dir("Gyeongcheong", appauthor=False),
// that is %LOCALAPPDATA%\Gyeongcheong, of the user who runs the uninstaller.
function DataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\{#AppShortName}');
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Dir: String;
begin
  if CurUninstallStep <> usPostUninstall then
    exit;
  Dir := DataDir();
  // Keep the data unless the user says otherwise: a silent uninstall never asks, and keeps it.
  if UninstallSilent or not DirExists(Dir) then
    exit;
  // No is the default button, and the answer when message boxes are suppressed.
  if SuppressibleMsgBox(FmtMessage(CustomMessage('RemoveDataQuestion'), [Dir]),
       mbConfirmation, MB_YESNO or MB_DEFBUTTON2, IDNO) = IDYES then
  begin
    if not DelTree(Dir, True, True, True) then
      Log('Could not delete all of ' + Dir);
    // The app's remembered settings (language, window sizes): QSettings in the registry.
    RegDeleteKeyIncludingSubkeys(HKEY_CURRENT_USER, 'Software\{#AppShortName}');
  end;
end;
