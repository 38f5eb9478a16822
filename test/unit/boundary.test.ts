// The plug-in boundary, held by the sources themselves: nothing under src/ imports commands/ or
// jobs/ (src/main.ts wires their two index files, nothing else), there is no import cycle anywhere,
// and the engine names no command, job, query or host (the lab is the engine's one exception: it
// plays the hosts WSE and EXCH).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { jobs, queries } from '../../jobs/index.ts';
import { LAB_HOSTS } from '../../src/targets/lab-hosts.ts';
import { ROOT } from '../fixtures/app-process.ts';
import { crossings, cycles, importGraph, stringLiterals, tsFiles } from '../fixtures/import-graph.ts';

const files = tsFiles(ROOT, ['src', 'commands', 'jobs', 'scripts', 'test']);
const graph = importGraph(ROOT, files);
const WIRING = new Set(['commands/index.ts', 'jobs/index.ts']);

describe('the plug-in boundary', () => {
  it('reads the whole tree', () => {
    expect(files.length).toBeGreaterThan(80);
    expect(graph.get('src/main.ts')).toContain('commands/index.ts');
  });

  it('nothing under src/ imports commands/ or jobs/, except src/main.ts wiring their index files', () => {
    const found = crossings(graph, 'src/', ['commands/', 'jobs/'], (file, target) => file === 'src/main.ts' && WIRING.has(target));
    expect(found).toEqual([]);
  });

  it('has no import cycle anywhere', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('the engine names no command, job, query or host', () => {
    // Words that are the engine's own concepts as well as command names: a decision to start a
    // 'job', a step's 'reboot' phase, the 'audit' folder.
    const engineWords = new Set(['job', 'reboot', 'audit']);
    const names = new Set<string>([...commands.map((c) => c.name), ...jobs.keys(), ...queries.keys(), ...LAB_HOSTS].filter((n) => !engineWords.has(n)));
    const lab = (f: string) => f.startsWith('src/lab/') || f === 'src/targets/lab-hosts.ts';
    const found = files
      .filter((f) => f.startsWith('src/') && !lab(f))
      .flatMap((f) =>
        stringLiterals(readFileSync(path.join(ROOT, f), 'utf8'))
          .filter((s) => names.has(s))
          .map((s) => `${f}: '${s}'`),
      );
    expect(found).toEqual([]);
  });
});

describe('the checks themselves', () => {
  it('find a cycle, a crossing and a literal', () => {
    const g = new Map([
      ['src/a.ts', ['src/b.ts']],
      ['src/b.ts', ['src/a.ts', 'jobs/x/index.ts']],
      ['jobs/x/index.ts', []],
    ]);
    expect(cycles(g)).toEqual([['src/a.ts', 'src/b.ts']]);
    expect(crossings(g, 'src/', ['jobs/'], () => false)).toEqual(['src/b.ts → jobs/x/index.ts']);
    expect(stringLiterals("const a = 'add-user'; // 'not this'\nconst b = \"EXCH\";")).toEqual(['add-user', 'EXCH']);
  });
  it('reads type-only and dynamic imports as imports', () => {
    const g = importGraph(ROOT, ['src/engine/command.ts']);
    expect(g.get('src/engine/command.ts')).toEqual(expect.arrayContaining(['src/engine/job-definition.ts', 'src/engine/job-store.ts']));
  });
});
