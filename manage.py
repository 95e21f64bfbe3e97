#!/usr/bin/env python
"""Django's command-line utility; `accord manage ...` does the same once installed."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
