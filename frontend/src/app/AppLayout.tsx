import { Anchor, AppShell, Box, Burger, Button, Group, NavLink, Text, VisuallyHidden } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconAdjustments,
  IconChartBar,
  IconChecklist,
  IconCoins,
  IconHome,
  IconInbox,
  IconLogout,
  IconListCheck,
  IconMap2,
  IconPackage,
  IconPackages,
  IconPackageImport,
  IconTemplate,
  IconUserCircle,
  IconUsersGroup,
  type Icon,
} from "@tabler/icons-react";
import { Suspense, useEffect, useRef, useState, type ReactNode } from "react";
import { Link, Outlet, useLocation, useMatch } from "react-router";
import { useApi } from "../api/context";
import { useMe } from "../api/queries";
import { ErrorBoundary } from "../components/ErrorBoundary";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { LoadingState } from "../components/LoadingState";
import { MAIN_ID, SkipLink } from "../components/SkipLink";
import { useI18n } from "../i18n/context";
import { navItemsFor, pageOf, paths, type NavItem, type NavKind } from "./navigation";

const ICONS: Record<NavKind, Icon> = {
  overview: IconHome,
  clusters: IconUsersGroup,
  packages: IconPackages,
  region: IconMap2,
  proposals: IconPackageImport,
  templates: IconTemplate,
  attendance: IconChecklist,
  economy: IconCoins,
  landscape: IconChartBar,
  profile: IconUserCircle,
  admin: IconAdjustments,
  unitPackages: IconPackage,
  unitOrders: IconInbox,
  unitSurveys: IconListCheck,
};

function MenuLink({ item, onNavigate }: { item: NavItem; onNavigate: () => void }) {
  const { t } = useI18n();
  const active = useMatch({ path: item.to, end: item.end ?? false }) !== null;
  const ItemIcon = ICONS[item.kind];
  return (
    <NavLink
      component={Link}
      to={item.to}
      label={t(item.label)}
      leftSection={<ItemIcon size={20} stroke={1.75} aria-hidden />}
      active={active}
      aria-current={active ? "page" : undefined}
      onClick={onNavigate}
      variant="light"
      fw={500}
      style={{ borderRadius: "var(--mantine-radius-md)" }}
    />
  );
}

/**
 * The signed-in frame: a header (menu button on a phone, product, person, language, log out),
 * the menu (a side bar; on a phone, behind the menu button) and the main content.
 */
export function AppLayout({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  const { session } = useApi();
  const me = useMe();
  const location = useLocation();
  const [menuOpen, menu] = useDisclosure(false);
  const [loggingOut, setLoggingOut] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  // A page's tabs are paths of one page: moving between them keeps the page and the focus.
  const page = pageOf(location.pathname);
  const previousPage = useRef(page);

  useEffect(() => {
    // After navigating, move focus to the new content so screen readers start there.
    if (previousPage.current !== page) mainRef.current?.focus();
    previousPage.current = page;
  }, [page]);

  const name = me.data?.name ?? me.data?.email;

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: "sm", collapsed: { mobile: !menuOpen } }}
      padding={0}
    >
      <SkipLink />
      <AppShell.Header className="site-header" bg="klynge.9" c="white" withBorder={false}>
        <Group h="100%" px={{ base: "xs", sm: "md" }} gap="xs" wrap="nowrap" justify="space-between">
          <Group gap="xs" wrap="nowrap" miw={0}>
            <Burger
              opened={menuOpen}
              onClick={menu.toggle}
              hiddenFrom="sm"
              size="sm"
              color="white"
              aria-label={t("nav.toggle")}
              aria-expanded={menuOpen}
              aria-controls="site-nav"
            />
            <Anchor
              component={Link}
              to={paths.dashboard}
              c="inherit"
              fw={700}
              fz={{ base: "md", xs: "lg" }}
              underline="hover"
              truncate
            >
              {t("app.name")}
            </Anchor>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {name ? (
              <Text visibleFrom="md" size="sm" fw={600}>
                <VisuallyHidden>{t("header.signedInAs")} </VisuallyHidden>
                {name}
              </Text>
            ) : null}
            <LanguageSwitch />
            <Button
              variant="white"
              color="klynge"
              size="compact-sm"
              leftSection={<IconLogout size={16} aria-hidden />}
              disabled={loggingOut}
              onClick={() => {
                setLoggingOut(true);
                void session.logout();
              }}
            >
              <span className="site-header__logout-label">
                {loggingOut ? t("header.loggingOut") : t("header.logout")}
              </span>
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" id="site-nav" aria-label={t("nav.label")}>
        {navItemsFor(me.data).map((item) => (
          <MenuLink key={item.to} item={item} onNavigate={menu.close} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id={MAIN_ID} ref={mainRef} tabIndex={-1} className="site-main" bg="gray.0">
        <Box maw="72rem" mx="auto" px="md" pt="lg" pb="xl">
          <ErrorBoundary key={page}>
            <Suspense fallback={<LoadingState />}>{children ?? <Outlet />}</Suspense>
          </ErrorBoundary>
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
