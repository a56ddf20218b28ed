"""Who may act on surveys: finding a questionnaire template or a survey within the caller's
reach (404 otherwise), the caller's standing to it, and the surveys domain's permissions.

A template belongs to a quality unit (KiAP's national ones, a regional unit's) or to one
cluster. Everyone signed in reads the units' templates; a cluster's own are found only by its
own people. A survey belongs to a unit or to the cluster it is sent in. Its owners manage it and
read its results at any time; the people of its cluster read its results once it has closed;
the quality unit of its region (KiAP everywhere) follows it and reads its results aggregated,
without free text. Nobody reads one person's answers to an anonymous survey: no operation
returns a response.

Answering needs no sign-in: the personal link's token is the credential (see `answering`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, or_, select, true

from api.core.errors import NotFound
from api.core.extensions import db
from api.core.permissions import Permission, Reached, finder, register_permissions
from api.core.security import Principal
from api.models import (
    Cluster,
    ClusterRoleKind,
    Organisation,
    OrganisationKind,
    Region,
    Survey,
    SurveyAudience,
    SurveyTemplate,
)
from api.services.registry.access import (
    COORDINATORS,
    InsiderAccess,
    current_clusters_of_user,
    insider_access,
)
from api.services.surveys.states import effective_closed

SURVEYS_WRITE_SCOPES = frozenset({"surveys:write"})
QUALITY_UNITS = frozenset({OrganisationKind.regional_unit, OrganisationKind.national_unit})
# Who makes and sends a cluster's own surveys and templates.
SURVEY_KEEPERS = COORDINATORS | {ClusterRoleKind.board_member}


# --- the caller's units ----------------------------------------------------------------------


def units_acting_for(principal: Principal) -> list[Organisation]:
    """The quality units the caller makes surveys for: a person's own units, a machine
    client's unit when it has `surveys:write`."""
    if principal.client is not None:
        organisation = principal.client.organisation
        if principal.scopes & SURVEYS_WRITE_SCOPES and organisation.kind in QUALITY_UNITS:
            return [organisation]
        return []
    if principal.user is None:
        return []
    return [
        m.organisation for m in principal.user.memberships if m.organisation.kind in QUALITY_UNITS
    ]


def unit_ids(principal: Principal) -> frozenset[uuid.UUID]:
    return frozenset(organisation.id for organisation in units_acting_for(principal))


def is_national(principal: Principal) -> bool:
    """KiAP's people (and its clients with `surveys:write`): they follow every region."""
    return any(o.kind is OrganisationKind.national_unit for o in units_acting_for(principal))


def followed_region_codes(principal: Principal) -> frozenset[str]:
    """The regions whose surveys the caller's regional units follow."""
    return frozenset(o.region_code for o in units_acting_for(principal) if o.region_code)


def unit_follows_cluster(principal: Principal, cluster: Cluster) -> bool:
    return is_national(principal) or cluster.region.code in followed_region_codes(principal)


# --- templates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyTemplateAccess:
    """The caller's standing to a template: whether they write it (`owner`)."""

    owner: bool


def template_owner(principal: Principal, template: SurveyTemplate) -> bool:
    if principal.is_platform_admin:
        return True
    if template.organisation_id is not None:
        return template.organisation_id in unit_ids(principal)
    assert template.cluster is not None
    return bool(insider_access(principal, template.cluster).roles & SURVEY_KEEPERS)


def visible_templates(principal: Principal) -> ColumnElement[bool]:
    """The templates the caller finds: a predicate over `SurveyTemplate`. The units' for
    everyone; a cluster's own for its own people."""
    if principal.is_platform_admin:
        return true()
    units = SurveyTemplate.organisation_id.is_not(None)
    if principal.user is None:
        return units
    return units | SurveyTemplate.cluster_id.in_(current_clusters_of_user(principal.user.id))


def template_reader(principal: Principal, access: object) -> bool:
    """Everyone signed in. Which templates: `visible_templates`."""
    return True


def template_writer(principal: Principal, access: object) -> bool:
    """The platform admin; a quality unit's staff and its clients with `surveys:write` on the
    unit's templates; a cluster's coordinators, co-coordinators and board on the cluster's."""
    if principal.is_platform_admin:
        return True
    if isinstance(access, SurveyTemplateAccess):
        return access.owner
    if isinstance(access, InsiderAccess):  # making a cluster's own
        return bool(access.roles & SURVEY_KEEPERS)
    # Asked without a template: could this caller ever write one?
    return bool(unit_ids(principal)) or principal.user is not None


@finder("survey_template", name="template")
def survey_template_in_reach(
    principal: Principal, template_id: uuid.UUID
) -> Reached[SurveyTemplate]:
    """The template, if the caller finds it (404), with whether they write it."""
    template = db.session.scalar(
        select(SurveyTemplate).where(SurveyTemplate.id == template_id, visible_templates(principal))
    )
    if template is None:
        raise NotFound("No such survey template.")
    return Reached(template, SurveyTemplateAccess(owner=template_owner(principal, template)))


# --- surveys ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyAccess:
    """The caller's standing to a survey.

    `owner`: writes for the owning unit, or keeps the owning cluster's surveys.
    `insider`: one of the people of the survey's cluster (or its recipient, for a survey sent
    beyond one cluster).
    `unit`: a quality unit that follows the survey's cluster or region (aggregates only).
    `closed`: the survey has closed (its results are then the cluster's to read).
    """

    owner: bool
    insider: bool
    unit: bool
    closed: bool


