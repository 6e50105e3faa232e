/**
 * 登录 / 注册. In the browser (H5) a villager signs in with phone and password, or registers
 * with name, phone, password, village and consent to the privacy notice. In WeChat there is
 * no password: 「微信一键登录」 recognises the WeChat identity, and a newcomer fills in the same
 * registration form without one. Staff bind the invitation code their admin gave them
 * (工作人员绑定) once signed in.
 */
import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { isValidCode, normalizeCode } from '../../../shared/validation/codes';
import { Field } from '../../components/Field';
import { Screen } from '../../components/Screen';
import { Section } from '../../components/Section';
import { go, param } from '../../lib/nav';
import { api } from '../../services/api';
import { registerVillager, SIGN_IN_WITH_PASSWORD, signIn, signOut } from '../../services/auth';
import { fieldErrors, isNetworkError } from '../../services/errors';
import { newRequestId } from '../../services/request-id';
import { currentMe, refreshMe, useMe } from '../../services/session';
import type { MeView } from '../../services/views';
import { Button } from '../../ui';
import { PRIVACY_NOTICE_VERSION } from './privacy.notice';
import { VillagePicker } from './village-picker';
import './login.scss';

/** The host's rule for a new password (functions/host/passwords.ts MIN_PASSWORD_LENGTH). */
const MIN_PASSWORD_LENGTH = 8;
/** Invitation codes: 8 characters with a check character (shared/account INVITATION_CODE_LENGTH). */
const INVITATION_CODE_LENGTH = 8;
const OFFLINE = '网络不通，请连上网络后再试。';

type Mode = 'login' | 'register';

/** Back to where the person came from, or to the home page when this was the first page. */
function leave(): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else go('home');
}

/**
 * After signing in or registering. Staff turn task notices on in their inbox (a tap there:
 * WeChat asks for consent only inside a tap, not after a sign-in call has answered).
 */
function afterSignIn(message: string): void {
  Taro.showToast({ title: message, icon: 'success', duration: 1500 });
  setTimeout(leave, 800);
}

function digitsOnly(value: string): string {
  return value.replace(/\D/g, '').slice(0, 11);
}

function LoginForm({ onRegister }: { readonly onRegister: () => void }) {
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (): Promise<void> => {
    const local: Record<string, string> = {};
    if (!/^1[3-9]\d{9}$/.test(phone)) local.phone = '请填写正确的 11 位手机号';
    if (password === '') local.password = '请填写密码';
    setErrors(local);
    setMessage('');
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      const reply = await signIn(phone, password);
      if (!reply.ok) {
        setErrors(fieldErrors(reply.error));
        setMessage(reply.error.message);
        return;
      }
      afterSignIn('登录成功');
    } catch (thrown) {
      if (!isNetworkError(thrown)) throw thrown;
      setMessage(OFFLINE);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title="用手机号登录">
      <Field label="手机号" error={errors.phone}>
        <Input
          id="login-phone"
          className="input"
          type="number"
          maxlength={11}
          placeholder="11 位手机号"
          value={phone}
          onInput={(e) => setPhone(digitsOnly(e.detail.value))}
        />
      </Field>
      <Field label="密码" error={errors.password}>
        <Input
          id="login-password"
          className="input"
          password
          placeholder="密码"
          value={password}
          onInput={(e) => setPassword(e.detail.value)}
          onConfirm={() => void submit()}
        />
      </Field>
      {message !== '' && (
        <Text id="login-error" className="t-body danger">
          {message}
        </Text>
      )}
      <View className="actions">
        <Button
          id="login-submit"
          className="btn-block"
          type="primary"
          loading={busy}
          disabled={busy}
          onClick={() => void submit()}
        >
          登录
        </Button>
        <View id="go-register" className="lg-link" onClick={onRegister}>
          <Text className="t-body">还没有账号？点这里注册</Text>
        </View>
      </View>
      <Text className="t-small muted">忘记密码，请找村里的网格员或镇指挥中心帮您重新设置。</Text>
    </Section>
  );
}

