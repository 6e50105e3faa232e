/**
 * 说事台账导出 (ledger export) for the centre: pick the month (or a status, a kind) and get the
 * concerns as an Excel file — downloaded in the browser, opened with openDocument in WeChat.
 * Phones are masked; each export is recorded in the audit trail.
 */
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { ExportedFile } from '../../../functions/stats/export.views';
import { chinaToday } from '../../../shared/calendar/china-time';
import type { AppError } from '../../../shared/kernel/errors';
import { Choices } from '../../components/Choices';
import { Field } from '../../components/Field';
import { Screen } from '../../components/Screen';
import { Section } from '../../components/Section';
import { api } from '../../services/api';
import { fieldErrors, isNetworkError } from '../../services/errors';
import { hasRole, useMe } from '../../services/session';
import { Button } from '../../ui';
import { staffGate } from '../StaffGate';
import { saveExported } from './save-file';

import './admin.scss';

type Month = 'this' | 'last';
type StatusFilter = 'all' | 'resolved' | 'closed';

const MONTHS: readonly { value: Month; label: string }[] = [
  { value: 'this', label: '本月（到今天）' },
  { value: 'last', label: '上月' },
];

const STATUSES: readonly { value: StatusFilter; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'resolved', label: '已办结待评价' },
  { value: 'closed', label: '已结案' },
];

/** First and last day of the month in China time (this month ends today). */
function period(month: Month): { from: string; to: string } {
  const today = chinaToday();
  const [y, m] = today.split('-').map(Number) as [number, number];
  if (month === 'this') return { from: `${today.slice(0, 7)}-01`, to: today };
  const year = m === 1 ? y - 1 : y;
  const prev = m === 1 ? 12 : m - 1;
  const last = new Date(Date.UTC(year, prev, 0)).getUTCDate();
  const mm = String(prev).padStart(2, '0');
  return { from: `${year}-${mm}-01`, to: `${year}-${mm}-${String(last).padStart(2, '0')}` };
}

export default function LedgerExport() {
  const me = useMe();
  const centre = hasRole(me, 'center_operator');
  const [month, setMonth] = useState<Month>('this');
  const [status, setStatus] = useState<StatusFilter>('all');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState<ExportedFile | null>(null);
  const gate = staffGate(me, centre, '说事台账导出', '说事台账只有指挥中心可以导出。');
  if (gate !== null) return gate;
  const errors = fieldErrors(error);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const reply = await api.call<ExportedFile>('stats', 'exportConcerns', {
        ...period(month),
        ...(status === 'all' ? {} : { status }),
      });
      if (!reply.ok) {
        setError(reply.error);
        return;
      }
      setDone(reply.data);
      await saveExported(reply.data);
    } catch (thrown) {
      if (!isNetworkError(thrown)) throw thrown;
      void Taro.showToast({ title: '网络不通，联网后再导出', icon: 'none', duration: 3000 });
    } finally {
      setBusy(false);
    }
  };

  const { from, to } = period(month);
  return (
    <Screen title="说事台账导出">
      <Section>
        <View className="ad-form">
          <Text className="t-title">说事台账（Excel）</Text>
          <Field label="月份" hint={`${from} 至 ${to}`} error={errors.from ?? errors.to}>
            <Choices idPrefix="export-month" options={MONTHS} value={month} onChange={setMonth} />
          </Field>
          <Field label="状态" error={errors.status}>
            <Choices
              idPrefix="export-status"
              options={STATUSES}
              value={status}
              onChange={setStatus}
              columns={3}
            />
          </Field>
          {error !== null && Object.keys(errors).length === 0 && (
            <Text className="t-small danger">{error.message}</Text>
          )}
          <Button
            id="export-submit"
            className="btn-block"
            type="primary"
            loading={busy}
            disabled={busy}
            onClick={() => void run()}
          >
            导出
          </Button>
          {done !== null && (
            <Text id="export-done" className="t-small ok">
              已导出 {done.rows} 条{done.truncated ? '（超过上限，请缩小范围）' : ''}：
              {done.fileName}
            </Text>
          )}
          <Text className="t-small muted">电话已隐去中间四位；每次导出都会记入审计记录。</Text>
        </View>
      </Section>
    </Screen>
  );
}
