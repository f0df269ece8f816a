"""`python -m bench.serve ARGS` with BENCH_APP=APP runs exactly `uvicorn APP ARGS`.

bench/run.py starts its servers this way so that their command line names neither uvicorn nor
the app: a `pkill -f uvicorn` meant for a development server on the same machine does not
stop a measurement half-way.
"""

import os
import sys

from uvicorn.main import main

if __name__ == "__main__":
    main([os.environ["BENCH_APP"], *sys.argv[1:]])
