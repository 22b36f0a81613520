// Every part's tests, one jest project per part: `npm test` runs them all.
module.exports = {
  projects: [
    "<rootDir>/solution/model",
    "<rootDir>/sync-core",
    "<rootDir>/sandbox",
    "<rootDir>/webresources",
    "<rootDir>/pcf/MarketingPreferencesGrid",
    "<rootDir>/solution",
    "<rootDir>/test",
  ],
  reporters: ["default", "<rootDir>/scripts/summary-reporter.cjs"],
};
