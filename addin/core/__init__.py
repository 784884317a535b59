"""The functional core: plain Python, no Excel, no files."""
