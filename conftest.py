"""Loaded by pytest before tests/conftest.py and before the xdist workers start.

Bytecode is cached for the test run even where PYTHONDONTWRITEBYTECODE is set (as on the shared development
machine): otherwise every run, in every xdist worker, recompiles every module of Django, the libraries and
Accord, and pytest rewrites the assertions of every test module again (~8 s of CPU per worker, most of a
worker's start-up). The compiled files go to __pycache__/ folders, which git ignores. Dropping the variable
from the environment reaches the workers (started after this file is read) from their first import.
"""

import os
import sys

sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
