"""The openpyxl shell: the same operations as the Excel buttons, on a saved workbook file."""
