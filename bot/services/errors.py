"""Errors the use cases raise; handlers turn them into short messages."""

__all__ = ["AccessDenied", "NotFound", "ServiceError"]


class ServiceError(Exception):
    """Base of the use-case errors."""


class NotFound(ServiceError):
    """The thing asked for does not exist (or no longer does)."""


class AccessDenied(ServiceError):
    """The user may not see or change the thing asked for."""
