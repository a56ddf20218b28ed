/**
 * The Danish catalogue: the source of truth. Every other language must have exactly these keys
 * (the type `Catalogue` enforces it). Placeholders are written `{name}`.
 */
export const da = {
  "app.name": "Klyngeplatformen",
  "app.pageTitle": "{page} – {app}",
  "app.loadingSession": "Henter din session …",

  "common.loading": "Indlæser …",
  "common.retry": "Prøv igen",
  "common.none": "Ingen",
  "common.yes": "Ja",
  "common.no": "Nej",

  "a11y.skipToContent": "Spring til indhold",

  "header.signedInAs": "Logget ind som",
  "header.logout": "Log ud",
  "header.loggingOut": "Logger ud …",

  "language.label": "Sprog",
  "language.da": "Dansk",
  "language.en": "English",

  "nav.label": "Hovedmenu",
  "nav.overview": "Oversigt",
  "nav.profile": "Profil",
  "nav.admin": "Administration",

  "login.title": "Log ind",
  "login.intro": "Log ind med din e-mail og adgangskode.",
  "login.email": "E-mail",
  "login.password": "Adgangskode",
  "login.submit": "Log ind",
  "login.submitting": "Logger ind …",
  "login.invalidCredentials": "Forkert e-mail eller adgangskode.",
  "login.notice.expired": "Din session er udløbet. Log ind igen.",
  "login.notice.loggedOut": "Du er nu logget ud.",

  "errors.network": "Serveren kan ikke nås. Tjek din forbindelse, og prøv igen om lidt.",
  "errors.rateLimited": "For mange forsøg. Vent lidt, og prøv igen.",
  "errors.sessionExpired": "Din session er udløbet. Log ind igen.",
  "errors.forbidden": "Du har ikke adgang til dette.",
  "errors.notFound": "Det, du leder efter, findes ikke.",
  "errors.validation": "Oplysningerne blev afvist. Ret dem, og prøv igen.",
  "errors.internal": "Der opstod en fejl på serveren. Prøv igen om lidt.",
  "errors.httpStatus": "Serveren svarede med en fejl ({status}).",
  "errors.unexpected": "Der opstod en uventet fejl.",
  "errors.requestId": "Fejl-id: {id}",
  "errors.boundary.title": "Der opstod en fejl",
  "errors.boundary.body":
    "Siden kunne ikke vises. Prøv at genindlæse den. Hvis fejlen bliver ved, så kontakt din regionale kvalitetsenhed.",
  "errors.boundary.reload": "Genindlæs siden",

  "dashboard.title": "Oversigt",
  "dashboard.greeting": "Velkommen, {name}.",
  "dashboard.greetingAnonymous": "Velkommen.",
  "dashboard.intro": "Her får du overblik over dine klynger og de næste møder.",
  "dashboard.clusters.title": "Dine klynger",
  "dashboard.clusters.emptyTitle": "Du er endnu ikke med i en klynge.",
  "dashboard.clusters.emptyBody":
    "Når klyngens koordinator tilføjer dig, vises klyngen her. Mener du, at du burde være med i en klynge, så kontakt din regionale kvalitetsenhed.",
  "dashboard.meetings.title": "Kommende møder",
  "dashboard.meetings.emptyTitle": "Du har ingen kommende møder.",
  "dashboard.meetings.emptyBody":
    "Møderne i dine klynger vises her, når klyngens koordinator har planlagt dem.",

  "profile.title": "Profil",
  "profile.details": "Dine oplysninger",
  "profile.name": "Navn",
  "profile.email": "E-mail",
  "profile.lastLogin": "Seneste login",
  "profile.neverLoggedIn": "Ikke registreret",
  "profile.created": "Oprettet",
  "profile.organisations": "Organisationer",
  "profile.organisationsEmpty": "Du er ikke tilknyttet en organisation.",
  "profile.roles": "Roller",
  "profile.platformAdmin": "Platformadministrator",
  "profile.clusterRoles": "Klyngeroller",
  "profile.clusterRolesEmpty": "Ingen klyngeroller endnu.",
  "clusterRole.coordinator": "Klyngekoordinator",
  "clusterRole.co_coordinator": "Medkoordinator",
  "clusterRole.board_member": "Bestyrelsesmedlem",
  "clusterRole.treasurer": "Kasserer",
  "clusterRole.secretary": "Sekretær",
  "clusterRole.member": "Medlem",

  "organisation.kind.regional_unit": "Regional kvalitetsenhed",
  "organisation.kind.national_unit": "National kvalitetsenhed",
  "organisation.kind.plo": "Praktiserende Lægers Organisation",

  "region.hovedstaden": "Region Hovedstaden",
  "region.sjaelland": "Region Sjælland",
  "region.syddanmark": "Region Syddanmark",
  "region.midtjylland": "Region Midtjylland",
  "region.nordjylland": "Region Nordjylland",

  "admin.title": "Administration",
  "admin.users.title": "Brugere",
  "admin.users.caption": "Brugere på platformen",
  "admin.users.name": "Navn",
  "admin.users.email": "E-mail",
  "admin.users.organisations": "Organisationer",
  "admin.users.role": "Rolle",
  "admin.users.status": "Status",
  "admin.users.lastLogin": "Seneste login",
  "admin.users.platformAdmin": "Platformadministrator",
  "admin.users.member": "Bruger",
  "admin.users.active": "Aktiv",
  "admin.users.inactive": "Deaktiveret",
  "admin.users.never": "Aldrig",
  "admin.users.empty": "Der er ingen brugere endnu.",
  "admin.users.shown": "Viste brugere: {count}",
  "admin.users.more": "Vis flere",
  "admin.users.loadingMore": "Henter flere …",
  "admin.forbidden": "Kun platformadministratorer har adgang til administrationen.",

  "notFound.title": "Siden findes ikke",
  "notFound.body": "Adressen findes ikke, eller siden er flyttet.",
  "notFound.home": "Gå til forsiden",
} as const;

export type MessageKey = keyof typeof da;

/** What every language must provide: exactly the Danish keys, each a string. */
export type Catalogue = { readonly [K in MessageKey]: string };
