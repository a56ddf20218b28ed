/** The machine clients of the client-credentials grant (platform admins). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApi } from "./context";
import { unwrap } from "./errors";
import { allPages } from "./registry";
import type { MachineClient, MachineClientCreate } from "./types";

export const clientKeys = {
  all: ["machine-clients"] as const,
  organisations: ["organisations"] as const,
};

export function useMachineClients(enabled = true) {
  const { client } = useApi();
  return useQuery({
    queryKey: clientKeys.all,
    enabled,
    queryFn: () =>
      allPages((cursor) =>
        unwrap(client.GET("/api/v1/clients", { params: { query: cursor ? { limit: 200, cursor } : { limit: 200 } } })),
      ),
  });
}

export function useOrganisations() {
  const { client } = useApi();
  return useQuery({
    queryKey: clientKeys.organisations,
    staleTime: Infinity,
    queryFn: () =>
      allPages((cursor) =>
        unwrap(client.GET("/api/v1/organisations", { params: { query: cursor ? { limit: 200, cursor } : { limit: 200 } } })),
      ),
  });
}

export function useCreateMachineClient() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MachineClientCreate) => unwrap(client.POST("/api/v1/clients", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clientKeys.all }),
  });
}

export function useRotateMachineClientSecret() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (target: MachineClient) =>
      unwrap(client.POST("/api/v1/clients/{client_uuid}/secret", { params: { path: { client_uuid: target.id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clientKeys.all }),
  });
}

/** Revoke: the client is deactivated (it keeps its history), with the ETag it was read with. */
export function useRevokeMachineClient() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (target: MachineClient) => {
      const path = { client_uuid: target.id };
      const current = await client.GET("/api/v1/clients/{client_uuid}", { params: { path } });
      await unwrap(Promise.resolve(current));
      const etag = current.response.headers.get("ETag") ?? "";
      return unwrap(
        client.PATCH("/api/v1/clients/{client_uuid}", {
          params: { path, header: { "If-Match": etag } },
          body: { is_active: false },
        }),
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clientKeys.all }),
  });
}
