/**
 * The one door to graphql-js for the devstore. graphql 16 ships CommonJS (`index.js`, its "main") and ESM
 * (`index.mjs`, its "module") without an "exports" map. Node resolves every `import "graphql"` to the CommonJS
 * file (that is what @graphql-tools/schema gets), while Vite/Vitest pick `index.mjs` for our own sources: two
 * copies, and graphql-js refuses a schema built by the other ("Cannot use GraphQLSchema … from another module or
 * realm"). Importing the CommonJS entry by path gives every runner the same copy.
 */
export * from "graphql/index.js";
