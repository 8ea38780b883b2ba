// The QR code an authenticator app scans (the otpauth:// URI), drawn as inline SVG by the
// qrcode package: no script and no external image, so it works without JavaScript and under
// the pages' CSP.
import QRCode from 'qrcode';
import { totpUri } from '../modules/factors/totp.ts';

/** The label names the account by the person's name, never the identification number. */
export function totpQrSvg(secret: string, accountLabel: string): Promise<string> {
  return QRCode.toString(totpUri(secret, accountLabel), { type: 'svg', margin: 2 });
}
