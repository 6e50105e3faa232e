/**
 * 邀请码 (invitations) for the admin: issue one (role, place, who it is for, days valid) — the
 * code is shown once, large, to read out or copy — and the list of issued codes with where
 * each stands and who bound it; an unused one can be revoked with a reason. Issuing and
 * revoking go through the outbox (weak network: kept on the phone and sent again with the
 * same requestId, which also brings back the code of a queued issue when tapped again).
 */
import { Input, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import type { AppError as CallError } from '../../../shared/kernel/errors';
import type { InvitationListItem } from '../../../functions/admin/admin.views';
import { Choices } from '../../components/Choices';
import { Field } from '../../components/Field';
import { Screen } from '../../components/Screen';
import { Section } from '../../components/Section';
import { formatDay } from '../../lib/format';
import { fieldErrors } from '../../services/errors';
import { submit } from '../../services/outbox';
import { newRequestId } from '../../services/request-id';
import { hasRole, useMe } from '../../services/session';
import { useCall } from '../../services/use-call';
import type { PlacesView } from '../../services/views';
import { Button } from '../../ui';
import { staffGate } from '../StaffGate';
import { PagedList } from './PagedList';
import { usePaged } from './use-paged';

import './admin.scss';

type InviteRole =
  'grid_worker' | 'mediator' | 'legal_adviser' | 'center_operator' | 'prosecutor_liaison';

const ROLE_OPTIONS: readonly { value: InviteRole; label: string }[] = [
  { value: 'grid_worker', label: '网格员' },
  { value: 'mediator', label: '调解员' },
  { value: 'legal_adviser', label: '法律顾问' },
  { value: 'center_operator', label: '指挥中心' },
  { value: 'prosecutor_liaison', label: '检察联络员' },
];

/** The reply to issueInvitation (the code, shown this once). */
interface InvitationIssuedView {
  readonly invitationId: string;
  readonly code: string;
  readonly expiresAt: string;
}

const REVOKE_REASONS = ['人选有变', '发错了人', '本人不再任职'];

const DAY_OPTIONS = [
  { value: '3', label: '3 天' },
  { value: '7', label: '7 天' },
  { value: '30', label: '30 天' },
] as const;

function InvitationRow({
  item,
  onRevoke,
}: {
  readonly item: InvitationListItem;
  readonly onRevoke: (item: InvitationListItem) => void;
}) {
  return (
    <View className="item" id={`invitation-${item.invitationId}`}>
      <View className="item__head">
        <Text className="t-label">{item.name ?? '未写姓名'}</Text>
        <Text className="t-small">{item.state.label}</Text>
      </View>
      <Text className="t-body">
        {item.roles.map((r) => r.label).join('、')} · {item.gridNodes.map((n) => n.name).join('、')}
      </Text>
      <Text className="t-small muted">
        {item.issuedBy} {formatDay(item.issuedAt)}发放 · 有效至 {formatDay(item.expiresAt)}
      </Text>
      {item.usedBy !== null && (
        <Text className="t-small ok">
          {item.usedBy.name} 于 {formatDay(item.usedAt)} 绑定
        </Text>
      )}
      {item.state.code === 'open' && (
        <Button className="btn" size="small" onClick={() => onRevoke(item)}>
          作废
        </Button>
      )}
    </View>
  );
}

export default function Invitations() {
  const me = useMe();
  const admin = hasRole(me, 'admin');
  const places = useCall<PlacesView>('account', 'places', admin ? {} : null);
  const [role, setRole] = useState<InviteRole>('grid_worker');
  const [nodeId, setNodeId] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [days, setDays] = useState<'3' | '7' | '30'>('7');
  const [requestId, setRequestId] = useState(() => newRequestId('invite'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CallError | null>(null);
  const [issued, setIssued] = useState<InvitationIssuedView | null>(null);
  const paged = usePaged<InvitationListItem>('admin', 'listInvitations', admin ? {} : null);
  usePullDownRefresh(() => {
    void paged.reload().finally(() => void Taro.stopPullDownRefresh());
  });
  const gate = staffGate(me, admin, '邀请码', '邀请码只有管理员可以发放。');
  if (gate !== null) return gate;
  const townNode = me.status === 'signedIn' ? me.me.gridNodes[0] : undefined;
  const nodeOptions = [
    ...(townNode === undefined ? [] : [{ value: townNode.id, label: `全镇（${townNode.name}）` }]),
    ...(places.state.status === 'ok'
      ? places.state.data.communities.flatMap((c) => [
          { value: c.id, label: c.name },
          ...c.villages.map((v) => ({ value: v.id, label: `${c.name} ${v.name}` })),
        ])
      : []),
  ];
  const errors = fieldErrors(error);

  const issue = async () => {
    if (nodeId === null) {
      setError({
        code: 'VALIDATION_FAILED',
        message: '请选择负责的地方',
        details: { fields: [{ field: 'gridNodeIds', message: '请选择负责的地方' }] },
      });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const outcome = await submit<InvitationIssuedView>(
        'admin',
        'issueInvitation',
        {
          roles: [role],
          gridNodeIds: [nodeId],
          ...(name.trim() === '' ? {} : { name: name.trim() }),
          ...(phone.trim() === '' ? {} : { phone: phone.trim() }),
          validDays: Number(days),
        },
        { requestId, label: `发放邀请码：${name.trim() || '未写姓名'}` },
      );
      if (outcome.kind === 'refused') setError(outcome.error);
      else if (outcome.kind === 'queued') {
        void Taro.showToast({
          title: '已保存，联网后自动发放；联网后再点一次“发放”可看到邀请码',
          icon: 'none',
          duration: 3000,
        });
      } else {
        setIssued(outcome.data);
        setRequestId(newRequestId('invite'));
        setName('');
        setPhone('');
        void paged.reload();
      }
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (item: InvitationListItem) => {
    // Big choices instead of typing: the reason goes into the audit trail.
    let tapIndex: number;
    try {
      ({ tapIndex } = await Taro.showActionSheet({ itemList: REVOKE_REASONS }));
    } catch {
      return; // cancelled
    }
    const note = REVOKE_REASONS[tapIndex] ?? '管理员作废';
    const outcome = await submit(
      'admin',
      'revokeInvitation',
      { invitationId: item.invitationId, note },
      { requestId: newRequestId('revoke'), label: `作废邀请码：${item.name ?? '未写姓名'}` },
    );
    if (outcome.kind === 'refused') {
      void Taro.showToast({ title: outcome.error.message, icon: 'none', duration: 3000 });
    } else if (outcome.kind === 'queued') {
      void Taro.showToast({ title: '已保存，联网后自动作废', icon: 'none', duration: 3000 });
    } else void paged.reload();
  };

  return (
    <Screen title="邀请码">
      {issued !== null && (
        <Section>
          <View id="invitation-issued" className="ad-head">
            <Text className="t-label">邀请码（只显示这一次，请抄下或转告本人）</Text>
            <Text id="invitation-code" className="ad-code" selectable>
              {issued.code}
            </Text>
            <Text className="t-small muted">有效至 {formatDay(issued.expiresAt)}</Text>
          </View>
        </Section>
      )}
      <Section>
        <View className="ad-form">
          <Text className="t-title">发放邀请码</Text>
          <Field label="角色" required error={errors.roles}>
            <Choices
              idPrefix="invite-role"
              options={ROLE_OPTIONS}
              value={role}
              onChange={setRole}
            />
          </Field>
          <Field label="负责的地方" required error={errors.gridNodeIds}>
            <Choices
              idPrefix="invite-node"
              options={nodeOptions}
              value={nodeId}
              onChange={setNodeId}
              columns={1}
            />
          </Field>
          <Field label="姓名" hint="给谁的，可不填" error={errors.name}>
            <Input
              id="invite-name"
              className="input"
              maxlength={20}
              value={name}
              onInput={(e) => setName(e.detail.value)}
            />
          </Field>
          <Field label="手机号" hint="可不填；填了只有这个手机号能绑定" error={errors.phone}>
            <Input
              id="invite-phone"
              className="input"
              type="number"
              maxlength={11}
              value={phone}
              onInput={(e) => setPhone(e.detail.value)}
            />
          </Field>
          <Field label="有效天数" error={errors.validDays}>
            <Choices
              idPrefix="invite-days"
              options={DAY_OPTIONS}
              value={days}
              onChange={setDays}
              columns={3}
            />
          </Field>
          {error !== null && Object.keys(errors).length === 0 && (
            <Text className="t-small danger">{error.message}</Text>
          )}
          <Button
            id="invite-submit"
            className="btn-block"
            type="primary"
            loading={busy}
            disabled={busy}
            onClick={() => void issue()}
          >
            发放
          </Button>
        </View>
      </Section>
      <Text className="t-title">已发放的邀请码</Text>
      <PagedList paged={paged} id="invitation-list" empty="还没有发放过邀请码">
        {(item) => (
          <InvitationRow key={item.invitationId} item={item} onRevoke={(i) => void revoke(i)} />
        )}
      </PagedList>
    </Screen>
  );
}
