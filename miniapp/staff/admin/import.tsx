/**
 * 导入人员名单 (roster import) for the admin: pick the staff sheet (.xlsx or .csv) — from a
 * WeChat chat on the phone, from the computer in the browser — see what it would change
 * (预览), and only then write it (确认导入). Every refused row is listed with its reason.
 */
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { ImportSummary } from '../../../functions/admin/import-roster';
import type { AppError } from '../../../shared/kernel/errors';
import { Screen } from '../../components/Screen';
import { Section } from '../../components/Section';
import { api } from '../../services/api';
import { isNetworkError } from '../../services/errors';
import { submit } from '../../services/outbox';
import { newRequestId } from '../../services/request-id';
import { hasRole, useMe } from '../../services/session';
import { Button } from '../../ui';
import { staffGate } from '../StaffGate';
import type { PickedFile } from './pick-file';
import { pickRosterFile } from './pick-file';

import './admin.scss';

function tableOf(file: PickedFile) {
  return file.kind === 'xlsx' ? { xlsx: file.content } : file.content;
}

export default function RosterImport() {
  const me = useMe();
  const admin = hasRole(me, 'admin');
  const [file, setFile] = useState<PickedFile | null>(null);
  const [preview, setPreview] = useState<ImportSummary | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ImportSummary | null>(null);
  const gate = staffGate(me, admin, '导入人员名单', '人员名单只有管理员可以导入。');
  if (gate !== null) return gate;

  const pick = async () => {
    const picked = await pickRosterFile();
    if (picked === null) return;
    setFile(picked);
    setPreview(null);
    setDone(null);
    setError(null);
    setBusy(true);
    try {
      const reply = await api.call<ImportSummary>('admin', 'importGrid', {
        mode: 'preview',
        staff: tableOf(picked),
      });
      if (reply.ok) setPreview(reply.data);
      else setError(reply.error);
    } catch (thrown) {
      if (!isNetworkError(thrown)) throw thrown;
      void Taro.showToast({ title: '网络不通，联网后再预览', icon: 'none', duration: 3000 });
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    if (file === null) return;
    setBusy(true);
    try {
      const outcome = await submit<ImportSummary>(
        'admin',
        'importGrid',
        { mode: 'apply', staff: tableOf(file) },
        { requestId: newRequestId('import'), label: `导入人员名单：${file.name}` },
      );
      if (outcome.kind === 'done') {
        setDone(outcome.data);
        setPreview(null);
      } else if (outcome.kind === 'refused') setError(outcome.error);
      else void Taro.showToast({ title: '已保存，联网后自动导入', icon: 'none', duration: 3000 });
    } finally {
      setBusy(false);
    }
  };

  const problems = error?.details?.fields ?? [];
  return (
    <Screen title="导入人员名单">
      <Section>
        <View className="ad-form">
          <Text className="t-title">人员名单（Excel 或 CSV）</Text>
          <Text className="t-small muted">
            第一行是表头：姓名、手机号、角色、负责网格编码、所在部门。先预览，确认无误后再导入。
          </Text>
          <Button
            id="import-pick"
            className="btn-block"
            loading={busy}
            disabled={busy}
            onClick={() => void pick()}
          >
            {file === null ? '选择文件' : `重新选择（${file.name}）`}
          </Button>
        </View>
      </Section>
      {error !== null && (
        <Section>
          <View id="import-problems" className="ad-list">
            <Text className="t-label danger">{error.message}</Text>
            {problems.map((p, i) => (
              <Text key={`${p.field}-${i}`} className="t-small">
                {p.message}
              </Text>
            ))}
          </View>
        </Section>
      )}
      {preview !== null && (
        <Section>
          <View id="import-preview" className="ad-form">
            <Text className="t-body">
              将新增 {preview.staff.created} 人、修改 {preview.staff.updated} 人，
              {preview.staff.unchanged} 人不变。
            </Text>
            <Button
              id="import-apply"
              className="btn-block"
              type="primary"
              loading={busy}
              disabled={busy}
              onClick={() => void apply()}
            >
              确认导入
            </Button>
          </View>
        </Section>
      )}
      {done !== null && (
        <Section>
          <Text id="import-done" className="t-body ok">
            已导入：新增 {done.staff.created} 人、修改 {done.staff.updated} 人。
            新人员还需要管理员发放邀请码后才能登录。
          </Text>
        </Section>
      )}
    </Screen>
  );
}
