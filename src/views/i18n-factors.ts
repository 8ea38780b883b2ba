// The strings of the account page's second factors (issue 7), merged into MESSAGES by i18n.ts:
// Vietnamese first, English second. No string here may be a part of a string of the other
// language (test/e2e's "no other language" check reads them all).

export const factorsVi = {
  mfIntro: 'Những cách bạn xác nhận đó là mình khi đăng nhập, ngoài mật khẩu.',
  mfRecentHint:
    'Để bảo vệ bạn, trước mỗi thay đổi Chìa khóa sẽ đề nghị đăng nhập lại nếu lần đăng nhập gần nhất đã quá {minutes} phút.',
  mfAppNone: 'Bạn chưa thêm ứng dụng xác thực.',
  mfAppName: 'Ứng dụng xác thực trên điện thoại',
  mfAddedOn: 'Thêm ngày',
  mfLastUsed: 'Dùng lần gần nhất',
  mfNeverUsed: 'chưa dùng lần nào',
  mfPasskeyName: 'Khóa truy cập {n}',
  mfPasskeySynced: 'đồng bộ giữa các thiết bị của bạn',
  mfPasskeyDevice: 'chỉ trên một thiết bị',
  mfPasskeyKey: 'khóa bảo mật rời',
  mfPasskeyNone: 'Bạn chưa có khóa truy cập nào.',
  mfAddPasskey: 'Thêm khóa truy cập',
  mfRemove: 'Gỡ bỏ',
  mfCodesTitle: 'Mã khôi phục',
  mfCodesLeft: 'Còn {n} mã chưa dùng.',
  mfCodesNone: 'Bạn không còn mã khôi phục nào dùng được.',
  mfRegenerate: 'Tạo bộ mã khôi phục mới',
  mfRegenerateBody:
    'Bộ mã mới thay thế toàn bộ mã cũ: các mã cũ sẽ không dùng được nữa. Bộ mã mới chỉ hiện một lần, hãy chuẩn bị giấy bút hoặc máy in.',
  mfRegenerateConfirm: 'Tạo bộ mã mới',
  mfContactsTitle: 'Mã qua tin nhắn hoặc email',
  mfContactsIntro: 'Khi đăng nhập, mã dùng một lần có thể được gửi đến:',
  mfContactsNone:
    'Chưa có số điện thoại hoặc email đã xác minh để nhận mã. Hãy cập nhật tại cơ quan công an nơi cư trú.',
  mfContactsUnavailable: 'Hiện chưa gửi được mã qua tin nhắn hoặc email.',
  mfRemoveTotpTitle: 'Gỡ bỏ ứng dụng xác thực',
  mfRemovePasskeyTitle: 'Gỡ bỏ khóa truy cập',
  mfRemoveBody: 'Sau khi gỡ bỏ, cách này không dùng để đăng nhập được nữa.',
  mfRemovePasskeyHint:
    'Hãy xóa cả khóa truy cập này trong danh sách của thiết bị (trình quản lý mật khẩu), để khỏi nhầm lẫn.',
  mfWarnLastFactor:
    'Đây là cách xác thực thêm cuối cùng của bạn. Sau khi gỡ bỏ, tài khoản chỉ còn được bảo vệ bằng mật khẩu, và cổng dịch vụ cần xác thực thêm sẽ đề nghị bạn thiết lập lại.',
  mfWarnLastPasskey:
    'Đây là khóa truy cập cuối cùng của bạn: cổng dịch vụ yêu cầu khóa truy cập sẽ đề nghị bạn tạo khóa mới.',
  mfBack: 'Quay lại, không thay đổi gì',
  mfBackToFactors: 'Về trang yếu tố xác thực',
  mfAdded: 'Đã thêm cách xác thực mới.',
  mfRemoved: 'Đã gỡ bỏ cách xác thực.',
  mfCodesRenewed: 'Bộ mã khôi phục mới đã thay thế bộ mã cũ.',
  rcSaved: 'Tôi đã lưu các mã, quay lại',
  factorRemovedMessage:
    'Chìa khóa: một cách xác thực vừa bị gỡ khỏi tài khoản của bạn. Nếu không phải bạn, hãy đổi mật khẩu ngay.',
  recoveryCodesRenewedMessage:
    'Chìa khóa: bộ mã khôi phục của tài khoản bạn vừa được tạo mới, các mã cũ đã hết hiệu lực. Nếu không phải bạn, hãy đổi mật khẩu ngay.',
};

export const factorsEn: typeof factorsVi = {
  mfIntro: 'The ways you confirm it is you when you sign in, besides your password.',
  mfRecentHint:
    'To protect you, Chìa khóa asks you to sign in again before a change when your last sign-in was more than {minutes} minutes ago.',
  mfAppNone: 'You have not added an authenticator app.',
  mfAppName: 'Authenticator app on your phone',
  mfAddedOn: 'Added on',
  mfLastUsed: 'Last used',
  mfNeverUsed: 'never used',
  mfPasskeyName: 'Passkey {n}',
  mfPasskeySynced: 'synced across your devices',
  mfPasskeyDevice: 'on one device only',
  mfPasskeyKey: 'separate security key',
  mfPasskeyNone: 'You have no passkey yet.',
  mfAddPasskey: 'Add a passkey',
  mfRemove: 'Remove',
  mfCodesTitle: 'Recovery codes',
  mfCodesLeft: '{n} unused codes left.',
  mfCodesNone: 'You have no usable recovery code left.',
  mfRegenerate: 'Create new recovery codes',
  mfRegenerateBody:
    'The new codes replace all the old ones, which stop working. The new codes are shown only once: have a pen and paper or a printer ready.',
  mfRegenerateConfirm: 'Create the new codes',
  mfContactsTitle: 'Codes by text message or email',
  mfContactsIntro: 'When you sign in, a one-time code can be sent to:',
  mfContactsNone: 'No verified phone or email can receive codes. Update them at your local police office.',
  mfContactsUnavailable: 'Codes by text message or email are not available at the moment.',
  mfRemoveTotpTitle: 'Remove the authenticator app',
  mfRemovePasskeyTitle: 'Remove a passkey',
  mfRemoveBody: 'Once removed, it can no longer be used to sign in.',
  mfRemovePasskeyHint: "Also delete this passkey from your device's list (its password manager), to avoid confusion.",
  mfWarnLastFactor:
    'This is your last way to confirm it is you. Once it is removed, only your password protects your account, and portals that need a second step will ask you to set one up again.',
  mfWarnLastPasskey: 'This is your last passkey: portals that require a passkey will ask you to create a new one.',
  mfBack: 'Go back without changing anything',
  mfBackToFactors: 'Back to second factors',
  mfAdded: 'The new way to confirm it is you has been added.',
  mfRemoved: 'That way to confirm it is you has been removed.',
  mfCodesRenewed: 'Your new recovery codes have replaced the old ones.',
  rcSaved: 'I have saved the codes, go back',
  factorRemovedMessage:
    'Chìa khóa: a way to confirm it is you was just removed from your account. If this was not you, change your password at once.',
  recoveryCodesRenewedMessage:
    'Chìa khóa: new recovery codes were just created for your account, and the old ones no longer work. If this was not you, change your password at once.',
};
