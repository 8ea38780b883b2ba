// A keyed hash of a personal identification number: what throttle keys and audit rows carry
// instead of the number. A bare sha256 of 12 digits is reversed by trying them all; keyed with
// a server secret it is not, yet an investigator holding the secret can still search by number.
import { createHmac } from 'node:crypto';

export type PersonalIdDigest = (personalId: string) => string;

export function personalIdDigest(secret: string): PersonalIdDigest {
  return (personalId) =>
    createHmac('sha256', secret).update(`chiakhoa personal-id digest v1\0${personalId}`).digest('base64url');
}
