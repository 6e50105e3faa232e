/**
 * 记录调解结果: the room's mediator records how a confirmed mediation ended — success with the
 * 人民调解协议书 filled in, failure with the routes the parties were told about, or a party
 * withdrew. The agreement is checked live with the same shared schema the server uses
 * (`checkAgreementComplete`, `agreementSchema`), so 「还缺：…」 here is what the server would say.
 * The form is a draft kept per booking; after a success the agreement opens for printing.
 */
import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useMemo, useState } from 'react';
import { OTHER_ROUTES, type OtherRoute } from '../../../shared/mediation/mediation.catalog';
import type {
  AgreementDraft,
  RecordOutcomeInput,
} from '../../../shared/mediation/mediation.schema';
import {
  agreementDraftSchema,
  checkAgreementComplete,
  recordOutcomeInputSchema,
  requiredCopies,
  SIGNATURE_METHOD_LABELS,
} from '../../../shared/mediation/mediation.schema';
import { parseInput } from '../../../shared/validation/parse';
import type { AppError } from '../../../shared/kernel/errors';
import { CallView } from '../../components/CallView';
import { Choices } from '../../components/Choices';
import { Field } from '../../components/Field';
import { Screen } from '../../components/Screen';
import { Section } from '../../components/Section';
import { formatDay } from '../../lib/format';
import { go, param, replace } from '../../lib/nav';
import { api } from '../../services/api';
import { useDraft } from '../../services/draft';
import { fieldErrors, isNetworkError } from '../../services/errors';
import { newRequestId } from '../../services/request-id';
import { hasRole, useMe } from '../../services/session';
import { useCall } from '../../services/use-call';
import type { BookingView } from '../../services/views';
import { Button } from '../../ui';
import { saveAgreementCopy } from '../agreement/copy';
import { chinaToday } from '../../../shared/calendar/china-time';
import { addCalendarDays as addDays } from '../../../shared/calendar/working-days';
import './index.scss';

type Result = 'success' | 'failure' | 'withdrawn';
type Sex = 'male' | 'female';
type Method = 'signature' | 'seal' | 'fingerprint';

interface PartyForm {
  name: string;
  sex: Sex | '';
  age: string;
  ethnicity: string;
  occupation: string;
  address: string;
  phone: string;
  signed: Method | '';
  signedAt: string;
}

interface OutcomeForm {
  result: Result | '';
  number: string;
  parties: PartyForm[];
  facts: string;
  responsibility: string;
  terms: string[];
  method: string;
  place: string;
  deadline: string;
  mediatorSigned: Method | '';
  mediatorSignedAt: string;
  seal: 'yes' | 'no' | '';
  copies: string;
  note: string;
  routes: OtherRoute[];
  court: 'yes' | 'no' | '';
  failNote: string;
  withdrawnBy: 'applicant' | 'other_party' | '';
  withdrawnNote: string;
  requestId: string;
}

const RESULTS: readonly { value: Result; label: string; hint: string }[] = [
  { value: 'success', label: '调解成功', hint: '双方达成协议，签订人民调解协议书' },
  { value: 'failure', label: '调解不成', hint: '没有达成协议，告知当事人其他途径' },
  { value: 'withdrawn', label: '一方退出调解', hint: '调解是自愿的，一方不愿再调了' },
];

const SEXES: readonly { value: Sex; label: string }[] = [
  { value: 'male', label: '男' },
  { value: 'female', label: '女' },
];

const METHODS: readonly { value: Method; label: string }[] = (
  ['signature', 'fingerprint', 'seal'] as const
).map((m) => ({ value: m, label: `已${SIGNATURE_METHOD_LABELS[m]}` }));

const DEADLINE_QUICK: readonly { value: string; label: string; days: number }[] = [
  { value: 'now', label: '当场履行', days: 0 },
  { value: 'd7', label: '7天内', days: 7 },
  { value: 'd15', label: '15天内', days: 15 },
  { value: 'd30', label: '30天内', days: 30 },
];

