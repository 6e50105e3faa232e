/**
 * 法德讲堂: the coming lectures with time, place, speaker and seats left; sign up (through the
 * outbox, idempotent with a requestId) or cancel a sign-up, and see which ones are mine.
 */
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useRef, useState } from 'react';
import { CallView } from '../../components/CallView';
import { Screen } from '../../components/Screen';
import { Section } from '../../components/Section';
import { formatDay, formatTime } from '../../lib/format';
import { go } from '../../lib/nav';
import { api } from '../../services/api';
import { isNetworkError } from '../../services/errors';
import { submit } from '../../services/outbox';
import { newRequestId } from '../../services/request-id';
import { useCall } from '../../services/use-call';
import { Button } from '../../ui';
import type { LectureView, SignUpView } from './learning.types';
import { useReaderTown } from './learning.town';
import './lectures.scss';

interface LecturePage {
  readonly items: readonly LectureView[];
  readonly nextCursor: string | null;
}

interface Note {
  readonly lectureId: string;
  readonly text: string;
  readonly ok: boolean;
}

export default function Lectures() {
  const { town, retry } = useReaderTown();
  const ready = town.kind === 'ready';
  const signedIn = ready && town.me !== null;
  const { state, reload } = useCall<LecturePage>(
    'learning',
    'listLectures',
    ready ? { townId: town.townId, limit: 50 } : null,
  );
  const [busy, setBusy] = useState<string | null>(null);
  const [note, setNote] = useState<Note | null>(null);
  // One requestId per (lecture, intent) until it gets an answer: a double tap or a retry
  // never signs up twice, and a later sign-up after a cancel is a new request.
  const ids = useRef(new Map<string, string>());
  const requestIdFor = (key: string): string => {
    let id = ids.current.get(key);
    if (!id) {
      id = newRequestId('lec');
      ids.current.set(key, id);
    }
    return id;
  };

  async function signUp(lecture: LectureView): Promise<void> {
    if (busy) return;
    if (!signedIn) {
      go('login');
      return;
    }
    const key = `${lecture.lectureId}:signup`;
    setBusy(lecture.lectureId);
    setNote(null);
    try {
      const outcome = await submit<SignUpView>(
        'learning',
        'signUpLecture',
        { lectureId: lecture.lectureId },
        { requestId: requestIdFor(key), label: `讲堂报名：${lecture.title}` },
      );
      if (outcome.kind === 'queued') {
        void Taro.showToast({ title: '已保存，联网后自动提交', icon: 'none' });
        setNote({
          lectureId: lecture.lectureId,
          text: '网络不通，报名已保存，联网后自动提交。',
          ok: true,
        });
        return;
      }
      ids.current.delete(key);
      if (outcome.kind === 'done') {
        void Taro.showToast({ title: '报名成功', icon: 'success' });
        setNote({
          lectureId: lecture.lectureId,
          text: `报名成功！请在${formatDay(lecture.startsAt)} ${formatTime(lecture.startsAt)}前到${lecture.place}。去不了的话，记得回来取消，把名额让给别人。`,
          ok: true,
        });
      } else {
        setNote({ lectureId: lecture.lectureId, text: outcome.error.message, ok: false });
      }
      await reload();
    } finally {
      setBusy(null);
    }
  }

  async function cancel(lecture: LectureView): Promise<void> {
    if (busy) return;
    const key = `${lecture.lectureId}:cancel`;
    setBusy(lecture.lectureId);
    setNote(null);
    try {
      const reply = await api.call<SignUpView>(
        'learning',
        'cancelSignUp',
        { lectureId: lecture.lectureId },
        requestIdFor(key),
      );
      ids.current.delete(key);
      setNote(
        reply.ok
          ? {
              lectureId: lecture.lectureId,
              text: '已取消报名，名额让给了别人。想去的话还可以再报名。',
              ok: true,
            }
          : { lectureId: lecture.lectureId, text: reply.error.message, ok: false },
      );
      await reload();
    } catch (thrown) {
      if (!isNetworkError(thrown)) throw thrown;
      setNote({
        lectureId: lecture.lectureId,
        text: '网络不通，没有取消成。联网后再点一次。',
        ok: false,
      });
    } finally {
      setBusy(null);
    }
  }

  return (
    <Screen title="法德讲堂" className="ll">
      <View className="notice ll-intro">
        <Text className="t-body">
          民警、法律顾问、司法所的同志来讲身边的法律。报名不收费，名额有限，报了名去不了请取消。
        </Text>
      </View>
      {town.kind === 'choose' && (
        <Section>
          <Text className="t-body">请先回到「学法用法」选择您所在的镇。</Text>
        </Section>
      )}
      {(town.kind === 'offline' || town.kind === 'error') && (
        <CallView
          state={
            town.kind === 'offline' ? { status: 'offline' } : { status: 'error', error: town.error }
          }
          onRetry={retry}
        >
          {() => null}
        </CallView>
      )}
      {ready && !signedIn && (
        <View className="notice ll-intro">
          <Text className="t-body">报名要先登录。</Text>
          <Text className="t-body ll-link" onClick={() => go('login')}>
            去登录
          </Text>
        </View>
      )}
      {ready && (
        <CallView state={state} onRetry={() => void reload()}>
          {(data) =>
            data.items.length === 0 ? (
              <View className="call-state" id="lectures-empty">
                <Text className="t-body">最近没有安排讲座，请留意村里的通知。</Text>
              </View>
            ) : (
              <View>
                {data.items.map((lecture, index) => (
                  <LectureCard
                    key={lecture.lectureId}
                    lecture={lecture}
                    index={index}
                    signedIn={signedIn}
                    busy={busy === lecture.lectureId}
                    note={note?.lectureId === lecture.lectureId ? note : null}
                    onSignUp={() => void signUp(lecture)}
                    onCancel={() => void cancel(lecture)}
                  />
                ))}
              </View>
            )
          }
        </CallView>
      )}
    </Screen>
  );
}

