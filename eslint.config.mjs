// Lint rules: typescript-eslint's recommended set on the project's TypeScript sources.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", ".pulumi-local/", "coverage/", "*.js"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      // The serialized provider loads its implementation with require at run time on purpose.
      "@typescript-eslint/no-require-imports": "off",
    },
  },
);
