import { createTheme, type CSSVariablesResolver } from '@mantine/core';

// Colours chosen for contrast (WCAG AA) on white: Mantine's default blue at shade 7 for primary actions.
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
});

/**
 * Mantine's dimmed grey (3.3:1 on white) and error red (3.6:1) are too faint for WCAG AA's 4.5:1: darker shades of the
 * same hues, at 8:1 and 5.6:1.
 */
export const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#495057', '--mantine-color-error': '#c92a2a' },
  dark: {},
});
