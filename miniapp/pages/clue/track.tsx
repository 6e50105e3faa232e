/**
 * 线索查询: anyone with a tracking code (查询码) sees where their clue stands, in plain words,
 * with every step fed back to them, and adds what the prosecutor asked for (补充材料) when
 * asked. No sign-in: the code is the key.
 */
import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { TRACKING_CODE_LENGTH } from '../../../shared/clue/clue.catalog';
import { formatCode, isValidCode, normalizeCode } from '../../../shared/validation/codes';
import { CallView } from '../../components/CallView';
import { Field } from '../../components/Field';
import { Screen } from '../../components/Screen';
import { Section } from '../../components/Section';
import { Timeline } from '../../components/Timeline';
import { formatDateTime } from '../../lib/format';
import { go, param } from '../../lib/nav';
import { fieldErrors } from '../../services/errors';
import { submit } from '../../services/outbox';
import { newRequestId } from '../../services/request-id';
import { useCall } from '../../services/use-call';
import type { toTrackView } from '../../services/views';
import { Button } from '../../ui';
import './track.scss';

type TrackView = ReturnType<typeof toTrackView>;

const BAD_CODE = `查询码是 ${TRACKING_CODE_LENGTH} 位字母和数字，请核对后重新输入`;

/** The code as typed → the normalized code, or null when it cannot be one (checked locally). */
function checkedCode(typed: string): string | null {
  const code = normalizeCode(typed);
  return isValidCode(code, TRACKING_CODE_LENGTH) ? code : null;
}

function Supplement({
  code,
  ask,
  onDone,
}: {
  readonly code: string;
  /** What the prosecutor asked for (the note of the latest request). */
  readonly ask: string | null;
  readonly onDone: () => void;
}) {
  const [text, setText] = useState('');
  const [requestId, setRequestId] = useState(() => newRequestId('sup'));
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const send = async (): Promise<void> => {
    if (text.trim() === '') {
      setError('请写上要补充的情况');
      return;
    }
    setError('');
    setBusy(true);
    try {
      const outcome = await submit<{ message: string }>(
        'clue',
        'supplement',
        { trackingCode: code, text: text.trim() },
        { requestId, label: '公益诉讼线索：补充材料' },
      );
      if (outcome.kind === 'done') {
        setText('');
        setRequestId(newRequestId('sup'));
        Taro.showToast({ title: '已补充，检察官会看到', icon: 'none', duration: 2500 });
        onDone();
      } else if (outcome.kind === 'refused') {
        setError(fieldErrors(outcome.error).text ?? outcome.error.message);
      } else {
        setText('');
        setRequestId(newRequestId('sup'));
        Taro.showToast({ title: '已保存，联网后自动提交', icon: 'none', duration: 2500 });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title="补充材料">
      <Text className="t-body">检察官需要您补充一些情况，请写在下面。</Text>
      {ask !== null && <Text className="t-body notice">检察官的要求：{ask}</Text>}
      <Field label="补充的情况" required error={error || undefined}>
        <Textarea
          id="supplement-text"
          className="textarea"
          maxlength={2000}
          placeholder="把检察官问到的情况写清楚"
          value={text}
          onInput={(e) => setText(e.detail.value)}
        />
      </Field>
      <Text className="t-small muted">要补充照片的，可以带着查询码到村里找网格员帮忙。</Text>
      <Button
        id="supplement-submit"
        className="btn-block"
        type="primary"
        loading={busy}
        disabled={busy}
        onClick={() => void send()}
      >
        提交补充材料
      </Button>
    </Section>
  );
}

function Result({ view, onReload }: { readonly view: TrackView; readonly onReload: () => void }) {
  const decision = view.decision;
  return (
    <>
      <Section title="线索进度">
        <View className="tr-head">
          <Text className="t-small muted">查询码 {view.trackingCode}</Text>
          <Text className="t-small muted">{view.domain.label}</Text>
        </View>
        <Text id="track-status" className="t-hero tr-status">
          {view.statusLabel}
        </Text>
        <Text className="t-body">{view.explanation}</Text>
        <Text className="t-body notice">{view.deadlines.text}</Text>
        <Text className="t-small muted">提交时间：{formatDateTime(view.receivedAt)}</Text>
      </Section>
      {decision !== undefined && (
        <Section title="处理结果">
          <Text className="t-title">{decision.label}</Text>
          {decision.transferredTo !== undefined && (
            <Text className="t-body">移送给：{decision.transferredTo}</Text>
          )}
          {decision.reason !== undefined && <Text className="t-body">理由：{decision.reason}</Text>}
          <Text className="t-small muted">{formatDateTime(decision.at)}</Text>
        </Section>
      )}
      <Section title="办理经过">
        {view.timeline.length === 0 ? (
          <Text className="t-body muted">还没有新的进展。</Text>
        ) : (
          <Timeline entries={view.timeline} />
        )}
      </Section>
      {view.canSupplement && (
        <Supplement
          code={normalizeCode(view.trackingCode)}
          ask={[...view.timeline].reverse().find((step) => step.note)?.note ?? null}
          onDone={onReload}
        />
      )}
    </>
  );
}

export default function ClueTrackPage() {
  const first = param('code');
  const [typed, setTyped] = useState(() => {
    const code = checkedCode(first);
    return code === null ? first : formatCode(code);
  });
  const [query, setQuery] = useState<string | null>(() => checkedCode(first));
  const [localError, setLocalError] = useState(
    first !== '' && checkedCode(first) === null ? BAD_CODE : '',
  );
  const { state, reload } = useCall<TrackView>(
    'clue',
    'track',
    query === null ? null : { trackingCode: query },
  );

  const look = (): void => {
    const code = checkedCode(typed);
    if (code === null) {
      setLocalError(typed.trim() === '' ? '请输入查询码' : BAD_CODE);
      return;
    }
    setLocalError('');
    setTyped(formatCode(code));
    if (code === query) void reload();
    else setQuery(code);
  };

  return (
    <Screen title="线索查询">
      <Section title="输入查询码">
        <Text className="t-small muted">
          提交线索时给您的 {TRACKING_CODE_LENGTH} 位查询码，例如 ABCD-EFGH-JKLM，不分大小写。
        </Text>
        <Field label="查询码" error={localError || undefined}>
          <Input
            id="track-code"
            className="input tr-code"
            maxlength={20}
            placeholder="请输入查询码"
            value={typed}
            onInput={(e) => setTyped(e.detail.value)}
            onConfirm={look}
          />
        </Field>
        <Button id="track-submit" className="btn-block" type="primary" onClick={look}>
          查询进度
        </Button>
      </Section>
      {query !== null && localError === '' && (
        <CallView state={state} onRetry={() => void reload()}>
          {(view) => <Result view={view} onReload={() => void reload()} />}
        </CallView>
      )}
      {query === null && (
        <View className="tr-new" onClick={() => go('clueNew')}>
          <Text className="t-body">还没有提交过？点这里提交公益诉讼线索</Text>
        </View>
      )}
    </Screen>
  );
}
