# expect: timeout
import re

re.match(r"(a+)+$", "a" * 64 + "b")  # exponential backtracking in C: Python signals never run
