import sys

from saleor_oms_plugin.cli import main

sys.exit(main())
