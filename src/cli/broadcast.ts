import { parseFlags, withCliApp } from './context.js';

const USAGE = `用法 / usage:
  broadcast --text T [--tag district:滨湖] --yes      queue a broadcast, print its id
  broadcast --text T [--tag X]                       preview: how many chats it would reach
  broadcast status ID                                delivery report (JSON)
The CLI only queues: the running bot (or \`npm run worker\`) delivers.
`;

/** `npm run cli -- broadcast`: preview, send (with --yes) and report. */
export async function run(argv: string[]): Promise<number> {
  const { flags, rest } = parseFlags(argv);
  if (rest[0] === 'status' && rest[1]) {
    return withCliApp(async (app) => {
      const r = await app.services.calendar.broadcastReport(rest[1]!);
      if (!r) {
        process.stderr.write(`没有这个群发 / no broadcast ${rest[1]}\n`);
        return 1;
      }
      const { info, ...report } = r;
      process.stdout.write(`${JSON.stringify({ id: info.id, ...report })}\n`);
      return 0;
    });
  }
  const text = typeof flags['text'] === 'string' ? flags['text'].trim() : '';
  if (!text || rest.length > 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  const tag = typeof flags['tag'] === 'string' ? flags['tag'] : undefined;
  return withCliApp(async (app) => {
    const svc = app.services.calendar;
    const { recipients } = await svc.previewBroadcast(text, tag);
    if (flags['yes'] !== true) {
      process.stderr.write(
        `将发给 ${recipients} 个会话；加 --yes 发送 / would reach ${recipients} chats; add --yes to send\n`,
      );
      return recipients > 0 ? 0 : 1;
    }
    if (recipients === 0) {
      process.stderr.write('没有订阅的会话 / no subscribed chats\n');
      return 1;
    }
    const input: { text: string; tag?: string; by: string } = { text, by: 'cli' };
    if (tag) input.tag = tag;
    const id = await svc.sendBroadcast(input);
    process.stderr.write(`已排队，发给 ${recipients} 个会话 / queued for ${recipients} chats\n`);
    process.stdout.write(`${id}\n`);
    return 0;
  });
}
