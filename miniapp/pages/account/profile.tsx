/**
 * 个人设置: who I am (name, village, roles, my own phone shown whole), the large-text mode
 * (大字模式) with a live preview, the privacy notice, staff invitation binding, and signing out
 * in the browser (WeChat identity cannot be signed out of).
 */
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Screen } from '../../components/Screen';
import { Section } from '../../components/Section';
import { formatDateTime } from '../../lib/format';
import { go } from '../../lib/nav';
import { SIGN_IN_WITH_PASSWORD, signOut } from '../../services/auth';
import { setLargeText, useLargeText } from '../../services/prefs';
import { refreshMe, useMe } from '../../services/session';
import type { MeView } from '../../services/views';
import { Button, Loading, Switch } from '../../ui';
import { PRIVACY_NOTICE_VERSION } from './privacy.notice';
import './profile.scss';

function Line({
  label,
  value,
  id,
}: {
  readonly label: string;
  readonly value: string;
  readonly id?: string;
}) {
  return (
    <View className="pf-line">
      <Text className="t-body muted pf-line__label">{label}</Text>
      <Text id={id} className="t-body pf-line__value">
        {value}
      </Text>
    </View>
  );
}

function whereOf(me: MeView): { label: string; value: string } {
  if (me.isStaff) {
    return {
      label: '负责网格',
      value: me.gridNodes.length === 0 ? '（未分配）' : me.gridNodes.map((n) => n.name).join('、'),
    };
  }
  const parts = [me.community?.name, me.village?.name].filter((p): p is string => Boolean(p));
  const own = me.gridNodes[0]?.name;
  if (own && !parts.includes(own)) parts.push(own);
  return { label: '住在', value: parts.length > 0 ? parts.join(' ') : '（未填写）' };
}

function Me({ me }: { readonly me: MeView }) {
  const where = whereOf(me);
  const consent = me.privacyConsent;
  return (
    <>
      <Section title="我的信息">
        <Line label="姓名" value={me.name} id="profile-name" />
        <Line label="手机号" value={me.phone ?? '（没有登记）'} id="profile-phone" />
        {me.contactPhone && <Line label="联系电话" value={me.contactPhone} />}
        <Line label="镇" value={me.town.name} />
        <Line label={where.label} value={where.value} id="profile-village" />
        {me.household.headName && <Line label="户主" value={me.household.headName} />}
        <Line label="身份" value={me.roles.map((r) => r.label).join('、')} id="profile-roles" />
        {me.department && <Line label="部门" value={me.department.label} />}
        <Text className="t-small muted">信息有错，请找村里的网格员或镇指挥中心更正。</Text>
      </Section>

      <Section title="隐私">
        {consent ? (
          <Text className="t-body">
            您在{formatDateTime(consent.consentedAt)}
            {consent.via === 'proxy' ? '（由网格员当面读给您听后）' : ''}同意了隐私告知（版本{' '}
            {consent.noticeVersion}）。
          </Text>
        ) : null}
        {consent && consent.noticeVersion !== PRIVACY_NOTICE_VERSION && (
          <Text className="t-body warn">隐私告知有了新版本，请看一看。</Text>
        )}
        <View id="profile-privacy" className="pf-link" onClick={() => go('privacy')}>
          <Text className="t-body">查看《隐私告知》 ›</Text>
        </View>
      </Section>

      <Section title="工作人员绑定">
        <Text className="t-body muted">
          网格员、调解员等工作人员，用管理员发的邀请码绑定身份。村民不用管。
        </Text>
        <Button
          id="go-invite"
          className="btn-block"
          fill="outline"
          onClick={() => go('login', { mode: 'invite' })}
        >
          填写邀请码
        </Button>
      </Section>

      {SIGN_IN_WITH_PASSWORD && (
        <View className="actions">
          <Button
            id="logout"
            className="btn-block"
            fill="outline"
            onClick={() => {
              void signOut().then(() =>
                Taro.showToast({ title: '已退出登录', icon: 'none', duration: 1500 }),
              );
            }}
          >
            退出登录
          </Button>
        </View>
      )}
    </>
  );
}

function LargeText() {
  const large = useLargeText();
  return (
    <Section title="大字模式">
      <View className="pf-switch">
        <Text className="t-body">字放大一些，看得更清楚</Text>
        <Switch
          id="large-text-switch"
          checked={large}
          onChange={(on) => setLargeText(on)}
          activeText="开"
          inactiveText="关"
        />
      </View>
      <View className="pf-preview">
        <Text className="t-small muted">效果预览：</Text>
        <Text id="large-text-preview" className="t-body">
          有事您说，我们来办。打开大字模式后，每一页的字都会变大。
        </Text>
      </View>
    </Section>
  );
}

export default function ProfilePage() {
  const state = useMe();
  let body;
  if (state.status === 'loading') {
    body = (
      <View className="call-state">
        <Loading type="spinner" />
        <Text className="t-body muted">正在读取…</Text>
      </View>
    );
  } else if (state.status === 'offline') {
    body = (
      <View className="call-state">
        <Text className="t-body">网络不通，暂时读不到您的信息。</Text>
        <Button className="btn" type="primary" fill="outline" onClick={() => void refreshMe()}>
          重试
        </Button>
      </View>
    );
  } else if (state.status === 'signedOut') {
    body = (
      <Section title="您还没有登录">
        <Text className="t-body">登录以后，可以查看和管理自己的信息。</Text>
        <Button id="profile-login" className="btn-block" type="primary" onClick={() => go('login')}>
          去登录
        </Button>
      </Section>
    );
  } else {
    body = <Me me={state.me} />;
  }
  return (
    <Screen title="个人设置">
      <LargeText />
      {body}
    </Screen>
  );
}
