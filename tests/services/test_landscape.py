"""The landscape's summary statistics on known inputs."""

from __future__ import annotations

import statistics

import pytest

from api.services.registry.landscape import Distribution, percentile


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        ([7], 0.1, 7),
        ([7], 0.9, 7),
        ([1, 2, 3, 4], 0.5, 2.5),
        ([1, 2, 3, 4, 5], 0.5, 3),
        ([10, 20, 30, 40, 50], 0.1, 14),
        ([10, 20, 30, 40, 50], 0.9, 46),
        ([0, 3, 3, 6], 0.1, 0.9),
        ([0, 3, 3, 6], 0.9, 5.1),
        ([12, 72], 0.0, 12),
        ([12, 72], 1.0, 72),
    ],
)
def test_percentile_interpolates_between_closest_ranks(values, fraction, expected):
    assert percentile(values, fraction) == pytest.approx(expected)


def test_percentile_agrees_with_the_inclusive_method_of_the_standard_library():
    values = sorted([12, 18, 19, 23, 25, 27, 27, 29, 31, 34, 38, 41, 47, 55, 72])
    deciles = statistics.quantiles(values, n=10, method="inclusive")
    assert percentile(values, 0.1) == pytest.approx(deciles[0])
    assert percentile(values, 0.9) == pytest.approx(deciles[8])
    assert percentile(values, 0.5) == statistics.median(values)


def test_percentile_of_nothing_is_an_error():
    with pytest.raises(ValueError):
        percentile([], 0.5)


def test_distribution_summarises_unsorted_values():
    summary = Distribution.of([6, 0, 3, 3])
    assert summary == Distribution(
        mean=3.0, median=3.0, percentile_10=0.9, percentile_90=5.1, min=0, max=6
    )


def test_distribution_rounds_to_two_decimals():
    assert Distribution.of([1, 1, 2]).mean == 1.33


def test_distribution_of_no_clusters_is_empty():
    assert Distribution.of([]) == Distribution(None, None, None, None, None, None)
