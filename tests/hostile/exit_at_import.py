# expect: import
import sys

sys.exit(0)
