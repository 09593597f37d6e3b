import type { Mail } from "../context";

/**
 * A mail transport that writes to the log. With `includeBody` (development only) the whole
 * mail, reset link included, is printed so a developer can click it; without it only the
 * recipient and subject are, so a production log never holds a usable token.
 */
export function createLogMailer(options: { includeBody: boolean; log?: (line: string) => void }) {
  const log = options.log ?? ((line: string) => console.info(line));
  return async (mail: Mail): Promise<void> => {
    const head = `[mail] to=${mail.to} subject=${JSON.stringify(mail.subject)}`;
    log(options.includeBody ? `${head}\n${mail.text}` : `${head} (body withheld: no mail transport configured)`);
  };
}
