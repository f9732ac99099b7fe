# An import that cannot succeed: the load error must name this file and line 3.

import fnk_no_such_module_xyz  # noqa: F401


def handler(event):
    return 1
