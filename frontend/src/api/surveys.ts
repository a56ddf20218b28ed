/**
 * Surveys (spørgeundersøgelser): a cluster's or a quality unit's surveys made from a template,
 * sent with personal links, reminded and closed; and their results (response rate, each
 * question's distribution, the nation's comparison and the cluster's trend across meetings).
 */
import { useQuery } from "@tanstack/react-query";
import type { Api } from "./client";
import { useApi } from "./context";
import { saveDownload } from "./download";
import { unwrap } from "./errors";
import { allPages, readVersion } from "./registry";
import type { components, operations } from "./schema";
import type { Me } from "./types";

type Schemas = components["schemas"];
export type Survey = Schemas["Survey"];
export type SurveyDetail = Schemas["SurveyDetail"];
export type SurveyState = Survey["state"];
export type SurveyAudience = Survey["audience"];
export type SurveyQuestion = Schemas["SurveyQuestion"];
export type QuestionKind = SurveyQuestion["kind"];
export type SurveyTemplate = Schemas["SurveyTemplate"];
export type ClusterSurveyWrite = Schemas["ClusterSurveyWrite"];

export type ResultBucket = Schemas["SurveyResultPoint"];
export type QuestionResult = Schemas["SurveyResultQuestion"];
export type ComparisonQuestion = Schemas["SurveyComparisonQuestion"];
export type TrendPoint = Schemas["SurveyTrendPoint"];
export type SurveyResults = Schemas["SurveyResults"];
/** The survey template a meeting's package offers, for the meeting's "Send evaluering". */
export type OfferedTemplate = Schemas["OfferedSurveyTemplate"];

export const surveyKeys = {
  all: ["surveys"] as const,
  cluster: (clusterId: string) => ["surveys", "cluster", clusterId] as const,
  mine: ["surveys", "mine"] as const,
  one: (surveyId: string) => ["surveys", "one", surveyId] as const,
  results: (surveyId: string) => ["surveys", "one", surveyId, "results"] as const,
  templates: (clusterId: string) => ["survey-templates", "cluster", clusterId] as const,
  unitTemplates: ["survey-templates", "units"] as const,
};

const SURVEY_KEEPERS = ["coordinator", "co_coordinator", "board_member"] as const;

/** Whether the person makes and sends a cluster's surveys: its coordinators, co-coordinators and board, and the platform admin (the API decides again). */
export function managesClusterSurveys(me: Me | undefined, clusterId: string): boolean {
  if (!me) return false;
  if (me.is_platform_admin) return true;
  const roles = me.clusters.find((cluster) => cluster.id === clusterId)?.roles ?? [];
  return roles.some((role) => (SURVEY_KEEPERS as readonly string[]).includes(role));
}

/** Whether the person works at a quality unit (KiAP or a regional unit). */
export function worksAtQualityUnit(me: Me | undefined): boolean {
  return (me?.organisations ?? []).some((organisation) => organisation.kind === "regional_unit" || organisation.kind === "national_unit");
}

/** The meeting detail's offered survey template, if its package offers one. */
export function offeredTemplateOf(meeting: { offered_survey_template: OfferedTemplate | null } | undefined): OfferedTemplate | null {
  return meeting?.offered_survey_template ?? null;
}

type ListSurveysQuery = NonNullable<operations["listSurveys"]["parameters"]["query"]>;

function listSurveys(api: Api, query: ListSurveysQuery) {
  return allPages((cursor) =>
    unwrap(api.client.GET("/api/v1/surveys", { params: { query: { limit: 200, ...query, ...(cursor ? { cursor } : {}) } } })),
  );
}

/** A cluster's surveys, the latest deadline first. */
export function useClusterSurveys(clusterId: string) {
  const api = useApi();
  return useQuery({ queryKey: surveyKeys.cluster(clusterId), queryFn: () => listSurveys(api, { cluster_id: clusterId }) });
}

/** Every survey the person reads (a unit's: its own and its clusters'). */
export function useMySurveys() {
  const api = useApi();
  return useQuery({ queryKey: surveyKeys.mine, queryFn: () => listSurveys(api, {}) });
}

export function readSurvey(api: Api, surveyId: string) {
  return api.client.GET("/api/v1/surveys/{survey_id}", { params: { path: { survey_id: surveyId } } });
}

export function useSurvey(surveyId: string) {
  const api = useApi();
  return useQuery({ queryKey: surveyKeys.one(surveyId), queryFn: () => unwrap(readSurvey(api, surveyId)) });
}

