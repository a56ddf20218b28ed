// The design system's styles that only pages beyond the login and the dashboard use. Each of
// those pages imports this module, so that these styles come with the first of them, in their
// own chunk, and not with the app's first load. Popover and Menu are in styles.ts: the app's
// frame uses them, and Combobox builds on Popover.
import "@mantine/core/styles/Alert.css";
import "@mantine/core/styles/PasswordInput.css";
import "@mantine/core/styles/Checkbox.css";
import "@mantine/core/styles/Combobox.css";
import "@mantine/core/styles/ScrollArea.css";
import "@mantine/core/styles/Pill.css";
import "@mantine/core/styles/PillsInput.css";
import "@mantine/core/styles/Table.css";
import "@mantine/core/styles/Tabs.css";
import "@mantine/core/styles/Badge.css";
import "@mantine/core/styles/SimpleGrid.css";
import "@mantine/core/styles/Accordion.css";
import "@mantine/core/styles/InlineInput.css";
import "@mantine/core/styles/Breadcrumbs.css";
import "@mantine/core/styles/Progress.css";
import "@mantine/core/styles/Image.css";
import "@mantine/core/styles/Center.css";
import "@mantine/core/styles/Typography.css";
import "@mantine/core/styles/Radio.css";
import "@mantine/core/styles/List.css";
