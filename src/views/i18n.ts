// Every citizen-facing string, Vietnamese first, English second, down to titles and aria
// labels: a page is rendered in one language only (locale.ts chooses which).

import { accountEn, accountVi } from './i18n-account.ts';
import { assuranceEn, assuranceVi } from './i18n-assurance.ts';
import { factorsEn, factorsVi } from './i18n-factors.ts';

export type Locale = 'vi' | 'en';
export const LOCALES: readonly Locale[] = ['vi', 'en'];

const vi = {
  serviceName: 'Chìa khóa — Định danh điện tử quốc gia',
  skipToContent: 'Chuyển đến nội dung chính',
  languageNav: 'Ngôn ngữ',
  switchLanguage: 'English',
  errorPrefix: 'Lỗi',
  loginTitle: 'Đăng nhập',
  loginIntro: 'đề nghị bạn đăng nhập bằng tài khoản định danh điện tử.',
  portalAsking: 'Cổng dịch vụ đề nghị',
  personalId: 'Số định danh cá nhân (12 chữ số)',
  personalIdHint: 'Số in trên thẻ Căn cước công dân của bạn.',
  password: 'Mật khẩu',
  signIn: 'Đăng nhập',
  cancel: 'Hủy và quay lại cổng dịch vụ',
  loginFailed: 'Số định danh hoặc mật khẩu không đúng. Vui lòng kiểm tra và thử lại.',
  loginThrottled: 'Đăng nhập tạm dừng vì đã có quá nhiều lần thử không thành công. Vui lòng thử lại sau {wait}.',
  secondsUnit: 'giây',
  minutesUnit: 'phút',
  consentTitle: 'Cho phép chia sẻ thông tin',
  consentIntro: 'sẽ nhận các thông tin sau về bạn:',
  allow: 'Đồng ý',
  deny: 'Không đồng ý',
  expiredTitle: 'Phiên đăng nhập đã hết hạn',
  expiredBody: 'Vì lý do an toàn, phiên đăng nhập đã hết hạn. Vui lòng quay lại cổng dịch vụ và bắt đầu lại.',
  errorTitle: 'Đã có lỗi xảy ra',
  errorBody: 'Yêu cầu không thể thực hiện. Vui lòng quay lại cổng dịch vụ và thử lại.',
  unavailableBody: 'Dịch vụ đang tạm thời gián đoạn. Vui lòng thử lại sau ít phút.',
  logoutTitle: 'Đăng xuất',
  logoutQuestion: 'Bạn có muốn đăng xuất khỏi Chìa khóa không?',
  logoutYes: 'Đăng xuất',
  logoutNo: 'Ở lại đăng nhập',
  loggedOutTitle: 'Bạn đã đăng xuất',
  loggedOutBody: 'Bạn đã đăng xuất an toàn. Có thể đóng trang này.',
  formPostTitle: 'Đang quay lại cổng dịch vụ',
  formPostNoScript: 'Trình duyệt của bạn không chạy JavaScript. Hãy bấm nút dưới đây để quay lại cổng dịch vụ.',
  formPostContinue: 'Tiếp tục',
  phishingTitle: 'Cách nhận biết Chìa khóa thật',
  phishingPortal:
    'Khi đăng nhập, Chìa khóa luôn hiện tên và địa chỉ của cổng dịch vụ đề nghị: hãy kiểm tra đó đúng là trang bạn vừa dùng.',
  phishingNeverAsk:
    'Công an, cơ quan nhà nước và Chìa khóa không bao giờ gọi điện, nhắn tin hỏi mật khẩu hay mã OTP, hoặc gửi đường liên kết để bạn đăng nhập.',
  phishingInDoubt: 'Nếu nghi ngờ, hãy đóng trang này và tự gõ địa chỉ của cổng dịch vụ.',
  errorCode: 'Mã lỗi',
  scope_openid: 'Mã nhận diện tài khoản (không phải số định danh) và mức độ tài khoản',
  scope_profile: 'Họ tên, ngày sinh, giới tính',
  scope_email: 'Địa chỉ email',
  scope_phone: 'Số điện thoại',
  scope_personal_id: 'Số định danh cá nhân (12 chữ số)',
  scope_offline_access: 'Duy trì truy cập khi bạn không trực tuyến',
  scope_organization: 'Tổ chức bạn đại diện: mã số, tên, tình trạng và vai trò của bạn',
  orgTitle: 'Chọn tổ chức',
  orgIntro: 'đề nghị bạn đăng nhập thay mặt một tổ chức. Chọn tổ chức bạn được phép đại diện:',
  orgNone:
    'Bạn chưa được phép đại diện cho tổ chức nào tại cổng dịch vụ này. Hãy liên hệ người đại diện theo pháp luật của tổ chức để được ủy quyền.',
  orgChoose: 'Tiếp tục với tổ chức đã chọn',
  orgLegal: 'Người đại diện theo pháp luật',
  orgMandate: 'Được ủy quyền',
  orgCode: 'Mã số',
  ...accountVi,
  ...assuranceVi,
  ...factorsVi,
};

