"""The instructions one stage of a page's miss costs, counted by valgrind: what
bench.miss_instructions counts for the whole request, broken down.

    valgrind --tool=callgrind --callgrind-out-file=/dev/null --collect-atstart=no \\
        --toggle-collect=_operator_call \\
        python -m bench.miss_stages --db bench/data/corpus-head.db --stage app.web.pages:render

`--stage MODULE:NAME` (a function, or `MODULE:CLASS.METHOD`) is replaced, where the page's code
looks it up, by a wrapper that calls it through `operator.call` once the warm-up is over: a C
function the app never calls otherwise, so that callgrind, collecting only inside it, counts the
stage's own instructions and nothing else (start-up, warm-up, the rest of the request). The
"Collected" total divided by `--requests` is the stage's instructions per miss. `page` stands
for the page function the lean route calls (read, view and render); the request as a whole is
bench.miss_instructions' count. A stage must not call itself (the toggle would turn off).
"""

import argparse
import asyncio
import importlib
import operator
import os
from pathlib import Path
from typing import Any

from bench.miss_cost import PAGES, _request, as_served, sample_paths


def _wrap(stage: str, counting: list[bool]) -> None:
    def counted(original: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if counting[0]:
                return operator.call(original, *args, **kwargs)
            return original(*args, **kwargs)

        return wrapper

    if stage == "page":
        from app.web.permalinks import _LEAN

        for lean in _LEAN:
            lean.page = counted(lean.page)
        return
    module_name, _, name = stage.partition(":")
    owner: Any = importlib.import_module(module_name)
    *path, attribute = name.split(".")
    for part in path:
        owner = getattr(owner, part)
    original = owner.__dict__[attribute] if isinstance(owner, type) else getattr(owner, attribute)
    if isinstance(original, staticmethod | classmethod):
        raise SystemExit(f"{stage}: wrap a plain function or method")
    setattr(owner, attribute, counted(original))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a SQLite corpus (read only)")
    parser.add_argument("--page", choices=PAGES, default="dispute")
    parser.add_argument("--stage", required=True, help="MODULE:NAME, or page")
    parser.add_argument("--requests", type=int, default=100, help="counted requests")
    parser.add_argument("--warmup", type=int, default=20, help="requests before them")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    wanted = args.warmup + args.requests
    paths = sample_paths(args.db, max(wanted, 1000), args.seed)[args.page][:wanted]
    os.environ["GAINSAY_DATABASE_URL"] = f"sqlite:///file:{args.db}?mode=ro&uri=true"
    os.environ["GAINSAY_PAGE_CACHE_MB"] = "0"
    from app.main import create_app

    application = create_app()
    counting = [False]
    _wrap(args.stage, counting)
    as_served(True)

    async def run() -> None:
        for number, target in enumerate(paths):
            counting[0] = number >= args.warmup
            status = await _request(application, target)
            if status != 200:
                raise SystemExit(f"{target} answered {status}, not a page: check the corpus")
        counting[0] = False

    asyncio.run(run())


if __name__ == "__main__":
    main()
