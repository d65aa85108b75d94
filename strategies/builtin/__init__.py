"""The built-in strategies, one module each; every module here registers its strategy on import (registry)."""
