// The host publishes its theme as Fluent 9 tokens (context.fluentDesignLanguage); the grid is Fluent 8,
// so the few slots Fluent 8 components read are mapped across. No host theme → Fluent 8's default.
import { type PartialTheme } from "@fluentui/react";

export function themeFromDesignLanguage(state: ComponentFramework.FluentDesignState | undefined): PartialTheme | undefined {
  if (!state) return undefined;
  // The typings declare tokenTheme as `… & any`; read it as the colour tokens it carries.
  const t = state.tokenTheme as unknown as ComponentFramework.ColorTokens;
  const b = state.brand;
  return {
    isInverted: state.isDarkTheme === true,
    palette: {
      themePrimary: t.colorBrandBackground,
      themeDark: t.colorBrandBackgroundPressed,
      themeDarkAlt: t.colorBrandBackgroundHover,
      themeSecondary: b[70],
      themeTertiary: b[110],
      themeLight: b[140],
      themeLighter: b[150],
      themeLighterAlt: b[160],
      neutralPrimary: t.colorNeutralForeground1,
      neutralSecondary: t.colorNeutralForeground2,
      neutralTertiary: t.colorNeutralForeground3,
      neutralLight: t.colorNeutralStroke2,
      neutralLighter: t.colorNeutralBackground2,
      white: t.colorNeutralBackground1,
      black: t.colorNeutralForeground1,
    },
    semanticColors: {
      bodyBackground: t.colorNeutralBackground1,
      bodyText: t.colorNeutralForeground1,
      bodySubtext: t.colorNeutralForeground2,
      bodyDivider: t.colorNeutralStroke2,
      inputBorder: t.colorNeutralStroke1,
    },
  };
}
