"""Operations behind the buttons: read blocks through a BookPort, call the core, write blocks.

Shared by the openpyxl shell (CLI) and the xlwings shell (Excel); free of business rules.
"""
