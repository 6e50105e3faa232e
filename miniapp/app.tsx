/**
 * The app shell: platform start-up (CloudBase on weapp only), the offer to restart into a new
 * version (weapp), the outbox that resends what was saved offline, and who is signed in. Pages render inside it.
 */
import { useDidShow, useLaunch } from '@tarojs/taro';
import type { PropsWithChildren } from 'react';
import { watchForUpdate } from './services/device';
import { flushOutbox, startOutbox } from './services/outbox';
import { initPlatform } from './services/platform';
import { refreshMe } from './services/session';
import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    initPlatform();
    watchForUpdate();
    startOutbox();
    void refreshMe();
  });
  useDidShow(() => {
    void flushOutbox();
  });
  return children;
}

export default App;
