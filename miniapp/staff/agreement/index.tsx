/**
 * 人民调解协议书, laid out like the paper form, to print from the browser: title and number,
 * the parties, the dispute's facts and what was in dispute, the agreed terms, how and by when
 * they are performed, the statutory sentences of the 人民调解法 (legally binding; judicial
 * confirmation within 30 days, unless the dispute type cannot have it), and the lines for
 * the parties' and the mediator's signatures, the committee's seal and the date.
 */
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { SIGNATURE_METHOD_LABELS } from '../../../shared/mediation/mediation.schema';
import { CallView } from '../../components/CallView';
import { Screen } from '../../components/Screen';
import { Section } from '../../components/Section';
import { formatDay } from '../../lib/format';
import { param, replace } from '../../lib/nav';
import { isStaff, useMe } from '../../services/session';
import { useCall } from '../../services/use-call';
import type { BookingView } from '../../services/views';
import { Button } from '../../ui';
import { toLocalDate } from '../../../shared/calendar/china-time';
import { loadAgreementCopy } from './copy';
import { PRINT_HINT, printAgreement } from './print';
import './index.scss';

const SEX_LABELS = { male: '男', female: '女' } as const;

/** 「2026年11月25日」 from an instant or a date; blanks for the hand when unknown. */
function paperDate(at: string | null | undefined): string {
  if (!at) return '　　　　年　　月　　日';
  const day = /^\d{4}-\d{2}-\d{2}$/.test(at) ? at : toLocalDate(at);
  const [y, m, d] = day.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** A value on the form, or a blank line to write on. */
function Blank({
  value,
  wide,
}: {
  readonly value?: string | number | null;
  readonly wide?: boolean;
}) {
  const empty = value === undefined || value === null || value === '';
  return (
    <Text
      className={`t-body ag-blank${wide ? ' ag-blank--wide' : ''}${empty ? ' ag-blank--empty' : ''}`}
    >
      {empty ? '　' : String(value)}
    </Text>
  );
}

/** One party's line on the form, from the server's document or the local copy. */
interface PartyLine {
  readonly name?: string | null;
  readonly sexLabel?: string | null;
  readonly ethnicity?: string | null;
  readonly age?: number | null;
  readonly occupation?: string | null;
  readonly phone?: string | null;
  readonly address?: string | null;
}

function PartyRows({ parties }: { readonly parties: readonly PartyLine[] }) {
  return (
    <View className="ag-parties">
      {parties.map((full, i) => {
        return (
          <View key={i} className="ag-party">
            <Text className="ag-party__role t-body">{i === 0 ? '申请人' : '对方当事人'}</Text>
            <View className="ag-line">
              <Text className="t-body">姓名</Text>
              <Blank value={full.name} />
              <Text className="t-body">性别</Text>
              <Blank value={full.sexLabel} />
              <Text className="t-body">民族</Text>
              <Blank value={full.ethnicity} />
              <Text className="t-body">年龄</Text>
              <Blank value={full.age} />
            </View>
            <View className="ag-line">
              <Text className="t-body">职业</Text>
              <Blank value={full.occupation} />
              <Text className="t-body">联系方式</Text>
              <Blank value={full.phone} wide />
            </View>
            <View className="ag-line">
              <Text className="t-body">住址</Text>
              <Blank value={full.address} wide />
            </View>
          </View>
        );
      })}
    </View>
  );
}

function Paper({ booking }: { readonly booking: BookingView }) {
  const outcome = booking.outcome?.result === 'success' ? booking.outcome : null;
  // The signed document from the server (mediator and centre); the copy kept on this device
  // when the outcome was recorded is only a fallback for an older reply.
  const doc = outcome?.agreement.document ?? null;
  const copy = doc === null ? (loadAgreementCopy(booking.id)?.agreement ?? null) : null;
  const number = outcome?.agreement.number ?? copy?.number ?? null;
  const terms = outcome?.agreement.terms ?? copy?.terms ?? [];
  const performance = outcome?.agreement.performance ?? {
    method: copy?.performance?.method ?? null,
    place: copy?.performance?.place ?? null,
    deadline: copy?.performance?.deadline ?? null,
  };
  const copies = outcome?.agreement.copies ?? copy?.copies ?? null;
  const names = [booking.applicant.name, ...booking.parties.map((p) => p.name)];
  const partyLines: readonly PartyLine[] =
    doc !== null && doc.parties.length > 0
      ? doc.parties.map((p) => ({ ...p, sexLabel: p.sex }))
      : copy?.parties && copy.parties.length > 0
        ? copy.parties.map((p) => ({ ...p, sexLabel: p.sex ? SEX_LABELS[p.sex] : null }))
        : names.map((name) => ({ name }));
  const facts = doc?.facts ?? copy?.facts ?? null;
  const responsibility = doc?.responsibility ?? copy?.responsibility ?? null;
  const signatures: readonly {
    signerRole: 'party' | 'mediator';
    partyIndex?: number | null;
    name: string;
    method: keyof typeof SIGNATURE_METHOD_LABELS;
    signedAt: string;
  }[] = doc?.signatures ?? copy?.signatures ?? [];
  const lastSigned = signatures.reduce<string | null>(
    (last, s) => (last === null || Date.parse(s.signedAt) > Date.parse(last) ? s.signedAt : last),
    null,
  );
  const signedEvent = booking.timeline?.find((t) => t.label === '调解成功');
  const mediator = signatures.find((s) => s.signerRole === 'mediator');
  const confirmation = booking.judicialConfirmation;

  return (
    <View className="ag-paper" id="agreement-paper">
      <Text className="ag-title t-hero">人民调解协议书</Text>
      <View className="ag-number">
        <Text className="t-body">编号：</Text>
        <Blank value={number} wide />
      </View>

      <Text className="ag-heading t-label">当事人</Text>
      <PartyRows parties={partyLines} />

      <Text className="ag-heading t-label">纠纷主要事实、争议事项</Text>
      <Text className="ag-text t-body">{facts ?? booking.summary}</Text>
      {responsibility ? (
        <Text className="ag-text t-body">{responsibility}</Text>
      ) : (
        <View className="ag-writing" />
      )}

      <Text className="ag-heading t-label">经调解，自愿达成如下协议</Text>
      <View className="ag-terms">
        {terms.length === 0 ? (
          <View className="ag-writing" />
        ) : (
          terms.map((t, i) => (
            <Text key={i} className="ag-text t-body">
              {i + 1}. {t}
            </Text>
          ))
        )}
      </View>

      <Text className="ag-heading t-label">履行方式、时限</Text>
      <Text className="ag-text t-body">
        {performance.method ?? '＿＿＿＿＿＿'}
        {performance.place ? `，履行地点：${performance.place}` : ''}
        ，于{performance.deadline ? paperDate(performance.deadline) : '　　　　年　　月　　日'}
        前履行完毕。
      </Text>

      <Text className="ag-text t-body">
        本协议一式
        <Blank value={copies} />
        份，当事人、人民调解委员会各持一份。
      </Text>

      <View className="ag-law">
        <Text className="ag-text t-small">
          本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。（《中华人民共和国人民调解法》第二十九条）
        </Text>
        <Text className="ag-text t-small">
          经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。（第三十一条）
        </Text>
        <Text className="ag-text t-small">
          当事人之间就调解协议的履行或者调解协议的内容发生争议的，一方当事人可以向人民法院提起诉讼。（第三十二条）
        </Text>
        {confirmation.available ? (
          <Text className="ag-text t-small">
            双方当事人认为有必要的，可以自调解协议生效之日起三十日内共同向人民法院申请司法确认。（第三十三条）
          </Text>
        ) : (
          <Text className="ag-text t-small">{confirmation.notice}</Text>
        )}
      </View>

      <View className="ag-signs">
        <View className="ag-sign-row">
          <Text className="t-body">当事人（签名、盖章或按指印）：</Text>
          <View className="ag-sign-names">
            {names.map((n, i) => {
              const s = signatures.find((x) => x.signerRole === 'party' && x.partyIndex === i);
              return (
                <View key={i} className="ag-sign">
                  <View className="ag-sign__line" />
                  <Text className="t-small">
                    {n}
                    {s ? `（已${SIGNATURE_METHOD_LABELS[s.method]}）` : ''}
                  </Text>
                </View>
              );
            })}
          </View>
        </View>
        <View className="ag-sign-row">
          <Text className="t-body">人民调解员（签名）：</Text>
          <View className="ag-sign">
            <View className="ag-sign__line" />
            {mediator ? <Text className="t-small">{mediator.name}</Text> : null}
          </View>
        </View>
        <View className="ag-seal-row">
          <View className="ag-seal">
            <Text className="t-small">（人民调解委员会印）</Text>
          </View>
          <View className="ag-date">
            <Text className="t-body">{booking.room.name}</Text>
            <Text className="t-body">{paperDate(lastSigned ?? signedEvent?.at ?? null)}</Text>
          </View>
        </View>
      </View>
    </View>
  );
}

export default function AgreementPage() {
  const me = useMe();
  const id = param('id');
  const staff = isStaff(me);
  const { state, reload } = useCall<BookingView>(
    'mediation',
    'get',
    id && staff ? { bookingId: id } : null,
  );

  if (me.status === 'loading') {
    return (
      <Screen title="人民调解协议书">
        <CallView state={{ status: 'loading' }}>{() => null}</CallView>
      </Screen>
    );
  }
  if (!staff || !id) {
    return (
      <Screen title="人民调解协议书">
        <Section>
          <Text className="t-body">
            {!id
              ? '没有指明是哪一份协议书，请从调解室进入。'
              : me.status === 'offline'
                ? '网络不通，暂时读不到您的账号。'
                : '调解协议书由调解员打印。'}
          </Text>
        </Section>
      </Screen>
    );
  }
  return (
    <Screen title="人民调解协议书" className="ag-screen">
      <CallView state={state} onRetry={() => void reload()}>
        {(booking) => (
          <View>
            <View className="no-print ag-tools">
              {booking.status !== 'succeeded' && (
                <Text className="t-body warn">
                  这次调解还没有登记「调解成功」，下面是空白协议书，可以打印出来手写。
                </Text>
              )}
              <Button
                id="print-agreement"
                className="btn-block no-print"
                type="primary"
                onClick={printAgreement}
              >
                打印
              </Button>
              <Text className="t-small muted">{PRINT_HINT}</Text>
              {booking.judicialConfirmation.daysLeft !== null && (
                <Text className="t-small">
                  申请司法确认：请双方在 {formatDay(booking.judicialConfirmation.dueBy)}前（还有{' '}
                  {booking.judicialConfirmation.daysLeft} 天）共同向人民法院申请。
                </Text>
              )}
              <Button
                className="btn no-print"
                fill="outline"
                onClick={() =>
                  Taro.getCurrentPages().length > 1
                    ? void Taro.navigateBack()
                    : replace('staffRoom', { bookingId: booking.id })
                }
              >
                回到调解室
              </Button>
            </View>
            <Paper booking={booking} />
          </View>
        )}
      </CallView>
    </Screen>
  );
}
