/**
 * The door of every staff page: while the account loads, a spinner; for someone whose roles
 * do not open this page, why not in plain words (and a way to sign in when signed out).
 * Returns null when the page may show itself.
 */
import { Text } from '@tarojs/components';
import { CallView } from '../components/CallView';
import { Screen } from '../components/Screen';
import { Section } from '../components/Section';
import { go } from '../lib/nav';
import type { MeState } from '../services/session';
import { Button } from '../ui';

export function staffGate(me: MeState, allowed: boolean, title: string, refusal: string) {
  if (me.status === 'loading') {
    return (
      <Screen title={title}>
        <CallView state={{ status: 'loading' }}>{() => null}</CallView>
      </Screen>
    );
  }
  if (allowed) return null;
  return (
    <Screen title={title}>
      <Section>
        <Text className="t-body">
          {me.status === 'offline' ? '网络不通，暂时读不到您的账号。' : refusal}
        </Text>
        {me.status === 'signedOut' && (
          <Button className="btn" type="primary" onClick={() => go('login')}>
            工作人员登录
          </Button>
        )}
      </Section>
    </Screen>
  );
}
