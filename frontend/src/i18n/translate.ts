import { da, type Catalogue, type MessageKey } from "./messages/da";

export type { Catalogue, MessageKey };

export const LANGUAGES = ["da", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "da";

// Danish comes with the app; another language's catalogue is its own chunk, loaded when chosen.
const loaded: Partial<Record<Language, Catalogue>> = { da };

/** Whether a language's messages are here (Danish always is). */
export function hasCatalogue(language: Language): boolean {
  return loaded[language] !== undefined;
}

/** Fetch a language's messages, once. */
export async function loadCatalogue(language: Language): Promise<void> {
  if (loaded[language]) return;
  if (language === "en") loaded.en = (await import("./messages/en")).en;
}

function catalogueOf(language: Language): Catalogue {
  return loaded[language] ?? da;
}

/** The Intl locale for each language (dates and numbers). */
export const LOCALES: Readonly<Record<Language, string>> = { da: "da-DK", en: "en-GB" };

type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

/** The placeholder names of a message, from the Danish text. */
export type ParamsOf<K extends MessageKey> = Placeholders<(typeof da)[K]>;

/** Keys whose messages take no parameters. */
export type PlainKey = { [K in MessageKey]: [ParamsOf<K>] extends [never] ? K : never }[MessageKey];

export type TranslateArgs<K extends MessageKey> = [ParamsOf<K>] extends [never]
  ? []
  : [params: Record<ParamsOf<K>, string | number>];

export type Translate = <K extends MessageKey>(key: K, ...args: TranslateArgs<K>) => string;

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(da, value);
}

/** Look a message up and fill in its `{placeholders}`. */
export function translate<K extends MessageKey>(
  language: Language,
  key: K,
  ...args: TranslateArgs<K>
): string {
  const template = catalogueOf(language)[key];
  const params: Record<string, string | number> | undefined = args[0];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : match,
  );
}

export function translatorFor(language: Language): Translate {
  return (key, ...args) => translate(language, key, ...args);
}
