"""Easing: how a motion's progress 0..1 becomes the share of the way gone, 0..1. Pure maths, one place.

Every eased motion in nnwatch (the timeline's 'smooth' easing, the transform view's stages and camera, a
lesson's ramps, the basics pictures) is a smoothstep: it starts and ends at rest, so a cut from a hold to a
move never jolts.
"""

from __future__ import annotations

__all__ = ["EASINGS", "smoothstep", "ease", "ramp"]

EASINGS = ("linear", "smooth")


def smoothstep(t: float) -> float:
    """3t² - 2t³ of t clamped to 0..1: starts and ends gently."""
    t = min(max(t, 0.0), 1.0)
    return t * t * (3 - 2 * t)


def ease(t: float, kind: str = "linear") -> float:
    """Progress 0..1 (clamped) eased by ``kind``, one of EASINGS: 'smooth' is the smoothstep."""
    return smoothstep(t) if kind == "smooth" else min(max(t, 0.0), 1.0)


def ramp(u: float, start: float, end: float) -> float:
    """0 before ``start``, 1 after ``end``, smoothstepped in between (u: progress through a shot)."""
    if end <= start:
        return 1.0 if u >= end else 0.0
    return smoothstep((u - start) / (end - start))
