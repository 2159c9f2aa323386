"""A render worker: ``python -m nnwatch.video.worker JOB_JSON`` renders frames [start, stop) of a run file into
one MP4 segment, printing the number of frames done as it goes. Exit code 2 with a one-line message on
stderr for a user error."""

from __future__ import annotations

import json
import sys

from nnwatch.errors import NNWatchError
from nnwatch.record.run import Run
from nnwatch.video.render import RenderOptions, _render_range
from nnwatch.video.writers import Mp4Writer


def main(argv: list[str]) -> int:
    job = json.loads(argv[0])
    options = RenderOptions.from_json(job["options"])
    run = Run.load(job["run"])
    try:
        with Mp4Writer(job["segment"], options.fps, options.size, **options.writer) as writer:
            _render_range(run, options, range(job["start"], job["stop"]), writer,
                          lambda done, _: print(done, flush=True), report_every=5)
    except NNWatchError as err:
        print(err, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
