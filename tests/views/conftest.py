import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

GOLDENS = Path(__file__).parent / "goldens"


@pytest.fixture(scope="session")
def small_run():
    from nnwatch.drivers import train

    return train(dataset="circle", hidden="3,2", epochs=12, snapshots=6, lr=0.1, noise=0.1)


@pytest.fixture
def golden():
    return compare_golden


def compare_golden(name: str, frame: np.ndarray) -> None:
    """Compare a rendered frame with tests/views/goldens/NAME.png; NNWATCH_UPDATE_GOLDENS=1 rewrites it.

    Tolerance: fonts and anti-aliasing may differ by a few levels on another machine, so at most 1 % of the
    pixels may differ by more than 40 levels and the mean difference must stay under 2 levels.
    """
    rgb = np.asarray(frame)[..., :3]
    path = GOLDENS / f"{name}.png"
    if os.environ.get("NNWATCH_UPDATE_GOLDENS") or not path.exists():
        GOLDENS.mkdir(exist_ok=True)
        Image.fromarray(rgb).save(path)
        if not os.environ.get("NNWATCH_UPDATE_GOLDENS"):
            pytest.fail(f"golden {path.name} was missing and has been written: check it and commit it")
    golden = np.asarray(Image.open(path).convert("RGB"))
    assert golden.shape == rgb.shape, f"{name}: size {rgb.shape} differs from the golden's {golden.shape}"
    diff = np.abs(golden.astype(int) - rgb.astype(int)).max(axis=-1)
    assert diff.mean() < 2.0 and (diff > 40).mean() < 0.01, \
        f"{name}: mean difference {diff.mean():.2f}, {100 * (diff > 40).mean():.2f}% pixels off"
