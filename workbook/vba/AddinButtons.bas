Attribute VB_Name = "AddinButtons"
' The buttons of the orders sheet. Each is one RunPython line; all work happens in addin.excel.
' RunPython wraps the command in double quotes: use only single quotes inside.
' Keep this file ASCII (the VBA project stores source in the system code page).
' Generated from addin/commands.py by scripts/build_template.py: do not edit.
Option Explicit

Public Sub ImportReport()
    RunPython "import addin.excel; addin.excel.import_report()"
End Sub

Public Sub Triage()
    RunPython "import addin.excel; addin.excel.triage()"
End Sub

Public Sub CopyMessage()
    RunPython "import addin.excel; addin.excel.copy_message()"
End Sub

Public Sub MakeLetters()
    RunPython "import addin.excel; addin.excel.make_letters()"
End Sub

Public Sub PrintLetters()
    RunPython "import addin.excel; addin.excel.print_letters()"
End Sub

Public Sub LabelFile()
    RunPython "import addin.excel; addin.excel.label_file()"
End Sub

Public Sub ImportTracking()
    RunPython "import addin.excel; addin.excel.import_tracking()"
End Sub

Public Sub ConfirmFile()
    RunPython "import addin.excel; addin.excel.confirm_file()"
End Sub

Public Sub ConfirmResult()
    RunPython "import addin.excel; addin.excel.confirm_result()"
End Sub

Public Sub MarkConfirmed()
    RunPython "import addin.excel; addin.excel.mark_confirmed()"
End Sub

Public Sub Metrics()
    RunPython "import addin.excel; addin.excel.metrics()"
End Sub

Public Sub PurgePii()
    RunPython "import addin.excel; addin.excel.purge_pii()"
End Sub

Public Sub LoadFunctions()
    ImportPythonUDFs
End Sub