const en: typeof vi = {
  serviceName: 'Chìa khóa — National digital identity',
  skipToContent: 'Skip to main content',
  languageNav: 'Language',
  switchLanguage: 'Tiếng Việt',
  errorPrefix: 'Error',
  loginTitle: 'Sign in',
  loginIntro: 'asks you to sign in with your digital identity account.',
  portalAsking: 'Service portal asking',
  personalId: 'Personal identification number (12 digits)',
  personalIdHint: 'The number printed on your citizen identity card.',
  password: 'Password',
  signIn: 'Sign in',
  cancel: 'Cancel and return to the portal',
  loginFailed: 'The identification number or password is incorrect. Please check and try again.',
  loginThrottled: 'Sign-in is paused after too many failed attempts. Please try again in {wait}.',
  secondsUnit: 'seconds',
  minutesUnit: 'minutes',
  consentTitle: 'Allow sharing your information',
  consentIntro: 'will receive the following information about you:',
  allow: 'Allow',
  deny: 'Do not allow',
  expiredTitle: 'Your sign-in has expired',
  expiredBody: 'For your safety this sign-in has expired. Please go back to the service portal and start again.',
  errorTitle: 'Something went wrong',
  errorBody: 'The request could not be completed. Please go back to the service portal and try again.',
  unavailableBody: 'The service is temporarily unavailable. Please try again in a few minutes.',
  logoutTitle: 'Sign out',
  logoutQuestion: 'Do you want to sign out of Chìa khóa?',
  logoutYes: 'Sign out',
  logoutNo: 'Stay signed in',
  loggedOutTitle: 'You are signed out',
  loggedOutBody: 'You have signed out safely. You can close this page.',
  formPostTitle: 'Returning to the service portal',
  formPostNoScript: 'Your browser is not running JavaScript. Press the button below to return to the service portal.',
  formPostContinue: 'Continue',
  phishingTitle: 'How to recognise the real Chìa khóa',
  phishingPortal:
    'When you sign in, Chìa khóa always shows the name and address of the portal asking: check that it is the site you just came from.',
  phishingNeverAsk:
    'Police, state agencies and Chìa khóa never call or text you for a password or OTP code, nor send you a link to sign in.',
  phishingInDoubt: "If in doubt, close this page and type the portal's address yourself.",
  errorCode: 'Error code',
  scope_openid: 'An account identifier (not your identification number) and your account level',
  scope_profile: 'Your name, birth date and sex',
  scope_email: 'Your email address',
  scope_phone: 'Your phone number',
  scope_personal_id: 'Your personal identification number (12 digits)',
  scope_offline_access: 'Keep access while you are offline',
  scope_organization: 'The organization you act for: its code, name, status and your role',
  orgTitle: 'Choose an organization',
  orgIntro: 'asks you to sign in on behalf of an organization. Choose the organization you may act for:',
  orgNone:
    'You may not act for any organization at this service portal yet. Ask a legal representative of the organization for a mandate.',
  orgChoose: 'Continue with the chosen organization',
  orgLegal: 'Legal representative',
  orgMandate: 'Authorised person',
  orgCode: 'Code',
  ...accountEn,
  ...assuranceEn,
  ...factorsEn,
};

export type Messages = typeof vi;
export const MESSAGES: Record<Locale, Messages> = { vi, en };

export function isLocale(value: unknown): value is Locale {
  return value === 'vi' || value === 'en';
}

/** The language the switch offers. */
export function otherLocale(locale: Locale): Locale {
  return locale === 'vi' ? 'en' : 'vi';
}

/** First supported language in a space-separated ui_locales list or an Accept-Language header. */
export function pickLocale(...preferences: (string | undefined)[]): Locale {
  for (const preference of preferences) {
    if (!preference) continue;
    for (const tag of preference.split(/[\s,]+/)) {
      const primary = tag.split(';')[0]?.trim().toLowerCase().split('-')[0];
      if (isLocale(primary)) return primary;
    }
  }
  return 'vi';
}

export function scopeDescription(messages: Messages, scope: string): string | undefined {
  const key = `scope_${scope}` as keyof Messages;
  return key in messages ? messages[key] : undefined;
}
