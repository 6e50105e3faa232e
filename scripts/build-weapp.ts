/** `npm run build:weapp`: the WeChat build of miniapp/ into dist/weapp (quiet unless it fails). */
import { runTaroBuild } from './ensure-h5';

runTaroBuild('weapp');
