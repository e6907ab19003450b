// Copies the browser (UMD) builds that the GraphiQL page loads out of node_modules into dist/, which
// settings.STATICFILES_DIRS serves under static/graphiql/vendor/. Only these files: collectstatic then
// stays small, and nothing else of node_modules is ever exposed over HTTP.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const dist = join(here, "dist");

// [package, file inside the package, name in dist/]
const FILES = [
  ["react", "umd/react.production.min.js", "react.production.min.js"],
  ["react-dom", "umd/react-dom.production.min.js", "react-dom.production.min.js"],
  ["graphiql", "graphiql.min.js", "graphiql.min.js"],
  ["graphiql", "graphiql.min.css", "graphiql.min.css"],
  ["@graphiql/plugin-explorer", "dist/index.umd.js", "plugin-explorer.umd.js"],
  ["@graphiql/plugin-explorer", "dist/style.css", "plugin-explorer.css"],
];

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
const versions = {};
for (const [pkg, file, name] of FILES) {
  copyFileSync(join(modules, pkg, file), join(dist, name));
  const meta = JSON.parse(readFileSync(join(modules, pkg, "package.json"), "utf8"));
  versions[pkg] = meta.version;
  // The MIT licences ask that the notice travel with the copy.
  const licence = join(modules, pkg, "LICENSE");
  if (existsSync(licence)) copyFileSync(licence, join(dist, `${pkg.replace("/", "__")}.LICENSE.txt`));
}
writeFileSync(join(dist, "versions.json"), `${JSON.stringify(versions, null, 2)}\n`);
console.log(`graphiql vendor files in ${dist}: ${JSON.stringify(versions)}`);
