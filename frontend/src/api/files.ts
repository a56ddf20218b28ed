/**
 * Files: a cluster's library (folders and the files in each) and a meeting's files; reading
 * them, saving and previewing their content (which the API sends only with the token), and
 * the folder tree's paths.
 */
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { Api } from "./client";
import { useApi } from "./context";
import { saveDownload } from "./download";
import { unwrap } from "./errors";
import { allPages, pageQuery } from "./registry";
import type { Folder, Me, StoredFile } from "./types";

export const fileKeys = {
  /** Everything of a cluster's library: one invalidation after a change refreshes it all. */
  library: (clusterId: string) => ["cluster", clusterId, "library"] as const,
  folders: (clusterId: string) => ["cluster", clusterId, "library", "folders"] as const,
  libraryFiles: (clusterId: string, folderId: string | null, limit: number) =>
    ["cluster", clusterId, "library", "files", { folderId, limit }] as const,
  meetingFiles: (meetingId: string) => ["meeting", meetingId, "files"] as const,
};

/** Files per page in the library: a folder with more shows "Vis flere". */
export const FILES_PAGE_SIZE = 100;

/** Every folder of the cluster's library, at any depth (the tree is built from parent_id). */
export function useFolders(clusterId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: fileKeys.folders(clusterId),
    queryFn: () =>
      allPages((cursor) =>
        unwrap(
          client.GET("/api/v1/clusters/{cluster_id}/folders", {
            params: { path: { cluster_id: clusterId }, query: pageQuery(cursor) },
          }),
        ),
      ),
  });
}

/** The files in one folder of the library (its root with null), by name, page by page. */
export function useLibraryFiles(clusterId: string, folderId: string | null, { limit = FILES_PAGE_SIZE } = {}) {
  const { client } = useApi();
  return useInfiniteQuery({
    queryKey: fileKeys.libraryFiles(clusterId, folderId, limit),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const query: { limit: number; cursor?: string; folder_id?: string } = { limit };
      if (pageParam) query.cursor = pageParam;
      if (folderId) query.folder_id = folderId;
      return unwrap(client.GET("/api/v1/clusters/{cluster_id}/files", { params: { path: { cluster_id: clusterId }, query } }));
    },
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
  });
}

/** A meeting's files (slides, minutes, papers), by name. */
export function useMeetingFiles(meetingId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: fileKeys.meetingFiles(meetingId),
    queryFn: () =>
      allPages((cursor) =>
        unwrap(
          client.GET("/api/v1/meetings/{meeting_id}/files", {
            params: { path: { meeting_id: meetingId }, query: pageQuery(cursor) },
          }),
        ),
      ),
  });
}

/** Save a file under its own name (the token goes in the header; there are no public links). */
export function downloadFile(api: Api, file: Pick<StoredFile, "id" | "name">): Promise<void> {
  return saveDownload(
    api.client.GET("/api/v1/files/{file_id}/content", { params: { path: { file_id: file.id } }, parseAs: "blob" }),
    file.name,
  );
}

/** A file's content to show in the page (`inline=true`: PDF and images), as a blob. */
export function fetchInlineContent(api: Api, fileId: string): Promise<Blob> {
  return unwrap(
    api.client.GET("/api/v1/files/{file_id}/content", {
      params: { path: { file_id: fileId }, query: { inline: true } },
      parseAs: "blob",
    }),
  );
}

export type PreviewKind = "image" | "pdf";

/** The types the API shows inline, so the app previews them: images and PDF. */
const PREVIEWS: Readonly<Record<string, PreviewKind>> = {
  "application/pdf": "pdf",
  "image/png": "image",
  "image/jpeg": "image",
  "image/gif": "image",
  "image/webp": "image",
};

/** How a file is previewed, or null when it is only downloaded. */
export function previewKind(mediaType: string): PreviewKind | null {
  return PREVIEWS[mediaType] ?? null;
}

/**
 * Whether the person uploads to the cluster and makes folders there: its own doctors and role
 * holders (the clusters in /me) and the platform admin; the quality units only read. The API
 * decides again. What someone may change of an existing file or folder, it says itself
 * (`my_permissions.change`).
 */
export function uploadsFiles(me: Me | undefined, clusterId: string): boolean {
  if (!me) return false;
  return me.is_platform_admin || me.clusters.some((cluster) => cluster.id === clusterId);
}

/**
 * The folders from the library's root down to `folderId` (the breadcrumb), or null when there
 * is no such folder. A broken tree (a parent missing, or a loop) also gives null.
 */
export function folderTrail(folders: readonly Folder[], folderId: string): Folder[] | null {
  const byId = new Map(folders.map((folder) => [folder.id, folder]));
  const trail: Folder[] = [];
  let current = byId.get(folderId);
  while (current) {
    if (trail.includes(current)) return null;
    trail.unshift(current);
    if (current.parent_id === null) return trail;
    current = byId.get(current.parent_id);
  }
  return null;
}

/** The folders directly in `parentId` (the root with null), by name. */
export function childFolders(folders: readonly Folder[], parentId: string | null): Folder[] {
  return folders
    .filter((folder) => folder.parent_id === parentId)
    .sort((a, b) => a.name.localeCompare(b.name, "da"));
}

/** A place in the library to move something to: a folder with its whole path, or the root. */
export interface FolderChoice {
  /** null: the library's root. */
  id: string | null;
  /** The folder's names from the root down ([] for the root). */
  path: string[];
}

/**
 * Every place in the library, depth first and by name: the root, then each folder with its
 * path. `without` leaves out a folder and everything in it (a folder cannot move into itself).
 */
export function folderChoices(folders: readonly Folder[], without: string | null = null): FolderChoice[] {
  const choices: FolderChoice[] = [{ id: null, path: [] }];
  const seen = new Set<string>();
  function walk(parentId: string | null, path: string[]) {
    for (const folder of childFolders(folders, parentId)) {
      if (folder.id === without || seen.has(folder.id)) continue;
      seen.add(folder.id);
      const folderPath = [...path, folder.name];
      choices.push({ id: folder.id, path: folderPath });
      walk(folder.id, folderPath);
    }
  }
  walk(null, []);
  return choices;
}
