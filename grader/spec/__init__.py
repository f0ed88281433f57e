"""Exercise specs: the Pydantic models and the YAML loader."""

from grader.spec.loader import load_spec
from grader.spec.models import Call, Exercise

__all__ = ["Call", "Exercise", "load_spec"]
