import sys
from pathlib import Path

# Test modules import helpers that live beside them: tests/reference.py (the error measures and
# comparison horizons of the accuracy tests, and the library's independent ODE reference,
# exactdln.ode.integrate_weights) and tests/test_workflow.py (the workflow's plan and validator).
sys.path.insert(0, str(Path(__file__).parent))


def pytest_configure(config):
    """Start computing the workflow's dry-run plan in the background (tests/plan_cache.py), once per
    session: in the pytest-xdist controller, or in a run without workers."""
    import subprocess

    if hasattr(config, "workerinput"):  # a worker: the controller has started it
        return
    subprocess.Popen(
        [sys.executable, str(Path(__file__).parent / "plan_cache.py")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
