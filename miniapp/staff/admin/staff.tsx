/**
 * 工作人员名单 (staff list) for the admin: admin.listStaff by role, searched by name or phone
 * digits, 加载更多 at the end. Phones are masked by the server.
 */
import { Input, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import type { Role } from '../../../shared/kernel/roles';
import type { StaffListItem } from '../../../functions/admin/admin.views';
import { Choices } from '../../components/Choices';
import { Screen } from '../../components/Screen';
import { hasRole, useMe } from '../../services/session';
import { staffGate } from '../StaffGate';
import { PagedList } from './PagedList';
import { usePaged } from './use-paged';

import './admin.scss';

type RoleFilter = 'all' | Exclude<Role, 'villager' | 'system'>;

const ROLE_FILTERS: readonly { value: RoleFilter; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'grid_worker', label: '网格员' },
  { value: 'mediator', label: '调解员' },
  { value: 'legal_adviser', label: '法律顾问' },
  { value: 'dept_officer', label: '部门人员' },
  { value: 'center_operator', label: '指挥中心' },
  { value: 'prosecutor_liaison', label: '检察联络员' },
  { value: 'prosecutor', label: '检察官' },
  { value: 'admin', label: '管理员' },
  { value: 'county_officer', label: '县级' },
];

function StaffRow({ item }: { readonly item: StaffListItem }) {
  return (
    <View className="item" id={`staff-${item.accountId}`}>
      <View className="item__head">
        <Text className="t-label">{item.name}</Text>
        <Text className={`t-small ${item.active ? 'ok' : 'danger'}`}>
          {item.active ? '在岗' : '已停用'}
        </Text>
      </View>
      <Text className="t-body">
        {item.roles.map((r) => r.label).join('、')}
        {item.department === null ? '' : ` · ${item.department.label}`}
      </Text>
      <Text className="t-small muted">
        {item.phone ?? '无手机号'} · {item.gridNodes.map((n) => n.name).join('、')}
      </Text>
    </View>
  );
}

export default function StaffList() {
  const me = useMe();
  const admin = hasRole(me, 'admin');
  const [role, setRole] = useState<RoleFilter>('all');
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const paged = usePaged<StaffListItem>(
    'admin',
    'listStaff',
    admin
      ? {
          ...(role === 'all' ? {} : { role }),
          ...(search === '' ? {} : { search }),
        }
      : null,
  );
  usePullDownRefresh(() => {
    void paged.reload().finally(() => void Taro.stopPullDownRefresh());
  });
  const gate = staffGate(me, admin, '工作人员名单', '工作人员名单只有管理员可以查看。');
  if (gate !== null) return gate;
  return (
    <Screen title="工作人员名单">
      <View className="ad-head">
        <Text className="t-title">工作人员名单</Text>
        <Input
          id="staff-search"
          className="input"
          maxlength={20}
          placeholder="输入姓名或手机号的几位数字"
          value={typed}
          confirmType="search"
          onInput={(e) => setTyped(e.detail.value)}
          onConfirm={() => setSearch(typed.trim())}
          onBlur={() => setSearch(typed.trim())}
        />
      </View>
      <Choices
        idPrefix="staff-role"
        options={ROLE_FILTERS}
        value={role}
        onChange={setRole}
        columns={3}
      />
      <PagedList paged={paged} id="staff-list" empty="没有找到符合条件的工作人员">
        {(item) => <StaffRow key={item.accountId} item={item} />}
      </PagedList>
    </Screen>
  );
}
