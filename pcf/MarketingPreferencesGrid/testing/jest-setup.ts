import "@testing-library/jest-dom";
import { setIconOptions } from "@fluentui/react";

// Icon fonts are the host's business (the platform registers them); unregistered glyphs only warn.
setIconOptions({ disableWarnings: true });

// Fluent's DetailsList under user-event is slow in jsdom on a shared 2-core machine (testTimeout is a
// global option that projects cannot set).
jest.setTimeout(30000);
