"""Rendering videos of networks learning."""
