import sys
from pathlib import Path

# Test modules import helpers that live beside them: tests/reference.py (the error measures and
# comparison horizons of the accuracy tests, and the library's independent ODE reference,
# exactdln.ode.integrate_weights) and tests/test_workflow.py (the workflow's plan and validator).
sys.path.insert(0, str(Path(__file__).parent))