function blankParty(name = ''): PartyForm {
  return {
    name,
    sex: '',
    age: '',
    ethnicity: '',
    occupation: '',
    address: '',
    phone: '',
    signed: '',
    signedAt: '',
  };
}

function emptyForm(): OutcomeForm {
  return {
    result: '',
    number: '',
    parties: [],
    facts: '',
    responsibility: '',
    terms: [''],
    method: '',
    place: '',
    deadline: '',
    mediatorSigned: '',
    mediatorSignedAt: '',
    seal: '',
    copies: '',
    note: '',
    routes: [],
    court: '',
    failNote: '',
    withdrawnBy: '',
    withdrawnNote: '',
    requestId: newRequestId('oc'),
  };
}

/** '' → undefined; everything else trimmed. */
function opt(value: string): string | undefined {
  const t = value.trim();
  return t === '' ? undefined : t;
}

function num(value: string): number | undefined {
  const t = value.trim();
  return /^\d+$/.test(t) ? Number(t) : t === '' ? undefined : Number.NaN;
}

/** The agreement as the form holds it, in the shape of `agreementDraftSchema`. */
function agreementOf(form: OutcomeForm, mediatorName: string): AgreementDraft {
  const parties = form.parties.map((p) => {
    const party: Record<string, unknown> = {};
    const put = (key: string, value: unknown) => {
      if (value !== undefined) party[key] = value;
    };
    put('name', opt(p.name));
    put('sex', p.sex === '' ? undefined : p.sex);
    put('age', num(p.age));
    put('ethnicity', opt(p.ethnicity));
    put('occupation', opt(p.occupation));
    put('address', opt(p.address));
    put('phone', opt(p.phone));
    return party as NonNullable<AgreementDraft['parties']>[number];
  });
  const signatures: NonNullable<AgreementDraft['signatures']> = [];
  form.parties.forEach((p, i) => {
    const name = opt(p.name);
    if (p.signed !== '' && name !== undefined) {
      signatures.push({
        signerRole: 'party',
        partyIndex: i,
        name,
        method: p.signed,
        signedAt: p.signedAt || new Date().toISOString(),
      });
    }
  });
  if (form.mediatorSigned !== '' && mediatorName !== '') {
    signatures.push({
      signerRole: 'mediator',
      name: mediatorName,
      method: form.mediatorSigned,
      signedAt: form.mediatorSignedAt || new Date().toISOString(),
    });
  }
  const terms = form.terms.map((t) => t.trim()).filter((t) => t !== '');
  const performance: Record<string, string> = {};
  if (opt(form.method)) performance.method = form.method.trim();
  if (opt(form.place)) performance.place = form.place.trim();
  if (opt(form.deadline)) performance.deadline = form.deadline.trim();
  const draft: Record<string, unknown> = { parties, signatures };
  if (opt(form.number)) draft.number = form.number.trim();
  if (opt(form.facts)) draft.facts = form.facts.trim();
  if (opt(form.responsibility)) draft.responsibility = form.responsibility.trim();
  if (terms.length > 0) draft.terms = terms;
  if (Object.keys(performance).length > 0) draft.performance = performance;
  if (form.seal === 'yes') draft.committeeSeal = true;
  const copies = num(form.copies);
  if (copies !== undefined) draft.copies = copies;
  return draft as AgreementDraft;
}

function outcomeOf(form: OutcomeForm, mediatorName: string): unknown {
  if (form.result === 'success') {
    const note = opt(form.note);
    return {
      result: 'success',
      agreement: agreementOf(form, mediatorName),
      ...(note === undefined ? {} : { note }),
    };
  }
  if (form.result === 'failure') {
    return {
      result: 'failure',
      routesLeft: form.routes,
      referredToCourt: form.court === 'yes',
      note: form.failNote.trim(),
    };
  }
  if (form.result === 'withdrawn') {
    const out: Record<string, unknown> = { result: 'withdrawn', note: form.withdrawnNote.trim() };
    if (form.withdrawnBy !== '') out.withdrawnBy = form.withdrawnBy;
    return out;
  }
  return {};
}

