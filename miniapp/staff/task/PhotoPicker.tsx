/**
 * Photos for a staff form (办结照片, 现场核实照片): pick, upload one by one (the server checks
 * each by content), show them, remove one by a tap. Shared by the staff pages of this folder.
 */
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { isNetworkError } from '../../services/errors';
import { pickPhotos, uploadPhoto } from '../../services/upload';
import { Button } from '../../ui';
import './photos.scss';

export interface StaffPhoto {
  readonly fileId: string;
  readonly src: string;
}

export interface PhotoPickerProps {
  readonly photos: readonly StaffPhoto[];
  readonly onChange: (photos: StaffPhoto[]) => void;
  readonly max?: number;
  /** Id of the add button (`${idPrefix}-add`). */
  readonly idPrefix: string;
}

export function PhotoPicker({ photos, onChange, max = 9, idPrefix }: PhotoPickerProps) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const add = async (): Promise<void> => {
    setProblem(null);
    let paths: readonly string[];
    try {
      paths = await pickPhotos(max - photos.length);
    } catch {
      return; // the person closed the picker
    }
    setBusy(true);
    const next = [...photos];
    try {
      for (const path of paths) {
        if (next.length >= max) break;
        const reply = await uploadPhoto(path);
        if (reply.ok) next.push(reply.data);
        else setProblem(reply.error.message);
      }
    } catch (thrown) {
      setProblem(
        isNetworkError(thrown) ? '网络不通，照片没有传上去，请联网后再试' : '照片没有传上去',
      );
    } finally {
      setBusy(false);
      onChange(next);
    }
  };

  return (
    <View className="sp-photos">
      {photos.length > 0 && (
        <View className="sp-photos__grid">
          {photos.map((photo) => (
            <View
              key={photo.fileId}
              className="sp-photos__cell"
              onClick={() => onChange(photos.filter((p) => p.fileId !== photo.fileId))}
            >
              <Image className="sp-photos__img" src={photo.src} mode="aspectFill" />
              <Text className="t-small sp-photos__remove">点一下去掉</Text>
            </View>
          ))}
        </View>
      )}
      {photos.length < max && (
        <Button
          id={`${idPrefix}-add`}
          className="btn"
          fill="outline"
          loading={busy}
          disabled={busy}
          onClick={() => void add()}
        >
          {busy ? '正在上传…' : photos.length === 0 ? '拍照或选照片' : '再加一张'}
        </Button>
      )}
      {problem !== null && <Text className="t-small danger">{problem}</Text>}
    </View>
  );
}

/** Stored photos shown read-only (tap to see it large). */
export function PhotoRow({ srcs }: { readonly srcs: readonly string[] }) {
  if (srcs.length === 0) return null;
  return (
    <View className="sp-photos__grid">
      {srcs.map((src) => (
        <Image
          key={src}
          className="sp-photos__img"
          src={src}
          mode="aspectFill"
          onClick={() =>
            void Taro.previewImage({ urls: [...srcs], current: src }).catch(() => undefined)
          }
        />
      ))}
    </View>
  );
}