function LectureCard({
  lecture,
  index,
  signedIn,
  busy,
  note,
  onSignUp,
  onCancel,
}: {
  readonly lecture: LectureView;
  readonly index: number;
  readonly signedIn: boolean;
  readonly busy: boolean;
  readonly note: Note | null;
  readonly onSignUp: () => void;
  readonly onCancel: () => void;
}) {
  const full = lecture.seatsLeft <= 0;
  return (
    <View
      id={`lecture-${index}`}
      className={`section ll-card${lecture.mine ? ' ll-card--mine' : ''}`}
    >
      {lecture.mine ? (
        <Text id={`lecture-mine-${index}`} className="t-label ok ll-mine">
          ✓ 您已报名
        </Text>
      ) : null}
      <Text className="t-title">{lecture.title}</Text>
      <View className="ll-facts">
        <Text className="t-body">
          时间：{formatDay(lecture.startsAt)} {formatTime(lecture.startsAt)}–
          {formatTime(lecture.endsAt)}
        </Text>
        <Text className="t-body">地点：{lecture.place}</Text>
        <Text className="t-body">主讲：{lecture.speaker}</Text>
        <Text className={`t-body ${full ? 'danger' : 'ok'}`} id={`lecture-seats-${index}`}>
          {full
            ? '名额已经报满了'
            : `还剩 ${lecture.seatsLeft} 个名额（共 ${lecture.capacity} 个）`}
        </Text>
      </View>
      {lecture.description ? <Text className="t-body muted">{lecture.description}</Text> : null}
      {note ? (
        <Text className={`t-body ${note.ok ? 'ok' : 'danger'}`} id={`lecture-note-${index}`}>
          {note.text}
        </Text>
      ) : null}
      {lecture.mine ? (
        <Button
          id={`lecture-cancel-${index}`}
          className="btn btn-block"
          fill="outline"
          loading={busy}
          disabled={busy}
          onClick={onCancel}
        >
          取消报名
        </Button>
      ) : (
        <Button
          id={`lecture-signup-${index}`}
          className="btn btn-block"
          type="primary"
          loading={busy}
          disabled={busy || (full && signedIn)}
          onClick={onSignUp}
        >
          {!signedIn ? '登录后报名' : full ? '已报满' : '我要报名'}
        </Button>
      )}
    </View>
  );
}