/** Field messages keyed by the path inside the agreement / outcome ("parties.0.age", "note"). */
function errorsOf(error: AppError | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(fieldErrors(error))) {
    const key = field.replace(/^outcome\.agreement\./, '').replace(/^outcome\./, '');
    out[key] ??= message;
  }
  return out;
}

interface TextBoxProps {
  readonly id: string;
  readonly value: string;
  readonly onInput: (value: string) => void;
  readonly placeholder?: string;
  readonly type?: 'text' | 'number';
  readonly maxlength?: number;
}

function TextBox({
  id,
  value,
  onInput,
  placeholder,
  type = 'text',
  maxlength = 100,
}: TextBoxProps) {
  return (
    <Input
      id={id}
      className="input"
      type={type}
      value={value}
      maxlength={maxlength}
      placeholder={placeholder}
      onInput={(e) => onInput(e.detail.value)}
    />
  );
}

interface AreaProps {
  readonly id: string;
  readonly value: string;
  readonly onInput: (value: string) => void;
  readonly placeholder?: string;
  readonly maxlength?: number;
}

function Area({ id, value, onInput, placeholder, maxlength = 2000 }: AreaProps) {
  return (
    <Textarea
      id={id}
      className="textarea"
      value={value}
      maxlength={maxlength}
      placeholder={placeholder}
      onInput={(e) => onInput(e.detail.value)}
    />
  );
}

