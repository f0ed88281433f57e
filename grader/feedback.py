"""The lesson's common mistakes, recognised in error messages, each with its fix in one line."""

from __future__ import annotations

import re

_KNOWN = [
    (re.compile(r"Cannot convert '?AUTOTUNE'?|buffer_size.*AUTOTUNE.*str|'AUTOTUNE'"),
     "Pass the constant tf.data.AUTOTUNE, not the string 'AUTOTUNE'."),
    (re.compile(r"has no attribute 'AUTO_TUNE'"), "The constant is spelled tf.data.AUTOTUNE (no underscore)."),
    (re.compile(r"unexpected keyword argument 'buffer'"),
     "prefetch's parameter is buffer_size: ds.prefetch(buffer_size=tf.data.AUTOTUNE)."),
]


def explain(message: str) -> str:
    """``message`` with the fix for a known mistake appended, if it shows one."""
    for pattern, fix in _KNOWN:
        if pattern.search(message):
            return f"{message}\n{fix}"
    return message
