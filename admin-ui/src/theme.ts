import {
  Modal, createTheme, defaultVariantColorsResolver, parseThemeColor, type CSSVariablesResolver, type VariantColorsResolver,
} from '@mantine/core';

/** Hues whose darkest shade still reads under 4.5:1 on its own pale background: their text is near black. */
const PALE_HUES = new Set(['yellow', 'orange', 'lime', 'green', 'teal']);

function lightText(colour: string): string {
  return PALE_HUES.has(colour) ? 'var(--mantine-color-dark-8)' : `var(--mantine-color-${colour}-9)`;
}

/**
 * Light and subtle variants (badges, the active menu item, quiet buttons) write in a colour's shade 6 by default,
 * under 3:1 on their pale backgrounds; shade 9 of the same hue passes WCAG AA's 4.5:1, or near black for pale hues.
 */
const readableVariants: VariantColorsResolver = (input) => {
  const colours = defaultVariantColorsResolver(input);
  if (input.variant !== 'light' && input.variant !== 'subtle') return colours;
  const parsed = parseThemeColor({ color: input.color || input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor) return colours;
  return { ...colours, color: lightText(parsed.color) };
};

export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  variantColorResolver: readableVariants,
  components: {
    // Mantine's close button has an icon and no name: screen readers would announce a bare button.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
  },
});

/**
 * Mantine's dimmed grey (3.3:1 on white) and error red (3.6:1) are too faint for WCAG AA's 4.5:1: darker shades of the
 * same hues, at 8:1 and 5.6:1.
 */
export const cssVariables: CSSVariablesResolver = (resolved) => {
  const light: Record<string, string> = { '--mantine-color-dimmed': '#495057', '--mantine-color-error': '#c92a2a' };
  // The same readable text for light variants that read their colour from CSS variables (the active menu item).
  // Their backgrounds are the hue's palest shade, so that the text keeps its contrast (Mantine 9's is shade 2).
  for (const colour of Object.keys(resolved.colors)) {
    light[`--mantine-color-${colour}-light-color`] = lightText(colour);
    light[`--mantine-color-${colour}-light`] = `var(--mantine-color-${colour}-0)`;
    light[`--mantine-color-${colour}-light-hover`] = `var(--mantine-color-${colour}-1)`;
  }
  light['--mantine-primary-color-light-color'] = lightText(resolved.primaryColor);
  return { variables: {}, light, dark: {} };
};
