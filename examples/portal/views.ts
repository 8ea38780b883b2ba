// The portal's pages: plain HTML, every value escaped.
const escape = (value: unknown) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title: string, body: string) => `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}
table{border-collapse:collapse}td,th{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}
form{display:inline-block;margin:.5rem .5rem 0 0}button{min-height:44px;padding:0 1rem}</style>
</head><body><main>${body}</main></body></html>`;

const claimsTable = (claims: Record<string, unknown>) =>
  `<table><tbody>${Object.entries(claims)
    .map(
      ([name, value]) =>
        `<tr><th scope="row">${escape(name)}</th><td><code>${escape(JSON.stringify(value))}</code></td></tr>`,
    )
    .join('')}</tbody></table>`;

const button = (action: string, label: string, method = 'post') =>
  `<form method="${method}" action="${action}"><button type="submit">${escape(label)}</button></form>`;

export function signedOutPage(message?: string): string {
  return page(
    'Cổng Dịch vụ công (demo)',
    `<h1>Cổng Dịch vụ công (demo)</h1>
${message ? `<p role="status">${escape(message)}</p>` : ''}
<p>A portal that signs citizens in with chiakhoa: authorization code flow, PKCE and private_key_jwt.</p>
${button('/login', 'Đăng nhập bằng chìa khóa / Sign in', 'get')}
<form method="get" action="/login"><input type="hidden" name="as" value="organization">
<button type="submit">Đăng nhập cho tổ chức / Sign in for an organization</button></form>`,
  );
}

export function signedInPage(view: {
  idToken: Record<string, unknown>;
  userinfo: Record<string, unknown>;
  note?: string;
}) {
  const acting = view.idToken.act
    ? '<p id="acting">Acting for an organization: <code>sub</code> is the organization, <code>act</code> the person.</p>'
    : '';
  return page(
    'Signed in',
    `<h1>Xin chào, ${escape(view.userinfo.name ?? view.userinfo.org_name ?? view.idToken.sub)}</h1>
${view.note ? `<p role="status" id="note">${escape(view.note)}</p>` : ''}${acting}
<h2>ID token claims</h2>${claimsTable(view.idToken)}
<h2>Userinfo</h2>${claimsTable(view.userinfo)}
${button('/refresh', 'Làm mới token / Refresh tokens')}${button('/logout', 'Đăng xuất / Sign out')}`,
  );
}

export const errorPage = (error: string, description: string) =>
  page(
    'Error',
    `<h1>Sign-in failed</h1><p id="error"><code>${escape(error)}</code>: ${escape(description)}</p><p><a href="/">Back</a></p>`,
  );
