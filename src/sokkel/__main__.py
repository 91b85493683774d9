import sys

from sokkel.cli import main

sys.exit(main())
