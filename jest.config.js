/** Jest projects: fast unit tests, HTTP tests against the tenant simulator, and tests that
 * drive the real Pulumi engine. Tests print nothing; a failing test shows its own output. */
const shared = {
  preset: "ts-jest",
  testEnvironment: "node",
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { ignoreCodes: [151002] } }],
  },
};

module.exports = {
  projects: [
    { ...shared, displayName: "unit", testMatch: ["<rootDir>/test/unit/**/*.test.ts"] },
    {
      ...shared,
      displayName: "simulator",
      testMatch: ["<rootDir>/test/simulator/**/*.test.ts"],
    },
    { ...shared, displayName: "engine", testMatch: ["<rootDir>/test/engine/**/*.test.ts"] },
  ],
};
