#!/usr/bin/env node
// Where a process's CPU goes, from a V8 `.cpuprofile` (node --cpu-prof): self time grouped by package
// (node_modules/<pkg>), by engine lib or app (dist/libs/<lib>, dist/apps/<app>), by bench file, Node's
// own internals, GC and native code. Idle time is left out; shares are of the busy time.
//
//   node bench/pipeline/profile-summary.mjs FILE.cpuprofile [...]   one table per file (markdown)
//   node bench/pipeline/profile-summary.mjs --top 12 FILE...        rows kept per table (default 15)
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
let top = 15;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--top') top = Number(args[++i]);
  else files.push(args[i]);
}

function category(frame) {
  const url = frame.url || '';
  const fn = frame.functionName;
  if (!url) {
    if (fn === '(idle)' || fn === '(program)' || fn === '(garbage collector)' || fn === '(root)') return fn;
    return '(native)';
  }
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const lib = /\/dist\/(libs|apps)\/([^/]+)\//.exec(url);
  if (lib) return `${lib[1]}/${lib[2]}`;
  if (url.includes('/bench/pipeline/')) return `bench/${path.basename(url)}`;
  if (url.startsWith('node:')) {
    const m = /^node:(internal\/)?([^/]+)/.exec(url);
    return `node:${m ? m[2] : url}`;
  }
  return url;
}

for (const file of files) {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  // timeDeltas[i] is the time before samples[i].
  for (let i = 0; i < prof.samples.length; i++) {
    const node = byId.get(prof.samples[i]);
    const dt = prof.timeDeltas[i] ?? 0;
    const c = category(node.callFrame);
    self.set(c, (self.get(c) ?? 0) + dt);
  }
  const idle = self.get('(idle)') ?? 0;
  self.delete('(idle)');
  self.delete('(root)');
  const busy = [...self.values()].reduce((a, b) => a + b, 0);
  const wall = (prof.endTime - prof.startTime) / 1000;
  console.log(`\n**${path.basename(file)}**: ${(busy / 1000).toFixed(0)} ms busy of ${wall.toFixed(0)} ms profiled (idle ${(idle / 1000).toFixed(0)} ms)\n`);
  console.log('| Self time in | ms | % of busy |');
  console.log('|---|---|---|');
  const rows = [...self].sort((a, b) => b[1] - a[1]);
  for (const [c, us] of rows.slice(0, top)) console.log(`| ${c} | ${(us / 1000).toFixed(0)} | ${((100 * us) / busy).toFixed(1)} |`);
  const rest = rows.slice(top).reduce((a, [, us]) => a + us, 0);
  if (rest > 0) console.log(`| (${rows.length - top} more) | ${(rest / 1000).toFixed(0)} | ${((100 * rest) / busy).toFixed(1)} |`);
}
