import "@testing-library/jest-dom";
import { setIconOptions } from "@fluentui/react";

// Icon fonts are the host's business (the platform registers them); unregistered glyphs only warn.
setIconOptions({ disableWarnings: true });
