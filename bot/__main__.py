"""Entry point of ``python -m bot``."""

import os
import sys

from bot.cli import main
from knowledge.memory import return_freed_memory_promptly

return_freed_memory_promptly()  # before the knowledge base is indexed (see its docstring)
try:
    sys.exit(main())
except BrokenPipeError:
    # The reader went away (``… | head``): stop quietly, as command-line tools do.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(141)
