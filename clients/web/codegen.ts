import { createHash } from "node:crypto";

import type { CodegenConfig } from "@graphql-codegen/cli";

// Types come from the repository's exported schema, never from a live server: CI type-checks this client
// against the schema the backend commits, so a breaking change fails before it ships.
const config: CodegenConfig = {
  schema: "../../schema.graphql",
  documents: ["src/**/*.ts", "!src/gql/**"],
  ignoreNoDocuments: false,
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: {
        // Plain TypeScript modules read fragment fields directly; React apps may prefer masking on.
        fragmentMasking: false,
        // Emits src/gql/persisted-documents.json (hash → document), the trusted-documents manifest a
        // production server can be told to accept exclusively. Keys are the bare hex sha256 of the document
        // (the preset's own "sha256" adds a "sha256:" prefix), as Apollo's `persistedQuery.sha256Hash` sends.
        persistedDocuments: {
          hashAlgorithm: (document: string) => createHash("sha256").update(document).digest("hex"),
        },
      },
      config: {
        strictScalars: true,
        scalars: { DateTime: "string", Upload: "File | Blob" },
        // String unions, so `switch (error.code)` takes the literals and `never` proves it exhaustive.
        enumType: "string-literal",
        useTypeImports: true,
      },
    },
  },
};

export default config;
