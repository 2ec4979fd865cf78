"""Entry point of ``python -m bot``."""

import sys

from bot.cli import main
from knowledge.memory import return_freed_memory_promptly

return_freed_memory_promptly()  # before the knowledge base is indexed (see its docstring)
sys.exit(main())