def survey_standing(principal: Principal, survey: Survey, *, closed: bool) -> SurveyAccess:
    admin = principal.is_platform_admin
    insider = owner = False
    if survey.cluster is not None:
        access = insider_access(principal, survey.cluster)
        insider = access.insider or bool(access.roles)
        if survey.organisation_id is None:
            owner = bool(access.roles & SURVEY_KEEPERS)
    if survey.organisation_id is not None:
        owner = survey.organisation_id in unit_ids(principal)
    unit = False
    if unit_ids(principal):
        if survey.cluster is not None:
            unit = unit_follows_cluster(principal, survey.cluster)
        elif survey.audience is SurveyAudience.region:
            region = db.session.get(Region, survey.region_id)
            unit = is_national(principal) or (
                region is not None and region.code in followed_region_codes(principal)
            )
        else:  # the nation: every unit follows its own region's share of it
            unit = True
    return SurveyAccess(owner=owner or admin, insider=insider, unit=unit, closed=closed)


def visible_surveys(principal: Principal) -> ColumnElement[bool]:
    """The surveys the caller finds: a predicate over `Survey` (with `Cluster` outer-joined
    on `Survey.cluster_id`). A cluster's people find its surveys; the units their own and
    those of the clusters and regions they follow (KiAP every one)."""
    if principal.is_platform_admin:
        return true()
    conditions: list[ColumnElement[bool]] = []
    if principal.user is not None:
        conditions.append(Survey.cluster_id.in_(current_clusters_of_user(principal.user.id)))
    units = unit_ids(principal)
    if units:
        conditions.append(Survey.organisation_id.in_(units))
        if is_national(principal):
            return true()
        codes = followed_region_codes(principal)
        regions = select(Region.id).where(Region.code.in_(codes))
        conditions.append(Cluster.region_id.in_(regions))
        conditions.append(Survey.region_id.in_(regions))
        conditions.append(Survey.audience == SurveyAudience.nation)
    return or_(*conditions) if conditions else false()


def survey_reader(principal: Principal, access: object) -> bool:
    """A survey's owners, the people of its cluster, and the units that follow it."""
    if principal.is_platform_admin:
        return True
    if not isinstance(access, SurveyAccess):  # asked without a survey
        return principal.user is not None or bool(unit_ids(principal))
    return access.owner or access.insider or access.unit


def survey_manager(principal: Principal, access: object) -> bool:
    """The platform admin; the owners of a survey: the owning unit's staff and its clients
    with `surveys:write`, or the owning cluster's coordinators, co-coordinators and board."""
    if principal.is_platform_admin:
        return True
    if isinstance(access, SurveyAccess):
        return access.owner
    if isinstance(access, InsiderAccess):  # making a cluster's own
        return bool(access.roles & SURVEY_KEEPERS)
    return principal.user is not None or bool(unit_ids(principal))


def results_reader(principal: Principal, access: object) -> bool:
    """Owners at any time; the people of the survey's cluster once it has closed; the units
    that follow it (aggregated: never free text, never one person's answers)."""
    if principal.is_platform_admin:
        return True
    if not isinstance(access, SurveyAccess):  # asked without a survey
        return principal.user is not None or bool(unit_ids(principal))
    return access.owner or access.unit or (access.insider and access.closed)


@finder("survey")
def survey_in_reach(principal: Principal, survey_id: uuid.UUID) -> Reached[Survey]:
    """The survey, if the caller finds it (404), and the caller's standing to it."""
    survey = db.session.scalar(
        select(Survey)
        .outerjoin(Cluster, Cluster.id == Survey.cluster_id)
        .where(Survey.id == survey_id, visible_surveys(principal))
    )
    if survey is None:
        raise NotFound("No such survey.")
    return Reached(survey, survey_standing(principal, survey, closed=effective_closed(survey)))


register_permissions(
    {
        "survey_templates.read": Permission(
            "Everyone signed in reads the quality units' questionnaire templates (KiAP's "
            "national ones, the regional units'); a cluster's own templates are found only by "
            "its own people (404 for anyone else).",
            template_reader,
            in_cluster=False,
        ),
        "survey_templates.write": Permission(
            "A quality unit (its staff, and its clients with `surveys:write`) writes its own "
            "templates; a cluster's coordinators, co-coordinators and board members write the "
            "cluster's; so does the platform admin.",
            template_writer,
            in_cluster=False,
        ),
        "surveys.read": Permission(
            "A survey is read by its owners (the unit or the cluster that sends it), by the "
            "people of its cluster, and by the quality unit of its region (KiAP everywhere); "
            "404 for anyone else.",
            survey_reader,
            in_cluster=False,
        ),
        "surveys.manage": Permission(
            "A survey's owners make, change, send, remind and close it: the owning unit's "
            "staff and its clients with `surveys:write`, or the owning cluster's coordinators, "
            "co-coordinators and board members; so does the platform admin.",
            survey_manager,
            in_cluster=False,
        ),
        "surveys.results": Permission(
            "A survey's owners read its results at any time; the people of its cluster once it "
            "has closed; the quality unit of its region aggregated, without free text. Results "
            "below the survey's minimum number of answers are suppressed, and no one reads one "
            "person's answers to an anonymous survey.",
            results_reader,
            in_cluster=False,
        ),
    }
)
