import importlib
import os
import pkgutil
import sys
import time

import django


def _modules(names):
    found = sorted(
        info.name for info in pkgutil.iter_modules([os.path.dirname(__file__)]) if not info.name.startswith("_")
    )
    if not names:
        return found
    unknown = set(names) - set(found)
    if unknown:
        sys.exit(f"unknown benchmark(s): {', '.join(sorted(unknown))}; known: {', '.join(found)}")
    return names


def main(argv):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ris.settings.dev")
    django.setup()
    for name in _modules(argv):
        module = importlib.import_module(f"bench.{name}")
        if not hasattr(module, "main"):
            continue
        print(f"== bench.{name}", flush=True)
        started = time.perf_counter()
        module.main()
        print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