function OutcomeFormView({ booking }: { readonly booking: BookingView }) {
  const me = useMe();
  const mediatorName = me.status === 'signedIn' ? me.me.name : '';
  const [initial] = useState(emptyForm);
  const [form, saveDraft, clear] = useDraft<OutcomeForm>(`outcome-${booking.id}`, initial);
  const [serverError, setServerError] = useState<AppError | null>(null);
  // Any change makes the server's last answer stale; the live check takes over.
  const update = (patch: Partial<OutcomeForm>): void => {
    setServerError(null);
    saveDraft(patch);
  };
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);

  // The parties as the booking recorded them: the applicant first, then the others.
  useEffect(() => {
    if (form.parties.length > 0) return;
    const names = [booking.applicant.name, ...booking.parties.map((p) => p.name)];
    saveDraft({
      parties: names.map((n) => blankParty(n)),
      copies: String(requiredCopies(names.length)),
      facts: form.facts || booking.summary,
    });
  }, [booking, form.parties.length, form.facts, saveDraft]);

  const agreement = useMemo(() => agreementOf(form, mediatorName), [form, mediatorName]);
  const missing = useMemo(() => checkAgreementComplete(agreement), [agreement]);
  const wellFormed = useMemo(() => parseInput(agreementDraftSchema, agreement), [agreement]);
  // The whole input as the server will check it (one schema both sides), shown after a try.
  const live = useMemo(
    () =>
      parseInput(recordOutcomeInputSchema, {
        bookingId: booking.id,
        outcome: outcomeOf(form, mediatorName),
      }),
    [booking.id, form, mediatorName],
  );
  const badFields = wellFormed.ok ? {} : errorsOf(wellFormed.error);
  const liveFields = tried && !live.ok ? errorsOf(live.error) : {};
  const serverFields = errorsOf(serverError);
  const err = (key: string): string | undefined =>
    serverFields[key] ?? badFields[key] ?? liveFields[key];
  const clientMessage =
    !tried || live.ok
      ? null
      : form.result === 'success' && missing.length > 0
        ? `调解协议书还不完整，还缺：${missing.join('、')}`
        : live.error.message;
  const shownError = serverError?.message ?? clientMessage;

  const setParty = (i: number, patch: Partial<PartyForm>): void =>
    update({ parties: form.parties.map((p, j) => (j === i ? { ...p, ...patch } : p)) });

  const toggleRoute = (code: OtherRoute): void =>
    update({
      routes: form.routes.includes(code)
        ? form.routes.filter((r) => r !== code)
        : [...form.routes, code],
    });

  const submit = async (): Promise<void> => {
    if (busy) return;
    setTried(true);
    setServerError(null);
    const input = { bookingId: booking.id, outcome: outcomeOf(form, mediatorName) };
    const checked = parseInput(recordOutcomeInputSchema, input);
    if (!checked.ok) {
      void Taro.showToast({ title: '还有没填好的地方', icon: 'none' });
      return;
    }
    setBusy(true);
    try {
      const reply = await api.call<BookingView>(
        'mediation',
        'recordOutcome',
        checked.value,
        form.requestId,
      );
      if (!reply.ok) {
        // A retry after a lost reply: the first call may have recorded it already.
        if (reply.error.code === 'CONFLICT') {
          const now = await api.call<BookingView>('mediation', 'get', { bookingId: booking.id });
          if (now.ok && now.data.outcome !== null) {
            if (checked.value.outcome.result === 'success' && now.data.status === 'succeeded') {
              saveAgreementCopy(booking.id, checked.value.outcome.agreement);
            }
            clear();
            void Taro.showToast({ title: '调解结果已经记录过了', icon: 'none' });
            replace(now.data.status === 'succeeded' ? 'staffAgreement' : 'staffRoom', {
              id: booking.id,
            });
            return;
          }
        }
        setServerError(reply.error);
        return;
      }
      const recorded: RecordOutcomeInput = checked.value;
      if (recorded.outcome.result === 'success') {
        saveAgreementCopy(booking.id, recorded.outcome.agreement);
        clear();
        void Taro.showToast({ title: '调解成功，协议书已保存', icon: 'success' });
        replace('staffAgreement', { id: booking.id });
        return;
      }
      clear();
      void Taro.showToast({ title: '调解结果已记录，已通知申请人', icon: 'none' });
      setTimeout(() => {
        if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
        else replace('staffRoom');
      }, 1200);
    } catch (thrown) {
      setServerError({
        code: 'INTERNAL',
        message: isNetworkError(thrown)
          ? '网络不通，没有提交。填写的内容已保存在手机上，联网后再点「提交」'
          : '出错了，请稍后再试',
      } as AppError);
    } finally {
      setBusy(false);
    }
  };

  const today = chinaToday();

  return (
    <View className="oc">
      <Section title="这次调解">
        <Text className="t-label">
          {booking.disputeTypeLabel} · {booking.room.name}
        </Text>
        <Text className="t-body">时间：{booking.slot.label}</Text>
        <Text className="t-body">
          当事人：{[booking.applicant.name, ...booking.parties.map((p) => p.name)].join('、')}
        </Text>
        <Text className="t-small muted">{booking.summary}</Text>
      </Section>

      <Section title="调解结果">
        <Choices
          idPrefix="outcome"
          options={RESULTS}
          value={form.result === '' ? null : form.result}
          onChange={(result) => update({ result })}
          columns={1}
        />
      </Section>

      {form.result === 'success' && (
        <>
          <Section title="人民调解协议书">
            <Field
              label="协议书编号"
              hint="按本调委会的编号填写，例如 东岭调〔2026〕12号"
              error={err('number')}
            >
              <TextBox
                id="agr-number"
                value={form.number}
                maxlength={40}
                placeholder="可以不填"
                onInput={(number) => update({ number })}
              />
            </Field>
          </Section>

          {form.parties.map((p, i) => (
            <Section key={i} title={`当事人${i + 1}${i === 0 ? '（申请人）' : ''}`}>
              <Field label="姓名" required error={err(`parties.${i}.name`)}>
                <TextBox
                  id={`agr-parties-${i}-name`}
                  value={p.name}
                  maxlength={20}
                  onInput={(name) => setParty(i, { name })}
                />
              </Field>
              <Field label="性别" required error={err(`parties.${i}.sex`)}>
                <Choices
                  idPrefix={`agr-parties-${i}-sex`}
                  options={SEXES}
                  value={p.sex === '' ? null : p.sex}
                  onChange={(sex) => setParty(i, { sex })}
                />
              </Field>
              <Field label="年龄" required error={err(`parties.${i}.age`)}>
                <TextBox
                  id={`agr-parties-${i}-age`}
                  type="number"
                  value={p.age}
                  maxlength={3}
                  placeholder="周岁"
                  onInput={(age) => setParty(i, { age })}
                />
              </Field>
              <Field label="住址" required error={err(`parties.${i}.address`)}>
                <TextBox
                  id={`agr-parties-${i}-address`}
                  value={p.address}
                  placeholder="例如 东岭新村王家庄"
                  onInput={(address) => setParty(i, { address })}
                />
              </Field>
              <View className="oc-two">
                <Field label="民族" error={err(`parties.${i}.ethnicity`)}>
                  <TextBox
                    id={`agr-parties-${i}-ethnicity`}
                    value={p.ethnicity}
                    maxlength={10}
                    placeholder="例如 汉族"
                    onInput={(ethnicity) => setParty(i, { ethnicity })}
                  />
                </Field>
                <Field label="职业" error={err(`parties.${i}.occupation`)}>
                  <TextBox
                    id={`agr-parties-${i}-occupation`}
                    value={p.occupation}
                    maxlength={20}
                    placeholder="例如 农民"
                    onInput={(occupation) => setParty(i, { occupation })}
                  />
                </Field>
              </View>
              <Field label="联系电话" error={err(`parties.${i}.phone`)}>
                <TextBox
                  id={`agr-parties-${i}-phone`}
                  value={p.phone}
                  maxlength={20}
                  placeholder="可以不填"
                  onInput={(phone) => setParty(i, { phone })}
                />
              </Field>
            </Section>
          ))}
          <Button
            id="agr-parties-add"
            className="btn-block oc-add"
            fill="outline"
            onClick={() => update({ parties: [...form.parties, blankParty()] })}
          >
            再加一位当事人
          </Button>

          <Section title="纠纷事实和协议内容">
            <Field label="纠纷的主要事实" required error={err('facts')}>
              <Area
                id="agr-facts"
                value={form.facts}
                placeholder="什么时候、在哪里、因为什么起了纠纷"
                onInput={(facts) => update({ facts })}
              />
            </Field>
            <Field label="争议事项和各方责任" required error={err('responsibility')}>
              <Area
                id="agr-responsibility"
                value={form.responsibility}
                placeholder="双方争的是什么，各自有什么责任"
                onInput={(responsibility) => update({ responsibility })}
              />
            </Field>
            <Field
              label="协议内容（经调解，双方自愿达成如下协议）"
              required
              hint="一条写一件事，例如「李大山于12月5日前把排水沟疏通」"
              error={err('terms')}
            >
              <View className="stack">
                {form.terms.map((t, i) => (
                  <View key={i} className="oc-term">
                    <Text className="t-label">第{i + 1}条</Text>
                    <Area
                      id={`agr-terms-${i}`}
                      value={t}
                      maxlength={500}
                      onInput={(value) =>
                        update({ terms: form.terms.map((x, j) => (j === i ? value : x)) })
                      }
                    />
                  </View>
                ))}
                <Button
                  id="agr-terms-add"
                  className="btn"
                  fill="outline"
                  onClick={() => update({ terms: [...form.terms, ''] })}
                >
                  再加一条
                </Button>
              </View>
            </Field>
          </Section>

          <Section title="履行方式和期限">
            <Field label="履行方式" required error={err('performance.method')}>
              <TextBox
                id="agr-performance-method"
                value={form.method}
                maxlength={200}
                placeholder="例如 一次性付清现金 / 自行疏通排水沟"
                onInput={(method) => update({ method })}
              />
            </Field>
            <Field label="履行地点" required error={err('performance.place')}>
              <TextBox
                id="agr-performance-place"
                value={form.place}
                placeholder="例如 东岭新村调委会"
                onInput={(place) => update({ place })}
              />
            </Field>
            <Field
              label="履行期限"
              required
              hint="点一下快速选择，或者按 2026-12-31 的样子填写"
              error={err('performance.deadline')}
            >
              <Choices
                idPrefix="agr-deadline"
                options={DEADLINE_QUICK}
                value={
                  DEADLINE_QUICK.find((d) => addDays(today, d.days) === form.deadline)?.value ??
                  null
                }
                onChange={(v) => {
                  const days = DEADLINE_QUICK.find((d) => d.value === v)?.days ?? 0;
                  update({ deadline: addDays(today, days) });
                }}
                columns={2}
              />
              <TextBox
                id="agr-performance-deadline"
                value={form.deadline}
                maxlength={10}
                placeholder="2026-12-31"
                onInput={(deadline) => update({ deadline })}
              />
              {form.deadline !== '' && wellFormed.ok && (
                <Text className="t-small muted">{formatDay(form.deadline)}前履行完</Text>
              )}
            </Field>
          </Section>

          <Section title="签字和盖章">
            <Text className="t-small muted">
              协议书打印出来后，请各方当事人签名（或按指印、盖章），调解员签名，再加盖调解委员会印章，然后在这里登记。
            </Text>
            {form.parties.map((p, i) => (
              <Field
                key={i}
                label={`${p.name || `当事人${i + 1}`}`}
                required
                error={i === 0 ? err('signatures') : undefined}
              >
                <Choices
                  idPrefix={`agr-signatures-${i}`}
                  options={METHODS}
                  value={p.signed === '' ? null : p.signed}
                  onChange={(signed) => setParty(i, { signed, signedAt: new Date().toISOString() })}
                  columns={3}
                />
              </Field>
            ))}
            <Field label={`调解员 ${mediatorName}`} required>
              <Choices
                idPrefix="agr-signatures-mediator"
                options={[{ value: 'signature' as const, label: '调解员已签名' }]}
                value={form.mediatorSigned === '' ? null : form.mediatorSigned}
                onChange={(mediatorSigned) =>
                  update({ mediatorSigned, mediatorSignedAt: new Date().toISOString() })
                }
                columns={1}
              />
            </Field>
            <Field label="调解委员会印章" required error={err('committeeSeal')}>
              <Choices
                idPrefix="agr-committeeSeal"
                options={[
                  { value: 'yes' as const, label: '已盖章' },
                  { value: 'no' as const, label: '还没盖' },
                ]}
                value={form.seal === '' ? null : form.seal}
                onChange={(seal) => update({ seal })}
              />
            </Field>
            <Field
              label="协议书份数"
              required
              hint={`当事人各一份，调解委员会留一份，共 ${requiredCopies(form.parties.length)} 份`}
              error={err('copies')}
            >
              <TextBox
                id="agr-copies"
                type="number"
                value={form.copies}
                maxlength={2}
                onInput={(copies) => update({ copies })}
              />
            </Field>
            <Field label="备注" error={err('note')}>
              <TextBox
                id="outcome-note"
                value={form.note}
                maxlength={1000}
                placeholder="可以不填"
                onInput={(note) => update({ note })}
              />
            </Field>
          </Section>

          <View
            id="outcome-missing"
            className={`oc-missing ${missing.length === 0 && wellFormed.ok ? 'oc-missing--done' : ''}`}
          >
            <Text className="t-label">
              {missing.length === 0 ? '协议内容已填写完整' : `还缺：${missing.join('、')}`}
            </Text>
            {!wellFormed.ok && (
              <Text className="t-small danger">填写有误：{wellFormed.error.message}</Text>
            )}
          </View>
        </>
      )}

      {form.result === 'failure' && (
        <Section title="调解不成">
          <Field label="已告知当事人的其他途径（可以多选）" required error={err('routesLeft')}>
            <View className="choices choices--1">
              {OTHER_ROUTES.map((r) => (
                <View
                  key={r.code}
                  id={`route-${r.code}`}
                  className={`choice${form.routes.includes(r.code) ? ' choice--on' : ''}`}
                  onClick={() => toggleRoute(r.code)}
                >
                  <Text className="choice__label t-body">
                    {form.routes.includes(r.code) ? '✓ ' : ''}
                    {r.label}
                  </Text>
                  <Text className="choice__hint t-small">{r.explanation}</Text>
                </View>
              ))}
            </View>
          </Field>
          <Field
            label="是否由司法所移交法庭"
            required
            hint="当事人要打官司的，由司法所移交人民法庭立案"
            error={err('referredToCourt')}
          >
            <Choices
              idPrefix="court"
              options={[
                { value: 'yes' as const, label: '移交法庭' },
                { value: 'no' as const, label: '不移交' },
              ]}
              value={form.court === '' ? null : form.court}
              onChange={(court) => update({ court })}
            />
          </Field>
          <Field label="调解不成的情况" required error={err('note')}>
            <Area
              id="fail-note"
              value={form.failNote}
              maxlength={1000}
              placeholder="双方分歧在哪里"
              onInput={(failNote) => update({ failNote })}
            />
          </Field>
        </Section>
      )}

      {form.result === 'withdrawn' && (
        <Section title="一方退出调解">
          <Field label="哪一方退出" required error={err('withdrawnBy')}>
            <Choices
              idPrefix="withdrawn-by"
              options={[
                { value: 'applicant' as const, label: `申请人（${booking.applicant.name}）` },
                { value: 'other_party' as const, label: '对方当事人' },
              ]}
              value={form.withdrawnBy === '' ? null : form.withdrawnBy}
              onChange={(withdrawnBy) => update({ withdrawnBy })}
              columns={1}
            />
          </Field>
          <Field label="退出的情况" required error={err('note')}>
            <Area
              id="withdrawn-note"
              value={form.withdrawnNote}
              maxlength={500}
              onInput={(withdrawnNote) => update({ withdrawnNote })}
            />
          </Field>
        </Section>
      )}

      {shownError !== null && (
        <Text id="outcome-error" className="t-body danger oc-error">
          {shownError}
        </Text>
      )}
      {form.result !== '' && (
        <View className="actions">
          <Button
            id="outcome-submit"
            className="btn-block"
            type="primary"
            loading={busy}
            disabled={busy}
            onClick={() => void submit()}
          >
            {form.result === 'success' ? '提交，生成调解协议书' : '提交调解结果'}
          </Button>
          <Text className="t-small muted">
            提交后申请人会收到通知；填写的内容会先保存在手机上，离开页面也不会丢。
          </Text>
        </View>
      )}
    </View>
  );
}

