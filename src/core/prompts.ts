import { fill, loadText } from './text.js';

/** Load `prompts/<name>` (e.g. `forms/extract-system.md`) and fill its `{var}` placeholders. */
export function loadPrompt(name: string, vars: Record<string, string | number> = {}): string {
  return fill(loadText(name), vars);
}
