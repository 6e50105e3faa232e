/**
 * The privacy notice's version and date come from shared/ (the server accepts consent to this
 * version only); the pages import them from here.
 */
export {
  PRIVACY_NOTICE_DATE,
  PRIVACY_NOTICE_VERSION,
} from '../../../shared/account/privacy-notice';