/** The templates a cluster's survey is made from: KiAP's and the units' national ones and the cluster's own, not retired. */
export function useSurveyTemplates(clusterId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: surveyKeys.templates(clusterId),
    queryFn: async () => {
      const [shared, own] = await Promise.all([
        allPages((cursor) =>
          unwrap(client.GET("/api/v1/survey-templates", { params: { query: { limit: 200, owner: "unit", ...(cursor ? { cursor } : {}) } } })),
        ),
        allPages((cursor) =>
          unwrap(
            client.GET("/api/v1/survey-templates", {
              params: { query: { limit: 200, cluster_id: clusterId, ...(cursor ? { cursor } : {}) } },
            }),
          ),
        ),
      ]);
      const seen = new Set<string>();
      return [...shared, ...own].filter((template) => {
        if (seen.has(template.id)) return false;
        seen.add(template.id);
        return true;
      });
    },
  });
}

/** The quality units' templates, not retired: those a package version may offer. */
export function useUnitSurveyTemplates() {
  const { client } = useApi();
  return useQuery({
    queryKey: surveyKeys.unitTemplates,
    queryFn: () =>
      allPages((cursor) =>
        unwrap(client.GET("/api/v1/survey-templates", { params: { query: { limit: 200, owner: "unit", ...(cursor ? { cursor } : {}) } } })),
      ),
  });
}

/** The survey's results (the API refuses them to those who may not read them). */
export function useSurveyResults(surveyId: string, enabled: boolean) {
  const { client } = useApi();
  return useQuery({
    queryKey: surveyKeys.results(surveyId),
    enabled,
    queryFn: () => unwrap(client.GET("/api/v1/surveys/{survey_id}/results", { params: { path: { survey_id: surveyId } } })),
  });
}

export function createClusterSurvey(api: Api, clusterId: string, body: ClusterSurveyWrite, idempotencyKey: string) {
  return unwrap(
    api.client.POST("/api/v1/clusters/{cluster_id}/surveys", {
      params: { path: { cluster_id: clusterId }, header: { "Idempotency-Key": idempotencyKey } },
      body,
    }),
  );
}

/** Send a draft: read with its ETag first, so a change made meanwhile is refused (412). */
export async function sendSurvey(api: Api, surveyId: string) {
  const current = await readVersion(() => readSurvey(api, surveyId));
  return unwrap(
    api.client.POST("/api/v1/surveys/{survey_id}/send", {
      params: { path: { survey_id: surveyId }, header: { "If-Match": current.etag } },
    }),
  );
}

export function remindSurvey(api: Api, surveyId: string, idempotencyKey: string) {
  return unwrap(
    api.client.POST("/api/v1/surveys/{survey_id}/remind", {
      params: { path: { survey_id: surveyId }, header: { "Idempotency-Key": idempotencyKey } },
    }),
  );
}

export function closeSurvey(api: Api, surveyId: string, etag: string) {
  return unwrap(
    api.client.POST("/api/v1/surveys/{survey_id}/close", {
      params: { path: { survey_id: surveyId }, header: { "If-Match": etag } },
    }),
  );
}

/** Move the deadline with the ETag read when the change began: a change made meanwhile is refused (412). */
export function moveSurveyDeadline(api: Api, surveyId: string, closesAt: string, etag: string) {
  return unwrap(
    api.client.PUT("/api/v1/surveys/{survey_id}", {
      params: { path: { survey_id: surveyId }, header: { "If-Match": etag } },
      body: { closes_at: closesAt },
    }),
  );
}

/** Delete a draft. */
export async function deleteSurvey(api: Api, surveyId: string) {
  const current = await readVersion(() => readSurvey(api, surveyId));
  await unwrap(
    api.client.DELETE("/api/v1/surveys/{survey_id}", {
      params: { path: { survey_id: surveyId }, header: { "If-Match": current.etag } },
    }),
  );
}

/** The results as CSV, saved under the API's file name (or `fileName`). */
export function downloadSurveyResults(api: Api, surveyId: string, fileName: string): Promise<void> {
  return saveDownload(
    api.client.GET("/api/v1/surveys/{survey_id}/results.csv", { params: { path: { survey_id: surveyId } }, parseAs: "blob" }),
    fileName,
    { serverName: true },
  );
}

/** The number of people an audience reaches now: the distinct people with a login among them. */
export function countPeople(userIds: readonly (string | null | undefined)[]): number {
  return new Set(userIds.filter((id): id is string => Boolean(id))).size;
}
