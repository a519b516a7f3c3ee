// Prepended to both modules (--extern-pre-js). Emscripten 3.1.6's ES-module
// output uses `require` and `__dirname` when it runs under Node, and ES
// modules have neither; define them there. Browsers skip the branch.
var require, __filename, __dirname;
if (typeof process == 'object' && typeof process.versions == 'object' &&
    typeof process.versions.node == 'string') {
  require = (await import('module')).createRequire(import.meta.url);
  __filename = require('url').fileURLToPath(import.meta.url);
  __dirname = require('path').dirname(__filename);
}
