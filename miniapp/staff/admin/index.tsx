/**
 * 管理后台 (admin console) home: the admin's staff list and invitations, and the audit reader
 * (the centre reads it too). Each opens its own page.
 */
import { Text, View } from '@tarojs/components';
import { Screen } from '../../components/Screen';
import { Section } from '../../components/Section';
import { go } from '../../lib/nav';
import { hasRole, useMe } from '../../services/session';
import { Button } from '../../ui';
import { staffGate } from '../StaffGate';

import './admin.scss';

export default function AdminHome() {
  const me = useMe();
  const admin = hasRole(me, 'admin');
  const gate = staffGate(
    me,
    admin || hasRole(me, 'center_operator'),
    '管理后台',
    '管理后台只有管理员和指挥中心可以使用。',
  );
  if (gate !== null) return gate;
  return (
    <Screen title="管理后台">
      <View className="ad-head">
        <Text className="t-title">管理后台</Text>
        <Text className="t-small muted">人员、邀请码、台账导出和审计记录</Text>
      </View>
      <Section>
        <View className="ad-links">
          {admin && (
            <Button id="admin-go-staff" className="btn-block" onClick={() => go('staffAdminStaff')}>
              工作人员名单
            </Button>
          )}
          {admin && (
            <Button
              id="admin-go-import"
              className="btn-block"
              onClick={() => go('staffAdminImport')}
            >
              导入人员名单（Excel/CSV）
            </Button>
          )}
          {admin && (
            <Button
              id="admin-go-invitations"
              className="btn-block"
              onClick={() => go('staffAdminInvitations')}
            >
              邀请码
            </Button>
          )}
          {hasRole(me, 'center_operator') && (
            <Button
              id="admin-go-export"
              className="btn-block"
              onClick={() => go('staffAdminExport')}
            >
              说事台账导出（Excel）
            </Button>
          )}
          <Button id="admin-go-audit" className="btn-block" onClick={() => go('staffAdminAudit')}>
            审计记录
          </Button>
        </View>
      </Section>
    </Screen>
  );
}
