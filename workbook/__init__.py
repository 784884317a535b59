"""Package data of the add-in (installed as `addin.assets`): template.xlsm, built by
scripts/build_template.py. This folder is mapped onto that package in pyproject.toml."""
