"""A pytest plugin (``-p testenv`` in pyproject.toml) that runs the tests with development
settings unless the environment says otherwise.

Outside ``DEBUG`` the settings want a ``SECRET_KEY`` and speak HTTPS only, which the test
client and the live server do not. pytest-django imports the settings before any
``conftest.py`` runs, so this plugin, loaded first, sets the variables. (pytest-django still
runs the tests themselves with ``settings.DEBUG = False``.) The production settings have their
own tests, in a process of their own (``tests/config/test_deploy.py``).
"""

import os

os.environ.setdefault("DEBUG", "1")
# Login throttling counts failures in the database and needs a request at every
# authenticate(), which the test client's login() does not give; the throttling's own tests
# turn it on (tests/people/test_throttling.py).
os.environ.setdefault("AXES_ENABLED", "0")
