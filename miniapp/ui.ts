/**
 * The NutUI React Taro components the pages use, each with its own stylesheet: NutUI's JS
 * tree-shakes by itself but its CSS does not, and the whole `dist/style.css` would add ~290 KiB
 * to the weapp main package (docs/platform.md). Pages import NutUI from here only; add a component
 * here together with its style import.
 */
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/empty/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/noticebar/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/steps/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/step/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/badge/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/divider/style/css';

export {
  Badge,
  Button,
  Cell,
  CellGroup,
  Divider,
  Empty,
  Loading,
  NoticeBar,
  Step,
  Steps,
  Switch,
  Tag,
} from '@nutui/nutui-react-taro';
