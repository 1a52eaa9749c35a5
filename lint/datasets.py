"""``lint.datasets``: the Hugging Face ``datasets`` helpers (see ``lint.integrations.datasets``)."""
from __future__ import annotations

from .integrations.datasets import FINDINGS_COLUMN, FIXED_COLUMN, BatchLinter, findings, fixes, lint_and_fix

__all__ = ["FINDINGS_COLUMN", "FIXED_COLUMN", "BatchLinter", "findings", "fixes", "lint_and_fix"]
