/** Control words inside a running form (Chinese first, English too). */
export type Intent =
  | { kind: 'cancel' }
  | { kind: 'skip' }
  | { kind: 'back' }
  | { kind: 'progress' }
  | { kind: 'confirm' }
  | { kind: 'edit'; target: string };

// (?<!…): a run of marks is tried from its first mark only, so a long run stays linear (bench/redos.ts).
const strip = (s: string) => s.trim().replace(/(?<![。.!！~～\s])[。.!！~～\s]+$/u, '');

export function parseIntent(text: string): Intent | null {
  const s = strip(text);
  const low = s.toLowerCase();
  if (/^(取消|取消填报|放弃|退出|不填了|cancel|quit|abort)$/.test(low)) return { kind: 'cancel' };
  if (/^(跳过|略过|下一项|先跳过|skip)$/.test(low)) return { kind: 'skip' };
  if (/^(上一步|上一题|返回|返回上一步|退回|back|previous)$/.test(low)) return { kind: 'back' };
  if (/^(进度|查看进度|填了哪些|已填内容|progress|status)$/.test(low)) return { kind: 'progress' };
  if (/^(确认提交|确认|提交|确定提交|没问题提交|confirm|submit)$/.test(low)) return { kind: 'confirm' };
  const edit = /^(?:修改|更改|改一下|edit|change)\s*(.*)$/is.exec(s);
  if (edit) return { kind: 'edit', target: edit[1]!.trim() };
  return null;
}

/** A message that is plainly a question (asked in the middle of a form). */
export function looksLikeQuestion(text: string): boolean {
  const s = text.trim();
  if (/[？?]$/.test(s)) return true;
  if (/(吗|呢|么)[。.]?$/.test(s)) return true;
  return /(怎么|什么|多少|如何|为什么|哪些|哪里|是否|能不能|可不可以|请问|how|what|why|which)/i.test(s);
}
