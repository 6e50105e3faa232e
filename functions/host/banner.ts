/**
 * What `npm start` prints for the person at the terminal: where to open the page, where the
 * data is, and the demo accounts of the sample town (示例镇) with their passwords. It goes to
 * the terminal (stderr) only, never into the JSON log, because it carries passwords.
 */
import { ROLE_LABELS } from '../../shared/kernel/roles';
import type { Role } from '../../shared/kernel/roles';
import type { StartInfo } from './server';

function roleLabel(role: string): string {
  return Object.hasOwn(ROLE_LABELS, role) ? ROLE_LABELS[role as Role] : role;
}

/** The start-up banner, one line per demo account. */
export function formatBanner(info: StartInfo, dataDir: string): string {
  const lines = [
    '',
    `和合说事 本地服务已启动 / local host running: ${info.url}`,
    `数据目录 / data folder: ${dataDir}`,
  ];
  const accounts = info.seed?.demoAccounts ?? [];
  if (accounts.length > 0) {
    lines.push(
      info.seed?.created === true
        ? '已创建示例镇 / sample town created. 示例账号 / demo accounts:'
        : '示例账号 / demo accounts:',
    );
    for (const a of accounts) {
      const roles = a.roles.map(roleLabel).join('、');
      lines.push(`  ${a.name}（${roles}） 手机号/login: ${a.login}  密码/password: ${a.password}`);
    }
  }
  lines.push('按 Ctrl+C 停止 / press Ctrl+C to stop', '');
  return lines.join('\n');
}
