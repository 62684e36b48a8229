import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
const entry = process.argv[2];
const r = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'browser', target: ['chrome113'], write: false, metafile: true,
  jsx: 'automatic', jsxImportSource: 'preact', conditions: ['source'], loader: { '.css': 'empty', '.json': 'json' },
  alias: { '@': '/work/main', 'wxt/browser': '@wxt-dev/webextension-polyfill/browser' }, define: { 'import.meta.env': '{}' } });
const out = Object.values(r.metafile.outputs)[0];
const by = {};
for (const [f, v] of Object.entries(out.inputs)) by[f] = v.bytesInOutput;
console.log('gz', gzipSync(r.outputFiles[0].contents,{level:9}).length);
for (const [f,b] of Object.entries(by).sort((a,b)=>b[1]-a[1]).slice(0,40)) console.log(String(b).padStart(7), f);
