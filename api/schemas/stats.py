"""Schemas of the national and regional figures."""

from __future__ import annotations

from marshmallow import fields, validate

from api.models.clusters import REGION_CODES
from api.schemas.common import BaseSchema


class LandscapeArgsSchema(BaseSchema):
    region = fields.String(
        validate=validate.OneOf(REGION_CODES, error="Unknown region: {input}."),
        metadata={
            "description": "A region's code (e.g. `midtjylland`): that region's figures. "
            "Without it, the national figures."
        },
    )


def _count(description: str) -> fields.Integer:
    return fields.Integer(dump_only=True, required=True, metadata={"description": description})


class LandscapeDistributionSchema(BaseSchema):
    """One number per cluster, summarised. Every field is null when there are no clusters."""

    mean = fields.Float(dump_only=True, required=True, allow_none=True)
    median = fields.Float(dump_only=True, required=True, allow_none=True)
    percentile_10 = fields.Float(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={
            "description": "10th percentile, by linear interpolation between closest ranks "
            "(as numpy, R and PERCENTILE.INC compute it); the median likewise."
        },
    )
    percentile_90 = fields.Float(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "90th percentile, computed like the 10th."},
    )
    min = fields.Integer(dump_only=True, required=True, allow_none=True)
    max = fields.Integer(dump_only=True, required=True, allow_none=True)


class LandscapeRolesSchema(BaseSchema):
    """How many clusters have a current holder of each role."""

    coordinator = _count("Clusters with a coordinator.")
    co_coordinator = _count("Clusters with one or more co-coordinators.")
    board_member = _count("Clusters with one or more board members.")
    treasurer = _count("Clusters with a treasurer.")
    secretary = _count("Clusters with a secretary.")


class LandscapeMeetingsSchema(BaseSchema):
    """Held meetings (not cancelled, ended or closed) in the last five complete calendar years."""

    first_year = _count("The first year counted.")
    last_year = _count("The last year counted: the last complete calendar year.")
    held = _count("Meetings held in those years.")
    per_cluster_per_year = fields.Nested(
        LandscapeDistributionSchema,
        dump_only=True,
        required=True,
        metadata={
            "description": "Meetings held per cluster per year (a year without one counts as 0)."
        },
    )
    after_work_share = fields.Float(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "The share (0–1) of them that were after-work meetings."},
    )


class LandscapeSchema(BaseSchema):
    region = fields.String(
        dump_only=True,
        required=True,
        allow_none=True,
        metadata={"description": "The region's code, or null for the national figures."},
    )
    clusters = _count("Clusters.")
    clinics = _count("Clinics currently in a cluster.")
    doctors = _count(
        "People working now at a clinic in a cluster, each counted once (also when they work "
        "in two clusters)."
    )
    doctors_per_cluster = fields.Nested(
        LandscapeDistributionSchema,
        dump_only=True,
        required=True,
        metadata={"description": "Doctors per cluster, each person counted once per cluster."},
    )
    clusters_with_role = fields.Nested(LandscapeRolesSchema, dump_only=True, required=True)
    clusters_with_only_coordinator = _count(
        "Clusters whose only current role holder is the coordinator."
    )
    patients = _count("Patients of the clinics in clusters: each clinic's latest count.")
    patients_per_cluster = fields.Nested(
        LandscapeDistributionSchema,
        dump_only=True,
        required=True,
        metadata={"description": "Patients per cluster (its clinics' latest counts)."},
    )
    meetings = fields.Nested(LandscapeMeetingsSchema, dump_only=True, required=True)