interface RegisterFields {
  name: string;
  phone: string;
  password: string;
  gridNodeId: string | null;
  placeLabel: string;
  householdHeadName: string;
  /** Staff only: the code from their admin (activates a roster account, or binds a new one). */
  invitationCode: string;
  consent: boolean;
}

function RegisterForm({
  withPassword,
  intro,
  onLogin,
}: {
  readonly withPassword: boolean;
  readonly intro?: string;
  readonly onLogin?: () => void;
}) {
  const me = useMe();
  const [form, setForm] = useState<RegisterFields>({
    name: '',
    phone: '',
    password: '',
    gridNodeId: null,
    placeLabel: '',
    householdHeadName: '',
    invitationCode: '',
    consent: false,
  });
  const [requestId, setRequestId] = useState(() => newRequestId('reg'));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const update = (patch: Partial<RegisterFields>): void =>
    setForm((prev) => ({ ...prev, ...patch }));

  const check = (): Record<string, string> => {
    const local: Record<string, string> = {};
    if (form.name.trim() === '') local.name = '请填写您的姓名';
    if (!/^1[3-9]\d{9}$/.test(form.phone)) local.phone = '请填写正确的 11 位手机号';
    if (withPassword && form.password.length < MIN_PASSWORD_LENGTH) {
      local.password = `密码至少要 ${MIN_PASSWORD_LENGTH} 位`;
    }
    if (form.gridNodeId === null) local.gridNodeId = '请选择您住在哪个村';
    const code = normalizeCode(form.invitationCode);
    if (code !== '' && !isValidCode(code, INVITATION_CODE_LENGTH)) {
      local.invitationCode = `邀请码是 ${INVITATION_CODE_LENGTH} 位字母和数字，请核对后重新输入`;
    }
    if (!form.consent) local['privacyConsent.agreed'] = '请先阅读隐私告知，并点一下表示同意';
    return local;
  };

  const submit = async (): Promise<void> => {
    const local = check();
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setMessage('还有几项没填好，请看红字提示。');
      return;
    }
    setMessage('');
    const head = form.householdHeadName.trim();
    const invitationCode = normalizeCode(form.invitationCode);
    const input = {
      name: form.name.trim(),
      phone: form.phone,
      gridNodeId: form.gridNodeId,
      ...(head === '' ? {} : { householdHeadName: head }),
      ...(invitationCode === '' ? {} : { invitationCode }),
      privacyConsent: { agreed: true, noticeVersion: PRIVACY_NOTICE_VERSION },
    };
    setBusy(true);
    try {
      const reply = await registerVillager(input, form.password, requestId);
      if (!reply.ok) {
        const byField = fieldErrors(reply.error);
        const field = (reply.error.details as { field?: unknown } | undefined)?.field;
        if (typeof field === 'string' && !(field in byField)) byField[field] = reply.error.message;
        setErrors(byField);
        setMessage(reply.error.message);
        return;
      }
      setRequestId(newRequestId('reg'));
      afterSignIn('注册成功');
    } catch (thrown) {
      if (!isNetworkError(thrown)) throw thrown;
      setMessage(OFFLINE);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title="注册新账号">
      {intro ? <Text className="t-body notice">{intro}</Text> : null}
      <Field label="姓名" required error={errors.name}>
        <Input
          id="reg-name"
          className="input"
          placeholder="您的真实姓名"
          maxlength={20}
          value={form.name}
          onInput={(e) => update({ name: e.detail.value })}
        />
      </Field>
      <Field label="手机号" required hint="办事时工作人员用它联系您" error={errors.phone}>
        <Input
          id="reg-phone"
          className="input"
          type="number"
          maxlength={11}
          placeholder="11 位手机号"
          value={form.phone}
          onInput={(e) => update({ phone: digitsOnly(e.detail.value) })}
        />
      </Field>
      {withPassword && (
        <Field
          label="设置密码"
          required
          hint={`至少 ${MIN_PASSWORD_LENGTH} 位，字母或数字都可以，请记住它`}
          error={errors.password}
        >
          <Input
            id="reg-password"
            className="input"
            password
            maxlength={64}
            placeholder={`至少 ${MIN_PASSWORD_LENGTH} 位`}
            value={form.password}
            onInput={(e) => update({ password: e.detail.value })}
          />
        </Field>
      )}
      <Field label="您住在哪个村" required error={errors.gridNodeId}>
        <VillagePicker
          value={form.gridNodeId}
          onChange={(gridNodeId, placeLabel) => update({ gridNodeId, placeLabel })}
          communityPrefix="community"
          villagePrefix="village"
        />
      </Field>
      <Field
        label="户主姓名"
        hint="可以不填。填了方便网格员把一家人对上"
        error={errors.householdHeadName}
      >
        <Input
          id="reg-head"
          className="input"
          placeholder="户主的姓名（可不填）"
          maxlength={20}
          value={form.householdHeadName}
          onInput={(e) => update({ householdHeadName: e.detail.value })}
        />
      </Field>
      <Field
        label="工作人员邀请码"
        hint="村民不用填。网格员、调解员等工作人员：填上管理员发给您的邀请码，注册后就是工作人员"
        error={errors.invitationCode}
      >
        <Input
          id="reg-invitation"
          className="input"
          placeholder="8 位字母和数字（可不填）"
          maxlength={9}
          value={form.invitationCode}
          onInput={(e) => update({ invitationCode: e.detail.value })}
        />
      </Field>
      <Field
        label="隐私告知"
        required
        error={errors['privacyConsent.agreed'] ?? errors.privacyConsent}
      >
        <View
          id="reg-consent"
          className={`choice lg-consent${form.consent ? ' choice--on' : ''}`}
          onClick={() => update({ consent: !form.consent })}
        >
          <Text className="choice__label t-body">
            {form.consent ? '✔ 我已阅读并同意《隐私告知》' : '点这里：我已阅读并同意《隐私告知》'}
          </Text>
          <Text className="choice__hint t-small">说明我们记下您哪些信息、谁能看到、怎么更正。</Text>
        </View>
        <View id="go-privacy" className="lg-link" onClick={() => go('privacy')}>
          <Text className="t-body">先看看《隐私告知》写了什么</Text>
        </View>
      </Field>
      {message !== '' && (
        <Text id="reg-error" className="t-body danger">
          {message}
        </Text>
      )}
      <View className="actions">
        <Button
          id="reg-submit"
          className="btn-block"
          type="primary"
          loading={busy}
          disabled={busy || me.status === 'signedIn'}
          onClick={() => void submit()}
        >
          注册并登录
        </Button>
        {onLogin && (
          <View id="go-login" className="lg-link" onClick={onLogin}>
            <Text className="t-body">已经有账号了？点这里登录</Text>
          </View>
        )}
      </View>
    </Section>
  );
}

