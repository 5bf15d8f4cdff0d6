"""ward-stats: statistics toolkit for a Vietnamese ward Party Committee."""

__version__ = "0.1.0"
