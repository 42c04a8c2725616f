"""Admin of the custody app."""

from .stocktake_admin import *  # noqa: F401,F403 (stocktake admin)