/** 工作人员绑定: a signed-in person enters the invitation code their admin gave them. */
function StaffBinding({ me }: { readonly me: MeView | null }) {
  const [code, setCode] = useState('');
  const [requestId] = useState(() => newRequestId('bind'));
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (): Promise<void> => {
    const normalized = normalizeCode(code);
    if (!isValidCode(normalized, INVITATION_CODE_LENGTH)) {
      setError(`邀请码是 ${INVITATION_CODE_LENGTH} 位字母和数字，请核对后重新输入`);
      return;
    }
    setError('');
    setBusy(true);
    try {
      const reply = await api.call<MeView>(
        'account',
        'bindStaff',
        { invitationCode: normalized },
        requestId,
      );
      if (!reply.ok) {
        setError(reply.error.message);
        return;
      }
      await refreshMe();
      Taro.showToast({ title: '绑定成功', icon: 'success', duration: 1500 });
      setTimeout(leave, 800);
    } catch (thrown) {
      if (!isNetworkError(thrown)) throw thrown;
      setError(OFFLINE);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title="工作人员绑定">
      <Text className="t-body muted">
        网格员、调解员等工作人员：请填写管理员发给您的邀请码，绑定后就能收到和办理任务。村民不用填。
      </Text>
      {me === null ? (
        <Text className="t-body">
          {SIGN_IN_WITH_PASSWORD
            ? '请先在上面用手机号登录（没有账号的先注册），再回来填写邀请码。'
            : '请先点上面的「微信一键登录」（没有注册的先注册），再回来填写邀请码。'}
        </Text>
      ) : (
        <>
          {me.isStaff && (
            <Text className="t-body ok">
              您已是工作人员：{me.roles.map((r) => r.label).join('、')}。有新的邀请码也可以再绑定。
            </Text>
          )}
          <Field label="邀请码" hint="8 位字母和数字，不分大小写" error={error || undefined}>
            <Input
              id="invite-code"
              className="input"
              placeholder="例如 ABCD-2345"
              maxlength={12}
              value={code}
              onInput={(e) => setCode(e.detail.value)}
            />
          </Field>
          <Button
            id="invite-submit"
            className="btn-block"
            type="primary"
            fill="outline"
            loading={busy}
            disabled={busy}
            onClick={() => void submit()}
          >
            绑定邀请码
          </Button>
        </>
      )}
    </Section>
  );
}

function SignedIn({ me }: { readonly me: MeView }) {
  return (
    <Section title="您已登录">
      <Text className="t-body">
        {me.name}（{me.roles.map((r) => r.label).join('、')}）
      </Text>
      <View className="actions">
        <Button className="btn-block" type="primary" onClick={() => go('home')}>
          回首页
        </Button>
        <Button className="btn-block" fill="outline" onClick={() => go('profile')}>
          个人设置
        </Button>
        {SIGN_IN_WITH_PASSWORD && (
          <Button
            id="switch-account"
            className="btn-block"
            fill="outline"
            onClick={() => void signOut()}
          >
            换个账号登录
          </Button>
        )}
      </View>
    </Section>
  );
}

/** WeChat: one tap; a newcomer is then asked to register (no password). */
function WeChatSignIn({ onNewcomer }: { readonly onNewcomer: () => void }) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const tap = async (): Promise<void> => {
    setBusy(true);
    setMessage('');
    try {
      await signIn('', '');
      const me = currentMe();
      if (me.status === 'signedIn') afterSignIn('登录成功');
      else if (me.status === 'offline') setMessage(OFFLINE);
      else onNewcomer();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title="登录">
      <Text className="t-body muted">用您的微信身份登录，不用记密码。</Text>
      {message !== '' && <Text className="t-body danger">{message}</Text>}
      <Button
        id="wx-login"
        className="btn-block"
        type="primary"
        loading={busy}
        disabled={busy}
        onClick={() => void tap()}
      >
        微信一键登录
      </Button>
    </Section>
  );
}

export default function LoginPage() {
  const me = useMe();
  const [mode, setMode] = useState<Mode>(param('mode') === 'register' ? 'register' : 'login');
  const [newcomer, setNewcomer] = useState(false);
  const signedInMe = me.status === 'signedIn' ? me.me : null;

  let main;
  if (me.status === 'loading') {
    main = (
      <Section>
        <Text className="t-body muted">正在读取…</Text>
      </Section>
    );
  } else if (signedInMe !== null) {
    main = <SignedIn me={signedInMe} />;
  } else if (SIGN_IN_WITH_PASSWORD) {
    main =
      mode === 'login' ? (
        <LoginForm onRegister={() => setMode('register')} />
      ) : (
        <RegisterForm withPassword onLogin={() => setMode('login')} />
      );
  } else {
    main =
      newcomer || mode === 'register' ? (
        <RegisterForm
          withPassword={false}
          intro="您还没有注册。请填写下面几项，注册后就能说事、预约调解。"
        />
      ) : (
        <WeChatSignIn onNewcomer={() => setNewcomer(true)} />
      );
  }

  return (
    <Screen title={mode === 'register' && signedInMe === null ? '注册' : '登录'}>
      {me.status === 'offline' && (
        <Text className="t-body notice lg-offline">网络不通，连上网络后才能登录或注册。</Text>
      )}
      {main}
      <StaffBinding me={signedInMe} />
    </Screen>
  );
}