export default function Outcome() {
  const me = useMe();
  const id = param('id');
  const mediator = hasRole(me, 'mediator');
  const { state, reload } = useCall<BookingView>(
    'mediation',
    'get',
    id && mediator ? { bookingId: id } : null,
  );

  if (me.status === 'loading') {
    return (
      <Screen title="记录调解结果">
        <CallView state={{ status: 'loading' }}>{() => null}</CallView>
      </Screen>
    );
  }
  if (!mediator || !id) {
    return (
      <Screen title="记录调解结果">
        <Section>
          <Text className="t-body">
            {!id
              ? '没有指明是哪一次调解，请从调解室进入。'
              : me.status === 'offline'
                ? '网络不通，暂时读不到您的账号。'
                : '只有负责这个调解室的调解员可以记录调解结果。'}
          </Text>
          <Button className="btn" type="primary" onClick={() => go('staffRoom')}>
            去调解室
          </Button>
        </Section>
      </Screen>
    );
  }
  return (
    <Screen title="记录调解结果">
      <CallView state={state} onRetry={() => void reload()}>
        {(booking) => {
          if (booking.status === 'confirmed') return <OutcomeFormView booking={booking} />;
          return (
            <Section title={booking.statusLabel}>
              <Text className="t-body">
                {booking.status === 'requested'
                  ? '对方还没有答复是否同意调解。请先在调解室登记对方的意见，确认以后才能记录调解结果。'
                  : booking.outcome !== null
                    ? `这次调解已经记录了结果：${booking.outcome.resultLabel}。`
                    : `这次调解预约当前是「${booking.statusLabel}」，不能记录调解结果。`}
              </Text>
              {booking.status === 'succeeded' ? (
                <Button
                  className="btn-block"
                  type="primary"
                  onClick={() => replace('staffAgreement', { id: booking.id })}
                >
                  查看调解协议书
                </Button>
              ) : (
                <Button
                  className="btn-block"
                  fill="outline"
                  onClick={() => go('staffRoom', { bookingId: booking.id })}
                >
                  去调解室
                </Button>
              )}
            </Section>
          );
        }}
      </CallView>
    </Screen>
  );
}
