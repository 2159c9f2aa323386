"""Datasets for nnwatch: the Playground's six, a few more built-ins, the stories' tables, and the user's files.

Everything here is numpy only; scikit-learn is imported only when the 'digits' dataset is made.
"""

from __future__ import annotations

from nnwatch.data.dataset import CLASSIFICATION, REGRESSION, Dataset
from nnwatch.data.files import load_file
from nnwatch.data.registry import DATASET_NAMES, DatasetInfo, dataset_info, list_datasets, make_dataset

__all__ = ["Dataset", "CLASSIFICATION", "REGRESSION", "DATASET_NAMES", "DatasetInfo", "dataset_info",
           "list_datasets", "make_dataset", "load_file"]
