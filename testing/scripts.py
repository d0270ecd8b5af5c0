"""The helper modules of scripts/ (plain files, not a package), imported by the tests."""

import importlib.util
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def load_script_module(name):
    """A helper module of scripts/, imported from its file (once per process)."""
    if name in sys.modules:
        return sys.modules[name]
    # As when run from scripts/: the module's own imports of its sibling helpers resolve.
    if str(SCRIPTS) not in sys.path:
        sys.path.append(str(SCRIPTS))
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module
