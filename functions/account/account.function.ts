/**
 * The `account` cloud function: `me`, `places` (public: the town's villages), `register` (public, idempotent by requestId),
 * `bindStaff` (signed in, with an invitation code), `proxyRegister` (a grid worker's 代办) and
 * `preparePhotoUpload` (a storage path for one photo, on CloudBase).
 */
import {
  bindStaffInputSchema,
  meInputSchema,
  placesInputSchema,
  proxyRegisterInputSchema,
  registerInputSchema,
} from '../../shared/account/account.schema';
import { preparePhotoUploadInputSchema } from '../../shared/files/upload-path';
import { defineAction, defineFunction } from '../runtime/action';
import { me } from './read-me';
import { bindStaff, proxyRegister, register } from './register-account';
import { preparePhotoUpload } from './prepare-photo-upload';
import { places } from './list-places';

export const accountFunction = defineFunction('account', {
  me: defineAction({ input: meInputSchema, access: 'account', run: me }),
  places: defineAction({ input: placesInputSchema, access: 'public', run: places }),
  register: defineAction({
    input: registerInputSchema,
    access: 'public',
    idempotent: true,
    run: register,
  }),
  bindStaff: defineAction({ input: bindStaffInputSchema, access: 'account', run: bindStaff }),
  proxyRegister: defineAction({
    input: proxyRegisterInputSchema,
    access: ['grid_worker'],
    idempotent: true,
    run: proxyRegister,
  }),
  preparePhotoUpload: defineAction({
    input: preparePhotoUploadInputSchema,
    access: 'account',
    run: preparePhotoUpload,
  }),
});
