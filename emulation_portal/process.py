"""Setting up a long-running portal process (the WSGI server's workers)."""

import gc


def freeze_loaded_objects() -> None:
    """Keep what is loaded so far (Django, the views, WeasyPrint, matplotlib: objects that
    live as long as the process) out of the garbage collector's full collections, which
    otherwise walk all of it every few requests: about 120-150 ms each on a page that builds
    many objects, such as the registration editor, against 15-25 ms frozen (BENCHMARKS.md).
    Under ``gunicorn --preload`` it also keeps the workers' copies shared with the master."""
    gc.collect()
    gc.freeze()
