import sys
from pathlib import Path

# The reference integrator lives beside the tests (it is test code, not library code).
sys.path.insert(0, str(Path(__file__).parent))
