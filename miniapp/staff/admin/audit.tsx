/**
 * 审计记录 (audit reader) for the centre and the admin: admin.listAudit newest first, by kind
 * (业务变更, 查看敏感信息, 消息推送, 名单导入, 规则修改, 账号开通与登录), optionally of one record
 * (对象类型 + 编号) or one person (操作人编号), 加载更多 at the end. Every read is itself audited.
 */
import { Input, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import type { AuditKind } from '../../../shared/kernel/audit-kinds';
import { AUDIT_KIND_LABELS, AUDIT_KINDS } from '../../../shared/kernel/audit-kinds';
import type { AuditListItem } from '../../../functions/admin/admin.views';
import { Choices } from '../../components/Choices';
import { Field } from '../../components/Field';
import { Screen } from '../../components/Screen';
import { formatDateTime } from '../../lib/format';
import { hasRole, useMe } from '../../services/session';
import { Button } from '../../ui';
import { staffGate } from '../StaffGate';
import { PagedList } from './PagedList';
import { usePaged } from './use-paged';

import './admin.scss';

type KindFilter = 'all' | AuditKind;
type By = 'town' | 'concern' | 'actor';

const KIND_FILTERS: readonly { value: KindFilter; label: string }[] = [
  { value: 'all', label: '全部' },
  ...AUDIT_KINDS.map((k) => ({ value: k, label: AUDIT_KIND_LABELS[k] })),
];

const BY_OPTIONS: readonly { value: By; label: string }[] = [
  { value: 'town', label: '全镇' },
  { value: 'concern', label: '某件说事' },
  { value: 'actor', label: '某个人' },
];

function AuditRow({ item }: { readonly item: AuditListItem }) {
  return (
    <View className="item" id={`audit-${item.eventId}`}>
      <View className="item__head">
        <Text className="t-label">{item.kind.label}</Text>
        <Text className="t-small muted">{formatDateTime(item.at)}</Text>
      </View>
      <Text className="t-body">
        {item.actor.name}（{item.actor.role.label}）· {item.subject.type.label} · {item.actionLabel}
      </Text>
      {item.note !== null && <Text className="t-small">{item.note}</Text>}
      <Text className="t-small muted">编号 {item.subject.id}</Text>
    </View>
  );
}

export default function AuditReader() {
  const me = useMe();
  const reader = hasRole(me, 'admin', 'center_operator');
  const [kind, setKind] = useState<KindFilter>('all');
  const [by, setBy] = useState<By>('town');
  const [typed, setTyped] = useState('');
  const [id, setId] = useState('');
  const filter =
    by === 'concern' && id !== ''
      ? { subjectType: 'concern', subjectId: id }
      : by === 'actor' && id !== ''
        ? { actorId: id }
        : {};
  const paged = usePaged<AuditListItem>(
    'admin',
    'listAudit',
    reader ? { ...filter, ...(kind === 'all' ? {} : { kind }) } : null,
  );
  usePullDownRefresh(() => {
    void paged.reload().finally(() => void Taro.stopPullDownRefresh());
  });
  const gate = staffGate(me, reader, '审计记录', '审计记录只有管理员和指挥中心可以查看。');
  if (gate !== null) return gate;
  return (
    <Screen title="审计记录">
      <View className="ad-head">
        <Text className="t-title">审计记录</Text>
        <Text className="t-small muted">谁在什么时候做了什么；每次查看也会被记录</Text>
      </View>
      <Choices
        idPrefix="audit-kind"
        options={KIND_FILTERS}
        value={kind}
        onChange={setKind}
        columns={3}
      />
      <Choices
        idPrefix="audit-by"
        options={BY_OPTIONS}
        value={by}
        onChange={(v) => {
          setBy(v);
          setTyped('');
          setId('');
        }}
        columns={3}
      />
      {by !== 'town' && (
        <View className="ad-form">
          <Field label={by === 'concern' ? '说事编号' : '操作人编号'}>
            <Input
              id="audit-id"
              className="input"
              maxlength={64}
              value={typed}
              onInput={(e) => setTyped(e.detail.value)}
            />
          </Field>
          <Button id="audit-search" className="btn-block" onClick={() => setId(typed.trim())}>
            查询
          </Button>
        </View>
      )}
      <PagedList paged={paged} id="audit-list" empty="没有符合条件的记录">
        {(item) => <AuditRow key={item.eventId} item={item} />}
      </PagedList>
    </Screen>
  );
}
