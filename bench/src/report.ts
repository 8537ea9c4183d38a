/** Prints `group.figure value unit` lines and collects them for bench/results/latest.json. */
import { mkdirSync, writeFileSync } from 'node:fs';

export interface Figure {
  value: number;
  unit: string;
  target?: string;
}

export class Report {
  readonly figures: Record<string, Figure> = {};

  add(name: string, value: number, unit: string, target?: string): void {
    const rounded = Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 1000) / 1000;
    this.figures[name] = { value: rounded, unit, ...(target ? { target } : {}) };
    console.log(`${name} ${rounded} ${unit}${target ? `   (target ${target})` : ''}`);
  }

  write(quick: boolean): string {
    const dir = new URL('../results/', import.meta.url);
    mkdirSync(dir, { recursive: true });
    const file = new URL('latest.json', dir);
    writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), quick, node: process.version, figures: this.figures }, null, 2)}\n`);
    return file.pathname;
  }
}
